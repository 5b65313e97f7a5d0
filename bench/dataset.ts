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
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import type { Database } from '../src/db/database.js';
import type { CsvTable, RowsRequest, RowsSetup } from './dataset-rows.js';
import type { Services } from '../src/services.js';
import { seededRandom, type Branch } from '../src/seed/demo-members.js';
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
async function copyCsv(client: PoolClient, { table, columns, csv }: CsvTable) {
  if (!csv) return;
  const copy = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN (FORMAT csv)`));
  // One string for the batch, written at once: a write per row costs more than the rows.
  await pipeline(Readable.from([csv]), copy);
}

export async function generateDataset(services: Services, db: Database, options: { url: string; members: number; seed: number; log: Log }) {
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
  const allHolders = holders.flat();
  const firstIndex: number[] = [];
  let before = 0;
  for (const list of holders) {
    firstIndex.push(Math.ceil((before * target) / allHolders.length));
    before += list.length;
  }
  const setup: RowsSetup = {
    url: options.url,
    seed,
    target,
    today: TODAY,
    holders: allHolders.map((holder) => ({ id: holder.id, province: provinceOf.get(holder.id)! })),
    firstIndex,
    decisions: [...decisions],
  };

  // Rows made by a worker per core (the importer's code is most of the work), written here by
  // COPY, one transaction per request, as they come back.
  // A worker does not inherit tsx's loader: it registers it before importing the TypeScript.
  const entry = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./dataset-rows.ts', import.meta.url).href)}); })`;
  const workers: Worker[] = [];
  const write = async (tables: CsvTable[]) => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      for (const table of tables) await copyCsv(client, table);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };

  // The count aggregate is recounted once at the end rather than kept at every transaction: the
  // function a migration recounts it with, the rows the triggers would have kept (a test proves
  // the two the same).
  await db.pool.query('ALTER TABLE member_periods DISABLE TRIGGER member_periods_counted_on_insert');
  let loaded = 0;
  try {
    // Each worker keeps two requests in hand: it makes the next while its last is written. One
    // listener per worker for its whole life (a listener per answer left on 'error' kept every
    // answer, and its CSV, alive: the heap ran out at 1.9 million members); the answers of a
    // worker are written one after the other, in the order they come.
    let next = 0;
    await Promise.all(
      Array.from(
        { length: Math.max(1, availableParallelism()) },
        () =>
          new Promise<void>((resolve, reject) => {
            // Listened to from the moment it exists: its first message says it is ready.
            const worker = new Worker(entry, { eval: true, workerData: setup });
            workers.push(worker);
            let inHand = 0;
            let writing = Promise.resolve();
            const ask = () => {
              if (next >= target) return;
              const request: RowsRequest = { from: next, count: Math.min(MEMBERS_PER_TRANSACTION, target - next) };
              next += request.count;
              inHand++;
              worker.postMessage(request);
            };
            worker.on('error', reject);
            worker.on('message', (answer: { ready?: true; request: RowsRequest; tables?: CsvTable[]; error?: string }) => {
              if (answer.error) return reject(new Error(answer.error));
              if (answer.ready) {
                ask();
                ask();
                if (inHand === 0) resolve();
                return;
              }
              writing = writing.then(async () => {
                await write(answer.tables!);
                loaded += answer.request.count;
                if (Math.floor(loaded / 100_000) > Math.floor((loaded - answer.request.count) / 100_000) || loaded === target) {
                  log.info(`dataset: ${loaded}/${target} members written in ${seconds()} s`);
                }
                inHand--;
                ask();
                if (inHand === 0) resolve();
              });
              writing.catch(reject);
            });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    await db.pool.query('ALTER TABLE member_periods ENABLE TRIGGER member_periods_counted_on_insert');
  }
  log.info(`dataset: ${loaded} members written in ${seconds()} s`);
  await db.pool.query('SELECT rebuild_member_subtree_counts()');
  log.info(`dataset: member counts aggregated in ${seconds()} s`);
  // What autovacuum would do after a load, done now: the planner's statistics, and the GIN
  // indexes' pending lists merged (every search of a GIN index reads its whole pending list;
  // on a server with autovacuum off, as the build machine's, it is never merged otherwise).
  await db.pool.query('VACUUM (ANALYZE)');
  log.info(`dataset: vacuumed and analysed in ${seconds()} s`);
  await db.pool.query('ANALYZE');
  return { shape, organizations: provinceIds.length + blocIds.length + grassrootsIds.length + branchIds.length, members: loaded, seconds: Number(seconds()) };
}
