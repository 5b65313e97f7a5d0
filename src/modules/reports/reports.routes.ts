import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { dateSchema, idParam, problemResponses, yearSchema } from '../../http/schemas.js';
import { CONTENT_TYPES } from '../../http/tabular.js';
import { searchKey } from '../../shared/text.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { authorizeSubjects, type Capability } from '../auth/access.js';
import { StatisticsSchema as CommendationStatisticsSchema } from '../commendations/commendations.routes.js';
import { ResultSchema, resultDto } from '../indicators/indicators.routes.js';
import { Counts } from '../ratings/ratings.routes.js';
import { StatisticsSchema as InspectionStatisticsSchema } from '../inspections/inspections.routes.js';
import { REPORT_FORM_KINDS, type ReportForm, type ReportFormKind } from './forms.service.js';
import type { PeriodReport } from './period-report.service.js';
import { periodReportDocument, periodReportWorkbook, reportFormWorkbook } from './render.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The same shape without its $id: a schema of another module's scope, inlined here. */
function inline<T extends TSchema>(schema: T): TSchema {
  const { $id: _id, ...rest } = schema as T & { $id?: string };
  return rest as TSchema;
}

const FORM_PATHS: Record<string, ReportFormKind> = { movement: 'MOVEMENT', structure: 'STRUCTURE', 'ethnicity-religion': 'ETHNICITY_RELIGION', organizations: 'ORGANIZATIONS' };
const FormParams = Type.Object({
  id: Type.String({ description: 'Global id of the organisation.' }),
  form: Type.Union(
    Object.keys(FORM_PATHS).map((path) => Type.Literal(path)),
    { description: 'movement: Biểu 1 (increase and decrease); structure: Biểu 3 (the membership); ethnicity-religion: Biểu 4; organizations: Biểu 5 (types of grassroots organisation).' },
  ),
});
const FormQuery = Type.Object(
  {
    from: Type.Optional(dateSchema({ description: 'The first day of the period (movement: required).' })),
    to: dateSchema({ description: 'The last day of the period: the day the membership and organisations are counted on.' }),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx')], { description: 'json (default) or xlsx (the form laid out for print).' })),
  },
  { additionalProperties: false },
);
const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);
const RowSchema = Type.Object({
  code: Type.String(),
  label: Type.String(),
  depth: Type.Integer({ description: 'Indentation: 0 a heading row, 1 its parts, 2 theirs.' }),
  values: Type.Array(Nullable(Type.Number()), { description: 'One per column; null where the figure is not kept or not comparable.' }),
  note: Nullable(Type.String()),
});
const FormSchema = Type.Object({
  kind: Type.Union(REPORT_FORM_KINDS.map((kind) => Type.Literal(kind))),
  number: Type.String({ examples: ['Biểu số 1'] }),
  title: Type.String(),
  organizationId: Type.String(),
  organizationCode: Type.String(),
  organizationName: Type.String(),
  from: Nullable(dateSchema()),
  to: dateSchema(),
  unit: Type.String(),
  columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), kind: Type.Union([Type.Literal('COUNT'), Type.Literal('PERCENT'), Type.Literal('DECIMAL')]) })),
  rows: Type.Array(RowSchema),
  unclassified: Type.Array(Type.Object({ dimension: Type.String(), value: Type.String(), count: Type.Integer() }), {
    description: 'Recorded texts no row counts (correct the records, or add the text to the rule reports.<dimension>).',
  }),
  checks: Type.Array(Type.Object({ name: Type.String(), holds: Type.Boolean(), detail: Type.String() })),
  sources: Type.Array(Type.Object({ rule: Type.String(), citation: Type.String() })),
});

const ReportQuery = Type.Object(
  {
    year: Type.Optional(yearSchema()),
    quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    half: Type.Optional(Type.Integer({ minimum: 1, maximum: 2, description: '1: the first six months; 2: the last six.' })),
    termId: Type.Optional(Type.String({ maxLength: 200, description: 'A term of the committee instead of a year.' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx'), Type.Literal('docx')], { description: 'json (default), xlsx (the figures) or docx (a draft report in Vietnamese).' })),
  },
  {
    additionalProperties: false,
    oneOf: [{ required: ['year'] }, { required: ['termId'], properties: { quarter: false, half: false } }],
    errorMessage: { oneOf: 'give a year (and a quarter or a half of it) or a termId (a term has neither)' },
  },
);
const ChangesSchema = Type.Object(
  Object.fromEntries(
    [
      'admitted',
      'readmitted',
      'recognizedOfficial',
      'transferredIn',
      'transferredOut',
      'transferredWithin',
      'transferredFromOutside',
      'transferredOutside',
      'removedFromRoll',
      'removedWhileProbationary',
      'expelled',
      'deceased',
      'restored',
    ].map((field) => [field, Type.Integer()]),
  ),
);
const DistributionSchema = Type.Object(Counts);
const ReportSchema = Type.Object({
  organizationId: Type.String(),
  organizationCode: Type.String(),
  organizationName: Type.String(),
  organizationKind: Type.String({ description: 'The code of its kind (BRANCH, GRASSROOTS_COMMITTEE, …).' }),
  organizationStatus: Type.String({ description: 'ACTIVE, or DISSOLVED/MERGED at the end of the period.' }),
  period: Type.Object({
    kind: Type.Union(['QUARTER', 'HALF_YEAR', 'YEAR', 'TERM'].map((kind) => Type.Literal(kind))),
    name: Type.String({ examples: ['quý III năm 2026'] }),
    from: dateSchema(),
    to: dateSchema(),
    yearBefore: Nullable(Type.Object({ from: dateSchema(), to: dateSchema() })),
  }),
  membersAtStart: Type.Integer(),
  membersAtEnd: Type.Integer(),
  membersAtEndYearBefore: Nullable(Type.Integer()),
  restructured: Type.Object({ arrived: Type.Integer(), left: Type.Integer() }, { description: 'Members who came or went with their organisation when the tree was restructured.' }),
  changes: ChangesSchema,
  changesYearBefore: Nullable(ChangesSchema),
  candidatesTrained: Type.Integer(),
  candidatesTrainedYearBefore: Nullable(Type.Integer()),
  ratings: Nullable(
    Type.Object({ year: Type.Integer(), members: DistributionSchema, membersYearBefore: DistributionSchema, organizations: DistributionSchema, organizationsYearBefore: DistributionSchema }),
  ),
  inspections: inline(InspectionStatisticsSchema),
  commendations: inline(CommendationStatisticsSchema),
  indicators: Type.Array(inline(ResultSchema)),
  rows: Type.Array(RowSchema),
});

const orgId = (id: string) => toGlobalId('Organization', id);
/** An organisation's code as a file name may carry it (ASCII letters, digits, dashes). */
const fileCode = (code: string) => searchKey(code).replace(/ /g, '-').slice(0, 40) || 'to-chuc';
const formDto = (form: ReportForm) => ({ ...form, organizationId: orgId(form.organizationId) });
const distribution = ({ year, excellent, good, completed, notCompleted, total, goodOrAbovePercent }: PeriodReport['ratings'] extends infer R ? (R extends { members: infer D } ? D : never) : never) => ({
  year,
  excellent,
  good,
  completed,
  notCompleted,
  total,
  goodOrAbovePercent,
});
const changesDto = (changes: PeriodReport['changes']) => {
  const { organizationId: _o, from: _f, to: _t, basis: _b, ...counts } = changes;
  return counts;
};
const reportDto = (report: PeriodReport) => ({
  ...report,
  organizationId: orgId(report.organizationId),
  changes: changesDto(report.changes),
  changesYearBefore: report.changesYearBefore ? changesDto(report.changesYearBefore) : null,
  ratings: report.ratings
    ? {
        year: report.ratings.year,
        members: distribution(report.ratings.members),
        membersYearBefore: distribution(report.ratings.membersYearBefore),
        organizations: distribution(report.ratings.organizations),
        organizationsYearBefore: distribution(report.ratings.organizationsYearBefore),
      }
    : null,
  inspections: { ...report.inspections, organizationId: orgId(report.inspections.organizationId) },
  commendations: (({ organizationId: _o, ...rest }) => rest)(report.commendations),
  indicators: report.indicators.map(resultDto),
});

/** A file download of a report, recorded in the audit trail as a list export is. */
async function sendFile(request: FastifyRequest, reply: FastifyReply, file: { body: Buffer; type: string; name: string; list: string; capability: Capability; organizationId: string }) {
  const { role, organizationPaths } = await authorizeSubjects(request.server.db.prisma, request.services.actor, file.capability, { organizationIds: [file.organizationId] });
  await request.services.audit.recordRead(role, {
    action: 'EXPORTED',
    entityType: 'Report',
    entityId: file.list,
    scopePath: organizationPaths.get(file.organizationId) ?? [],
    after: { filters: { ...(request.params as object), ...(request.query as object) } },
  });
  return reply
    .type(file.type)
    .header('content-disposition', `attachment; filename="${file.name}.${file.type === DOCX ? 'docx' : 'xlsx'}"`)
    .header('cache-control', 'private, no-store')
    .send(file.body);
}

const fileResponse = (types: string[], description: string) => ({
  description,
  content: {
    'application/json': { schema: Type.Ref('ReportForm') },
    ...Object.fromEntries(types.map((type) => [type, { schema: Type.String({ format: 'binary' }) }])),
  },
});

export async function reportRoutes(app: FastifyInstance) {
  app.addSchema({ ...FormSchema, $id: 'ReportForm' });
  app.addSchema({ ...ReportSchema, $id: 'PeriodReport' });

  app.get(
    '/organizations/:id/report-forms/:form',
    {
      schema: {
        tags: ['reports'],
        operationId: 'getReportForm',
        summary: 'A statistical form of the organisation commissions (Biểu 1, 3, 4, 5) for a subtree and a day or period, as JSON or xlsx',
        description:
          'Counts only, no names. Rows follow the forms of Hướng dẫn 11-HD/BTCTW as dated rule data (reports.*): texts that no row counts are listed in `unclassified`. ' +
          'Biểu 1 and 3 compare with the same day or period a year before, percentages to two decimals.',
        params: FormParams,
        querystring: FormQuery,
        response: { 200: fileResponse([CONTENT_TYPES.xlsx], 'The form (JSON), or the workbook laid out for print (xlsx, Content-Disposition: attachment).'), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const params = request.params as Static<typeof FormParams>;
      const query = request.query as Static<typeof FormQuery>;
      const organizationId = fromGlobalId('Organization', params.id, 'id');
      const form = await request.services.reportForms.form(FORM_PATHS[params.form]!, organizationId, { from: query.from ?? null, to: query.to });
      if (query.format !== 'xlsx') return reply.type('application/json').send(formDto(form));
      return sendFile(request, reply, {
        body: await reportFormWorkbook(form),
        type: CONTENT_TYPES.xlsx,
        name: `bieu-${params.form}-${fileCode(form.organizationCode)}-${form.to}`,
        list: `report-form:${params.form}`,
        capability: 'readMembers',
        organizationId,
      });
    },
  );

  app.get(
    '/organizations/:id/period-report',
    {
      schema: {
        tags: ['reports'],
        operationId: 'getPeriodReport',
        summary: 'The figures of a committee’s period report (quarter, half-year, year, term) as JSON, xlsx or a Word draft',
        description:
          'Membership and its movement, candidates trained, ratings against the year before, discipline, suspensions, inspections, commendations, badges, ' +
          'indicators against targets, each compared with the same period a year before; the docx is a draft in Vietnamese for the office to edit, percentages to two decimals.',
        params: idParam,
        querystring: ReportQuery,
        response: {
          200: {
            description: 'The report (JSON), its figures (xlsx) or a draft (docx, Content-Disposition: attachment).',
            content: {
              'application/json': { schema: Type.Ref('PeriodReport') },
              [CONTENT_TYPES.xlsx]: { schema: Type.String({ format: 'binary' }) },
              [DOCX]: { schema: Type.String({ format: 'binary' }) },
            },
          },
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { format, termId, ...period } = request.query as Static<typeof ReportQuery>;
      const organizationId = fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
      const report = await request.services.periodReports.report(organizationId, { ...period, termId: termId ? fromGlobalId('Term', termId, 'termId') : null });
      if (!format || format === 'json') return reply.type('application/json').send(reportDto(report));
      const file = { list: 'period-report', capability: 'readInspectionStatistics' as const, organizationId, name: `bao-cao-${fileCode(report.organizationCode)}-${report.period.from}-${report.period.to}` };
      if (format === 'xlsx') return sendFile(request, reply, { ...file, body: await periodReportWorkbook(report), type: CONTENT_TYPES.xlsx });
      return sendFile(request, reply, { ...file, body: await periodReportDocument(report), type: DOCX });
    },
  );
}
