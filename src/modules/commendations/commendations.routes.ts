import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Commendation, CommendationAuthority, PartyBadge } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, exactlyOneOf, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { disciplineFormLabels } from '../discipline/discipline.labels.js';
import { memberStatusLabels } from '../members/members.labels.js';
import type { BadgeCandidate } from './badges.service.js';
import { decodeBadgeBatch, decodeCommendationBatch } from './commendations.inputs.js';
import {
  awardFormLabels,
  badgeCandidateStatusLabels,
  commendationFormLabels,
  commendationSubjectLabels,
  commendationTitleLabels,
  partyBadgeBasisLabels,
} from './commendations.labels.js';

const Form = enumSchema('CommendationForm', commendationFormLabels);
const AwardFormSchema = enumSchema('AwardForm', awardFormLabels);
const Subject = enumSchema('CommendationSubject', commendationSubjectLabels);
const Title = enumSchema('CommendationTitle', commendationTitleLabels);
const Basis = enumSchema('PartyBadgeBasis', partyBadgeBasisLabels);
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Year = Type.Integer({ minimum: 1930, maximum: 2100 });

const AuthoritySchema = Type.Object(
  {
    id: Type.String(),
    organizationKind: Type.String(),
    form: AwardFormSchema,
    subject: Subject,
    title: nullable(Title),
    effectiveFrom: dateSchema(),
    effectiveTo: nullable(dateSchema({ description: 'The first day it no longer applies.' })),
    source: Type.String(),
  },
  { $id: 'CommendationAuthority' },
);
const CommendationSchema = Type.Object(
  {
    id: Type.String(),
    subject: Subject,
    organizationId: Type.String({ description: 'The commended organisation, or the member’s branch on the decision day.' }),
    memberId: nullable(Type.String()),
    form: Form,
    title: nullable(Title),
    reason: Type.String(),
    fromYear: Type.Integer(),
    toYear: Type.Integer(),
    awardedById: Type.String(),
    decisionId: Type.String(),
    decidedOn: dateSchema(),
  },
  { $id: 'Commendation' },
);
const BadgeSchema = Type.Object(
  {
    id: Type.String(),
    memberId: Type.String(),
    milestone: Type.Integer(),
    milestoneOn: dateSchema(),
    awardDate: dateSchema(),
    basis: Basis,
    organizationId: Type.String({ description: 'The member’s branch on the award day.' }),
    awardedById: Type.String(),
    decisionId: Type.String(),
  },
  { $id: 'PartyBadge' },
);
const CandidateSchema = Type.Object(
  {
    memberId: Type.String(),
    organizationId: Type.String(),
    memberStatus: enumSchema('MemberStatus', memberStatusLabels),
    admittedOn: dateSchema(),
    partyAgeFrom: dateSchema(),
    daysOutsideParty: Type.Integer(),
    diedOn: nullable(dateSchema()),
    milestone: Type.Integer(),
    milestoneOn: dateSchema(),
    basis: Basis,
    skippedMilestones: Type.Array(Type.Integer()),
    status: enumSchema('PartyBadgeCandidateStatus', badgeCandidateStatusLabels),
    discipline: nullable(Type.Object({ form: enumSchema('DisciplineForm', disciplineFormLabels), decidedOn: dateSchema(), waitUntil: dateSchema() })),
    nextAwardDate: nullable(dateSchema()),
    explanation: Type.String(),
  },
  { $id: 'PartyBadgeCandidate' },
);
const count = (key: string, schema: ReturnType<typeof enumSchema> | ReturnType<typeof Type.Integer>) =>
  Type.Array(Type.Object({ [key]: schema, count: Type.Integer() }));
export const StatisticsSchema = Type.Object(
  {
    from: dateSchema(),
    to: dateSchema(),
    commendations: Type.Array(Type.Object({ form: Form, subject: Subject, count: Type.Integer() })),
    titles: count('title', Title),
    commendationsTotal: Type.Integer(),
    badgesByMilestone: count('milestone', Type.Integer()),
    badgesByBasis: count('basis', Basis),
    badgesTotal: Type.Integer(),
  },
  { $id: 'CommendationStatistics' },
);

const RecordBody = Type.Object(
  {
    awardedById: Type.String({ description: 'The organisation whose committee awards.' }),
    decisionId: Type.String({ description: 'The decision; its date is the day of the award.' }),
    rows: Type.Array(
      Type.Object(
        {
          organizationId: Type.Optional(Type.String()),
          memberId: Type.Optional(Type.String()),
          form: Form,
          title: Type.Optional(Title),
          reason: Type.String({ minLength: 1, maxLength: 1000 }),
          fromYear: Year,
          toYear: Type.Optional(Year),
        },
        { additionalProperties: false, ...exactlyOneOf('organizationId', 'memberId') },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);
const AwardBody = Type.Object(
  {
    awardedById: Type.String(),
    awardDate: dateSchema({ description: '3 February, 19 May, 2 September or 7 November.', examples: ['2025-09-02'] }),
    decisionId: Type.String(),
    rows: Type.Array(Type.Object({ memberId: Type.String(), milestone: Type.Integer({ minimum: 30, maximum: 90 }) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 5000,
    }),
  },
  { additionalProperties: false },
);
const IllnessBody = Type.Object(
  { certifiedOn: dateSchema(), evidence: Type.String({ minLength: 1, maxLength: 300, description: 'The certifying paper (issuer and number); never a diagnosis.' }) },
  { additionalProperties: false },
);
const AuthorityBody = Type.Object(
  {
    organizationKind: Type.String(),
    form: AwardFormSchema,
    subject: Subject,
    title: Type.Optional(Title),
    effectiveFrom: dateSchema(),
    effectiveTo: Type.Optional(dateSchema({ description: 'For a rule of past years: the first day it no longer applied.' })),
    source: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
const EndBody = Type.Object({ effectiveTo: dateSchema({ description: 'The first day it no longer applies.' }) }, { additionalProperties: false });
const PeriodQuery = Type.Object({ from: dateSchema(), to: dateSchema() }, { additionalProperties: false });

function authorityView(r: CommendationAuthority) {
  return {
    id: toGlobalId('CommendationAuthority', r.id),
    organizationKind: r.organizationKind,
    form: r.form,
    subject: r.subject,
    title: r.title,
    effectiveFrom: fromDbDate(r.effectiveFrom),
    effectiveTo: fromDbDateOrNull(r.effectiveTo),
    source: r.source,
  };
}
function commendationView(c: Commendation) {
  return {
    id: toGlobalId('Commendation', c.id),
    subject: c.subject,
    organizationId: toGlobalId('Organization', c.organizationId),
    memberId: c.memberId ? toGlobalId('Member', c.memberId) : null,
    form: c.form,
    title: c.title,
    reason: c.reason,
    fromYear: c.fromYear,
    toYear: c.toYear,
    awardedById: toGlobalId('Organization', c.awardedById),
    decisionId: toGlobalId('Document', c.decisionId),
    decidedOn: fromDbDate(c.decidedOn),
  };
}
function badgeView(b: PartyBadge) {
  return {
    id: toGlobalId('PartyBadge', b.id),
    memberId: toGlobalId('Member', b.memberId),
    milestone: b.milestone,
    milestoneOn: fromDbDate(b.milestoneOn),
    awardDate: fromDbDate(b.awardDate),
    basis: b.basis,
    organizationId: toGlobalId('Organization', b.organizationId),
    awardedById: toGlobalId('Organization', b.awardedById),
    decisionId: toGlobalId('Document', b.decisionId),
  };
}
function candidateView(c: BadgeCandidate) {
  const { path: _path, awardDate: _day, memberId, organizationId, ...rest } = c;
  return { ...rest, memberId: toGlobalId('Member', memberId), organizationId: toGlobalId('Organization', organizationId) };
}

type References = Awaited<ReturnType<typeof referencesOf>>;

const COMMENDATION_COLUMNS: Column<{ commendation: Commendation; refs: References }>[] = [
  { header: 'Đối tượng', value: (r) => commendationSubjectLabels[r.commendation.subject] },
  { header: 'Họ và tên', width: 28, value: (r) => r.refs.member(r.commendation.memberId)?.fullName },
  { header: 'Tổ chức đảng', width: 36, value: (r) => r.refs.organization(r.commendation.organizationId)?.name },
  { header: 'Mã tổ chức', value: (r) => r.refs.organization(r.commendation.organizationId)?.code },
  { header: 'Hình thức', value: (r) => commendationFormLabels[r.commendation.form] },
  { header: 'Danh hiệu', width: 40, value: (r) => (r.commendation.title ? commendationTitleLabels[r.commendation.title] : null) },
  { header: 'Thành tích', width: 40, value: (r) => r.commendation.reason },
  { header: 'Từ năm', kind: 'INTEGER', value: (r) => r.commendation.fromYear },
  { header: 'Đến năm', kind: 'INTEGER', value: (r) => r.commendation.toYear },
  { header: 'Cấp khen thưởng', width: 36, value: (r) => r.refs.organization(r.commendation.awardedById)?.name },
  { header: 'Số quyết định', value: (r) => r.refs.decision(r.commendation.decisionId) },
  { header: 'Ngày quyết định', kind: 'DATE', value: (r) => fromDbDate(r.commendation.decidedOn) },
];

const BADGE_COLUMNS: Column<{ badge: PartyBadge; refs: References }>[] = [
  { header: 'Họ và tên', width: 28, value: (r) => r.refs.member(r.badge.memberId)?.fullName },
  { header: 'Ngày sinh', kind: 'DATE', value: (r) => { const m = r.refs.member(r.badge.memberId); return m ? fromDbDate(m.dateOfBirth) : null; } },
  { header: 'Ngày vào Đảng', kind: 'DATE', value: (r) => { const m = r.refs.member(r.badge.memberId); return m ? fromDbDate(m.admittedOn) : null; } },
  { header: 'Huy hiệu', value: (r) => `${r.badge.milestone} năm tuổi đảng` },
  { header: 'Ngày đủ tuổi đảng', kind: 'DATE', value: (r) => fromDbDate(r.badge.milestoneOn) },
  { header: 'Đợt trao tặng', kind: 'DATE', value: (r) => fromDbDate(r.badge.awardDate) },
  { header: 'Căn cứ', value: (r) => partyBadgeBasisLabels[r.badge.basis] },
  { header: 'Chi bộ', width: 32, value: (r) => r.refs.organization(r.badge.organizationId)?.name },
  { header: 'Cấp tặng', width: 32, value: (r) => r.refs.organization(r.badge.awardedById)?.name },
  { header: 'Số quyết định', value: (r) => r.refs.decision(r.badge.decisionId) },
];

const organizationParam = (request: FastifyRequest) => fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');

export async function commendationRoutes(app: FastifyInstance) {
  for (const schema of [AuthoritySchema, CommendationSchema, BadgeSchema, CandidateSchema, StatisticsSchema]) app.addSchema(schema);
  const tags = ['commendations'];

  app.get(
    '/commendation-authorities',
    {
      schema: {
        tags,
        operationId: 'listCommendationAuthorities',
        summary: 'Who may award what: the rules in force on a day, or every rule',
        querystring: Type.Object({ asOf: Type.Optional(dateSchema()) }, { additionalProperties: false }),
        response: { 200: Type.Array(Type.Ref('CommendationAuthority')), ...problemResponses(400, 401) },
      },
    },
    async (request) => (await request.services.commendations.authorities((request.query as { asOf?: string }).asOf ?? null)).map(authorityView),
  );
  app.post(
    '/commendation-authorities',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'addCommendationAuthority',
        summary: 'Let a kind of organisation award a form (and title) from a day (administrators)',
        body: AuthorityBody,
        response: { 201: Type.Ref('CommendationAuthority'), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(authorityView(await request.services.commendations.addAuthority(request.body as Static<typeof AuthorityBody>))),
  );
  app.post(
    '/commendation-authorities/:id/end',
    {
      schema: {
        tags,
        operationId: 'endCommendationAuthority',
        summary: 'End an authority rule from a day; the rule stays with its dates (administrators)',
        params: idParam,
        body: EndBody,
        response: { 200: Type.Ref('CommendationAuthority'), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const id = fromGlobalId('CommendationAuthority', (request.params as Static<typeof idParam>).id, 'id');
      return authorityView(await request.services.commendations.endAuthority(id, (request.body as Static<typeof EndBody>).effectiveTo));
    },
  );
  app.post(
    '/commendations',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'recordCommendations',
        summary: 'Record the commendations of one decision: all rows or none, with the problems of every row',
        body: RecordBody,
        response: { 201: Type.Array(Type.Ref('Commendation')), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send((await request.services.commendations.record(decodeCommendationBatch(request.body as Static<typeof RecordBody>))).map(commendationView)),
  );
  app.get(
    '/organizations/:id/commendations',
    {
      schema: {
        tags,
        operationId: 'listCommendations',
        summary: 'Commendations decided in a period for organisations and members of a subtree',
        params: idParam,
        querystring: PeriodQuery,
        response: { 200: Type.Array(Type.Ref('Commendation')), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.query as Static<typeof PeriodQuery>;
      return (await request.services.commendations.list(organizationParam(request), from, to)).map(commendationView);
    },
  );
  app.get(
    '/organizations/:id/commendation-statistics',
    {
      schema: {
        tags,
        operationId: 'getCommendationStatistics',
        summary: 'Commendations by form and subject kind, and Party badges by milestone, for a subtree and period',
        params: idParam,
        querystring: PeriodQuery,
        response: { 200: Type.Ref('CommendationStatistics'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.query as Static<typeof PeriodQuery>;
      const { organizationId: _id, ...statistics } = await request.services.commendations.statistics(organizationParam(request), from, to);
      return statistics;
    },
  );
  app.get(
    '/organizations/:id/party-badge-eligibility',
    {
      schema: {
        tags,
        operationId: 'getPartyBadgeEligibility',
        summary: 'Members of a subtree due a Party badge on an award day, with early cases and deferrals explained',
        params: idParam,
        querystring: Type.Object({ awardDate: dateSchema({ description: '3 February, 19 May, 2 September or 7 November.', examples: ['2025-09-02'] }) }, { additionalProperties: false }),
        response: { 200: Type.Array(Type.Ref('PartyBadgeCandidate')), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => (await request.services.partyBadges.eligibility(organizationParam(request), (request.query as { awardDate: string }).awardDate)).map(candidateView),
  );
  app.post(
    '/party-badges',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'awardPartyBadges',
        summary: 'Record the Party badges of one award day and decision: all rows or none',
        body: AwardBody,
        response: { 201: Type.Array(Type.Ref('PartyBadge')), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send((await request.services.partyBadges.award(decodeBadgeBatch(request.body as Static<typeof AwardBody>))).map(badgeView)),
  );
  app.get(
    '/organizations/:id/party-badges',
    {
      schema: {
        tags,
        operationId: 'listPartyBadges',
        summary: 'Party badges awarded in a period to members of a subtree',
        params: idParam,
        querystring: PeriodQuery,
        response: { 200: Type.Array(Type.Ref('PartyBadge')), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.query as Static<typeof PeriodQuery>;
      return (await request.services.partyBadges.list(organizationParam(request), from, to)).map(badgeView);
    },
  );
  registerListExport(app, {
    url: '/organizations/:id/commendations/export',
    list: 'commendations',
    tag: 'commendations',
    operationId: 'exportCommendations',
    summary: 'The commendations of a subtree and period as a spreadsheet (xlsx or csv)',
    sheet: 'Khen thưởng',
    filename: 'khen-thuong',
    params: idParam,
    query: PeriodQuery,
    capability: 'readCommendations',
    columns: COMMENDATION_COLUMNS,
    organizationOf: (request) => organizationParam(request),
    async page(request, query: Static<typeof PeriodQuery>) {
      const rows = await request.services.commendations.list(organizationParam(request), query.from, query.to);
      const refs = await referencesOf(request, {
        members: rows.map((c) => c.memberId),
        organizations: rows.flatMap((c) => [c.organizationId, c.awardedById]),
        documents: rows.map((c) => c.decisionId),
      });
      return { items: rows.map((commendation) => ({ commendation, refs })), endCursor: null, hasNextPage: false };
    },
  });
  registerListExport(app, {
    url: '/organizations/:id/party-badges/export',
    list: 'party-badges',
    tag: 'commendations',
    operationId: 'exportPartyBadges',
    summary: 'The Party badges awarded in a subtree and period as a spreadsheet (xlsx or csv)',
    sheet: 'Huy hiệu Đảng',
    filename: 'huy-hieu-dang',
    params: idParam,
    query: PeriodQuery,
    capability: 'readCommendations',
    columns: BADGE_COLUMNS,
    organizationOf: (request) => organizationParam(request),
    async page(request, query: Static<typeof PeriodQuery>) {
      const rows = await request.services.partyBadges.list(organizationParam(request), query.from, query.to);
      const refs = await referencesOf(request, {
        members: rows.map((b) => b.memberId),
        organizations: rows.flatMap((b) => [b.organizationId, b.awardedById]),
        documents: rows.map((b) => b.decisionId),
      });
      return { items: rows.map((badge) => ({ badge, refs })), endCursor: null, hasNextPage: false };
    },
  });
  app.post(
    '/members/:id/serious-illness',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'certifySeriousIllness',
        summary: 'Record that a member is certified seriously ill, so that a badge may come early',
        params: idParam,
        body: IllnessBody,
        response: { 201: Type.Object({ id: Type.String(), certifiedOn: dateSchema() }), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const memberId = fromGlobalId('Member', (request.params as Static<typeof idParam>).id, 'id');
      const certification = await request.services.partyBadges.certifySeriousIllness({ ...(request.body as Static<typeof IllnessBody>), memberId });
      return reply.status(201).send({ id: toGlobalId('SeriousIllnessCertification', certification.id), certifiedOn: fromDbDate(certification.certifiedOn) });
    },
  );
}
