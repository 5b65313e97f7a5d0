import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { RemovalProposal } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { removalGroundLabels, removalStatusLabels } from './removals.labels.js';

const Ground = enumSchema('RemovalGround', removalGroundLabels);
const Status = enumSchema('RemovalProposalStatus', removalStatusLabels);
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const ProposalSchema = Type.Object(
  {
    id: Type.String(),
    memberId: Type.String(),
    ground: Ground,
    year: Type.Integer(),
    months: Type.Array(dateSchema(), { description: 'The months (first days) found on the day proposed.' }),
    organizationId: Type.String({ description: 'The proposing branch.' }),
    proposedOn: dateSchema(),
    note: nullable(Type.String()),
    status: Status,
    decisionId: nullable(Type.String()),
    decidedOn: nullable(dateSchema()),
    rejectionReason: nullable(Type.String()),
  },
  { $id: 'RemovalProposal' },
);
const ProposeBody = Type.Object({ ground: Ground, year: Type.Integer({ minimum: 1930, maximum: 2100 }), proposedOn: dateSchema(), note: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });
const DecideBody = Type.Object({ decisionId: Type.String(), decidedOn: dateSchema() }, { additionalProperties: false });
const RejectBody = Type.Object({ decidedOn: dateSchema(), reason: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });
const ListQuery = Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false });

const dto = (p: RemovalProposal) => ({
  id: toGlobalId('RemovalProposal', p.id),
  memberId: toGlobalId('Member', p.memberId),
  ground: p.ground,
  year: p.year,
  months: p.months.map(fromDbDate),
  organizationId: toGlobalId('Organization', p.organizationId),
  proposedOn: fromDbDate(p.proposedOn),
  note: p.note,
  status: p.status,
  decisionId: p.decisionId ? toGlobalId('Document', p.decisionId) : null,
  decidedOn: fromDbDateOrNull(p.decidedOn),
  rejectionReason: p.rejectionReason,
});
const idOf = (request: FastifyRequest) => (request.params as Static<typeof idParam>).id;

export async function removalRoutes(app: FastifyInstance) {
  app.addSchema(ProposalSchema);
  const one = (status: number, ...problems: number[]) => ({ [status]: Type.Ref('RemovalProposal'), ...problemResponses(...problems) });
  app.post(
    '/members/:id/removal-proposals',
    {
      config: { idempotent: true },
      schema: { tags: ['removals'], operationId: 'proposeRemoval', summary: 'The branch proposes removing a member whose missed meetings or unpaid dues of a year reach the rule', params: idParam, body: ProposeBody, response: one(201, 400, 401, 403, 404, 409, 422) },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof ProposeBody>;
      return reply.status(201).send(dto(await request.services.removals.propose({ ...body, memberId: fromGlobalId('Member', idOf(request), 'id') })));
    },
  );
  app.get(
    '/organizations/:id/removal-proposals',
    {
      schema: { tags: ['removals'], operationId: 'listRemovalProposals', summary: 'Removal proposals of a subtree’s branches, newest first', params: idParam, querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(Type.Ref('RemovalProposal')) }), ...problemResponses(400, 401, 403, 404) } },
    },
    async (request) => ({ items: (await request.services.removals.ofSubtree(fromGlobalId('Organization', idOf(request), 'id'), (request.query as Static<typeof ListQuery>).status ?? null)).map(dto) }),
  );
  app.post(
    '/removal-proposals/:id/decision',
    { schema: { tags: ['removals'], operationId: 'decideRemoval', summary: 'The committee removes the member from the roll on its decision', params: idParam, body: DecideBody, response: one(200, 400, 401, 403, 404, 409, 422) } },
    async (request) => {
      const body = request.body as Static<typeof DecideBody>;
      return dto(await request.services.removals.decide({ proposalId: fromGlobalId('RemovalProposal', idOf(request), 'id'), decisionId: fromGlobalId('Document', body.decisionId, 'decisionId'), decidedOn: body.decidedOn }));
    },
  );
  app.post(
    '/removal-proposals/:id/rejection',
    { schema: { tags: ['removals'], operationId: 'rejectRemoval', summary: 'The committee decides against the removal, with its reason', params: idParam, body: RejectBody, response: one(200, 400, 401, 403, 404, 409) } },
    async (request) => {
      const body = request.body as Static<typeof RejectBody>;
      return dto(await request.services.removals.reject({ proposalId: fromGlobalId('RemovalProposal', idOf(request), 'id'), decidedOn: body.decidedOn, reason: body.reason }));
    },
  );
}
