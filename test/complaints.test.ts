import { PassThrough } from 'node:stream';
import t, { type Test } from 'tap';
import { buildTestApp } from './helper.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';

const RECEIVE = `mutation ($input: ReceiveComplaintInput!) { result: receiveComplaint(input: $input) {
  __typename
  ... on ComplaintPayload { complaint { id kind status rejection dueOn deadline } }
  ... on Error { code message }
  ... on RuleViolationError { rule }
} }`;
const RESOLVE = `mutation ($input: ResolveComplaintInput!) { result: resolveComplaint(input: $input) {
  __typename
  ... on ComplaintPayload { complaint { status outcome resolvedOn } replacementRecord { id form status effectiveFrom supersedes { id form status endedOn } } }
  ... on Error { code message }
  ... on RuleViolationError { rule }
} }`;
const EXTEND = `mutation ($input: ExtendComplaintDeadlineInput!) { result: extendComplaintDeadline(input: $input) {
  __typename ... on ComplaintPayload { complaint { dueOn extendedDueOn deadline } } ... on Error { code message } ... on RuleViolationError { rule }
} }`;
const RECORD = `mutation ($input: RecordDisciplineInput!) { result: recordDiscipline(input: $input) { __typename ... on DisciplinePayload { record { id form status } } ... on Error { code message } } }`;

async function setUp(t: Test, options: { logStream?: PassThrough } = {}) {
  const api = await buildTestApp(t, options.logStream ? { LOG_LEVEL: 'trace' } : {}, options);
  const tree = await buildTree(api.app, '2015-01-01');
  const d = docGid(tree.decision.id);
  const official = async (name: string) => {
    const id = await admitMember(api.app, tree.B1, tree.decision.id, { fullName: name, admittedOn: '2016-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2017-01-01', decisionId: tree.decision.id });
    return id;
  };
  const discipline = async (memberId: string, form: string, decidedOn = '2025-12-15') => {
    const result = await api.gql(RECORD, {
      input: { memberId: memberGid(memberId), form, category: 'GENERAL', violationSummary: 'Vi phạm quy định', violatedOn: '2025-06-01', decidedOn, decisionId: d, authorityId: orgGid(tree.U1) },
    });
    return result.body.data.result.record as { id: string; form: string };
  };
  return { api, tree, d, official, discipline };
}

const SENDER = { name: 'Trần Thị Tố Giác', address: '12 Ngõ Bí Mật, phường Kín', phone: '0912345678', email: 'nguoito@example.vn' };

t.test('appeals: the one-month window, the decision in force meanwhile, 90 working days across Tết, outcomes with history', async (t) => {
  const { api, tree, d, official, discipline } = await setUp(t);
  const expelledId = await official('Lê Văn Khiếu');
  const expulsion = await discipline(expelledId, 'EXPULSION');
  const appeal = (extra: object) =>
    api.gql(RECEIVE, {
      input: { kind: 'APPEAL', handlerId: orgGid(tree.P), disciplineRecordId: expulsion.id, summary: 'Đề nghị xem xét lại', sender: { name: 'Lê Văn Khiếu', address: 'Hà Nội' }, signed: true, ...extra },
    }).then((r) => r.body.data.result);

  // Notified on 20 December 2025: one month runs to 20 January 2026.
  const late = await appeal({ notifiedOn: '2025-12-20', receivedOn: '2026-01-21' });
  t.same([late.complaint.status, late.complaint.rejection, late.complaint.dueOn], ['NOT_PROCESSED', 'FILED_LATE', null], 'the day after the month: kept and screened (quá thời hạn), not refused unrecorded');

  const filed = await appeal({ notifiedOn: '2025-12-20', receivedOn: '2026-01-20' });
  t.equal(filed.__typename, 'ComplaintPayload', 'the last day of the month: received');
  t.equal(filed.complaint.status, 'PROCESSING');
  // 90 working days from 20 Jan 2026: Tết (16–20 Feb on weekdays), Monday 27/4 (in lieu of Giỗ Tổ
  // on Sunday 26/4) and 30/4–1/5 are not counted, so it ends on 5 June, not on 26 May as 90
  // weekdays would.
  t.equal(filed.complaint.dueOn, '2026-06-05', '90 working days across Tết 2026');
  const central = await api.app.services.calendar.workingDaysAfter('2026-01-20', 180);
  t.ok(central > '2026-06-05', 'the central level has 180');

  // The decision stays in force while the appeal is processed.
  const during = await api.gql(`query ($id: ID!) { member(id: $id, asOf: "2026-02-01") { status } }`, { id: memberGid(expelledId) });
  t.equal(during.body.data.member.status, 'EXPELLED', 'still expelled while the appeal is pending');

  // Bad outcomes are refused with nothing changed.
  const complaintId = filed.complaint.id;
  const resolve = (input: object) => api.gql(RESOLVE, { input: { complaintId, resolvedOn: '2026-03-02', resultSummary: 'Kết luận', decisionId: d, ...input } }).then((r) => r.body.data.result);
  const before = await api.snapshot();
  for (const [input, why] of [
    [{ outcome: 'WELL_FOUNDED' }, 'a denunciation outcome'],
    [{ outcome: 'CHANGED' }, 'CHANGED without the new form'],
    [{ outcome: 'UPHELD', form: 'WARNING' }, 'a form without CHANGED'],
    [{ outcome: 'CHANGED', form: 'EXPULSION' }, 'the same form'],
    [{ outcome: 'CHANGED', form: 'DISSOLUTION' }, 'a form the subject cannot receive'],
    [{ outcome: 'ANNULLED', resolvedOn: '2026-01-19' }, 'resolved before received'],
    [{ outcome: 'ANNULLED', resultSummary: '  ' }, 'no result'],
  ] as const) {
    const result = await resolve(input);
    t.not(result.__typename, 'ComplaintPayload', `refused: ${why} (${result.code})`);
  }
  t.same(await api.snapshot(), before, 'nothing written by the refusals');

  // CHANGED: the expulsion becomes a warning; the member is back; the old record is kept, marked.
  const changed = await resolve({ outcome: 'CHANGED', form: 'WARNING' });
  t.equal(changed.__typename, 'ComplaintPayload');
  t.same(changed.complaint, { status: 'RESOLVED', outcome: 'CHANGED', resolvedOn: '2026-03-02' });
  t.match(changed.replacementRecord, { form: 'WARNING', status: 'IN_FORCE', effectiveFrom: '2026-03-02', supersedes: { id: expulsion.id, form: 'EXPULSION', status: 'CHANGED', endedOn: '2026-03-02' } });
  const after = await api.gql(`query ($id: ID!) { member(id: $id, asOf: "2026-03-02") { status } }`, { id: memberGid(expelledId) });
  t.equal(after.body.data.member.status, 'OFFICIAL', 'an expulsion changed on appeal restores the member');
  const twice = await resolve({ outcome: 'UPHELD' });
  t.equal(twice.code, 'INVALID_TRANSITION', 'a letter is resolved once');
  const again = await appeal({ notifiedOn: '2025-12-20', receivedOn: '2026-01-10' });
  t.equal(again.code, 'INVALID_TRANSITION', 'a changed decision is not appealed again');

  // ANNULLED, and UPHELD.
  const warned = await discipline(await official('Phạm Thị Hủy'), 'WARNING');
  const annulAppeal = (await api.gql(RECEIVE, {
    input: { kind: 'APPEAL', handlerId: orgGid(tree.P), disciplineRecordId: warned.id, notifiedOn: '2025-12-16', receivedOn: '2025-12-30', summary: 'Khiếu nại', sender: { name: 'Phạm Thị Hủy', address: 'Hà Nội' }, signed: true },
  })).body.data.result.complaint.id;
  const annulled = (await api.gql(RESOLVE, { input: { complaintId: annulAppeal, outcome: 'ANNULLED', resolvedOn: '2026-02-02', resultSummary: 'Xóa kỷ luật', decisionId: d } })).body.data.result;
  t.equal(annulled.complaint.outcome, 'ANNULLED');
  t.equal(annulled.replacementRecord, null);
  const records = await api.gql(`query ($o: ID!) { disciplineRecords(organizationId: $o, from: "2025-01-01", to: "2026-12-31") { form status endedOn } }`, { o: orgGid(tree.P) });
  t.same(
    records.body.data.disciplineRecords.map((r: { form: string; status: string; endedOn: string | null }) => `${r.form}:${r.status}:${r.endedOn}`).sort(),
    ['EXPULSION:CHANGED:2026-03-02', 'WARNING:ANNULLED:2026-02-02', 'WARNING:IN_FORCE:null'],
    'every record kept, with its status',
  );
  const statistics = await api.gql(`query ($o: ID!) { inspectionStatistics(organizationId: $o, from: "2025-01-01", to: "2026-12-31") { disciplinedMembers { form count } disciplinedMembersTotal } }`, { o: orgGid(tree.P) });
  t.same(statistics.body.data.inspectionStatistics, { disciplinedMembers: [{ form: 'WARNING', count: 1 }], disciplinedMembersTotal: 1 }, 'only decisions in force count as disciplined');

  // An appeal's time limit is not extended.
  const noExtension = await api.snapshot();
  const extendAppeal = await api.gql(EXTEND, { input: { complaintId: annulAppeal, decidedOn: '2026-01-05', workingDays: 10, decisionId: d } });
  t.not(extendAppeal.body.data.result.__typename, 'ComplaintPayload');
  t.same(await api.snapshot(), noExtension, 'nothing written');
  // Letters with their appealed decision and the decision it replaced: the same statements for one letter as for two.
  const LETTERS = `query ($o: ID!, $from: Date!) { complaints(organizationId: $o, from: $from, to: "2026-12-31") { kind disciplineRecord { form status supersedes { form } } } }`;
  const one = await api.countStatements(() => api.gql(LETTERS, { o: orgGid(tree.P), from: '2026-01-01' }));
  const two = await api.countStatements(() => api.gql(LETTERS, { o: orgGid(tree.P), from: '2025-01-01' }));
  t.equal(one.result.body.data.complaints.length, 2, 'the late appeal and the one received in time');
  t.equal(two.result.body.data.complaints.length, 3);
  t.equal(two.statements, one.statements, `letters with their decisions: ${two.statements} statements for 2 or 3 letters`);

  // REST: an appeal filed too late, and one for a record that does not exist.
  const rest = await api.request({
    method: 'POST',
    url: '/api/v1/complaints',
    payload: { kind: 'APPEAL', handlerId: orgGid(tree.P), disciplineRecordId: changed.replacementRecord.id, notifiedOn: '2026-03-05', receivedOn: '2026-04-06', summary: 'x', signed: true, sender: { name: 'A', address: 'B' } },
  });
  t.same([rest.status, rest.body.status, rest.body.rejection], [201, 'NOT_PROCESSED', 'FILED_LATE']);
});

t.test('denunciations: screening, 90 days with one extension of at most 30 working days, overdue', async (t) => {
  const { api, tree, d, official } = await setUp(t);
  const accused = memberGid(await official('Đỗ Văn Bị Tố'));
  const denounce = (extra: object) =>
    api.gql(RECEIVE, { input: { kind: 'DENUNCIATION', handlerId: orgGid(tree.U1), receivedOn: '2026-01-20', concerningMemberId: accused, summary: 'Tố cáo vi phạm', sender: SENDER, signed: true, ...extra } }).then(
      (r) => r.body.data.result,
    );
  const screened: [object, string | null][] = [
    [{ sender: { address: 'Hà Nội' } }, 'ANONYMOUS'],
    [{ sender: { name: 'Người Gửi' } }, 'NO_ADDRESS'],
    [{ signed: false, signatories: 0 }, 'UNSIGNED'],
    [{ signatories: 3 }, 'SIGNED_BY_SEVERAL'],
    [{}, null],
    [{ receivedOn: '2026-02-02' }, 'REPEATED_WITHOUT_NEW_EVIDENCE'],
    [{ receivedOn: '2026-02-03', newEvidence: true }, null],
  ];
  const ids: string[] = [];
  for (const [input, rejection] of screened) {
    const result = await denounce(input);
    t.equal(result.complaint.rejection, rejection, `screened: ${rejection ?? 'processed'}`);
    t.equal(result.complaint.status, rejection ? 'NOT_PROCESSED' : 'PROCESSING');
    ids.push(result.complaint.id);
  }
  const processing = ids[4]!;
  const first = await api.gql(`query ($id: ID!) { complaint(id: $id) { dueOn deadline overdue(asOf: "2026-04-21") } }`, { id: processing });
  t.same(first.body.data.complaint, { dueOn: '2026-04-20', deadline: '2026-04-20', overdue: true }, '90 days from receipt');

  const extend = (input: object) => api.gql(EXTEND, { input: { complaintId: processing, decidedOn: '2026-04-15', workingDays: 30, decisionId: d, ...input } }).then((r) => r.body.data.result);
  const before = await api.snapshot();
  t.equal((await extend({ workingDays: 31 })).rule, 'EXTENSION_LIMIT', '31 working days: refused');
  t.equal((await extend({ decidedOn: '2026-04-21' })).rule, 'EXTENSION_LIMIT', 'decided after the time limit ran out: refused');
  t.equal((await extend({ workingDays: 0 })).rule, 'EXTENSION_LIMIT', '0 days: refused');
  t.same(await api.snapshot(), before, 'nothing written');
  const extended = await extend({});
  // 30 working days after Monday 20 April 2026, without 27/4 (in lieu of Giỗ Tổ on Sunday 26/4), 30/4 and 1/5: Thursday 4 June.
  t.same(extended.complaint, { dueOn: '2026-04-20', extendedDueOn: '2026-06-04', deadline: '2026-06-04' }, '30 working days more');
  t.equal((await extend({ workingDays: 5 })).rule, 'EXTENSION_LIMIT', 'extended once');

  const overdue = async (on: string) =>
    (await api.gql(`query ($o: ID!, $on: Date!) { complaints(organizationId: $o, from: "2026-01-01", to: "2026-12-31", overdueOn: $on) { id } }`, { o: orgGid(tree.P), on })).body.data.complaints.map(
      (c: { id: string }) => c.id,
    );
  // The letter with new evidence (received 3 February) is due 90 days on, on 4 May.
  t.same(await overdue('2026-05-04'), [], 'neither is overdue on 4 May');
  t.same(await overdue('2026-05-05'), [ids[6]], 'the later letter is overdue the day after its 90 days');
  t.same(await overdue('2026-06-04'), [ids[6]], 'the extended one is not overdue on its last day');
  t.same(await overdue('2026-06-05'), [processing, ids[6]], 'both the day after');
  const resolved = await api.gql(RESOLVE, { input: { complaintId: processing, outcome: 'PARTLY_FOUNDED', resolvedOn: '2026-05-29', resultSummary: 'Đúng một phần', decisionId: d } });
  t.equal(resolved.body.data.result.complaint.outcome, 'PARTLY_FOUNDED');
  t.equal((await api.gql(RESOLVE, { input: { complaintId: ids[0]!, outcome: 'UNFOUNDED', resolvedOn: '2026-05-29', resultSummary: 'x', decisionId: d } })).body.data.result.code, 'INVALID_TRANSITION', 'a letter not processed is not resolved');
  const unsignedSigned = await denounce({ signed: false, signatories: 2 });
  t.equal(unsignedSigned.code, 'VALIDATION_FAILED', 'an unsigned letter has no signatories');
  const badKind = await denounce({ concerningMemberId: null });
  t.equal(badKind.code, 'VALIDATION_FAILED', 'a denunciation concerns someone');
});

t.test('the sender of a letter never reaches a VIEWER, BRANCH_SECRETARY or ORGANIZATION_OFFICER', async (t) => {
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  const { api, tree, d, official } = await setUp(t, { logStream });
  const accusedId = await official('Hoàng Văn Bị Tố');
  const accused = memberGid(accusedId);
  const others = {
    VIEWER: await api.signInAs('VIEWER', tree.U1),
    BRANCH_SECRETARY: await api.signInAs('BRANCH_SECRETARY', tree.B1),
    ORGANIZATION_OFFICER: await api.signInAs('ORGANIZATION_OFFICER', tree.U1),
  };
  const officer = await api.signInAs('INSPECTION_OFFICER', tree.U1);
  const input = { kind: 'DENUNCIATION', handlerId: orgGid(tree.U1), receivedOn: '2026-01-20', concerningMemberId: accused, summary: 'Tố cáo', sender: SENDER, signed: true };

  // The inspection officer records it; a mistaken second letter is refused without echoing the sender.
  const received = (await officer.gql(RECEIVE, { input })).body.data.result;
  t.equal(received.__typename, 'ComplaintPayload');
  const id = received.complaint.id as string;
  const mistaken = await officer.gql(RECEIVE, { input: { ...input, concerningMemberId: null } });
  const mistakenRest = await officer.request({ method: 'POST', url: '/api/v1/complaints', payload: { ...input, signatories: -1 } });
  t.equal(mistakenRest.status, 400);
  const resolvedRest = await officer.request({ method: 'POST', url: `/api/v1/complaints/${id}/extend`, payload: { decidedOn: '2026-01-21', workingDays: 40, decisionId: d } });
  t.equal(resolvedRest.status, 422);

  const leaks = (text: string) => [SENDER.name, SENDER.address, SENDER.phone, SENDER.email, 'Tố Giác', 'Bí Mật'].filter((secret) => text.includes(secret));

  for (const [role, client] of Object.entries(others)) {
    const answers: unknown[] = [];
    const gql = async (query: string, variables: object) => {
      const response = await client.gql(query, variables as Record<string, unknown>);
      answers.push(response.body);
      return response.body;
    };
    const one = await gql(`query ($id: ID!) { complaint(id: $id) { summary sender { name address phone email } } }`, { id });
    t.equal(one.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${role}: the letter is forbidden`);
    const list = await gql(`query ($o: ID!) { complaints(organizationId: $o, from: "2026-01-01", to: "2026-12-31") { id sender { name } } }`, { o: orgGid(tree.U1) });
    t.equal(list.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${role}: the list is forbidden`);
    await gql(`query ($id: ID!) { member(id: $id) { fullName status } }`, { id: accused });
    await gql(`query { auditEvents(first: 50) { edges { node { action before after } } } }`, {});
    const write = await gql(RECEIVE, { input: { ...input, receivedOn: '2026-01-21' } });
    t.equal(write.data?.result?.code, 'FORBIDDEN', `${role}: cannot record a letter`);
    for (const url of [`/api/v1/complaints/${id}`, `/api/v1/complaints/${id}/sender`, `/api/v1/organizations/${orgGid(tree.U1)}/complaints?from=2026-01-01&to=2026-12-31`, '/api/v1/audit-events']) {
      const response = await client.request({ method: 'GET', url });
      t.equal(response.status, 403, `${role}: GET ${url.split('?')[0]} → 403`);
      answers.push(response.body);
    }
    const posted = await client.request({ method: 'POST', url: '/api/v1/complaints', payload: input });
    t.equal(posted.status, 403);
    answers.push(posted.body);
    if (role !== 'BRANCH_SECRETARY') {
      const statistics = await gql(`query ($o: ID!) { inspectionStatistics(organizationId: $o, from: "2026-01-01", to: "2026-03-31") { complaintsByStatus { kind status count } } }`, { o: orgGid(tree.U1) });
      t.same(statistics.data.inspectionStatistics.complaintsByStatus, [{ kind: 'DENUNCIATION', status: 'PROCESSING', count: 1 }], `${role}: counts, without names`);
    }
    t.same(leaks(JSON.stringify(answers)), [], `${role}: no answer, error or denial names the sender`);
  }
  t.same(leaks(JSON.stringify([mistaken.body, mistakenRest.body, resolvedRest.body])), [], 'errors to the officer do not echo the sender either');

  // Those who may: the inspection officer and the administrator, through GraphQL and REST; each reading audited.
  const viaGraphql = await officer.gql(`query ($id: ID!) { complaint(id: $id) { sender { name address phone email } } }`, { id });
  t.same(viaGraphql.body.data.complaint.sender, SENDER, 'the inspection officer reads the sender');
  const viaRest = await api.request({ method: 'GET', url: `/api/v1/complaints/${id}/sender` });
  t.same(viaRest.body, SENDER, 'the administrator reads it through REST');
  t.equal(viaRest.headers['cache-control'], 'no-store');
  const letter = await api.request({ method: 'GET', url: `/api/v1/complaints/${id}` });
  t.notOk('sender' in letter.body, 'the letter itself comes without its sender');

  // The audit trail: readings recorded, and nowhere the identity.
  const trail = await api.app.db.prisma.auditEvent.findMany({ where: { entityId: Buffer.from(id, 'base64').toString('utf8').split(':')[1]! } });
  t.same(trail.map((event) => event.action).sort(), ['complaint.receive', 'complaint.sender.read', 'complaint.sender.read']);
  const audit = await api.app.db.prisma.$queryRaw<{ dump: string }[]>`SELECT string_agg(row_to_json(a)::text, '|') AS dump FROM audit_events a`;
  t.same(leaks(audit[0]!.dump), [], 'the audit trail never holds the sender');
  // The database holds the sender sealed: no table has it in clear.
  const everything = await api.app.db.prisma.$queryRaw<{ dump: string }[]>`
    SELECT string_agg(t::text, '|') AS dump FROM (
      SELECT row_to_json(c)::text AS t FROM complaints c UNION ALL SELECT row_to_json(s)::text FROM complaint_senders s) t`;
  t.same(leaks(everything[0]!.dump), [], 'sealed in the database');
  const sealed = await api.app.db.prisma.complaintSender.findMany();
  t.ok(sealed.length > 0 && sealed.every((row) => !Buffer.from(row.sealed).includes(Buffer.from(SENDER.phone))), 'the sealed bytes do not hold the clear text');
  // Nor any log line, at the most verbose level, of all the requests above.
  t.ok(logs.length > 50, `the log was captured (${logs.length} lines)`);
  t.same(leaks(logs.join('')), [], 'no log line names the sender');
});
