import type { RatingLevel } from '../generated/prisma/client.js';
import type { Database } from '../db/database.js';
import type { Services } from '../services.js';
import { membersUnder } from './demo-queries.js';

type Log = { info(msg: string): void };

/**
 * Two years (2023, 2024) of the blocs' work, shaped like the articles' reports: resolutions
 * with targets, reported values (tasks 9,429 of 11,014, the cultural standard 87/63/31 of 121,
 * enterprises' revenue +26.09 %…), ratings of grassroots organisations and members, and the
 * assessments of mass organisations. Deterministic.
 */
export async function seedDemoResults(services: Services, db: Database, log: Log, random: () => number, provinceId: string) {
  const { organizations, documents, indicators } = services;
  const blocs = (await organizations.list({ asOf: '2024-12-31', filter: { kind: 'UPPER_GRASSROOTS_COMMITTEE' }, first: 10 })).items;
  const agencies = blocs.find((b) => b.code === 'T40-KCQ')!;
  const enterprises = blocs.find((b) => b.code === 'T40-KDN')!;

  for (const [bloc, issuer] of [
    [agencies, 'ĐUK'],
    [enterprises, 'ĐUKDN'],
  ] as const) {
    for (const year of [2023, 2024]) {
      const resolution = await documents.create({
        type: 'RESOLUTION',
        number: `${year === 2023 ? 12 : 18}-NQ/${issuer}`,
        issuedOn: `${year}-01-12`,
        issuerId: bloc.id,
        title: `Nghị quyết về nhiệm vụ công tác xây dựng Đảng năm ${year}`,
      });
      const target = (indicatorCode: string, targetValue: number) =>
        indicators.setTarget({ organizationId: bloc.id, indicatorCode, period: { year }, targetValue, resolutionId: resolution.id });
      await target('MEMBERS_ADMITTED', bloc === agencies ? 180 : 120);
      await target('MEMBERS_RECOGNIZED', bloc === agencies ? 150 : 100);
      await target('ORGANIZATIONS_GOOD_OR_ABOVE', 85);
      await target('MEMBERS_GOOD_OR_ABOVE', 90);
      await target('STRONG_MASS_ORGANIZATIONS', 85);
      await target('MEMBERS_DISCIPLINED', 20);
      if (bloc === agencies) {
        for (const code of ['TASKS_COMPLETED', 'CULTURE_REGISTERED']) await target(code, code === 'TASKS_COMPLETED' ? 90 : 75);
        await target('CULTURE_RECOGNIZED', 50);
        await target('CULTURE_MODEL', 25);
        await target('POLITICAL_STANDARD_CHECKS', 600);
        // Q1 2024's 325 candidates trained were 40.62 % of the year's target (the article truncates; 40.63 rounded).
        await target('CANDIDATES_TRAINED', year === 2024 ? 800 : 300);
      } else {
        await target('PRIVATE_SECTOR_ORGANIZATIONS', 1);
        for (const code of ['REVENUE', 'EXPORT_TURNOVER', 'PROFIT', 'BUDGET_CONTRIBUTION', 'AVERAGE_INCOME']) await target(code, 0);
      }
    }
  }

  const report = await documents.create({ type: 'REPORT', number: '95-BC/ĐUK', issuedOn: '2024-04-05', issuerId: agencies.id, title: 'Báo cáo kết quả công tác xây dựng Đảng quý I năm 2024' });
  const ratio = (indicatorCode: string, numerator: number, denominator: number) => ({
    organizationId: agencies.id, indicatorCode, period: { year: 2024, quarter: 1 }, numerator, denominator, sourceDocumentId: report.id,
  });
  await indicators.enterValues([
    ratio('TASKS_COMPLETED', 9429, 11014),
    ratio('CULTURE_REGISTERED', 87, 121),
    ratio('CULTURE_RECOGNIZED', 63, 121),
    ratio('CULTURE_MODEL', 31, 121),
    { organizationId: agencies.id, indicatorCode: 'POLITICAL_STANDARD_CHECKS', period: { year: 2024, quarter: 1 }, value: 185, sourceDocumentId: report.id },
  ]);
  const economic = await documents.create({ type: 'REPORT', number: '210-BC/ĐUKDN', issuedOn: '2025-01-15', issuerId: enterprises.id, title: 'Báo cáo tình hình sản xuất, kinh doanh của các doanh nghiệp năm 2024' });
  const money = (indicatorCode: string, year: number, value: number) => ({ organizationId: enterprises.id, indicatorCode, period: { year }, value, sourceDocumentId: economic.id });
  await indicators.enterValues([
    money('REVENUE', 2023, 20807), money('REVENUE', 2024, 26235.86),
    money('EXPORT_TURNOVER', 2023, 526.97), money('EXPORT_TURNOVER', 2024, 574.45),
    money('PROFIT', 2023, 1150.7), money('PROFIT', 2024, 1563.46),
    money('BUDGET_CONTRIBUTION', 2023, 1788.47), money('BUDGET_CONTRIBUTION', 2024, 1856.07),
    money('AVERAGE_INCOME', 2023, 7.5), money('AVERAGE_INCOME', 2024, 7.9),
  ]);
  log.info('demo data: targets and reported values of 2023 and 2024');

  // Ratings: grassroots organisations by their bloc, members by their grassroots organisation.
  const pick = <T extends string>(shares: [T, number][]) => {
    let roll = random();
    for (const [level, share] of shares) if ((roll -= share) < 0) return level;
    return shares.at(-1)![0];
  };
  const organizationShares: Record<number, [RatingLevel, number][]> = {
    2023: [['EXCELLENT', 0.15], ['GOOD', 0.76], ['COMPLETED', 0.09]],
    2024: [['EXCELLENT', 0.16], ['GOOD', 0.79], ['COMPLETED', 0.05]],
  };
  const memberShares: [RatingLevel, number][] = [['EXCELLENT', 0.14], ['GOOD', 0.8], ['COMPLETED', 0.05], ['NOT_COMPLETED', 0.01]];
  let rated = 0;
  for (const year of [2023, 2024]) {
    const decision = await documents.create({ type: 'DECISION', number: `${year - 1990}-QĐ/TU-XL`, issuedOn: `${year}-12-20`, issuerId: provinceId, title: `Quyết định về kết quả đánh giá, xếp loại chất lượng năm ${year}` });
    for (const bloc of [agencies, enterprises]) {
      const grassroots = ((await organizations.childrenOf([bloc.id], `${year}-12-31`)).get(bloc.id) ?? []).filter((o) => o.kindCode.startsWith('GRASSROOTS'));
      const rows = grassroots.map((o) => ({ organizationId: o.id, level: pick(organizationShares[year]!) }));
      try {
        await services.ratings.rate({ subject: 'ORGANIZATION', ratedById: bloc.id, period: { year }, decisionId: decision.id, rows });
      } catch {
        // An organisation with a member expelled that year cannot be EXCELLENT: rate it GOOD.
        await services.ratings.rate({ subject: 'ORGANIZATION', ratedById: bloc.id, period: { year }, decisionId: decision.id, rows: rows.map((r) => ({ ...r, level: r.level === 'EXCELLENT' ? 'GOOD' : r.level })) });
      }
      const membersOf = await membersUnder(db, grassroots.map((o) => o.id), `${year}-12-31`);
      // Every grassroots organisation rates its members: one call for the bloc's year.
      const batches = grassroots
        .map((organization) => membersOf.get(organization.id)!.map((memberId) => ({ memberId, level: pick(memberShares) })))
        .flatMap((rows, index) => (rows.length > 0 ? [{ subject: 'MEMBER' as const, ratedById: grassroots[index]!.id, period: { year }, decisionId: decision.id, rows }] : []));
      await services.ratings.rateMany(batches);
      rated += batches.reduce((sum, batch) => sum + batch.rows.length, 0);
      const committees = grassroots.filter((o) => o.kindCode === 'GRASSROOTS_COMMITTEE');
      if (year === 2023) {
        for (const organization of committees) {
          for (const type of ['TRADE_UNION', 'YOUTH_UNION'] as const) {
            await services.massOrganizations.create({ organizationId: organization.id, type, name: `${type === 'TRADE_UNION' ? 'Công đoàn' : 'Đoàn Thanh niên'} ${organization.name.replace(/^Đảng bộ /, '')}` });
          }
        }
      }
      const masses = [...(await services.massOrganizations.ofOrganizations(committees.map((o) => o.id))).values()].flat();
      await services.massOrganizations.assessMany(masses.map((mass) => ({ massOrganizationId: mass.id, year, strong: random() < (year === 2023 ? 0.86 : 0.9) })));
    }
    log.info(`demo data: ratings of ${year}`);
  }

  // Q1 2024 of the agencies' bloc: 10 members disciplined, 2 reprimanded and 8 expelled.
  const decisions = await documents.create({ type: 'DECISION', number: '31-QĐ/UBKT', issuedOn: '2024-03-15', issuerId: agencies.id, title: 'Quyết định thi hành kỷ luật đảng viên quý I năm 2024' });
  const candidates = await services.members.list({ asOf: '2024-03-01', first: 100, filter: { underId: agencies.id, status: ['OFFICIAL'] } });
  let disciplined = 0;
  for (const member of candidates.items) {
    if (disciplined === 10) break;
    const form = disciplined < 2 ? 'REPRIMAND' : 'EXPULSION';
    try {
      await services.discipline.record({
        memberId: member.id,
        form,
        category: 'GENERAL',
        violationSummary: form === 'REPRIMAND' ? 'Vi phạm quy chế làm việc của chi bộ' : 'Vi phạm pháp luật, bị xử lý hình sự',
        violatedOn: '2023-10-01',
        decidedOn: '2024-03-15',
        decisionId: decisions.id,
        authorityId: agencies.id,
      });
      disciplined++;
    } catch {
      // A member whose later history does not allow it (a post for no one, a later event) is skipped.
    }
  }
  log.info(`demo data: ${disciplined} members disciplined in Q1 2024`);
  return rated;
}
