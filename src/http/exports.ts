import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TObject, type TProperties } from 'typebox';
import { authorizeSubjects, CAPABILITIES, type Actor, type Capability } from '../modules/auth/access.js';
import { fromDbDate, todayInVietnam } from '../shared/dates.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { MAX_PAGE_SIZE } from '../shared/pagination.js';
import { problemResponses } from './schemas.js';
import { CONTENT_TYPES, TABLE_FORMATS, tableSink, type Column, type TableFormat, type TableSink } from './tabular.js';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { toGlobalId } from '../shared/ids.js';
import { jobDto } from '../modules/imports/imports.routes.js';
import type { JobContext, JobOutcome } from '../modules/jobs/runner.js';
import type { JobParams } from '../modules/jobs/jobs.service.js';

/**
 * Every list as a spreadsheet: the same filters as the list (its query, without paging), the
 * same scope (the list's own service answers each page), written a page at a time.
 */

export type ListPage<T> = { items: readonly T[]; endCursor: string | null; hasNextPage: boolean };

export type ListExport<Q, T> = {
  url: string;
  /** The list's name in the audit trail ("members"). */
  list: string;
  tag: string;
  operationId: string;
  summary: string;
  /** The sheet's (Vietnamese) name, and the file's name without the date and extension. */
  sheet: string;
  filename: string;
  /** The list's query, paging and all: the paging properties are dropped. */
  query: TObject;
  /** Whose right the export uses, for the audit row. */
  capability: Capability;
  /** The list's params schema when the list hangs under an organisation (`/organizations/:id/…`). */
  params?: TObject;
  columns: readonly Column<T>[];
  /**
   * A second sheet (xlsx, asked with `history=true`): rows that belong to each page's items (a
   * member's events), written after the list in a second pass over its pages.
   */
  history?: { sheet: string; columns: readonly Column<never>[]; rowsOf(request: FastifyRequest, items: readonly T[]): Promise<readonly unknown[]> };
  /** One page of the list for this caller, after the cursor (null: the first). */
  page(request: FastifyRequest, query: Q, after: string | null, first: number): Promise<ListPage<T>>;
  /**
   * The organisation the export is of (an `underId`, the path's `:id`): the caller's right on
   * it is checked before the list is read, and the audit row is scoped by it.
   */
  organizationOf?(request: FastifyRequest, query: Q): string | null;
};

/** More pages than any list of the nation has: a runaway cursor stops here rather than looping. */
const MAX_PAGES = 200_000;

const PAGING = new Set(['first', 'after', 'withTotal']);

function exportQuery(query: TObject, history: boolean): TObject {
  const properties: TProperties = {};
  for (const [name, schema] of Object.entries(query.properties)) if (!PAGING.has(name)) properties[name] = schema;
  if (history) {
    properties.history = Type.Optional(Type.Boolean({ description: 'xlsx only: add the sheet of each row’s history (what the import reads back).' }));
  }
  properties.format = Type.Optional(
    Type.Union(
      TABLE_FORMATS.map((format) => Type.Literal(format)),
      { description: 'xlsx (default): an Excel workbook, dates as dates; csv: UTF-8 with a byte-order mark, dates dd/mm/yyyy.' },
    ),
  );
  return Type.Object(properties, { additionalProperties: false });
}

/** Every list export by its name: an export run as a job finds its list here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs of every row type in one map.
const LIST_EXPORTS = new Map<string, ListExport<any, any>>();

/** What an export run as a job keeps of its request. */
export type ExportJobParams = {
  list: string;
  format: TableFormat;
  history: boolean;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  filename: string;
  /** The right and the organisation checked when it was asked: checked again when it runs and at each download. */
  capability: Capability;
  organizationId: string | null;
};

/** At most this many exports of one caller wait or run at once: the queue is everyone's. */
export const MAX_OPEN_EXPORTS = 3;

export function registerListExport<Q, T>(app: FastifyInstance, spec: ListExport<Q, T>): void {
  LIST_EXPORTS.set(spec.list, spec);
  app.get(
    spec.url,
    {
      config: { streamed: true },
      schema: {
        tags: [spec.tag],
        operationId: spec.operationId,
        summary: spec.summary,
        description:
          'The list as a spreadsheet, with the same filters and the same scope as the list: Vietnamese column headings, ' +
          'dates as offices write them (dd/mm/yyyy), sensitive fields empty where the caller may not read them. ' +
          'Streamed a page at a time; the request is recorded in the audit trail (who took which list, with its filters). ' +
          'With `Prefer: respond-async` the export runs as a job instead (202, `Location: /api/v1/jobs/{id}`): for a large list, or ' +
          'behind a proxy that would cut a long download; the file is then at `GET /jobs/{id}/file` for the one who asked, for a day.',
        ...(spec.params ? { params: spec.params } : {}),
        querystring: exportQuery(spec.query, !!spec.history),
        headers: Type.Object({ prefer: Type.Optional(Type.String({ description: 'respond-async: run the export as a job and answer 202 at once.' })) }),
        response: {
          200: {
            description: 'The file (Content-Disposition: attachment).',
            content: {
              [CONTENT_TYPES.xlsx]: { schema: Type.String({ format: 'binary' }) },
              'text/csv': { schema: Type.String() },
            },
          },
          202: Type.Ref('Job'),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    (request, reply) => sendExport(request, reply, spec),
  );
}

async function sendExport<Q, T>(request: FastifyRequest, reply: FastifyReply, spec: ListExport<Q, T>) {
  const { format: requested, history: withHistory, ...query } = request.query as Q & { format?: TableFormat; history?: boolean };
  const format = requested ?? 'xlsx';
  if (withHistory && format !== 'xlsx') throw ValidationError.field('history', 'a history sheet needs format=xlsx (a csv file has one sheet)');
  // Authorised first: the organisation the export is of must be in the caller's subtree (an
  // unknown one is refused alike), whatever the list itself would answer for it.
  const organizationId = spec.organizationOf?.(request, query as Q) ?? null;
  const { role, organizationPaths } = await authorizeSubjects(request.server.db.prisma, request.services.actor, spec.capability, {
    organizationIds: organizationId ? [organizationId] : [],
  });
  const async = /(?:^|[,;\s])respond-async(?:$|[,;\s])/i.test(String(request.headers.prefer ?? ''));
  if (async) {
    const actor = request.services.actor;
    const open = await request.server.db.prisma.job.count({
      where: { kind: 'export', status: { in: ['QUEUED', 'RUNNING'] }, ...(actor.userId ? { userId: actor.userId } : { apiKeyId: actor.apiKeyId }) },
    });
    if (open >= MAX_OPEN_EXPORTS) throw new ConflictError(`${open} of your exports are waiting or running: ask again when one has ended`, 'prefer');
  }
  // The first page is read before anything is sent: a bad filter is a problem response, not a
  // broken file (a job's first page is read again when it runs: one row is enough to check).
  const page = await spec.page(request, query as Q, null, async ? 1 : MAX_PAGE_SIZE);
  const filename = `${spec.filename}-${todayInVietnam()}.${format}`;
  const job = async
    ? await request.services.jobs.enqueue('export', spec.capability, {
        list: spec.list,
        format,
        history: !!withHistory,
        params: request.params as Record<string, unknown>,
        query: query as Record<string, unknown>,
        filename,
        capability: spec.capability,
        organizationId,
      } satisfies ExportJobParams as unknown as JobParams, null)
    : null;
  await request.services.audit.recordRead(role, {
    action: 'EXPORTED',
    entityType: 'List',
    entityId: spec.list,
    // Without an organisation, the subtree the caller's right covers: their own audit readers see it.
    scopePath: (organizationId ? organizationPaths.get(organizationId) : null) ?? grantPath(request.services.actor, spec.capability),
    after: { format, history: !!withHistory, filters: { ...(request.params as object), ...(query as object) }, ...(job ? { jobId: job.id } : {}) },
  });
  if (job) {
    request.server.jobs.kick();
    return reply.status(202).header('location', `/api/v1/jobs/${toGlobalId('Job', job.id)}`).send(jobDto(job));
  }
  const sink = tableSink(format, spec.sheet, spec.columns);
  void writeList(request, spec, query as Q, !!withHistory, sink, page).catch((error: unknown) => {
    request.log.error({ err: error, list: spec.list }, 'export stopped');
    sink.abort(error as Error);
  });
  return reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'private, no-store').send(sink.stream);
}

/** Writes the list a page at a time (from `first`, a page already read), then its history sheet. */
async function writeList<Q, T>(request: FastifyRequest, spec: ListExport<Q, T>, query: Q, withHistory: boolean, sink: TableSink<T>, first: ListPage<T> | null, progress?: (rows: number) => Promise<void>): Promise<void> {
  let page = first ?? (await spec.page(request, query, null, MAX_PAGE_SIZE));
  await sink.write(page.items);
  for (let pages = 1; page.hasNextPage && page.endCursor; pages += 1) {
    if (pages >= MAX_PAGES) throw new Error(`export of ${spec.list} passed ${MAX_PAGES} pages`);
    if (sink.stream.destroyed) return;
    page = await spec.page(request, query, page.endCursor, MAX_PAGE_SIZE);
    await sink.write(page.items);
    await progress?.(sink.rows);
  }
  if (withHistory && spec.history) {
    const sheet = sink.nextSheet(spec.history.sheet, spec.history.columns as readonly Column<unknown>[]);
    let after: string | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      if (sink.stream.destroyed) return;
      const again: ListPage<T> = await spec.page(request, query, after, MAX_PAGE_SIZE);
      await sheet.write(await spec.history.rowsOf(request, again.items));
      if (!again.hasNextPage || !again.endCursor) break;
      after = again.endCursor;
    }
    await sheet.end();
  } else await sink.end();
}

/**
 * An export run as a job: the list read with the rights of the one who asked, as the request
 * would have (the same pages of the same service), the file kept with the job for them.
 */
export async function runExportJob(app: FastifyInstance, { job, services, progress }: JobContext): Promise<JobOutcome> {
  const params = job.params as unknown as ExportJobParams;
  const spec = LIST_EXPORTS.get(params.list);
  if (!spec) return { status: 'FAILED', result: { error: 'UNKNOWN_LIST', message: `no export of the list ${params.list}` } };
  // The right again, as it is now: a grant revoked since the export was asked refuses it (the
  // list would answer empty, and tell nothing of why).
  await authorizeSubjects(app.db.prisma, services.actor, params.capability, { organizationIds: params.organizationId ? [params.organizationId] : [] });
  // What the list's pages read of a request: the caller's services, the server, the path's parameters.
  const request = { services, server: app, params: params.params, query: params.query, log: app.log } as unknown as FastifyRequest;
  const sink = tableSink(params.format, spec.sheet, spec.columns);
  const chunks: Buffer[] = [];
  sink.stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(sink.stream, 'end');
  ended.catch(() => {}); // A failure is thrown by writeList; the stream's own error is not told twice.
  await progress('WRITING', 0);
  await writeList(request, spec, params.query, params.history, sink, null, (rows) => progress('WRITING', rows));
  await ended;
  const output = Buffer.concat(chunks);
  const file = { name: params.filename, contentType: CONTENT_TYPES[params.format], size: output.length, sha256: createHash('sha256').update(output).digest('hex'), rows: sink.rows };
  return { status: 'SUCCEEDED', result: { list: params.list, file: { ...file, url: `/api/v1/jobs/${toGlobalId('Job', job.id)}/file` } }, output, done: sink.rows };
}

function grantPath(actor: Actor, capability: Capability): number[] {
  const roles: readonly string[] = CAPABILITIES[capability];
  const grants = actor.grants.filter((grant) => roles.includes(grant.role));
  return grants.some((grant) => grant.organizationId === null) ? [] : [...(grants[0]?.path ?? [])];
}

/**
 * The names a spreadsheet prints instead of ids (a member's name, an organisation's code and
 * name, a decision's number), read for one page in three statements at most.
 */
export async function referencesOf(
  request: FastifyRequest,
  ids: { members?: Iterable<string | null | undefined>; organizations?: Iterable<string | null | undefined>; documents?: Iterable<string | null | undefined> },
) {
  const today = todayInVietnam();
  const present = (values?: Iterable<string | null | undefined>) => [...new Set([...(values ?? [])].filter((id): id is string => !!id))];
  const memberIds = present(ids.members);
  const organizationIds = present(ids.organizations);
  const documentIds = present(ids.documents);
  const members = memberIds.length ? await request.services.members.byIds(memberIds, today) : new Map();
  const organizations = organizationIds.length ? await request.services.organizations.byIds(organizationIds, today) : new Map();
  const documents = new Map(
    (documentIds.length
      ? await request.server.db.prisma.$queryRaw<{ id: string; number: string; issuer: string | null; issued_on: Date }[]>`
          SELECT d.id::text, d.number, coalesce(d.issuer_name, v.name) AS issuer, d.issued_on
          FROM documents d LEFT JOIN organization_versions v ON v.organization_id = d.issuer_id AND v.valid_to IS NULL
          WHERE d.id = ANY(${documentIds}::uuid[])`
      : []
    ).map((row) => [row.id, row]),
  );
  return {
    member: (id: string | null | undefined) => (id ? members.get(id) : undefined),
    organization: (id: string | null | undefined) => (id ? organizations.get(id) : undefined),
    /** "123-QĐ/ĐU" as the decision is cited. */
    decision: (id: string | null | undefined) => (id ? documents.get(id)?.number : undefined),
    /** Who issued it: the name outside the tree, or the issuing organisation's name now. */
    issuer: (id: string | null | undefined) => (id ? documents.get(id)?.issuer : undefined),
    issuedOn: (id: string | null | undefined) => (id && documents.has(id) ? fromDbDate(documents.get(id)!.issued_on) : undefined),
  };
}
