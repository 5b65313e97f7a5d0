import { once } from 'node:events';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import ExcelJS from '../../shared/exceljs.js';
import type { Job } from '../../generated/prisma/client.js';
import { idParam, problemResponses } from '../../http/schemas.js';
import { CONTENT_TYPES } from '../../http/tabular.js';
import { ValidationError } from '../../shared/errors.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { HISTORY_COLUMNS, HISTORY_SHEET, MEMBER_COLUMNS, MEMBER_SHEET } from './members.import.js';
import { RATING_IMPORT_COLUMNS, RATING_SHEET } from './ratings.import.js';
import { ATTENDANCE_IMPORT_COLUMNS, ATTENDANCE_SHEET, CANDIDATE_IMPORT_COLUMNS, CANDIDATE_SHEET } from './candidates.import.js';
import { TARGET_IMPORT_COLUMNS, TARGET_SHEET, VALUE_IMPORT_COLUMNS, VALUE_SHEET } from './indicators.import.js';
import { ORGANIZATION_HISTORY_SHEET, ORGANIZATION_IMPORT_COLUMNS, ORGANIZATION_SHEET, VERSION_IMPORT_COLUMNS } from './organizations.import.js';
import type { ColumnSpec, ImportFormat } from './sheets.js';

/** The largest file an import takes: a province's members in csv with room to spare. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** The longest a request waits for its job when it asks to (Prefer: wait=N). */
const MAX_WAIT_SECONDS = 60;

const KINDS = {
  members: { job: 'import.members', capability: 'manageMembers', title: 'Nhập đảng viên', sheets: [{ name: MEMBER_SHEET, columns: MEMBER_COLUMNS }, { name: HISTORY_SHEET, columns: HISTORY_COLUMNS }] },
  organizations: { job: 'import.organizations', capability: 'manageStructure', title: 'Nhập tổ chức đảng', sheets: [{ name: ORGANIZATION_SHEET, columns: ORGANIZATION_IMPORT_COLUMNS }, { name: ORGANIZATION_HISTORY_SHEET, columns: VERSION_IMPORT_COLUMNS }] },
  ratings: { job: 'import.ratings', capability: 'manageRatings', title: 'Nhập kết quả xếp loại chất lượng', sheets: [{ name: RATING_SHEET, columns: RATING_IMPORT_COLUMNS }] },
  indicators: { job: 'import.indicators', capability: 'manageIndicators', title: 'Nhập chỉ tiêu và kết quả thực hiện', sheets: [{ name: TARGET_SHEET, columns: TARGET_IMPORT_COLUMNS }, { name: VALUE_SHEET, columns: VALUE_IMPORT_COLUMNS }] },
  candidates: { job: 'import.candidates', capability: 'proposeCandidates', title: 'Nhập quần chúng ưu tú và kết quả học tập', sheets: [{ name: CANDIDATE_SHEET, columns: CANDIDATE_IMPORT_COLUMNS }, { name: ATTENDANCE_SHEET, columns: ATTENDANCE_IMPORT_COLUMNS }] },
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];

const ProblemSchema = Type.Object({
  sheet: Type.String(),
  row: Type.Union([Type.Integer(), Type.Null()], { description: 'The row of the sheet (1 is the headings).' }),
  column: Type.Union([Type.String(), Type.Null()], { description: 'The column’s heading.' }),
  value: Type.Union([Type.String(), Type.Null()]),
  code: Type.String({ description: 'REQUIRED, INVALID_DATE, DATE_OUT_OF_RANGE, INVALID_TEXT, TOO_LONG, UNKNOWN_VALUE, MISSING_COLUMN, DUPLICATE_COLUMN, DUPLICATE_IN_FILE, ALREADY_RECORDED, UNKNOWN_ORGANIZATION, UNKNOWN_MEMBER_KEY, DUPLICATE_KEY, DECISION_ISSUER_REQUIRED, AMBIGUOUS_DECISION, DATE_ORDER, INVALID_NUMBER, UNKNOWN_PERIOD, UNKNOWN_CANDIDATE, AMBIGUOUS_CANDIDATE, MEMBER_MISMATCH, CLASS_CONTRADICTS_RECORD, INVALID_NATIONAL_ID, INVALID_EMAIL, INVALID_PHONE, INVALID_DETAILS, INVALID_HISTORY, BRANCH_CONTRADICTS_HISTORY, PARENT_CYCLE, REFUSED, EMPTY_FILE, TOO_MANY_ROWS' }),
  message: Type.String(),
});

export const JobSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({ description: 'import.members, import.organizations, import.ratings, import.indicators, import.candidates, or export (a list export run as a job: its file is at /jobs/{id}/file).' }),
    status: Type.Union(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'].map((s) => Type.Literal(s)), {
      description: 'SUCCEEDED: the step was done (a validation that found problems too); FAILED: refused (a commit with problems writes nothing) or stopped.',
    }),
    phase: Type.String({ description: 'QUEUED, PARSING, VALIDATING, WRITING, DONE.' }),
    done: Type.Integer(),
    total: Type.Union([Type.Integer(), Type.Null()]),
    params: Type.Object({}, { additionalProperties: true, description: 'The step, format, file name, size and SHA-256.' }),
    result: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
    problemCount: Type.Integer(),
    problems: Type.Array(ProblemSchema, { description: 'Every problem found, sorted by sheet and row (the first 5,000).' }),
    actorName: Type.String(),
    attempts: Type.Integer({ description: 'How many times a runner took it (more than one: a runner stopped during it).' }),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Job' },
);

export function jobDto(job: Job) {
  return {
    id: toGlobalId('Job', job.id),
    kind: job.kind,
    status: job.status,
    phase: job.phase,
    done: job.done,
    total: job.total,
    params: job.params as Record<string, unknown>,
    result: (job.result as Record<string, unknown> | null) ?? null,
    problemCount: job.problemCount,
    problems: (job.problems as unknown[] | null) ?? [],
    actorName: job.actorName,
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

const ImportQuery = Type.Object(
  {
    kind: Type.Union(KIND_NAMES.map((k) => Type.Literal(k)), { examples: ['members'], description: 'What the file holds: members (with their histories), organizations, ratings (a year’s quality ratings), indicators (targets and reported values), or candidates (quần chúng ưu tú, with the classes they and members attend and their results); a csv holds one sheet.' }),
    step: Type.Optional(Type.Union([Type.Literal('validate'), Type.Literal('commit')], { description: 'validate (default): report every problem, write nothing; commit: write all rows or none.' })),
    filename: Type.Optional(Type.String({ maxLength: 200, description: 'The file’s name, kept with the job and its audit event.' })),
  },
  { additionalProperties: false },
);

/** xlsx is a zip: it starts with "PK". */
const formatOf = (request: FastifyRequest, body: Buffer): ImportFormat => {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (type === 'text/csv') return 'csv';
  if (type === CONTENT_TYPES.xlsx) return 'xlsx';
  return body.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : 'csv';
};

/** Prefer: wait=N (RFC 7240): how long the caller will wait for the job to end. */
function waitSeconds(request: FastifyRequest): number {
  const match = /(?:^|[,;\s])wait=(\d+)/.exec(String(request.headers.prefer ?? ''));
  return match ? Math.min(Number(match[1]), MAX_WAIT_SECONDS) : 0;
}

export async function importRoutes(app: FastifyInstance) {
  app.addContentTypeParser(['text/csv', CONTENT_TYPES.xlsx, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/imports',
    {
      config: { upload: { 'text/csv': { type: 'string' }, [CONTENT_TYPES.xlsx]: { type: 'string', format: 'binary' }, 'application/octet-stream': { type: 'string', format: 'binary' } } },
      schema: {
        tags: ['imports'],
        operationId: 'startImport',
        summary: 'Import a spreadsheet (xlsx or csv): members with their histories, organisations, ratings, indicator targets and values, or candidates and class results; validate, then commit',
        description:
          'The body is the file itself (Content-Type text/csv, the xlsx type, or application/octet-stream). The import runs as a job: ' +
          'the answer is 202 with the job (poll GET /jobs/{id}, or subscribe to jobProgress), or, with `Prefer: wait=N` (at most 60 s), ' +
          '200 with the finished job when it ends within N seconds. A validation writes nothing and lists every problem with its sheet, ' +
          'row, column and value; a commit checks the same and writes all rows or none. One audit event records the import with its counts ' +
          'and the file’s SHA-256.',
        querystring: ImportQuery,
        headers: Type.Object({ prefer: Type.Optional(Type.String({ description: 'wait=N: answer when the job ends, waiting at most N seconds (60).' })) }),
        response: { 200: Type.Ref('Job'), 202: Type.Ref('Job'), ...problemResponses(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const query = request.query as Static<typeof ImportQuery>;
      const kind = KINDS[query.kind as Kind];
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw ValidationError.field('body', 'send the file as the body (text/csv or xlsx)');
      const format = formatOf(request, body);
      const job = await request.services.jobs.enqueue(kind.job, kind.capability, { step: query.step ?? 'validate', format, filename: query.filename ?? null }, body);
      reply.header('location', `/api/v1/jobs/${toGlobalId('Job', job.id)}`);
      const wait = waitSeconds(request);
      const finished = wait > 0 ? await waitFor(app, request, job.id, wait) : null;
      app.jobs.kick();
      if (finished) return reply.status(200).send(jobDto(finished));
      return reply.status(202).send(jobDto(await request.services.jobs.get(job.id)));
    },
  );

  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['imports'],
        operationId: 'getJob',
        summary: 'A job (an import): its status, phase and progress, problems and result',
        description: 'Readable by who started it and by administrators of its subtree; any other id is not found.',
        params: idParam,
        response: { 200: Type.Ref('Job'), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => jobDto(await request.services.jobs.get(fromGlobalId('Job', (request.params as Static<typeof idParam>).id, 'id'))),
  );

  app.get(
    '/jobs/:id/file',
    {
      config: { streamed: true },
      schema: {
        tags: ['imports'],
        operationId: 'getJobFile',
        summary: 'The file an export run as a job made (Prefer: respond-async on an export)',
        description:
          'For the one who started the export only (the file is the list as their rights show it), while they still hold the right it was made with, ' +
          'for a day after the job ended; anyone else, and afterwards: not found. Each download is recorded in the audit trail.',
        params: idParam,
        response: {
          200: { description: 'The file (Content-Disposition: attachment).', content: { [CONTENT_TYPES.xlsx]: { schema: Type.String({ format: 'binary' }) }, 'text/csv': { schema: Type.String() } } },
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { job, output, role } = await request.services.jobs.file(fromGlobalId('Job', (request.params as Static<typeof idParam>).id, 'id'));
      const file = (job.result as { file?: { name?: string; contentType?: string; rows?: number } } | null)?.file;
      // Each download is recorded: who took the file of which export, and when.
      await request.services.audit.recordRead(role, { action: 'EXPORT_DOWNLOADED', entityType: 'Job', entityId: job.id, scopePath: job.scopePath, after: { list: (job.params as { list?: string }).list ?? null, rows: file?.rows ?? null } });
      return reply
        .type(file?.contentType ?? 'application/octet-stream')
        .header('content-disposition', `attachment; filename="${file?.name ?? 'export'}"`)
        .header('cache-control', 'private, no-store')
        .send(output);
    },
  );

  app.get(
    '/imports/templates/:kind',
    {
      schema: {
        tags: ['imports'],
        operationId: 'getImportTemplate',
        summary: 'The workbook to fill in for an import: its sheets with their headings, and a sheet that explains every column (in Vietnamese)',
        params: Type.Object({ kind: Type.Union(KIND_NAMES.map((k) => Type.Literal(k)), { examples: ['members'] }) }),
        response: { 200: { description: 'The template (xlsx).', content: { [CONTENT_TYPES.xlsx]: { schema: Type.String({ format: 'binary' }) } } }, ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const kind = (request.params as { kind: Kind }).kind;
      return sendTemplate(reply, kind);
    },
  );
}

/** Starts the job here and waits for its end, at most `seconds`; null when it has not ended. */
async function waitFor(app: FastifyInstance, request: FastifyRequest, id: string, seconds: number): Promise<Job | null> {
  const stop = new AbortController();
  const ended = (async () => {
    for (;;) {
      const [finishedId] = await once(app.jobs, 'finished', { signal: stop.signal });
      if (finishedId === id) return;
    }
  })().catch(() => {});
  app.jobs.kick();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, seconds * 1000)));
  await Promise.race([ended, timeout]);
  clearTimeout(timer);
  stop.abort();
  // Another instance may have run it: the table says.
  const job = await request.services.jobs.get(id);
  return job.status === 'SUCCEEDED' || job.status === 'FAILED' ? job : null;
}

async function sendTemplate(reply: FastifyReply, kind: Kind) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'party-building-service';
  const guide: { sheet: string; header: string; required: boolean; note: string }[] = [];
  for (const { name, columns } of KINDS[kind].sheets) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = (columns as readonly ColumnSpec<string>[]).map((column) => ({ header: column.required ? `${column.header}*` : column.header, width: Math.max(column.header.length + 4, 14) }));
    sheet.getRow(1).font = { bold: true };
    for (const column of columns as readonly ColumnSpec<string>[]) guide.push({ sheet: name, header: column.header, required: !!column.required, note: column.note });
  }
  const help = workbook.addWorksheet('Hướng dẫn');
  help.columns = [
    { header: 'Sheet', width: 28 },
    { header: 'Cột', width: 34 },
    { header: 'Bắt buộc', width: 10 },
    { header: 'Nội dung', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const row of guide) help.addRow([row.sheet, row.header, row.required ? 'Có' : '', row.note]);
  help.addRow([]);
  help.addRow(['', 'Ngày', '', 'Ghi ngày/tháng/năm (dd/mm/yyyy) hoặc dùng ô ngày của Excel. Các dòng có thể theo bất kỳ thứ tự nào.']);
  help.addRow(['', 'Kiểm tra rồi ghi', '', 'Gửi tệp với step=validate để nhận mọi lỗi (dòng, cột, giá trị); sửa rồi gửi lại với step=commit: ghi tất cả hoặc không ghi gì.']);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return reply
    .type(CONTENT_TYPES.xlsx)
    .header('content-disposition', `attachment; filename="mau-nhap-${kind}.xlsx"`)
    .header('cache-control', 'private, no-store')
    .send(buffer);
}
