import t, { type Test } from 'tap';
import { buildTestApp, type TestApp } from './helper.js';
import { admitMember, buildTree, createDecision, docGid, memberGid, orgGid } from './factories.js';
import { addMonths } from '../src/shared/dates.js';

const RECORD = `mutation ($input: RecordCommendationsInput!) { result: recordCommendations(input: $input) {
  __typename ... on RecordCommendationsPayload { commendations { form subject title fromYear toYear decidedOn member { fullName } organization { code } awardedBy { code } } }
  ... on Error { code message } ... on RuleViolationError { rule } ... on ValidationError { problems { field message } } } }`;
const AWARD = `mutation ($input: AwardPartyBadgesInput!) { result: awardPartyBadges(input: $input) {
  __typename ... on AwardPartyBadgesPayload { badges { milestone milestoneOn awardDate basis member { fullName } } }
  ... on Error { code message } ... on RuleViolationError { rule } ... on ValidationError { problems { field message } } } }`;
const ELIGIBILITY = `query ($id: ID!, $day: Date!) { list: partyBadgeEligibility(organizationId: $id, awardDate: $day) {
  member { fullName } organization { code } memberStatus admittedOn partyAgeFrom daysOutsideParty diedOn milestone milestoneOn basis
  skippedMilestones status discipline { form decidedOn waitUntil } nextAwardDate explanation } }`;

type Candidate = {
  member: { fullName: string };
  milestone: number;
  milestoneOn: string;
  basis: string;
  status: string;
  partyAgeFrom: string;
  daysOutsideParty: number;
  skippedMilestones: number[];
  discipline: { form: string; decidedOn: string; waitUntil: string } | null;
  nextAwardDate: string | null;
  explanation: string;
  diedOn: string | null;
};

async function eligibility(api: TestApp, organizationId: string, day: string): Promise<Map<string, Candidate>> {
  const { body } = await api.gql(ELIGIBILITY, { id: orgGid(organizationId), day });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return new Map((body.data.list as Candidate[]).map((c) => [c.member.fullName, c]));
}

/** A tree that has existed since 1950, so that members can have 70 years of party age. */
async function setup(t: Test) {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '1950-01-01');
  const official = async (name: string, admittedOn: string, branch = tree.B1) => {
    const id = await admitMember(api.app, branch, tree.decision.id, { fullName: name, admittedOn, dateOfBirth: '1930-01-01' });
    const year = Number(admittedOn.slice(0, 4)) + 1;
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: `${year}${admittedOn.slice(4)}`, decisionId: tree.decision.id });
    return id;
  };
  return { api, tree, official };
}

t.test('Party badge eligibility at the edges: milestone day, early, posthumous, deferrals, gaps', async (t) => {
  const { api, tree, official } = await setup(t);
  const { members } = api.app.services;
  const D = '2024-02-03';
  // The milestone reached on the award day is in; a day later is not.
  await official('Đúng Ngày', '1994-02-03');
  await official('Thiếu Một Ngày', '1994-02-04');
  // Seriously ill: 12 months early for 30–65 years, 24 for 70–90.
  const ill12 = await official('Bệnh Đủ Mười Hai Tháng', '1995-02-03');
  const ill12late = await official('Bệnh Thiếu Một Ngày', '1995-02-04');
  const ill70 = await official('Bệnh Bảy Mươi Năm', '1956-02-03');
  await official('Khỏe Bảy Mươi Năm', '1956-02-03');
  for (const id of [ill12, ill12late, ill70]) {
    await api.app.services.partyBadges.certifySeriousIllness({ memberId: id, certifiedOn: '2023-10-01', evidence: 'Giấy xác nhận số 12/BV của Bệnh viện tỉnh' });
  }
  // Posthumous: up to 12 months before the milestone, counted from the death.
  const dead = await official('Truy Tặng', '1994-06-01');
  await members.recordEvent(dead, 'DECEASED', { occurredOn: '2023-06-01' });
  const deadEarly = await official('Mất Quá Sớm', '1994-06-01');
  await members.recordEvent(deadEarly, 'DECEASED', { occurredOn: '2023-05-31' });
  // Deferrals after discipline: 6, 9, 12 months from the decision.
  const discipline = async (memberId: string, form: string, decidedOn: string) =>
    api.app.services.discipline.record({
      memberId,
      form: form as 'REPRIMAND',
      category: 'GENERAL',
      violationSummary: 'Vi phạm quy chế làm việc',
      violatedOn: '2022-12-01',
      decidedOn,
      decisionId: tree.decision.id,
      authorityId: tree.G1,
    });
  const reprimandWaiting = await official('Khiển Trách Chờ', '1993-01-01');
  await discipline(reprimandWaiting, 'REPRIMAND', '2023-08-04');
  const reprimandDone = await official('Khiển Trách Xong', '1993-01-01');
  await discipline(reprimandDone, 'REPRIMAND', '2023-08-03');
  const warned = await official('Cảnh Cáo Chờ', '1993-01-01');
  await discipline(warned, 'WARNING', '2023-05-04');
  const dismissed = await official('Cách Chức Chờ', '1993-01-01');
  const term = await api.app.services.committees.openTerm({ organizationId: tree.B1, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  await api.app.services.committees.appoint({ termId: term.id, memberId: dismissed, role: 'SECRETARY', startsOn: '2020-07-01' });
  await discipline(dismissed, 'DISMISSAL', '2023-02-04');
  // A gap in membership: removed from the roll, readmitted 1,096 days later (Quy định 24-QĐ/TW 4.5.2:
  // party age from the first admission less the time outside).
  const readmitted = async (name: string, admittedOn: string, removedOn: string, readmittedOn: string) => {
    const id = await official(name, admittedOn);
    await members.recordEvent(id, 'REMOVED_FROM_ROLL', { occurredOn: removedOn, decisionId: tree.decision.id });
    await members.recordEvent(id, 'READMITTED', { occurredOn: readmittedOn, organizationId: tree.B1, decisionId: tree.decision.id });
    await members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: addMonths(readmittedOn, 12), decisionId: tree.decision.id });
    return id;
  };
  const gap = await readmitted('Có Thời Gian Gián Đoạn', '1990-11-30', '2000-01-01', '2003-01-01');
  await readmitted('Gián Đoạn Qua Mốc', '1991-03-01', '2001-01-01', '2004-01-01');
  // Suspended on the award day.
  const suspended = await official('Đình Chỉ', '1993-01-01');
  await members.recordEvent(suspended, 'SUSPENDED', { occurredOn: '2024-01-10', decisionId: tree.decision.id });
  // In another bloc: not in U1's list.
  await official('Khối Khác', '1990-01-01', tree.B3);

  const list = await eligibility(api, tree.U1, D);
  const at = (name: string) => list.get(name);

  t.match(at('Đúng Ngày'), { milestone: 30, milestoneOn: '2024-02-03', basis: 'REGULAR', status: 'ELIGIBLE' }, 'the milestone reached on the award day');
  t.notOk(at('Thiếu Một Ngày'), 'a day short of the milestone: not listed');

  t.match(at('Bệnh Đủ Mười Hai Tháng'), { milestone: 30, milestoneOn: '2025-02-03', basis: 'EARLY_SERIOUS_ILLNESS', status: 'ELIGIBLE' }, 'seriously ill: 12 months early');
  t.match(at('Bệnh Đủ Mười Hai Tháng')!.explanation, /up to 12 months before the milestone/);
  t.notOk(at('Bệnh Thiếu Một Ngày'), 'seriously ill but 12 months and a day early: not listed');
  t.match(at('Bệnh Bảy Mươi Năm'), { milestone: 70, milestoneOn: '2026-02-03', basis: 'EARLY_SERIOUS_ILLNESS', skippedMilestones: [30, 40, 45, 50, 55, 60, 65] }, 'seriously ill: 24 months early for 70 years');
  t.match(at('Khỏe Bảy Mươi Năm'), { milestone: 65, basis: 'REGULAR', skippedMilestones: [30, 40, 45, 50, 55, 60] }, 'the same party age without the certificate: 65 years');

  t.match(at('Truy Tặng'), { milestone: 30, milestoneOn: '2024-06-01', basis: 'POSTHUMOUS', status: 'ELIGIBLE', diedOn: '2023-06-01' }, 'posthumous: died 12 months before the milestone');
  t.notOk(at('Mất Quá Sớm'), 'died 12 months and a day before the milestone: not listed');

  t.match(at('Khiển Trách Chờ'), { status: 'DEFERRED_AFTER_DISCIPLINE', discipline: { form: 'REPRIMAND', decidedOn: '2023-08-04', waitUntil: '2024-02-04' }, nextAwardDate: '2024-05-19' }, 'reprimand: 6 months not yet over');
  t.match(at('Khiển Trách Chờ')!.explanation, /deferred: REPRIMAND decided on 2023-08-04, 6 months to wait until 2024-02-04; next award day 2024-05-19/);
  t.match(at('Khiển Trách Xong'), { status: 'ELIGIBLE', discipline: null }, 'reprimand: the 6 months end on the award day');
  t.match(at('Cảnh Cáo Chờ'), { status: 'DEFERRED_AFTER_DISCIPLINE', discipline: { form: 'WARNING', waitUntil: '2024-02-04' } }, 'warning: 9 months');
  t.match(at('Cách Chức Chờ'), { status: 'DEFERRED_AFTER_DISCIPLINE', discipline: { form: 'DISMISSAL', waitUntil: '2024-02-04' } }, 'dismissal: 12 months');

  t.match(at('Có Thời Gian Gián Đoạn'), { milestone: 30, partyAgeFrom: '1993-11-30', daysOutsideParty: 1096, milestoneOn: '2023-11-30', status: 'ELIGIBLE' }, 'a gap of 1,096 days moves the milestone');
  t.match(at('Có Thời Gian Gián Đoạn')!.explanation, /1096 days outside the Party left out/);
  t.notOk(at('Gián Đoạn Qua Mốc'), 'a gap of 1,095 days moves the milestone (28 February 2024) past the award day');
  t.match(at('Đình Chỉ'), { status: 'SUSPENDED' }, 'suspended on the award day: listed, not eligible');
  t.notOk(at('Khối Khác'), 'members of another bloc are not in the list');

  const may = await eligibility(api, tree.U1, '2024-05-19');
  t.match(may.get('Gián Đoạn Qua Mốc'), { milestoneOn: '2024-02-28', daysOutsideParty: 1095, status: 'ELIGIBLE' }, 'on the next award day, with the gap left out');
  t.match(may.get('Khiển Trách Chờ'), { status: 'ELIGIBLE' }, 'the reprimanded member on the next award day');
  t.match(may.get('Thiếu Một Ngày'), { status: 'ELIGIBLE' });

  // REST gives the same list.
  const rest = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/party-badge-eligibility?awardDate=${D}` });
  t.equal(rest.status, 200);
  t.equal(rest.body.length, list.size, 'REST: the same members');
  t.match(rest.body.find((c: { memberId: string }) => c.memberId === memberGid(gap)), { milestone: 30, daysOutsideParty: 1096, status: 'ELIGIBLE' });

  // Not an award day.
  const wrongDay = await api.gql(ELIGIBILITY, { id: orgGid(tree.U1), day: '2024-02-04' });
  t.equal(wrongDay.body.errors[0].extensions.code, 'VALIDATION_FAILED');
  t.match(wrongDay.body.errors[0].message, /3\/2, 19\/5, 2\/9, 7\/11/);

  // Awarding: the provincial committee, members eligible that day, each for the milestone due.
  const decision = docGid((await createDecision(api.app, { issuedOn: '2024-01-25', number: '120-QĐ/TU' })).id);
  const award = (rows: { memberId: string; milestone: number }[], extra: object = {}) =>
    api.gql(AWARD, { input: { awardedById: orgGid(tree.P), awardDate: D, decisionId: decision, rows: rows.map((r) => ({ ...r, memberId: memberGid(r.memberId) })), ...extra } }).then((r) => r.body.data.result);
  const byName = async (name: string) => (await api.app.db.prisma.member.findFirstOrThrow({ where: { fullName: name } })).id;
  const onDay = await byName('Đúng Ngày');

  const refusals: [string, { memberId: string; milestone: number }[], object, string][] = [
    ['a deferred member', [{ memberId: reprimandWaiting, milestone: 30 }], {}, 'NOT_ELIGIBLE'],
    ['a suspended member', [{ memberId: suspended, milestone: 30 }], {}, 'NOT_ELIGIBLE'],
    ['a member a day short', [{ memberId: await byName('Thiếu Một Ngày'), milestone: 30 }], {}, 'NOT_ELIGIBLE'],
    ['the wrong milestone', [{ memberId: await byName('Khỏe Bảy Mươi Năm'), milestone: 70 }], {}, 'WRONG_MILESTONE'],
    ['a bloc committee awarding', [{ memberId: onDay, milestone: 30 }], { awardedById: orgGid(tree.U1) }, 'BEYOND_AUTHORITY'],
  ];
  for (const [label, rows, extra, rule] of refusals) {
    const before = await api.snapshot();
    const result = await award(rows, extra);
    t.same([result.code, result.rule], ['RULE_VIOLATION', rule], `${label}: refused with ${rule}`);
    t.same(await api.snapshot(), before, `${label}: nothing written`);
  }
  const before = await api.snapshot();
  const mixed = await award([
    { memberId: onDay, milestone: 30 },
    { memberId: reprimandWaiting, milestone: 30 },
    { memberId: await byName('Khỏe Bảy Mươi Năm'), milestone: 70 },
  ]);
  t.equal(mixed.code, 'VALIDATION_FAILED', 'several problems: one error with a problem per row');
  t.same(mixed.problems.map((p: { field: string }) => p.field), ['rows.1', 'rows.2']);
  t.same(await api.snapshot(), before, 'the valid row is not written either');
  const wrongDayAward = await award([{ memberId: onDay, milestone: 30 }], { awardDate: '2024-02-02' });
  t.equal(wrongDayAward.code, 'VALIDATION_FAILED', 'not an award day');

  const awarded = await award([
    { memberId: onDay, milestone: 30 },
    { memberId: ill70, milestone: 70 },
    { memberId: dead, milestone: 30 },
    { memberId: gap, milestone: 30 },
  ]);
  t.equal(awarded.__typename, 'AwardPartyBadgesPayload');
  t.same(
    awarded.badges.map((b: { milestone: number; basis: string; milestoneOn: string }) => [b.milestone, b.basis, b.milestoneOn]),
    [
      [30, 'REGULAR', '2024-02-03'],
      [70, 'EARLY_SERIOUS_ILLNESS', '2026-02-03'],
      [30, 'POSTHUMOUS', '2024-06-01'],
      [30, 'REGULAR', '2023-11-30'],
    ],
    'the basis and milestone day come from the list',
  );
  const after = await eligibility(api, tree.U1, D);
  t.notOk(after.get('Đúng Ngày'), 'awarded members leave the list');
  t.equal(after.size, list.size - 4);
  const again = await award([{ memberId: onDay, milestone: 30 }]);
  t.equal(again.rule, 'NOT_ELIGIBLE', 'a badge is not awarded twice');
  const next = await eligibility(api, tree.U1, '2034-02-03');
  t.match(next.get('Đúng Ngày'), { milestone: 40, skippedMilestones: [] }, 'the next milestone after the one received');

  const badges = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/party-badges?from=2024-01-01&to=2024-12-31` });
  t.equal(badges.body.length, 4, 'REST: the badges of the year');
});

t.test('who may award what: each awarding level × each form, for members and organisations', async (t) => {
  const { api, tree, official } = await setup(t);
  const { organizations } = api.app.services;
  const S1 = (await organizations.establish({ code: 'S1', name: 'Đảng bộ bộ phận Phòng', kindCode: 'SUB_COMMITTEE', sector: 'STATE_AGENCY', parentId: tree.G1, effectiveOn: '2010-01-01', decisionId: tree.decision.id })).organizationIds[0]!;
  const B4 = (await organizations.establish({ code: 'B4', name: 'Chi bộ Phòng 1', kindCode: 'BRANCH', sector: 'STATE_AGENCY', parentId: S1, effectiveOn: '2010-01-01', decisionId: tree.decision.id })).organizationIds[0]!;
  const deep = await official('Đảng Viên Chi Bộ Phòng', '2012-01-01', B4);
  const inG2 = await official('Đảng Viên Chi Bộ Cơ Sở', '2012-01-01', tree.G2);
  const decision = docGid((await createDecision(api.app, { issuedOn: '2024-01-20' })).id);
  const forms = ['PRAISE', 'CERTIFICATE_OF_MERIT', 'DIPLOMA_OF_MERIT', 'EMULATION_FLAG'];
  // Written from DOMAIN.md (Quy định 29-QĐ/TW §27.2 and the bloc's Giấy khen), not read from the seeded table.
  const levels: { kind: string; awarder: string; member: string; organization: string; allowed: { MEMBER: string[]; ORGANIZATION: string[] } }[] = [
    { kind: 'BRANCH', awarder: B4, member: deep, organization: tree.B1, allowed: { MEMBER: ['PRAISE'], ORGANIZATION: [] } },
    { kind: 'SUB_COMMITTEE', awarder: S1, member: deep, organization: B4, allowed: { MEMBER: ['PRAISE'], ORGANIZATION: ['PRAISE'] } },
    { kind: 'GRASSROOTS_BRANCH', awarder: tree.G2, member: inG2, organization: tree.B1, allowed: { MEMBER: ['PRAISE', 'CERTIFICATE_OF_MERIT'], ORGANIZATION: [] } },
    { kind: 'GRASSROOTS_COMMITTEE', awarder: tree.G1, member: deep, organization: B4, allowed: { MEMBER: ['PRAISE', 'CERTIFICATE_OF_MERIT'], ORGANIZATION: ['PRAISE', 'CERTIFICATE_OF_MERIT'] } },
    { kind: 'UPPER_GRASSROOTS_COMMITTEE', awarder: tree.U1, member: deep, organization: tree.G1, allowed: { MEMBER: ['CERTIFICATE_OF_MERIT'], ORGANIZATION: ['CERTIFICATE_OF_MERIT'] } },
    { kind: 'PROVINCIAL_COMMITTEE', awarder: tree.P, member: deep, organization: tree.G1, allowed: { MEMBER: ['DIPLOMA_OF_MERIT'], ORGANIZATION: ['DIPLOMA_OF_MERIT', 'EMULATION_FLAG'] } },
  ];
  let written = 0;
  for (const level of levels) {
    for (const subject of ['MEMBER', 'ORGANIZATION'] as const) {
      for (const form of forms) {
        const row = subject === 'MEMBER' ? { memberId: memberGid(level.member) } : { organizationId: orgGid(level.organization) };
        const before = await api.snapshot();
        const result = (await api.gql(RECORD, { input: { awardedById: orgGid(level.awarder), decisionId: decision, rows: [{ ...row, form, reason: 'Thành tích xuất sắc năm 2023', fromYear: 2023 }] } })).body.data.result;
        const label = `${level.kind} × ${form} × ${subject}`;
        if (level.allowed[subject].includes(form)) {
          t.equal(result.__typename, 'RecordCommendationsPayload', `${label}: allowed`);
          written++;
        } else {
          t.same([result.code, result.rule], ['RULE_VIOLATION', 'BEYOND_AUTHORITY'], `${label}: refused`);
          t.same(await api.snapshot(), before, `${label}: nothing written`);
        }
      }
    }
  }
  t.equal(await api.app.db.prisma.commendation.count(), written, 'every allowed award recorded once');
  const refusal = (await api.gql(RECORD, { input: { awardedById: orgGid(tree.U1), decisionId: decision, rows: [{ memberId: memberGid(deep), form: 'DIPLOMA_OF_MERIT', reason: 'x', fromYear: 2023 }] } })).body.data.result;
  t.match(refusal.message, /UPPER_GRASSROOTS_COMMITTEE may not award DIPLOMA_OF_MERIT to a member \(it may award: CERTIFICATE_OF_MERIT, CERTIFICATE_OF_MERIT with EXCELLENT_FIVE_YEARS_RUNNING\)/, 'the refusal says what the level may award');

  // Subjects must be under the awarding organisation.
  const outside = (await api.gql(RECORD, { input: { awardedById: orgGid(tree.U2), decisionId: decision, rows: [{ memberId: memberGid(deep), form: 'CERTIFICATE_OF_MERIT', reason: 'x', fromYear: 2023 }] } })).body.data.result;
  t.equal(outside.rule, 'NOT_IN_SUBTREE', 'a member of another bloc');

  // The allocation is data: an administrator ends a rule and adds another, with dates.
  const rules = await api.gql(`{ commendationAuthorities(asOf: "2024-06-01") { id organizationKind form subject title effectiveTo } }`);
  const bloc = rules.body.data.commendationAuthorities.find((r: { organizationKind: string; form: string; subject: string; title: string | null }) => r.organizationKind === 'UPPER_GRASSROOTS_COMMITTEE' && r.form === 'CERTIFICATE_OF_MERIT' && r.subject === 'MEMBER' && !r.title);
  t.equal(rules.body.data.commendationAuthorities.length, 18, 'the 18 seeded rules');
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.P);
  const END = `mutation ($input: EndCommendationAuthorityInput!) { result: endCommendationAuthority(input: $input) { __typename ... on CommendationAuthorityPayload { authority { effectiveTo } } ... on Error { code } } }`;
  const forbidden = await officer.gql(END, { input: { authorityId: bloc.id, effectiveTo: '2025-01-01' } });
  t.equal(forbidden.body.data.result.code, 'FORBIDDEN', 'only administrators change the rules');
  const ended = await api.gql(END, { input: { authorityId: bloc.id, effectiveTo: '2025-01-01' } });
  t.same(ended.body.data.result.authority, { effectiveTo: '2025-01-01' });
  t.equal((await api.gql(END, { input: { authorityId: bloc.id, effectiveTo: '2025-06-01' } })).body.data.result.code, 'CONFLICT', 'a rule ends once');
  const in2025 = docGid((await createDecision(api.app, { issuedOn: '2025-03-01' })).id);
  const lateAward = (await api.gql(RECORD, { input: { awardedById: orgGid(tree.U1), decisionId: in2025, rows: [{ memberId: memberGid(deep), form: 'CERTIFICATE_OF_MERIT', reason: 'x', fromYear: 2024 }] } })).body.data.result;
  t.equal(lateAward.rule, 'BEYOND_AUTHORITY', 'after the rule ended');
  const added = await api.request({
    method: 'POST',
    url: '/api/v1/commendation-authorities',
    payload: { organizationKind: 'UPPER_GRASSROOTS_COMMITTEE', form: 'DIPLOMA_OF_MERIT', subject: 'MEMBER', effectiveFrom: '2025-02-01', source: 'Quy định mới (thử nghiệm)' },
  });
  t.equal(added.status, 201);
  const newAward = (await api.gql(RECORD, { input: { awardedById: orgGid(tree.U1), decisionId: in2025, rows: [{ memberId: memberGid(deep), form: 'DIPLOMA_OF_MERIT', reason: 'x', fromYear: 2024 }] } })).body.data.result;
  t.equal(newAward.__typename, 'RecordCommendationsPayload', 'the new rule applies from its day');
  const badRule = await api.request({
    method: 'POST',
    url: '/api/v1/commendation-authorities',
    payload: { organizationKind: 'NO_SUCH_KIND', form: 'PRAISE', subject: 'MEMBER', effectiveFrom: '2025-02-01', source: 'x' },
  });
  t.same([badRule.status, badRule.body.code], [400, 'VALIDATION_FAILED']);
  const duplicate = await api.request({
    method: 'POST',
    url: '/api/v1/commendation-authorities',
    payload: { organizationKind: 'UPPER_GRASSROOTS_COMMITTEE', form: 'DIPLOMA_OF_MERIT', subject: 'MEMBER', effectiveFrom: '2026-01-01', source: 'x' },
  });
  t.same([duplicate.status, duplicate.body.code], [409, 'CONFLICT'], 'the same rule twice at once');
});

t.test('titles need their ratings; bad rows are refused with nothing written; statistics', async (t) => {
  const { api, tree, official } = await setup(t);
  const member = await official('Xuất Sắc Năm Năm', '2010-01-01');
  const decision = await createDecision(api.app, { issuedOn: '2023-12-20' });
  const rate = async (subject: 'ORGANIZATION' | 'MEMBER', year: number, level: 'EXCELLENT' | 'GOOD') =>
    api.app.services.ratings.rate({
      subject,
      ratedById: subject === 'ORGANIZATION' ? tree.U1 : tree.G1,
      period: { year },
      decisionId: decision.id,
      rows: [subject === 'ORGANIZATION' ? { organizationId: tree.G1, level } : { memberId: member, level }],
    });
  for (const year of [2019, 2020, 2021, 2022]) await rate('MEMBER', year, 'EXCELLENT');
  await rate('MEMBER', 2023, 'GOOD');
  const award = docGid((await createDecision(api.app, { issuedOn: '2024-01-20', number: '45-QĐ/ĐUK' })).id);
  const record = (rows: object[], awardedById = tree.U1) => api.gql(RECORD, { input: { awardedById: orgGid(awardedById), decisionId: award, rows } }).then((r) => r.body.data.result);
  const clean = { organizationId: orgGid(tree.G1), form: 'CERTIFICATE_OF_MERIT', title: 'EXEMPLARY_CLEAN_STRONG', reason: 'Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu năm 2023', fromYear: 2023 };
  const fiveYears = { memberId: memberGid(member), form: 'CERTIFICATE_OF_MERIT', title: 'EXCELLENT_FIVE_YEARS_RUNNING', reason: 'Hoàn thành xuất sắc nhiệm vụ 5 năm liền', fromYear: 2019, toYear: 2023 };

  const cases: [string, object[], string, string?][] = [
    ['a yearly title without the EXCELLENT rating', [clean], 'RATINGS_NOT_MET', 'not rated EXCELLENT in 2023'],
    ['five years with one GOOD', [fiveYears], 'RATINGS_NOT_MET', 'not rated EXCELLENT in 2023'],
    ['five years given as four', [{ ...fiveYears, fromYear: 2020 }], 'VALIDATION_FAILED', 'covers 5 years running: from 2019 to 2023'],
    ['a grassroots title for a branch', [{ ...clean, organizationId: orgGid(tree.B1) }], 'TITLE_NOT_FOR_SUBJECT'],
    ['a member title for an organisation', [{ ...clean, title: 'EXCELLENT_FIVE_YEARS_RUNNING' }], 'BEYOND_AUTHORITY'],
    ['a period after the decision’s year', [{ ...clean, title: null, fromYear: 2025 }], 'VALIDATION_FAILED'],
    ['both a member and an organisation', [{ ...clean, title: null, memberId: memberGid(member) }], 'VALIDATION_FAILED'],
    ['an empty reason', [{ ...clean, title: null, reason: '  ' }], 'VALIDATION_FAILED'],
    ['a year out of range', [{ ...clean, title: null, fromYear: -5 }], 'VALIDATION_FAILED'],
    ['no rows', [], 'VALIDATION_FAILED'],
  ];
  for (const [label, rows, expected, message] of cases) {
    const before = await api.snapshot();
    const result = await record(rows);
    t.equal(result.rule ?? result.code, expected, `${label}: ${expected}`);
    if (message) t.match(result.message, message);
    t.same(await api.snapshot(), before, `${label}: nothing written`);
  }
  await rate('ORGANIZATION', 2023, 'EXCELLENT');
  await rate('MEMBER', 2023, 'EXCELLENT');
  const done = await record([clean, fiveYears, { memberId: memberGid(member), form: 'CERTIFICATE_OF_MERIT', reason: 'Thành tích trong công tác phát triển đảng viên', fromYear: 2023 }]);
  t.equal(done.__typename, 'RecordCommendationsPayload', 'with the ratings: awarded');
  t.match(done.commendations[0], { title: 'EXEMPLARY_CLEAN_STRONG', organization: { code: 'G1' }, awardedBy: { code: 'U1' }, decidedOn: '2024-01-20' });
  t.match(done.commendations[1], { subject: 'MEMBER', fromYear: 2019, toYear: 2023, member: { fullName: 'Xuất Sắc Năm Năm' }, organization: { code: 'B1' } });
  const twice = await record([clean]);
  t.equal(twice.rule, 'ALREADY_AWARDED', 'a title once per period');

  // Bloc U2 commends too; the provincial committee gives a Bằng khen and a badge.
  const other = await official('Khối Doanh Nghiệp', '1993-01-01', tree.B3);
  t.equal((await record([{ memberId: memberGid(other), form: 'CERTIFICATE_OF_MERIT', reason: 'x', fromYear: 2023 }], tree.U2)).__typename, 'RecordCommendationsPayload');
  t.equal((await record([{ organizationId: orgGid(tree.G2), form: 'DIPLOMA_OF_MERIT', reason: 'x', fromYear: 2023 }], tree.P)).__typename, 'RecordCommendationsPayload');
  const badgeDecision = docGid((await createDecision(api.app, { issuedOn: '2024-01-30' })).id);
  const badge = await api.gql(AWARD, { input: { awardedById: orgGid(tree.P), awardDate: '2024-02-03', decisionId: badgeDecision, rows: [{ memberId: memberGid(other), milestone: 30 }] } });
  t.equal(badge.body.data.result.__typename, 'AwardPartyBadgesPayload');

  const STATS = `query ($id: ID!) { s: commendationStatistics(organizationId: $id, from: "2024-01-01", to: "2024-03-31") {
    commendations { form subject count } titles { title count } commendationsTotal badgesByMilestone { milestone count } badgesByBasis { basis count } badgesTotal } }`;
  const { result: stats, statements } = await api.countStatements(() => api.gql(STATS, { id: orgGid(tree.U1) }));
  t.same(stats.body.data.s, {
    commendations: [
      { form: 'CERTIFICATE_OF_MERIT', subject: 'ORGANIZATION', count: 1 },
      { form: 'CERTIFICATE_OF_MERIT', subject: 'MEMBER', count: 2 },
      { form: 'DIPLOMA_OF_MERIT', subject: 'ORGANIZATION', count: 1 },
    ],
    titles: [
      { title: 'EXEMPLARY_CLEAN_STRONG', count: 1 },
      { title: 'EXCELLENT_FIVE_YEARS_RUNNING', count: 1 },
    ],
    commendationsTotal: 4,
    badgesByMilestone: [],
    badgesByBasis: [],
    badgesTotal: 0,
  }, 'U1: its own and the province’s commendations of its subtree, not U2’s');
  t.equal(statements, 3, 'statistics: 3 SQL statements (the caller, the path, the figures)');
  const province = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.P)}/commendation-statistics?from=2024-01-01&to=2024-03-31` });
  t.match(province.body, { commendationsTotal: 5, badgesByMilestone: [{ milestone: 30, count: 1 }], badgesByBasis: [{ basis: 'REGULAR', count: 1 }], badgesTotal: 1 }, 'REST, the whole province');
  const viewer = await api.signInAs('VIEWER', tree.U2);
  const seen = await viewer.gql(`query ($id: ID!) { commendations(organizationId: $id, from: "2024-01-01", to: "2024-12-31") { member { fullName } } }`, { id: orgGid(tree.P) });
  t.same(seen.body.data.commendations, [{ member: { fullName: 'Khối Doanh Nghiệp' } }], 'a viewer of U2 sees the commendations of U2 only');
  const list = await viewer.gql(ELIGIBILITY, { id: orgGid(tree.U2), day: '2024-05-19' });
  t.equal(list.body.errors[0].extensions.code, 'FORBIDDEN', 'badge lists are for the organisation department');
});

t.test('the eligibility list of a 5,000-member subtree costs the same SQL statements as of a branch', async (t) => {
  const { api, tree } = await setup(t);
  // 5,000 members admitted 1980–1999 in the branches of U2's subtree, without events after their recognition.
  const branches = [tree.B3];
  const records = Array.from({ length: 5000 }, (_, i) => {
    const admittedOn = new Date(Date.UTC(1980, 0, 1) + ((i * 7919) % (20 * 365)) * 86400_000).toISOString().slice(0, 10);
    return {
      person: { fullName: `Đảng Viên Số ${i}`, gender: 'MALE' as const, dateOfBirth: '1950-01-01', partyCardNumber: `BULK${i}` },
      events: [
        { type: 'ADMITTED' as const, occurredOn: admittedOn, decisionId: tree.decision.id, organizationId: branches[i % branches.length]! },
        { type: 'RECOGNIZED_OFFICIAL' as const, occurredOn: `${Number(admittedOn.slice(0, 4)) + 1}${admittedOn.slice(4)}`, decisionId: tree.decision.id },
      ],
    };
  });
  for (let start = 0; start < records.length; start += 1000) await api.app.services.members.importHistories(records.slice(start, start + 1000));
  const one = (await api.app.services.members.admit({ fullName: 'Một Mình', gender: 'FEMALE', dateOfBirth: '1950-01-01', organizationId: tree.G2, admittedOn: '1990-01-01', decisionId: tree.decision.id }));
  await api.app.services.members.recordEvent(one, 'RECOGNIZED_OFFICIAL', { occurredOn: '1991-01-01', decisionId: tree.decision.id });

  const QUERY = `query ($id: ID!) { list: partyBadgeEligibility(organizationId: $id, awardDate: "2024-02-03") { member { fullName } organization { code parent { code } } milestone basis status } }`;
  const small = await api.countStatements(() => api.gql(QUERY, { id: orgGid(tree.G2) }));
  const large = await api.countStatements(() => api.gql(QUERY, { id: orgGid(tree.U2) }));
  const expected = records.filter((r) => r.events[0]!.occurredOn <= '1994-02-03').length;
  t.equal(small.result.body.data.list.length, 1);
  t.equal(large.result.body.data.list.length, expected, `the ${expected} of 5,000 members with 30 years of party age by 2024-02-03`);
  t.ok(large.result.body.data.list.every((c: { organization: { code: string; parent: { code: string } } }) => c.organization.code === 'B3' && c.organization.parent.code === 'G3'));
  t.equal(large.statements, small.statements, `the same statements for 1 and ${expected} members of 5,000`);
  t.ok(large.statements <= 10, `a handful of statements (${large.statements}): the list is computed in one query`);
});
