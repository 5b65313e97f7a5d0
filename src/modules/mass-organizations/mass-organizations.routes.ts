import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromGlobalId, requireUuid } from '../../shared/ids.js';
import { massOrganizationTypeLabels } from './mass-organizations.labels.js';

const TypeSchema = enumSchema('MassOrganizationType', massOrganizationTypeLabels);
const MassSchema = Type.Object(
  {
    id: Type.String(),
    type: TypeSchema,
    name: Type.String(),
    assessments: Type.Array(Type.Object({ year: Type.Integer(), strong: Type.Boolean() })),
  },
  { $id: 'MassOrganization' },
);
const CreateBody = Type.Object({ type: TypeSchema, name: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });
const AssessBody = Type.Object({ year: Type.Integer(), strong: Type.Boolean(), decisionId: Type.Optional(Type.String()) }, { additionalProperties: false });

export async function massOrganizationRoutes(app: FastifyInstance) {
  app.addSchema(MassSchema);
  app.get(
    '/organizations/:id/mass-organizations',
    { schema: { tags: ['indicators'], operationId: 'listMassOrganizations', summary: 'The mass organisations of a Party organisation, with their assessments', params: idParam, response: { 200: Type.Object({ items: Type.Array(Type.Ref('MassOrganization')) }), ...problemResponses(400, 401) } } },
    async (request) => {
      const id = fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
      const rows = (await request.services.massOrganizations.ofOrganizations([id])).get(id)!;
      return { items: rows.map((m) => ({ id: m.id, type: m.type, name: m.name, assessments: m.assessments.map((a) => ({ year: a.year, strong: a.strong })) })) };
    },
  );
  app.post(
    '/organizations/:id/mass-organizations',
    { config: { idempotent: true }, schema: { tags: ['indicators'], operationId: 'createMassOrganization', summary: 'Attach a mass organisation', params: idParam, body: CreateBody, response: { 201: Type.Object({ id: Type.String() }), ...problemResponses(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const body = request.body as Static<typeof CreateBody>;
      const created = await request.services.massOrganizations.create({ ...body, organizationId: fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id') });
      return reply.status(201).send({ id: created.id });
    },
  );
  app.post(
    '/mass-organization-assessments',
    {
      config: { idempotent: true },
      schema: {
        tags: ['indicators'],
        operationId: 'assessMassOrganizations',
        summary: "A committee's yearly assessments of many mass organisations at once, all or none",
        body: Type.Object(
          {
            rows: Type.Array(
              Type.Object({ massOrganizationId: Type.String(), year: Type.Integer(), strong: Type.Boolean(), decisionId: Type.Optional(Type.String()) }, { additionalProperties: false }),
              { minItems: 1, maxItems: 5000 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ items: Type.Array(Type.Object({ id: Type.String() })) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { rows } = request.body as { rows: { massOrganizationId: string; year: number; strong: boolean; decisionId?: string }[] };
      const written = await request.services.massOrganizations.assessMany(
        rows.map((row, index) => ({
          ...row,
          massOrganizationId: requireUuid(row.massOrganizationId, `rows.${index}.massOrganizationId`),
          decisionId: row.decisionId ? fromGlobalId('Document', row.decisionId, `rows.${index}.decisionId`) : null,
        })),
      );
      return reply.status(201).send({ items: written.map((assessment) => ({ id: assessment.id })) });
    },
  );
  app.post(
    '/mass-organizations/:id/assessments',
    { schema: { tags: ['indicators'], operationId: 'assessMassOrganization', summary: 'The yearly assessment: strong or not', params: idParam, body: AssessBody, response: { 201: Type.Object({ id: Type.String() }), ...problemResponses(400, 401, 403, 404) } } },
    async (request, reply) => {
      const body = request.body as Static<typeof AssessBody>;
      const assessment = await request.services.massOrganizations.assess({
        ...body,
        massOrganizationId: requireUuid((request.params as Static<typeof idParam>).id, 'id'),
        decisionId: body.decisionId ? fromGlobalId('Document', body.decisionId, 'decisionId') : null,
      });
      return reply.status(201).send({ id: assessment.id });
    },
  );
}
