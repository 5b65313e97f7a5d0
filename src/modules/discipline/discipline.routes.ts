import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { DisciplineRecord } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { decodeDisciplineInput } from './discipline.inputs.js';
import { disciplineFormLabels, violationCategoryLabels } from './discipline.labels.js';

const Form = enumSchema('DisciplineForm', disciplineFormLabels);
const Category = enumSchema('ViolationCategory', violationCategoryLabels);
const RecordSchema = Type.Object(
  {
    id: Type.String(),
    subject: Type.String(),
    organizationId: Type.String(),
    memberId: Type.Union([Type.String(), Type.Null()]),
    form: Form,
    category: Category,
    violationSummary: Type.String(),
    violatedOn: dateSchema(),
    decidedOn: dateSchema(),
    effectiveFrom: dateSchema(),
    decisionId: Type.String(),
    authorityId: Type.String(),
  },
  { $id: 'DisciplineRecord' },
);
const Body = Type.Object(
  {
    memberId: Type.Optional(Type.String()),
    organizationId: Type.Optional(Type.String()),
    form: Form,
    category: Category,
    violationSummary: Type.String({ maxLength: 5000 }),
    violatedOn: dateSchema(),
    decidedOn: dateSchema(),
    effectiveFrom: Type.Optional(dateSchema()),
    decisionId: Type.String(),
    authorityId: Type.String(),
  },
  { additionalProperties: false },
);
const Query = Type.Object({ from: dateSchema(), to: dateSchema() }, { additionalProperties: false });

const dto = (r: DisciplineRecord) => ({
  id: r.id,
  subject: r.subject,
  organizationId: toGlobalId('Organization', r.organizationId),
  memberId: r.memberId ? toGlobalId('Member', r.memberId) : null,
  form: r.form,
  category: r.category,
  violationSummary: r.violationSummary,
  violatedOn: fromDbDate(r.violatedOn),
  decidedOn: fromDbDate(r.decidedOn),
  effectiveFrom: fromDbDate(r.effectiveFrom),
  decisionId: toGlobalId('Document', r.decisionId),
  authorityId: toGlobalId('Organization', r.authorityId),
});

export async function disciplineRoutes(app: FastifyInstance) {
  app.addSchema(RecordSchema);
  app.post(
    '/discipline-records',
    {
      config: { idempotent: true },
      schema: { tags: ['discipline'], operationId: 'recordDiscipline', summary: 'Record a discipline decision (kỷ luật)', body: Body, response: { 201: Type.Ref('DisciplineRecord'), ...problemResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request, reply) => reply.status(201).send(dto(await request.services.discipline.record(decodeDisciplineInput(request.body as Static<typeof Body>)))),
  );
  app.get(
    '/organizations/:id/discipline-records',
    {
      schema: {
        tags: ['discipline'],
        operationId: 'listDisciplineRecords',
        summary: 'Discipline decisions taking effect in a period, in a subtree (inspection officers)',
        params: idParam,
        querystring: Query,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('DisciplineRecord')) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.query as Static<typeof Query>;
      const records = await request.services.discipline.ofOrganizationSubtree(fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id'), from, to);
      return { items: records.map(dto) };
    },
  );
}
