import type { Database } from '../db/database.js';
import { statementCounter } from '../db/pg-client.js';
import type { Sector } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import type { EstablishInput } from '../modules/organizations/organizations.service.js';
import { BRANCH_UNITS, GRASSROOTS_UNITS } from './demo-names.js';
import { generateMember, seededRandom } from './demo-members.js';
import { seedDemoResults } from './demo-results.js';
import { seedDemoCandidates } from './demo-candidates.js';
import { membersUnder } from './demo-queries.js';
import { seedDemoInspections } from './demo-inspections.js';
import { seedDemoCommendations } from './demo-commendations.js';
import { seedDemoBranchLife } from './demo-branch-life.js';

type Log = { info(msg: string): void };

const BRANCHES_PER_COMMITTEE = 4;

/**
 * The demo province, built through the same service calls an office would make, so every
 * organisation has its establishing decision and event:
 *  - 1991–2000: the provincial committee and its two bloc committees (Khối các cơ quan, Khối
 *    doanh nghiệp), with about 100 grassroots organisations and their branches;
 *  - about 5,000 members admitted over three decades, with their lifecycle events, and the
 *    committees of the 2020–2025 and 2025–2030 terms;
 *  - quality ratings, discipline, inspections and letters of 2023–2024, Party badges (3/2/2024)
 *    and the commendations of 2023 in the blocs;
 *  - 1 Feb 2025: the blocs end (Kết luận 121-KL/TW): the agencies' bloc is split into
 *    "Đảng bộ các cơ quan Đảng tỉnh" and "Đảng bộ UBND tỉnh", and the enterprises' bloc is
 *    merged into the latter, so the tree as of 2024-12-31 and as of today differ.
 * Deterministic: the same data every time.
 */
export async function seedDemoData(services: Services, db: Database, log: Log): Promise<{ organizations: number; members: number }> {
  // Each part's time is logged: what the README and bench/ report of the first start.
  const timed = async <T>(part: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const statements = statementCounter.count;
    const result = await work();
    log.info(`demo data: ${part} in ${((Date.now() - started) / 1000).toFixed(1)} s (${statementCounter.count - statements} statements)`);
    return result;
  };
  const tree = await timed('the tree', () => seedDemoTree(services, log));
  const members = await timed('the members', () => seedMembers(services, log, tree.branches, tree.provinceId, tree.random, (branch) => branch.size));
  await timed('the committees', () => seedCommittees(services, db, log, tree.grassroots.filter((g) => g.unit.committee), tree.branches, tree.provinceId));
  await timed('targets, values and ratings', () => seedDemoResults(services, db, log, tree.random, tree.provinceId));
  await timed('discipline, inspections and letters', () => seedDemoInspections(services, log));
  const veterans = await timed('commendations and badges', () => seedDemoCommendations(services, log));
  await timed('branch meetings and dues', () => seedDemoBranchLife(services, db, log, tree.random));
  await timed('candidates and classes', () => seedDemoCandidates(services, db, log));
  return { organizations: await services.organizations.countAll(), members: members + veterans };
}

export type DemoBranch = { id: string; establishedOn: string; size: number };

/** The demo tree and its history, without members. */
export async function seedDemoTree(services: Services, log: Log) {
  const total = 3 + GRASSROOTS_UNITS.length + GRASSROOTS_UNITS.filter((unit) => unit.committee).length * BRANCHES_PER_COMMITTEE + 2;
  const { organizations, documents } = services;
  const random = seededRandom(20_251_121);
  let established = 0;
  const progress = () => {
    established++;
    if (established % 50 === 0 || established === total) log.info(`demo data: ${established}/${total} restructuring steps`);
  };

  const central = (number: string, issuedOn: string, title: string) =>
    documents.create({ type: number.includes('-KL/') ? 'CONCLUSION' : 'DECISION', number, issuedOn, issuerName: 'Ban Chấp hành Trung ương', title });

  const founding = await central('123-QĐ/TW', '1991-08-20', 'Quyết định thành lập Đảng bộ tỉnh (dữ liệu mẫu)');
  const province = await organizations.establish({
    code: 'T40',
    name: 'Đảng bộ tỉnh Nghệ An',
    shortName: 'Tỉnh ủy Nghệ An',
    kindCode: 'PROVINCIAL_COMMITTEE',
    sector: 'PARTY_AGENCY',
    address: '05 Phan Đăng Lưu, TP. Vinh, Nghệ An',
    effectiveOn: '1991-09-01',
    decisionId: founding.id,
  });
  const provinceId = province.organizationIds[0]!;
  progress();

  const provincialDecision = (number: string, issuedOn: string, title: string) =>
    documents.create({ type: 'DECISION', number, issuedOn, issuerId: provinceId, title });

  const blocsDecision = await provincialDecision('15-QĐ/TU', '1991-09-20', 'Quyết định thành lập Đảng bộ Khối các cơ quan tỉnh và Đảng bộ Khối Doanh nghiệp tỉnh');
  const blocAgencies = await organizations.establish({
    code: 'T40-KCQ',
    name: 'Đảng bộ Khối các cơ quan tỉnh',
    shortName: 'Đảng ủy Khối các cơ quan tỉnh',
    kindCode: 'UPPER_GRASSROOTS_COMMITTEE',
    sector: 'PARTY_AGENCY',
    address: '16 Trường Thi, TP. Vinh',
    parentId: provinceId,
    effectiveOn: '1991-10-01',
    decisionId: blocsDecision.id,
  });
  const blocEnterprises = await organizations.establish({
    code: 'T40-KDN',
    name: 'Đảng bộ Khối Doanh nghiệp tỉnh',
    shortName: 'Đảng ủy Khối Doanh nghiệp tỉnh',
    kindCode: 'UPPER_GRASSROOTS_COMMITTEE',
    sector: 'PARTY_AGENCY',
    address: '18 Trường Thi, TP. Vinh',
    parentId: provinceId,
    effectiveOn: '1991-10-01',
    decisionId: blocsDecision.id,
  });
  const agenciesId = blocAgencies.organizationIds[0]!;
  const enterprisesId = blocEnterprises.organizationIds[0]!;
  progress();
  progress();

  const inEnterpriseBloc = (sector: Sector) =>
    sector === 'STATE_ENTERPRISE' || sector === 'PRIVATE_ENTERPRISE' || sector === 'FOREIGN_INVESTED_ENTERPRISE';

  const blocDocuments = new Map<string, Awaited<ReturnType<typeof documents.create>>>();
  const grassrootsInputs: EstablishInput[] = [];
  for (const [index, unit] of GRASSROOTS_UNITS.entries()) {
    const blocId = inEnterpriseBloc(unit.sector) ? enterprisesId : agenciesId;
    const year = 1992 + Math.floor(random() * 8);
    const issuer = blocId === agenciesId ? 'ĐUK' : 'ĐUKDN';
    const key = `${issuer}-${year}`;
    if (!blocDocuments.has(key)) {
      blocDocuments.set(
        key,
        await documents.create({
          type: 'DECISION',
          number: `${10 + blocDocuments.size}-QĐ/${issuer}`,
          issuedOn: `${year}-03-20`,
          issuerId: blocId,
          title: `Quyết định thành lập, kiện toàn các tổ chức cơ sở đảng trực thuộc năm ${year}`,
        }),
      );
    }
    grassrootsInputs.push({
      code: `CS-${String(index + 1).padStart(3, '0')}`,
      name: `${unit.committee ? 'Đảng bộ' : 'Chi bộ'} ${unit.name}`,
      shortName: unit.short ?? null,
      kindCode: unit.committee ? 'GRASSROOTS_COMMITTEE' : 'GRASSROOTS_BRANCH',
      sector: unit.sector,
      address: unit.address ?? 'TP. Vinh, Nghệ An',
      parentId: blocId,
      effectiveOn: `${year}-04-01`,
      decisionId: blocDocuments.get(key)!.id,
    });
  }
  // Each level of the tree in one call, as an office enters its tree (establishMany).
  const grassroots = (await organizations.establishMany(grassrootsInputs)).map((result, index) => ({
    unit: GRASSROOTS_UNITS[index]!,
    id: result.organizationIds[0]!,
    establishedOn: grassrootsInputs[index]!.effectiveOn,
  }));
  grassroots.forEach(progress);

  let branchNumber = 0;
  const branches: DemoBranch[] = grassroots
    .filter((g) => !g.unit.committee)
    .map((g) => ({ id: g.id, establishedOn: g.establishedOn, size: 8 + Math.floor(random() * 20) }));
  const branchInputs: EstablishInput[] = [];
  for (const { unit, id } of grassroots.filter((g) => g.unit.committee)) {
    const decision = await documents.create({
      type: 'DECISION',
      number: '05-QĐ/ĐU',
      issuedOn: '1999-12-10',
      issuerId: id,
      title: `Quyết định thành lập các chi bộ trực thuộc Đảng bộ ${unit.name}`,
    });
    const names = BRANCH_UNITS[unit.branchSet ?? 'office'];
    for (const name of names.slice(0, BRANCHES_PER_COMMITTEE)) {
      branchNumber++;
      branchInputs.push({
        code: `CB-${String(branchNumber).padStart(4, '0')}`,
        name: `Chi bộ ${name}`,
        kindCode: 'BRANCH',
        sector: unit.sector,
        parentId: id,
        effectiveOn: '2000-01-01',
        decisionId: decision.id,
      });
    }
  }
  for (const result of await organizations.establishMany(branchInputs)) {
    branches.push({ id: result.organizationIds[0]!, establishedOn: '2000-01-01', size: 15 + Math.floor(random() * 20) });
    progress();
  }

  // 2025: the blocs end. Party agencies and mass organisations go to the new committee of
  // the Party's agencies, everything else to the committee of the provincial People's Committee.
  const restructuring = await provincialDecision(
    '1788-QĐ/TU',
    '2025-01-25',
    'Quyết định thành lập Đảng bộ các cơ quan Đảng tỉnh, Đảng bộ UBND tỉnh và kết thúc hoạt động của Đảng bộ Khối các cơ quan tỉnh, Đảng bộ Khối Doanh nghiệp tỉnh',
  );
  await central('121-KL/TW', '2025-01-24', 'Kết luận về tổng kết Nghị quyết số 18-NQ/TW, sắp xếp tổ chức bộ máy của hệ thống chính trị');
  const agencyChildren = grassroots.filter((g) => !inEnterpriseBloc(g.unit.sector));
  const toPartyAgencies = agencyChildren.filter((g) => g.unit.sector === 'PARTY_AGENCY' || g.unit.sector === 'MASS_ORGANIZATION');
  const toPeoplesCommittee = agencyChildren.filter((g) => !toPartyAgencies.includes(g));
  const split = await organizations.split({
    sourceId: agenciesId,
    sourceContinues: false,
    effectiveOn: '2025-02-01',
    decisionId: restructuring.id,
    parts: [
      {
        code: 'T40-CQD',
        name: 'Đảng bộ các cơ quan Đảng tỉnh',
        shortName: 'Đảng ủy các cơ quan Đảng tỉnh',
        kindCode: 'UPPER_GRASSROOTS_COMMITTEE',
        sector: 'PARTY_AGENCY',
        address: '16 Trường Thi, TP. Vinh',
        childIds: toPartyAgencies.map((g) => g.id),
      },
      {
        code: 'T40-UBND',
        name: 'Đảng bộ UBND tỉnh',
        shortName: 'Đảng ủy UBND tỉnh',
        kindCode: 'UPPER_GRASSROOTS_COMMITTEE',
        sector: 'STATE_AGENCY',
        address: '03 Trường Thi, TP. Vinh',
        childIds: toPeoplesCommittee.map((g) => g.id),
      },
    ],
  });
  progress();
  await organizations.merge({
    sourceIds: [enterprisesId],
    targetId: split.organizationIds[2]!,
    effectiveOn: '2025-02-01',
    decisionId: restructuring.id,
  });
  progress();
  return { provinceId, branches, grassroots, random };
}

const TODAY = '2026-11-01';

/** Members with their histories (`sizeOf` per branch), loaded in batches through the importer. */
export async function seedMembers(
  services: Services,
  log: Log,
  branches: DemoBranch[],
  provinceId: string,
  random: () => number,
  sizeOf: (branch: DemoBranch) => number,
): Promise<number> {
  const decisions = new Map<number, string>();
  for (let year = 1992; year <= 2026; year++) {
    const decision = await services.documents.create({
      type: 'DECISION',
      number: `${year - 1900}-QĐ/TU-ĐV`,
      issuedOn: `${year}-01-05`,
      issuerId: provinceId,
      title: `Quyết định về công tác đảng viên năm ${year} (kết nạp, công nhận chính thức, chuyển sinh hoạt, kỷ luật)`,
    });
    decisions.set(year, decision.id);
  }
  const options = { random, branches, decisionFor: (year: number) => decisions.get(year)!, today: TODAY, firstNumber: 1 };
  const records = branches.flatMap((branch) => Array.from({ length: sizeOf(branch) }, () => branch));
  const batch = 1000;
  for (let start = 0; start < records.length; start += batch) {
    await services.members.importHistories(records.slice(start, start + batch).map((branch, i) => generateMember(options, start + i, branch)));
    log.info(`demo data: ${Math.min(start + batch, records.length)}/${records.length} members`);
  }
  return records.length;
}

/**
 * Terms 2020–2025 and 2025–2030 for every grassroots committee and branch, each with the
 * committee its congress elected: a secretary (and, for grassroots committees, a deputy and a
 * committee member) chosen among its official members on the day the term starts. Entered as
 * an office enters a congress season (openTerms), under the rules of every appointment.
 */
async function seedCommittees(
  services: Services,
  db: Database,
  log: Log,
  grassroots: { id: string }[],
  branches: { id: string }[],
  provinceId: string,
) {
  const congress = await services.documents.create({
    type: 'RESOLUTION',
    number: '01-NQ/ĐH',
    issuedOn: '2020-10-15',
    issuerId: provinceId,
    title: 'Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX, nhiệm kỳ 2020–2025',
  });
  const terms = [
    { name: '2020–2025', congressOn: '2020-06-20', startsOn: '2020-07-01', endsOn: '2025-07-01' },
    { name: '2025–2030', congressOn: '2025-06-20', startsOn: '2025-07-01', endsOn: '2030-07-01' },
  ];
  const organizations = [
    ...grassroots.map((g) => ({ id: g.id, roles: ['SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER'] as const })),
    ...branches.map((b) => ({ id: b.id, roles: ['SECRETARY'] as const })),
  ];
  // The first official members of each organisation's subtree on each term's first day.
  const officials = new Map<string, Map<string, string[]>>();
  for (const term of terms) officials.set(term.startsOn, await membersUnder(db, organizations.map((o) => o.id), term.startsOn, ['OFFICIAL']));
  const inputs = organizations.flatMap((organization) =>
    terms.map((term) => ({
      organizationId: organization.id,
      ...term,
      congressDecisionId: congress.id,
      positions: officials
        .get(term.startsOn)!
        .get(organization.id)!
        .slice(0, organization.roles.length)
        .map((memberId, index) => ({ memberId, role: organization.roles[index]! })),
    })),
  );
  await services.committees.openTerms(inputs);
  log.info(`demo data: ${inputs.length} terms of ${organizations.length} organisations with their committees`);
}

/**
 * Loads the demo dataset into an empty database, all or nothing. The load is a long series of
 * service calls (each its own transaction, as an office's would be), so it is made atomic by a
 * marker: a `demo_loads` row names the tables that were empty when it began and is completed
 * last. A start that finds a load begun and never completed (the process was killed) empties
 * those tables and loads again, so the database holds the whole demo or nothing of it.
 */
export async function seedDemoDataIfEmpty(services: Services, db: Database, log: Log & { warn(msg: string): void }): Promise<boolean> {
  const interrupted = await db.prisma.demoLoad.findFirst({ where: { completedAt: null }, orderBy: { id: 'desc' } });
  if (interrupted) {
    log.warn(`a demo load begun at ${interrupted.startedAt.toISOString()} did not finish: undoing it (${interrupted.tables.length} tables) and loading again`);
    await undoDemoLoad(db, interrupted.tables);
    await db.prisma.demoLoad.delete({ where: { id: interrupted.id } });
  } else if ((await db.prisma.organization.count()) > 0 || (await db.prisma.demoLoad.count()) > 0) {
    return false;
  }
  log.info('the database is empty: loading the demo dataset');
  const started = Date.now();
  const tables = await emptyTables(db);
  const load = await db.prisma.demoLoad.create({ data: { tables } });
  const { organizations, members } = await seedDemoData(services, db, log);
  await db.prisma.demoLoad.update({ where: { id: load.id }, data: { completedAt: new Date() } });
  log.info(`demo dataset loaded: ${organizations} organisations, ${members} members in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/** The service's tables that hold no row now (what a load into an empty database writes). */
async function emptyTables(db: Database): Promise<string[]> {
  const tables = await db.prisma.$queryRaw<{ name: string }[]>`
    SELECT c.relname::text AS name FROM pg_class c
    WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname NOT IN ('_prisma_migrations', 'demo_loads')
    ORDER BY 1`;
  const counts = await db.prisma.$queryRawUnsafe<{ name: string; empty: boolean }[]>(
    tables.map(({ name }) => `SELECT '${name}' AS name, NOT EXISTS (SELECT 1 FROM "${name}") AS empty`).join(' UNION ALL '),
  );
  return counts.filter((row) => row.empty).map((row) => row.name);
}

/**
 * Empties the tables an interrupted load wrote, in one statement. They were empty when it
 * began, so nothing else is lost; TRUNCATE also clears the append-only audit trail of the
 * load, which rules keep DELETE from touching.
 */
async function undoDemoLoad(db: Database, tables: string[]): Promise<void> {
  const known = new Set(
    (await db.prisma.$queryRaw<{ name: string }[]>`SELECT relname::text AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`).map((row) => row.name),
  );
  const present = tables.filter((table) => known.has(table));
  if (present.length > 0) await db.prisma.$executeRawUnsafe(`TRUNCATE ${present.map((table) => `"${table}"`).join(', ')} RESTART IDENTITY`);
}
