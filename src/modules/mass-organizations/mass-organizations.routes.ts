import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import type { MassOrganization, MassOrganizationAssessment } from '../../generated/prisma/client.js';
import { massOrganizationTypeLabels } from './mass-organizations.labels.js';

const TypeSchema = enumSchema('MassOrganizationType', massOrganizationTypeLabels);
const AssessmentSchema = Type.Object(
  {
    massOrganizationId: Type.String({ description: 'Global id.' }),
    year: Type.Integer(),
    strong: Type.Boolean({ description: 'Vững mạnh.' }),
    decisionId: Type.Union([Type.String({ description: 'Global id of the Document.' }), Type.Null()]),
  },
  { $id: 'MassOrganizationAssessment' },
);
const MassSchema = Type.Object(
  {
    id: Type.String({ description: 'Global id.' }),
    type: TypeSchema,
    name: Type.String(),
    assessments: Type.Array(Type.Ref('MassOrganizationAssessment')),
  },
  { $id: 'MassOrganization' },
);
const assessmentDto = (a: MassOrganizationAssessment) => ({
  massOrganizationId: toGlobalId('MassOrganization', a.massOrganizationId),
  year: a.year,
  strong: a.strong,
  decisionId: a.decisionId ? toGlobalId('Document', a.decisionId) : null,
});
const massDto = (m: MassOrganization & { assessments: MassOrganizationAssessment[] }) => ({
  id: toGlobalId('MassOrganization', m.id),
  type: m.type,
  name: m.name,
  assessments: m.assessments.map(assessmentDto),
});
const CreateBody = Type.Object({ type: TypeSchema, name: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });
const AssessBody = Type.Object({ year: Type.Integer(), strong: Type.Boolean(), decisionId: Type.Optional(Type.String()) }, { additionalProperties: false });

export async function massOrganizationRoutes(app: FastifyInstance) {
  app.addSchema(AssessmentSchema);
  app.addSchema(MassSchema);
  app.get(
    '/organizations/:id/mass-organizations',
    { schema: { tags: ['indicators'], operationId: 'listMassOrganizations', summary: 'The mass organisations of a Party organisation, with their assessments', params: idParam, response: { 200: Type.Object({ items: Type.Array(Type.Ref('MassOrganization')) }), ...problemResponses(400, 401) } } },
    async (request) => {
      const id = fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
      const rows = (await request.services.massOrganizations.ofOrganizations([id])).get(id)!;
      return { items: rows.map(massDto) };
    },
  );
  app.post(
    '/organizations/:id/mass-organizations',
    { config: { idempotent: true }, schema: { tags: ['indicators'], operationId: 'createMassOrganization', summary: 'Attach a mass organisation', params: idParam, body: CreateBody, response: { 201: Type.Ref('MassOrganization'), ...problemResponses(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const body = request.body as Static<typeof CreateBody>;
      const created = await request.services.massOrganizations.create({ ...body, organizationId: fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id') });
      return reply.status(201).send(massDto({ ...created, assessments: [] }));
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
        response: { 201: Type.Object({ items: Type.Array(Type.Ref('MassOrganizationAssessment')) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { rows } = request.body as { rows: { massOrganizationId: string; year: number; strong: boolean; decisionId?: string }[] };
      const written = await request.services.massOrganizations.assessMany(
        rows.map((row, index) => ({
          ...row,
          massOrganizationId: fromGlobalId('MassOrganization', row.massOrganizationId, `rows.${index}.massOrganizationId`),
          decisionId: row.decisionId ? fromGlobalId('Document', row.decisionId, `rows.${index}.decisionId`) : null,
        })),
      );
      return reply.status(201).send({ items: written.map(assessmentDto) });
    },
  );
  app.post(
    '/mass-organizations/:id/assessments',
    { schema: { tags: ['indicators'], operationId: 'assessMassOrganization', summary: 'The yearly assessment: strong or not', params: idParam, body: AssessBody, response: { 201: Type.Ref('MassOrganizationAssessment'), ...problemResponses(400, 401, 403, 404) } } },
    async (request, reply) => {
      const body = request.body as Static<typeof AssessBody>;
      const assessment = await request.services.massOrganizations.assess({
        ...body,
        massOrganizationId: fromGlobalId('MassOrganization', (request.params as Static<typeof idParam>).id, 'id'),
        decisionId: body.decisionId ? fromGlobalId('Document', body.decisionId, 'decisionId') : null,
      });
      return reply.status(201).send(assessmentDto(assessment));
    },
  );
}
