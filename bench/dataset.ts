/**
 * The benchmark's dataset: N members in a tree of the national shape (a province per 165,000
 * members, 16 upper-grassroots committees in each, a grassroots organisation per 100 members,
 * three in five of them committees with four branches, the others grassroots branches), with
 * realistic histories, reproducible from a seed.
 *
 * The tree is established through the service (its events, versions and participants are
 * what the service writes); the members' rows are made by the importer's own code
 * (`MemberService#historyRows`: effective dates, checks, the lifecycle's periods) and written
 * with COPY, 20,000 members per transaction, the next transaction's rows made while the last one
 * is written, so that 5.6 million members load in minutes rather than hours. The count
 * aggregate is recounted at the end by the function its triggers call.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import type { PoolClient } from 'pg';
import type { Database } from '../src/db/database.js';
import type { RuleBook } from '../src/rules/rule.js';
import { columnOf } from '../src/db/bulk.js';
import type { Services } from '../src/services.js';
import { generateMember, seededRandom, type Branch } from '../src/seed/demo-members.js';
import type { EstablishInput } from '../src/modules/organizations/organizations.service.js';

type Log = { info: (message: string) => void };

export const MEMBERS_PER_PROVINCE = 165_000;
export const BLOCS_PER_PROVINCE = 16;
export const MEMBERS_PER_GRASSROOTS = 100;
const BRANCHES_PER_COMMITTEE = 4;
const ESTABLISHED_ON = '1990-01-01';
const TODAY = '2026-11-30';
const MEMBERS_PER_TRANSACTION = 20_000;
const SECTORS = ['STATE_AGENCY', 'PUBLIC_SERVICE_UNIT', 'STATE_ENTERPRISE', 'PRIVATE_ENTERPRISE'] as const;

export type DatasetShape = { provinces: number; blocsPerProvince: number; grassroots: number };

export function shapeFor(members: number): DatasetShape {
  return {
    provinces: Math.max(1, Math.round(members / MEMBERS_PER_PROVINCE)),
    blocsPerProvince: BLOCS_PER_PROVINCE,
    grassroots: Math.max(1, Math.round(members / MEMBERS_PER_GRASSROOTS)),
  };
}

/** Establishes a level of the tree in calls of at most 2,000 organisations. */
async function establishLevel(services: Services, inputs: EstablishInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < inputs.length; start += 2_000) {
    const results = await services.organizations.establishMany(inputs.slice(start, start + 2_000));
    ids.push(...results.map((result) => result.organizationIds[0]!));
  }
  return ids;
}

/** Writes rows (keyed by model field) to a table by COPY, in CSV. */
async function copyRows(client: PoolClient, table: string, rows: readonly Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns = fields.map(columnOf);
  const cell = (value: unknown): unknown => {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object') return JSON.stringify(value);
    return value;
  };
  // Strings quoted, NULL unquoted: PostgreSQL's CSV tells an empty string from NULL that way.
  // One string for the batch, written at once: a write per row costs more than the rows.
  const csv = stringify(
    rows.map((row) => fields.map((field) => cell(row[field]))),
    { quoted_string: true, cast: { boolean: (value) => (value ? 't' : 'f') } },
  );
  const copy = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN (FORMAT csv)`));
  await pipeline(Readable.from([csv]), copy);
}

export async function generateDataset(services: Services, db: Database, ruleBook: RuleBook, options: { members: number; seed: number; log: Log }) {
  const { members: target, seed, log } = options;
  const shape = shapeFor(target);
  const random = seededRandom(seed);
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

  const founding = await services.documents.create({
    type: 'DECISION',
    number: '01-QĐ/TW-BENCH',
    issuedOn: ESTABLISHED_ON,
    issuerName: 'Ban Chấp hành Trung ương',
    title: 'Quyết định thành lập các tổ chức đảng (dữ liệu đo hiệu năng)',
  });
  const decisionId = founding.id;
  const at = { effectiveOn: ESTABLISHED_ON, decisionId };

  const provinceIds = await establishLevel(
    services,
    Array.from({ length: shape.provinces }, (_, p) => ({
      ...at,
      code: `T${String(p + 1).padStart(2, '0')}`,
      name: `Đảng bộ tỉnh số ${p + 1}`,
      kindCode: 'PROVINCIAL_COMMITTEE',
      sector: 'PARTY_AGENCY' as const,
      parentId: null,
    })),
  );
  const blocInputs = provinceIds.flatMap((parentId, p) =>
    Array.from({ length: shape.blocsPerProvince }, (_, b) => ({
      ...at,
      code: `T${String(p + 1).padStart(2, '0')}.K${String(b + 1).padStart(2, '0')}`,
      name: `Đảng bộ Khối số ${b + 1} tỉnh số ${p + 1}`,
      kindCode: 'UPPER_GRASSROOTS_COMMITTEE',
      sector: 'PARTY_AGENCY' as const,
      parentId,
    })),
  );
  const blocIds = await establishLevel(services, blocInputs);
  const grassrootsInputs = Array.from({ length: shape.grassroots }, (_, g) => {
    const bloc = g % blocIds.length;
    const committee = random() < 0.6;
    return {
      ...at,
      code: `${blocInputs[bloc]!.code}.C${String(Math.floor(g / blocIds.length) + 1).padStart(4, '0')}`,
      name: `${committee ? 'Đảng bộ' : 'Chi bộ'} cơ sở số ${g + 1}`,
      kindCode: committee ? 'GRASSROOTS_COMMITTEE' : 'GRASSROOTS_BRANCH',
      sector: SECTORS[g % SECTORS.length]!,
      parentId: blocIds[bloc]!,
    };
  });
  const grassrootsIds = await establishLevel(services, grassrootsInputs);
  const branchInputs = grassrootsInputs.flatMap((grassroots, g) =>
    grassroots.kindCode === 'GRASSROOTS_COMMITTEE'
      ? Array.from({ length: BRANCHES_PER_COMMITTEE }, (_, b) => ({
          ...at,
          code: `${grassroots.code}.B${b + 1}`,
          name: `Chi bộ số ${b + 1} thuộc ${grassroots.name}`,
          kindCode: 'BRANCH',
          sector: grassroots.sector,
          parentId: grassrootsIds[g]!,
        }))
      : [],
  );
  const branchIds = await establishLevel(services, branchInputs);
  log.info(`dataset: ${provinceIds.length + blocIds.length + grassrootsIds.length + branchIds.length} organisations in ${seconds()} s`);

  // The organisations that hold members, by province (transfers stay within a province).
  const provinceOf = new Map<string, number>();
  grassrootsIds.forEach((id, g) => provinceOf.set(id, Math.floor((g % blocIds.length) / shape.blocsPerProvince)));
  const holders: Branch[][] = provinceIds.map(() => []);
  grassrootsInputs.forEach((input, g) => {
    if (input.kindCode === 'GRASSROOTS_BRANCH') holders[provinceOf.get(grassrootsIds[g]!)!]!.push({ id: grassrootsIds[g]!, establishedOn: ESTABLISHED_ON });
  });
  branchInputs.forEach((input, b) => {
    provinceOf.set(branchIds[b]!, provinceOf.get(input.parentId)!);
    holders[provinceOf.get(input.parentId)!]!.push({ id: branchIds[b]!, establishedOn: ESTABLISHED_ON });
  });

  const decisions = new Map<number, string>();
  for (let year = 1992; year <= 2026; year++) {
    const decision = await services.documents.create({
      type: 'DECISION',
      number: `${year - 1900}-QĐ/TW-BENCH`,
      issuedOn: `${year}-01-05`,
      issuerId: provinceIds[0]!,
      title: `Quyết định về công tác đảng viên năm ${year} (dữ liệu đo hiệu năng)`,
    });
    decisions.set(year, decision.id);
  }
  const rules = await ruleBook.current();
  const allHolders = holders.flat();
  // National ID numbers: the province's code, then the generator's gender/century digit and
  // birth year, then a number unique within the province.
  const issued = provinceIds.map(() => 0);
  const record = (index: number) => {
    // Each organisation's members come together (contiguous shares).
    const holder = allHolders[Math.floor((index * allHolders.length) / target)]!;
    const province = provinceOf.get(holder.id)!;
    const generated = generateMember({ random, branches: holders[province]!, decisionFor: (year) => decisions.get(year)!, today: TODAY, firstNumber: 1 }, index, holder);
    const nationalId = generated.person.nationalId!;
    generated.person.nationalId = `${String(province + 1).padStart(3, '0')}${nationalId.slice(3, 6)}${String(issued[province]!++).padStart(6, '0')}`;
    return generated;
  };
  // The rows of a transaction, made by the importer's code a thousand members at a time, the
  // event loop served in between: the previous transaction's COPY goes on meanwhile.
  const rowsOf = async (from: number, count: number) => {
    const made = { members: [] as Record<string, unknown>[], events: [] as Record<string, unknown>[], periods: [] as Record<string, unknown>[] };
    for (let start = from; start < from + count; start += 1_000) {
      const records = Array.from({ length: Math.min(1_000, from + count - start) }, (_, i) => record(start + i));
      const rows = await services.members.historyRows(records, rules);
      made.members.push(...rows.members);
      made.events.push(...rows.events);
      made.periods.push(...rows.periods);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return made;
  };
  const write = async (rows: Awaited<ReturnType<typeof rowsOf>>) => {
    const now = new Date();
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await copyRows(client, 'members', rows.members.map((member) => ({ ...member, createdAt: now, updatedAt: now })));
      await copyRows(client, 'member_events', rows.events.map((event) => ({ ...event, recordedAt: now })));
      await copyRows(client, 'member_periods', rows.periods.map((period) => ({ id: uuidv7(), ...period })));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };

  // The count aggregate is recounted once at the end rather than at every transaction (the
  // trigger recounts the organisations a statement touched): the same function, the same rows.
  await db.pool.query('ALTER TABLE member_periods DISABLE TRIGGER member_periods_counted_on_insert');
  let loaded = 0;
  try {
    let writing: Promise<void> = Promise.resolve();
    while (loaded < target) {
      const count = Math.min(MEMBERS_PER_TRANSACTION, target - loaded);
      const rows = await rowsOf(loaded, count);
      await writing;
      writing = write(rows);
      writing.catch(() => {}); // awaited before the next one, or after the loop
      loaded += count;
      if (loaded % 100_000 === 0 || loaded === target) log.info(`dataset: ${loaded}/${target} members made in ${seconds()} s`);
    }
    await writing;
  } finally {
    await db.pool.query('ALTER TABLE member_periods ENABLE TRIGGER member_periods_counted_on_insert');
  }
  log.info(`dataset: ${loaded} members written in ${seconds()} s`);
  const holderIds = allHolders.map((holder) => holder.id);
  // 2,000 organisations a call: the function takes an advisory lock for each.
  for (let start = 0; start < holderIds.length; start += 2_000) {
    await db.pool.query('SELECT refresh_member_counts($1::uuid[])', [holderIds.slice(start, start + 2_000)]);
  }
  log.info(`dataset: member counts aggregated in ${seconds()} s`);
  // What autovacuum would do after a load, done now: the planner's statistics, and the GIN
  // indexes' pending lists merged (every search of a GIN index reads its whole pending list;
  // on a server with autovacuum off, as the build machine's, it is never merged otherwise).
  await db.pool.query('VACUUM (ANALYZE)');
  log.info(`dataset: vacuumed and analysed in ${seconds()} s`);
  await db.pool.query('ANALYZE');
  return { shape, organizations: provinceIds.length + blocIds.length + grassrootsIds.length + branchIds.length, members: loaded, seconds: Number(seconds()) };
}
