/**
 * The members' rows of the bench dataset, made in a worker thread (bench/dataset.ts starts one
 * per core): the importer's own code (`historyRows`) turns generated people into members,
 * events and periods, and the rows leave as CSV ready for COPY, so the main thread only writes.
 * Each thousand members has its own random stream (seed and chunk), so the dataset is the
 * same whatever the number of workers and the order they finish in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stringify } from 'csv-stringify/sync';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../src/db/database.js';
import { columnOf } from '../src/db/bulk.js';
import { RuleBook } from '../src/rules/rule.js';
import { SYSTEM_ACTOR } from '../src/modules/auth/access.js';
import { DEVELOPMENT_PROTECTED_DATA_KEY, Sealer } from '../src/shared/sealing.js';
import { createServices } from '../src/services.js';
import { generateMember, seededRandom, type Branch } from '../src/seed/demo-members.js';

export type RowsSetup = {
  url: string;
  seed: number;
  target: number;
  today: string;
  /** The organisations that hold members, province by province (each province's contiguous). */
  holders: { id: string; province: number }[];
  /** Per province, the index of its first member. */
  firstIndex: number[];
  decisions: [number, string][];
};
export type RowsRequest = { from: number; count: number };
export type CsvTable = { table: string; columns: string[]; csv: string };
export const ROWS_CHUNK = 1_000;

/** Rows as PostgreSQL's CSV: strings quoted, NULL unquoted (CSV tells an empty string from NULL that way). */
export function csvTable(table: string, rows: readonly Record<string, unknown>[]): CsvTable {
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown): unknown => {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object') return JSON.stringify(value);
    return value;
  };
  const csv = stringify(
    rows.map((row) => fields.map((field) => cell(row[field]))),
    { quoted_string: true, cast: { boolean: (value) => (value ? 't' : 'f') } },
  );
  return { table, columns: fields.map(columnOf), csv };
}

if (parentPort) {
  const setup = workerData as RowsSetup;
  const db = openDatabase(setup.url, { poolSize: 1 });
  const ruleBook = new RuleBook(db.prisma);
  const services = createServices(db, SYSTEM_ACTOR, { secret: new TextEncoder().encode('bench-only-secret-not-used-for-tokens'), accessTtlSeconds: 60, refreshTtlDays: 1 }, new Sealer(DEVELOPMENT_PROTECTED_DATA_KEY), ruleBook);
  const rules = await ruleBook.current();
  const decisions = new Map(setup.decisions);
  const byProvince: Branch[][] = setup.firstIndex.map(() => []);
  for (const holder of setup.holders) byProvince[holder.province]!.push({ id: holder.id, establishedOn: '1990-01-01' });

  const record = (index: number, random: () => number) => {
    // Each organisation's members come together (contiguous shares).
    const holder = setup.holders[Math.floor((index * setup.holders.length) / setup.target)]!;
    const generated = generateMember(
      { random, branches: byProvince[holder.province]!, decisionFor: (year) => decisions.get(year)!, today: setup.today, firstNumber: 1 },
      index,
      { id: holder.id, establishedOn: '1990-01-01' },
    );
    // National ID numbers: the province's code, the generator's gender/century digit and birth
    // year, then the member's number within the province.
    const nationalId = generated.person.nationalId!;
    const ordinal = index - setup.firstIndex[holder.province]!;
    generated.person.nationalId = `${String(holder.province + 1).padStart(3, '0')}${nationalId.slice(3, 6)}${String(ordinal).padStart(6, '0')}`;
    return generated;
  };

  const port = parentPort;
  port.on('message', (request: RowsRequest) => {
    void (async () => {
      const made = { members: [] as Record<string, unknown>[], events: [] as Record<string, unknown>[], periods: [] as Record<string, unknown>[] };
      for (let start = request.from; start < request.from + request.count; start += ROWS_CHUNK) {
        const random = seededRandom((setup.seed ^ Math.imul(start / ROWS_CHUNK + 1, 0x9e3779b1)) >>> 0);
        const records = Array.from({ length: Math.min(ROWS_CHUNK, request.from + request.count - start) }, (_, i) => record(start + i, random));
        const rows = await services.members.historyRows(records, rules);
        made.members.push(...rows.members);
        made.events.push(...rows.events);
        made.periods.push(...rows.periods);
      }
      const now = new Date();
      const tables = [
        csvTable('members', made.members.map((member) => ({ ...member, createdAt: now, updatedAt: now }))),
        csvTable('member_events', made.events.map((event) => ({ ...event, recordedAt: now }))),
        csvTable('member_periods', made.periods.map((period) => ({ id: uuidv7(), ...period }))),
      ];
      port.postMessage({ request, tables });
    })().catch((error: unknown) => port.postMessage({ request, error: String((error as Error)?.stack ?? error) }));
  });
  port.postMessage({ ready: true });
}
