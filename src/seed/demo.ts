import type { Database } from '../db/database.js';
import type { Sector } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import { BRANCH_UNITS, GRASSROOTS_UNITS, type GrassrootsUnit } from './demo-names.js';

type Log = { info(msg: string): void };

const BRANCHES_PER_COMMITTEE = 4;

/**
 * The demo province, built through the same service calls an office would make, so every
 * organisation has its establishing decision and event:
 *  - 2015: the provincial committee and its two bloc committees (Khối các cơ quan, Khối
 *    doanh nghiệp), with about 100 grassroots organisations and their branches;
 *  - 1 Feb 2025: the blocs end (Kết luận 121-KL/TW): the agencies' bloc is split into
 *    "Đảng bộ các cơ quan Đảng tỉnh" and "Đảng bộ UBND tỉnh", and the enterprises' bloc is
 *    merged into the latter, so the tree as of 2024-12-31 and as of today differ.
 * Deterministic: the same data every time.
 */
export async function seedDemoData(services: Services, log: Log): Promise<{ organizations: number }> {
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

  const founding = await central('123-QĐ/TW', '2015-01-05', 'Quyết định thành lập Đảng bộ tỉnh (dữ liệu mẫu)');
  const province = await organizations.establish({
    code: 'T40',
    name: 'Đảng bộ tỉnh Nghệ An',
    shortName: 'Tỉnh ủy Nghệ An',
    kindCode: 'PROVINCIAL_COMMITTEE',
    sector: 'PARTY_AGENCY',
    address: '05 Phan Đăng Lưu, TP. Vinh, Nghệ An',
    effectiveOn: '2015-01-15',
    decisionId: founding.id,
  });
  const provinceId = province.organizationIds[0]!;
  progress();

  const provincialDecision = (number: string, issuedOn: string, title: string) =>
    documents.create({ type: 'DECISION', number, issuedOn, issuerId: provinceId, title });

  const blocsDecision = await provincialDecision('15-QĐ/TU', '2015-02-10', 'Quyết định thành lập Đảng bộ Khối các cơ quan tỉnh và Đảng bộ Khối Doanh nghiệp tỉnh');
  const blocAgencies = await organizations.establish({
    code: 'T40-KCQ',
    name: 'Đảng bộ Khối các cơ quan tỉnh',
    shortName: 'Đảng ủy Khối các cơ quan tỉnh',
    kindCode: 'UPPER_GRASSROOTS_COMMITTEE',
    sector: 'PARTY_AGENCY',
    address: '16 Trường Thi, TP. Vinh',
    parentId: provinceId,
    effectiveOn: '2015-03-01',
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
    effectiveOn: '2015-03-01',
    decisionId: blocsDecision.id,
  });
  const agenciesId = blocAgencies.organizationIds[0]!;
  const enterprisesId = blocEnterprises.organizationIds[0]!;
  progress();
  progress();

  const inEnterpriseBloc = (sector: Sector) =>
    sector === 'STATE_ENTERPRISE' || sector === 'PRIVATE_ENTERPRISE' || sector === 'FOREIGN_INVESTED_ENTERPRISE';

  const blocDocuments = new Map<string, Awaited<ReturnType<typeof documents.create>>>();
  const grassroots: { unit: GrassrootsUnit; id: string }[] = [];
  for (const [index, unit] of GRASSROOTS_UNITS.entries()) {
    const blocId = inEnterpriseBloc(unit.sector) ? enterprisesId : agenciesId;
    const year = 2015 + Math.floor(random() * 6);
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
    const result = await organizations.establish({
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
    grassroots.push({ unit, id: result.organizationIds[0]! });
    progress();
  }

  let branchNumber = 0;
  for (const { unit, id } of grassroots.filter((g) => g.unit.committee)) {
    const decision = await documents.create({
      type: 'DECISION',
      number: '05-QĐ/ĐU',
      issuedOn: '2020-05-10',
      issuerId: id,
      title: `Quyết định thành lập các chi bộ trực thuộc Đảng bộ ${unit.name}`,
    });
    const names = BRANCH_UNITS[unit.branchSet ?? 'office'];
    for (const name of names.slice(0, BRANCHES_PER_COMMITTEE)) {
      branchNumber++;
      await organizations.establish({
        code: `CB-${String(branchNumber).padStart(4, '0')}`,
        name: `Chi bộ ${name}`,
        kindCode: 'BRANCH',
        sector: unit.sector,
        parentId: id,
        effectiveOn: '2020-06-01',
        decisionId: decision.id,
      });
      progress();
    }
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
  return { organizations: await services.organizations.countAll() };
}

export async function seedDemoDataIfEmpty(services: Services, db: Database, log: Log): Promise<void> {
  if ((await db.prisma.organization.count()) > 0) return;
  log.info('the database is empty: loading the demo dataset');
  const started = Date.now();
  const { organizations } = await seedDemoData(services, log);
  log.info(`demo dataset loaded: ${organizations} organisations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** mulberry32: a tiny deterministic generator, so the demo is the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
