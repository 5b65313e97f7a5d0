import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { CommitteePosition, Term } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { NotFoundError } from '../../shared/errors.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { committeeRoleLabels } from './committees.labels.js';

const Role = enumSchema('CommitteeRole', committeeRoleLabels);

const PositionSchema = Type.Object(
  {
    id: Type.String(),
    termId: Type.String(),
    memberId: Type.String(),
    role: Role,
    startsOn: dateSchema(),
    endsOn: Type.Union([dateSchema(), Type.Null()]),
    decisionId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'CommitteePosition' },
);
const TermSchema = Type.Object(
  {
    id: Type.String(),
    organizationId: Type.String(),
    name: Type.String(),
    startsOn: dateSchema(),
    endsOn: dateSchema(),
    congressOn: dateSchema(),
    congressDecisionId: Type.Union([Type.String(), Type.Null()]),
    positions: Type.Array(Type.Ref('CommitteePosition')),
  },
  { $id: 'Term' },
);
const OpenTermBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, examples: ['2025–2030'] }),
    startsOn: dateSchema(),
    endsOn: dateSchema(),
    congressOn: dateSchema(),
    congressDecisionId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
const OpenTermsBody = Type.Object(
  {
    terms: Type.Array(
      Type.Object(
        {
          organizationId: Type.String(),
          name: Type.String({ minLength: 1, maxLength: 100, examples: ['2025–2030'] }),
          startsOn: dateSchema(),
          endsOn: dateSchema(),
          congressOn: dateSchema(),
          congressDecisionId: Type.Optional(Type.String()),
          positions: Type.Optional(
            Type.Array(Type.Object({ memberId: Type.String(), role: Role, decisionId: Type.Optional(Type.String()) }, { additionalProperties: false }), {
              maxItems: 100,
              description: 'The committee the congress elected: positions that start with the term.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);
const AppointBody = Type.Object(
  { memberId: Type.String(), role: Role, startsOn: dateSchema(), decisionId: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
const EndBody = Type.Object({ endsOn: dateSchema(), decisionId: Type.Optional(Type.String()) }, { additionalProperties: false });

const positionDto = (p: CommitteePosition) => ({
  id: toGlobalId('CommitteePosition', p.id),
  termId: toGlobalId('Term', p.termId),
  memberId: toGlobalId('Member', p.memberId),
  role: p.role,
  startsOn: fromDbDate(p.startsOn),
  endsOn: fromDbDateOrNull(p.endsOn),
  decisionId: p.decisionId ? toGlobalId('Document', p.decisionId) : null,
});
const termDto = (term: Term, positions: CommitteePosition[]) => ({
  id: toGlobalId('Term', term.id),
  organizationId: toGlobalId('Organization', term.organizationId),
  name: term.name,
  startsOn: fromDbDate(term.startsOn),
  endsOn: fromDbDate(term.endsOn),
  congressOn: fromDbDate(term.congressOn),
  congressDecisionId: term.congressDecisionId ? toGlobalId('Document', term.congressDecisionId) : null,
  positions: positions.map(positionDto),
});

const doc = (value: string | undefined, field: string) => (value ? fromGlobalId('Document', value, field) : null);

export async function committeeRoutes(app: FastifyInstance) {
  app.addSchema(PositionSchema);
  app.addSchema(TermSchema);
  const idempotent = { idempotent: true };
  const idempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) });

  async function termResult(request: FastifyRequest, termId: string) {
    const service = request.services.committees;
    const term = (await service.termsByIds([termId])).get(termId);
    if (!term) throw new NotFoundError('Term', termId);
    // Only terms of organisations the caller may see.
    await request.services.organizations.latest(term.organizationId).catch(() => {
      throw new NotFoundError('Term', termId);
    });
    return termDto(term, (await service.positionsOfTerms([termId])).get(termId)!);
  }

  app.get(
    '/organizations/:id/terms',
    {
      schema: {
        tags: ['committees'],
        operationId: 'listTerms',
        summary: 'The terms of an organisation with their committee positions',
        params: idParam,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Term')) }), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const service = request.services.committees;
      const organizationId = fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
      await request.services.organizations.latest(organizationId);
      const terms = (await service.termsOf([organizationId])).get(organizationId)!;
      const positions = await service.positionsOfTerms(terms.map((term) => term.id));
      return { items: terms.map((term) => termDto(term, positions.get(term.id)!)) };
    },
  );

  app.post(
    '/organizations/:id/terms',
    {
      config: idempotent,
      schema: {
        tags: ['committees'],
        operationId: 'openTerm',
        summary: 'Record a term opened by a congress (nhiệm kỳ, đại hội)',
        params: idParam,
        headers: idempotencyHeader,
        body: OpenTermBody,
        response: { 201: Type.Ref('Term'), ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const service = request.services.committees;
      const body = request.body as Static<typeof OpenTermBody>;
      const term = await service.openTerm({
        ...body,
        organizationId: fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id'),
        congressDecisionId: doc(body.congressDecisionId, 'congressDecisionId'),
      });
      return reply.status(201).send(await termResult(request, term.id));
    },
  );

  app.post(
    '/terms',
    {
      config: idempotent,
      schema: {
        tags: ['committees'],
        operationId: 'openTerms',
        summary: 'A congress season: many terms at once, each with the committee its congress elected; all or none',
        headers: idempotencyHeader,
        body: OpenTermsBody,
        response: {
          201: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), positionIds: Type.Array(Type.String()) })) }),
          ...problemResponses(400, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { terms } = request.body as Static<typeof OpenTermsBody>;
      const opened = await request.services.committees.openTerms(
        terms.map((row, index) => ({
          ...row,
          organizationId: fromGlobalId('Organization', row.organizationId, `terms.${index}.organizationId`),
          congressDecisionId: doc(row.congressDecisionId, `terms.${index}.congressDecisionId`),
          positions: (row.positions ?? []).map((position, at) => ({
            memberId: fromGlobalId('Member', position.memberId, `terms.${index}.positions.${at}.memberId`),
            role: position.role,
            decisionId: doc(position.decisionId, `terms.${index}.positions.${at}.decisionId`),
          })),
        })),
      );
      return reply.status(201).send({
        items: opened.map(({ term, positions }) => ({ id: toGlobalId('Term', term.id), positionIds: positions.map((p) => toGlobalId('CommitteePosition', p.id)) })),
      });
    },
  );

  app.get(
    '/terms/:id',
    {
      schema: {
        tags: ['committees'],
        operationId: 'getTerm',
        summary: 'A term with its committee positions',
        params: idParam,
        response: { 200: Type.Ref('Term'), ...problemResponses(400, 404) },
      },
    },
    async (request) => termResult(request, fromGlobalId('Term', (request.params as Static<typeof idParam>).id, 'id')),
  );

  app.post(
    '/terms/:id/positions',
    {
      config: idempotent,
      schema: {
        tags: ['committees'],
        operationId: 'appointCommitteeMember',
        summary: 'A member takes a committee position',
        params: idParam,
        headers: idempotencyHeader,
        body: AppointBody,
        response: { 201: Type.Ref('CommitteePosition'), ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const service = request.services.committees;
      const body = request.body as Static<typeof AppointBody>;
      const position = await service.appoint({
        termId: fromGlobalId('Term', (request.params as Static<typeof idParam>).id, 'id'),
        memberId: fromGlobalId('Member', body.memberId, 'memberId'),
        role: body.role,
        startsOn: body.startsOn,
        decisionId: doc(body.decisionId, 'decisionId'),
      });
      return reply.status(201).send(positionDto(position));
    },
  );

  app.post(
    '/committee-positions/:id/end',
    {
      schema: {
        tags: ['committees'],
        operationId: 'endCommitteePosition',
        summary: 'End a committee position',
        params: idParam,
        body: EndBody,
        response: { 200: Type.Ref('CommitteePosition'), ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const service = request.services.committees;
      const body = request.body as Static<typeof EndBody>;
      return positionDto(
        await service.endPosition({
          positionId: fromGlobalId('CommitteePosition', (request.params as Static<typeof idParam>).id, 'id'),
          endsOn: body.endsOn,
          decisionId: doc(body.decisionId, 'decisionId'),
        }),
      );
    },
  );
}
