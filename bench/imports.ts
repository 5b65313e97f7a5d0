/**
 * Benchmark of spreadsheet imports and exports (issue 18): `npm run bench:imports -- [members]`.
 *
 * In a fresh database (`party_building_bench_imports`, dropped and made again; the embedded
 * PostgreSQL when DATABASE_URL is unset), through the service's HTTP API as an office uses it:
 * imports a tree of 1 province, 10 blocs, 200 grassroots committees and 1,000 branches, then two
 * workbooks of `members` (50,000 by default) members each with their histories (an admission
 * decision, the recognition, a transfer for one in five), each validated then committed; then
 * exports the 2 × `members` members as xlsx and as csv over a real socket, read and thrown
 * away by the client. Prints the time of each step and the process's resident memory at its
 * peak during it (sampled every 50 ms), never asserted.
 */
import { performance } from 'node:perf_hooks';
import ExcelJS from '../src/shared/exceljs.js';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/migrate.js';

const perFile = Number(process.argv[2] ?? 50_000);
const config = loadConfig();
const log = pino({ level: 'info' });
const NAME = 'party_building_bench_imports';

let server = config.DATABASE_URL;
const embedded = server ? undefined : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, database: 'party_building', log });
server ??= embedded!.url;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${NAME}`);
await admin.end();
const url = new URL(server);
url.pathname = `/${NAME}`;
await applyMigrations(url.toString());

const app = await buildApp({ ...config, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn', SEED_DEMO_DATA: false, RATE_LIMIT_PER_MINUTE: 1_000_000 });
await app.services.auth.ensureAdministrator('admin', 'bench-password-1234');
const tokens = await app.services.auth.signIn('admin', 'bench-password-1234', { requestId: 'bench' });
const auth = { authorization: `Bearer ${tokens.accessToken}` };
await app.jobs.start();
const address = await app.listen({ port: 0, host: '127.0.0.1' });

/** Runs `work`, sampling the resident memory; returns the seconds and the peak in MiB. */
async function measured<T>(label: string, work: () => Promise<T>): Promise<T> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    return await work();
  } finally {
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    results.push({ label, seconds, peakMiB: peak / 2 ** 20 });
    log.info(`${label}: ${seconds.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
  }
}
const results: { label: string; seconds: number; peakMiB: number }[] = [];

async function runImport(kind: 'members' | 'organizations', step: 'validate' | 'commit', file: Buffer) {
  const response = await fetch(`${address}/api/v1/imports?kind=${kind}&step=${step}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': kind === 'organizations' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: file,
  });
  let job = (await response.json()) as { id: string; status: string; problemCount: number; problems: unknown[]; result: unknown };
  while (job.status === 'QUEUED' || job.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = (await (await fetch(`${address}/api/v1/jobs/${encodeURIComponent(job.id)}`, { headers: auth })).json()) as typeof job;
  }
  if (job.status !== 'SUCCEEDED' || job.problemCount > 0) throw new Error(`${kind} ${step}: ${job.status} ${JSON.stringify(job.result)} ${JSON.stringify(job.problems.slice(0, 3))}`);
  return job;
}

// ---------------------------------------------------------------- the tree
const tree = ['Mã tổ chức,Tên tổ chức,Loại tổ chức,Lĩnh vực,Mã tổ chức cấp trên,Ngày thành lập,Số quyết định thành lập,Cấp quyết định thành lập'];
tree.push('BT,Đảng bộ tỉnh Thử Tải,PROVINCIAL_COMMITTEE,Cơ quan Đảng,,01/01/1990,1-QĐ/TW,Ban Chấp hành Trung ương');
const branches: string[] = [];
for (let u = 1; u <= 10; u += 1) {
  tree.push(`BT-U${u},Đảng bộ Khối ${u},UPPER_GRASSROOTS_COMMITTEE,Cơ quan Đảng,BT,01/01/1991,2-QĐ/TU,Tỉnh ủy Thử Tải`);
  for (let g = 1; g <= 20; g += 1) {
    tree.push(`BT-U${u}-G${g},Đảng bộ cơ sở ${u}.${g},GRASSROOTS_COMMITTEE,Cơ quan nhà nước,BT-U${u},01/01/1992,3-QĐ/ĐUK,Đảng ủy Khối ${u}`);
    for (let b = 1; b <= 5; b += 1) {
      const code = `BT-U${u}-G${g}-B${b}`;
      branches.push(code);
      tree.push(`${code},Chi bộ ${u}.${g}.${b},BRANCH,Cơ quan nhà nước,BT-U${u}-G${g},01/01/1993,4-QĐ/ĐU,Đảng ủy cơ sở ${u}.${g}`);
    }
  }
}
await measured(`import the tree (${tree.length - 1} organisations): commit`, () => runImport('organizations', 'commit', Buffer.from(tree.join('\n'))));

// ---------------------------------------------------------------- members
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thanh', 'Quang', 'Hữu', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hương', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Sơn', 'Thảo', 'Trang', 'Tuấn', 'Yến'];
/** A day of the year `from` (dd/mm/yyyy), `plus` years later. */
const day = (i: number, from: number, plus = 0) => `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + ((i >> 5) % 12)).padStart(2, '0')}/${from + plus}`;

async function membersWorkbook(offset: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Đảng viên');
  sheet.addRow(['Mã đảng viên', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Dân tộc', 'Số CCCD', 'Số thẻ đảng viên', 'Nghề nghiệp', 'Mã chi bộ', 'Mã chi bộ kết nạp', 'Ngày vào Đảng', 'Số quyết định kết nạp', 'Cấp quyết định kết nạp', 'Ngày chính thức', 'Số quyết định công nhận chính thức', 'Cấp quyết định công nhận']);
  const history = book.addWorksheet('Quá trình sinh hoạt đảng');
  history.addRow(['Mã đảng viên', 'Sự kiện', 'Ngày', 'Số quyết định', 'Cấp quyết định', 'Mã tổ chức']);
  for (let k = 0; k < perFile; k += 1) {
    const i = offset + k;
    const admittedYear = 1995 + (i % 25);
    const admitted = day(i, admittedYear);
    const official = day(i, admittedYear, 1);
    const moves = i % 5 === 0;
    const home = branches[i % branches.length]!;
    const now = moves ? branches[(i * 7 + 3) % branches.length]! : home;
    sheet.addRow([
      `M${i}`, `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 3) % MIDDLE.length]} ${GIVEN[(i >> 6) % GIVEN.length]} ${i}`, i % 3 ? 'Nam' : 'Nữ', day(i * 13, 1960 + (i % 20)),
      i % 17 ? 'Kinh' : 'Tày', String(1e11 + i).padStart(12, '0'), `BT${String(i).padStart(8, '0')}`, 'Công chức', now, home, admitted,
      `${100 + (i % 900)}-QĐ/ĐU`, `Đảng ủy cơ sở ${home.split('-').slice(1, 3).join('.')}`, official, `${2000 + (i % 900)}-QĐ/ĐU`, `Đảng ủy cơ sở ${home.split('-').slice(1, 3).join('.')}`,
    ]);
    if (moves) history.addRow([`M${i}`, 'Chuyển sinh hoạt đảng chính thức', `15/06/${admittedYear + 3}`, `${5000 + (i % 500)}-QĐ/ĐU`, 'Đảng ủy Khối 1', now]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

for (const [round, offset] of [[1, 0], [2, perFile]] as const) {
  const file = await membersWorkbook(offset);
  log.info(`workbook ${round}: ${perFile} members, ${(file.length / 2 ** 20).toFixed(1)} MiB`);
  await measured(`import ${perFile} members (file ${round}): validate`, () => runImport('members', 'validate', file));
  await measured(`import ${perFile} members (file ${round}): commit`, () => runImport('members', 'commit', file));
}

// The aggregate the imports kept in bulk, compared with a recount from the periods.
{
  const client = await app.db.pool.connect();
  const kept = await client.query('SELECT md5(string_agg(c::text, \',\' ORDER BY subtree_key, day)) AS digest, count(*)::int AS n FROM member_subtree_counts c');
  await client.query('BEGIN');
  await client.query('SELECT rebuild_member_subtree_counts()');
  const recounted = await client.query('SELECT md5(string_agg(c::text, \',\' ORDER BY subtree_key, day)) AS digest FROM member_subtree_counts c');
  await client.query('ROLLBACK');
  client.release();
  log.info(`count aggregate after the imports: ${kept.rows[0].n} rows, ${kept.rows[0].digest === recounted.rows[0].digest ? 'equal to' : 'DIFFERENT FROM'} a recount`);
}

// ---------------------------------------------------------------- exports
for (const format of ['xlsx', 'csv'] as const) {
  await measured(`export ${2 * perFile} members as ${format}`, async () => {
    const response = await fetch(`${address}/api/v1/members/export?format=${format}`, { headers: auth });
    if (response.status !== 200) throw new Error(`export: ${response.status}`);
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    log.info(`${format}: ${(bytes / 2 ** 20).toFixed(1)} MiB`);
  });
}

console.log('\n| step | seconds | peak RSS (MiB) |\n|---|---:|---:|');
for (const r of results) console.log(`| ${r.label} | ${r.seconds.toFixed(1)} | ${r.peakMiB.toFixed(0)} |`);
await app.close();
await embedded?.stop();
