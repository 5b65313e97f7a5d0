/**
 * Exports run as jobs (issue 18): `Prefer: respond-async` on any list export answers 202 with a
 * job; the job reads the same pages with the caller's rights and keeps the file for them alone,
 * for a day; the refusal of another subtree comes before any job is made.
 */
import t from 'tap';
import { buildTestApp, type TestApp } from './helper.js';
import { admitMember, buildTree, orgGid } from './factories.js';
import { readSheet } from './spreadsheets.js';

type JobBody = { id: string; kind: string; status: string; phase: string; done: number; result: { list: string; file: { name: string; contentType: string; size: number; sha256: string; rows: number; url: string } } };

async function finished(api: TestApp, id: string): Promise<JobBody> {
  for (let i = 0; i < 200; i += 1) {
    const response = await api.app.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: api.headers });
    const job = response.json() as JobBody;
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not end`);
}

t.test('an export as a job: the same file as the download, for the one who asked, for a day', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  for (let i = 0; i < 130; i += 1) await admitMember(api.app, i % 2 ? tree.B1 : tree.B3, tree.decision.id, { admittedOn: '2016-01-01' });
  const url = `/api/v1/members/export?format=csv&underId=${orgGid(tree.P)}`;

  const direct = await api.app.inject({ method: 'GET', url, headers: api.headers });
  t.equal(direct.statusCode, 200);
  const started = await api.app.inject({ method: 'GET', url, headers: { ...api.headers, prefer: 'respond-async' } });
  t.equal(started.statusCode, 202, 'a job, at once');
  const job = started.json() as JobBody;
  t.equal(started.headers.location, `/api/v1/jobs/${job.id}`);
  t.equal(job.kind, 'export');
  const done = await finished(api, job.id);
  t.match(done, { status: 'SUCCEEDED', done: 130, result: { list: 'members', file: { contentType: 'text/csv', rows: 130, url: `/api/v1/jobs/${job.id}/file` } } });
  const file = await api.app.inject({ method: 'GET', url: done.result.file.url, headers: api.headers });
  t.equal(file.statusCode, 200);
  t.equal(file.headers['content-type'], direct.headers['content-type']);
  t.match(String(file.headers['content-disposition']), /^attachment; filename="danh-sach-dang-vien-\d{4}-\d\d-\d\d\.csv"$/);
  t.equal(file.body, direct.body, 'the same file as the download');
  t.equal(file.rawPayload.length, done.result.file.size);
  const audits = await api.app.db.prisma.auditEvent.findMany({ where: { action: 'EXPORTED', entityId: 'members' }, orderBy: { occurredAt: 'asc' } });
  t.equal(audits.length, 2, 'each export one audit row');
  t.match(audits[1], { diff: { after: { format: 'csv', jobId: /^[0-9a-f-]{36}$/ } } }, 'the job’s in it');

  // An xlsx with its history sheet, as a job.
  const workbook = await api.app.inject({ method: 'GET', url: `/api/v1/members/export?history=true&underId=${orgGid(tree.U1)}`, headers: { ...api.headers, prefer: 'respond-async, wait=0' } });
  t.equal(workbook.statusCode, 202);
  const xlsx = await finished(api, (workbook.json() as JobBody).id);
  const bytes = await api.app.inject({ method: 'GET', url: xlsx.result.file.url, headers: api.headers });
  t.equal((await readSheet(bytes.rawPayload)).rows.length, 66, 'the heading and U1’s 65 members');
  t.equal((await readSheet(bytes.rawPayload, 'Quá trình sinh hoạt đảng')).name, 'Quá trình sinh hoạt đảng', 'and the history sheet');

  // Someone else, even an administrator who may read the job: the file is not theirs.
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U1);
  const other = await api.app.inject({ method: 'GET', url: done.result.file.url, headers: officer.headers });
  t.equal(other.statusCode, 404, 'another user does not get the file');
  // Another subtree's list: refused before a job is made, as the download is.
  const jobs = await api.app.db.prisma.job.count();
  const refused = await api.app.inject({ method: 'GET', url: `/api/v1/members/export?underId=${orgGid(tree.U2)}`, headers: { ...officer.headers, prefer: 'respond-async' } });
  t.equal(refused.statusCode, 403);
  t.equal(await api.app.db.prisma.job.count(), jobs, 'no job for a refused export');
  // A bad filter is told at once, not by a failed job.
  const bad = await api.app.inject({ method: 'GET', url: `/api/v1/members/export?underId=${orgGid(tree.U1)}&search=${'x'.repeat(300)}`, headers: { ...api.headers, prefer: 'respond-async' } });
  t.equal(bad.statusCode, 400);

  // The right is checked again when the job runs and at each download (an outside probe found
  // a revoked officer still downloading, and a job run after the revocation answering empty).
  const revoked = await api.signInAs('ORGANIZATION_OFFICER', tree.U1);
  const grantOf = async (userId: string) => (await api.app.db.prisma.roleGrant.findFirstOrThrow({ where: { userId } })).id;
  const made = await api.app.inject({ method: 'GET', url: `/api/v1/members/export?format=csv&underId=${orgGid(tree.U1)}`, headers: { ...revoked.headers, prefer: 'RESPOND-ASYNC' } });
  t.equal(made.statusCode, 202, 'Prefer is read without case');
  const madeJob = await finished(api, (made.json() as JobBody).id).catch(() => null);
  const own = await api.app.inject({ method: 'GET', url: `/api/v1/jobs/${(made.json() as JobBody).id}/file`, headers: revoked.headers });
  t.equal(own.statusCode, 200, `the officer downloads their file (${madeJob?.status})`);
  t.equal(await api.app.db.prisma.auditEvent.count({ where: { action: 'EXPORT_DOWNLOADED', actorId: revoked.userId } }), 1, 'the download is recorded');
  await api.app.services.auth.revokeGrant(await grantOf(revoked.userId));
  const after = await api.app.inject({ method: 'GET', url: `/api/v1/jobs/${(made.json() as JobBody).id}/file`, headers: revoked.headers });
  t.equal(after.statusCode, 403, 'once the grant is revoked, the file is refused');
  const late = await api.signInAs('ORGANIZATION_OFFICER', tree.U1);
  api.app.jobs.stop();
  const queued = await api.app.inject({ method: 'GET', url: `/api/v1/members/export?format=csv&underId=${orgGid(tree.U1)}`, headers: { ...late.headers, prefer: 'respond-async' } });
  const waiting = await Promise.all([1, 2].map(() => api.app.inject({ method: 'GET', url: `/api/v1/members/export?format=csv`, headers: { ...late.headers, prefer: 'respond-async' } })));
  t.same(waiting.map((w) => w.statusCode), [202, 202]);
  const fourth = await api.app.inject({ method: 'GET', url: `/api/v1/members/export?format=csv`, headers: { ...late.headers, prefer: 'respond-async' } });
  t.match({ status: fourth.statusCode, body: fourth.json() }, { status: 409, body: { code: 'CONFLICT' } }, 'a fourth export waiting is refused: the queue is everyone’s');
  await api.app.services.auth.revokeGrant(await grantOf(late.userId));
  await api.app.jobs.start();
  const failed = await finished(api, (queued.json() as JobBody).id);
  t.match(failed, { status: 'FAILED', result: { error: 'FORBIDDEN' } }, 'a job run after the grant was revoked is refused, not an empty file');

  // A day after the job ended, the file is dropped.
  t.equal(await api.app.jobs.dropExpiredFiles(), 0, 'nothing to drop yet');
  await api.app.db.prisma.job.updateMany({ where: { kind: 'export' }, data: { finishedAt: new Date(Date.now() - 25 * 3600_000) } });
  t.equal(await api.app.jobs.dropExpiredFiles(), 3);
  const gone = await api.app.inject({ method: 'GET', url: done.result.file.url, headers: api.headers });
  t.equal(gone.statusCode, 404, 'the file is gone; the job stays');
  t.equal((await api.app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: api.headers })).statusCode, 200);
});
