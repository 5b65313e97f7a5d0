import { loadFound } from '../../graphql/connections.js';
import type { Commendation, CommendationAuthority, PartyBadge, SeriousIllnessCertification } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { DisciplineFormEnum } from '../discipline/discipline.graphql.js';
import { MemberStatusEnum } from '../members/members.graphql.js';
import type { BadgeCandidate } from './badges.service.js';
import type { CommendationStatistics } from './commendations.service.js';
import { decodeBadgeBatch, decodeCommendationBatch } from './commendations.inputs.js';
import {
  awardFormLabels,
  badgeCandidateStatusLabels,
  commendationFormLabels,
  commendationSubjectLabels,
  commendationTitleLabels,
  partyBadgeBasisLabels,
} from './commendations.labels.js';

const Form = labelledEnum('CommendationForm', commendationFormLabels, 'Hình thức khen thưởng.');
const AwardFormEnum = labelledEnum('AwardForm', awardFormLabels, 'What an authority rule allows: a commendation form, or a Party badge.');
const Subject = labelledEnum('CommendationSubject', commendationSubjectLabels, 'Who is commended: a collective (organisation) or an individual (member).');
const Title = labelledEnum('CommendationTitle', commendationTitleLabels, 'A title recognising years of EXCELLENT ratings.');
const Basis = labelledEnum('PartyBadgeBasis', partyBadgeBasisLabels, 'Why a badge is due: the milestone reached, early for serious illness, or posthumously.');
const CandidateStatus = labelledEnum('PartyBadgeCandidateStatus', badgeCandidateStatusLabels, 'Whether a member due a badge may receive it on the award day.');

const AuthorityRef = builder.objectRef<CommendationAuthority>('CommendationAuthority');
builder.node(AuthorityRef, {
  id: { resolve: (r) => r.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'organizationKind' in value && 'title' in value,
  // The catalogue is a few dozen rows, readable by every signed-in caller.
  loadMany: loadFound((_ids, ctx) => ctx.services.commendations.authorities(null)),
  description: 'Which kind of organisation may award which form (and title) to which subjects, from when to when (configurable).',
  fields: (t) => ({
    organizationKind: t.exposeString('organizationKind', { description: 'An organisation kind code.' }),
    form: t.field({ type: AwardFormEnum, resolve: (r) => r.form }),
    subject: t.field({ type: Subject, resolve: (r) => r.subject }),
    title: t.field({ type: Title, nullable: true, resolve: (r) => r.title }),
    effectiveFrom: t.field({ type: 'Date', resolve: (r) => r.effectiveFrom }),
    effectiveTo: t.field({ type: 'Date', nullable: true, description: 'The first day it no longer applies.', resolve: (r) => r.effectiveTo }),
    source: t.exposeString('source'),
  }),
});

const CommendationRef = builder.objectRef<Commendation>('Commendation');
builder.node(CommendationRef, {
  id: { resolve: (row) => row.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'reason' in value && 'fromYear' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.commendations.byIds(ids)),
  description: 'A commendation (khen thưởng) of an organisation or a member.',
  fields: (t) => ({
    subject: t.field({ type: Subject, resolve: (c) => c.subject }),
    form: t.field({ type: Form, resolve: (c) => c.form }),
    title: t.field({ type: Title, nullable: true, resolve: (c) => c.title }),
    reason: t.exposeString('reason'),
    fromYear: t.exposeInt('fromYear'),
    toYear: t.exposeInt('toYear'),
    decidedOn: t.field({ type: 'Date', resolve: (c) => c.decidedOn }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The commended organisation, or the member’s branch on the decision day.',
      resolve: (c, _a, ctx) => ctx.loaders.organization.load({ id: c.organizationId, asOf: fromDbDate(c.decidedOn) }),
    }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (c, _a, ctx) => (c.memberId ? ctx.loaders.member.load({ id: c.memberId, asOf: fromDbDate(c.decidedOn) }) : null) }),
    awardedBy: t.field({ type: OrganizationRef, nullable: true, resolve: (c, _a, ctx) => ctx.loaders.organization.load({ id: c.awardedById, asOf: fromDbDate(c.decidedOn) }) }),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (c, _a, ctx) => ctx.loaders.documents.load(c.decisionId) }),
  }),
});

const BadgeRef = builder.objectRef<PartyBadge>('PartyBadge');
builder.node(BadgeRef, {
  id: { resolve: (row) => row.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'milestone' in value && 'awardDate' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.partyBadges.byIds(ids)),
  description: 'A Party badge (Huy hiệu Đảng) awarded to a member.',
  fields: (t) => ({
    milestone: t.exposeInt('milestone', { description: 'Years of party age.' }),
    milestoneOn: t.field({ type: 'Date', description: 'When the party age reached it.', resolve: (b) => b.milestoneOn }),
    awardDate: t.field({ type: 'Date', resolve: (b) => b.awardDate }),
    basis: t.field({ type: Basis, resolve: (b) => b.basis }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (b, _a, ctx) => ctx.loaders.member.load({ id: b.memberId, asOf: fromDbDate(b.awardDate) }) }),
    organization: t.field({ type: OrganizationRef, nullable: true, description: 'The member’s branch on the award day.', resolve: (b, _a, ctx) => ctx.loaders.organization.load({ id: b.organizationId, asOf: fromDbDate(b.awardDate) }) }),
    awardedBy: t.field({ type: OrganizationRef, nullable: true, resolve: (b, _a, ctx) => ctx.loaders.organization.load({ id: b.awardedById, asOf: fromDbDate(b.awardDate) }) }),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (b, _a, ctx) => ctx.loaders.documents.load(b.decisionId) }),
  }),
});

const DisciplineWaitRef = builder.objectRef<NonNullable<BadgeCandidate['discipline']>>('PartyBadgeDisciplineWait').implement({
  fields: (t) => ({
    form: t.field({ type: DisciplineFormEnum, resolve: (d) => d.form }),
    decidedOn: t.field({ type: 'Date', resolve: (d) => d.decidedOn }),
    waitUntil: t.field({ type: 'Date', resolve: (d) => d.waitUntil }),
  }),
});

const CandidateRef = builder.objectRef<BadgeCandidate>('PartyBadgeCandidate').implement({
  description: 'A member due a Party badge on an award day, with the basis and the reasons, or why not yet.',
  fields: (t) => ({
    member: t.field({ type: MemberRef, nullable: true, resolve: (c, _a, ctx) => ctx.loaders.member.load({ id: c.memberId, asOf: c.awardDate }) }),
    organization: t.field({ type: OrganizationRef, nullable: true, description: 'The member’s branch on the award day.', resolve: (c, _a, ctx) => ctx.loaders.organization.load({ id: c.organizationId, asOf: c.awardDate }) }),
    memberStatus: t.field({ type: MemberStatusEnum, resolve: (c) => c.memberStatus }),
    admittedOn: t.field({ type: 'Date', resolve: (c) => c.admittedOn }),
    partyAgeFrom: t.field({ type: 'Date', description: 'Party age counts from here (later than the admission by any time outside the Party).', resolve: (c) => c.partyAgeFrom }),
    daysOutsideParty: t.exposeInt('daysOutsideParty'),
    diedOn: t.field({ type: 'Date', nullable: true, resolve: (c) => c.diedOn }),
    milestone: t.exposeInt('milestone'),
    milestoneOn: t.field({ type: 'Date', resolve: (c) => c.milestoneOn }),
    basis: t.field({ type: Basis, resolve: (c) => c.basis }),
    skippedMilestones: t.intList({ resolve: (c) => c.skippedMilestones }),
    status: t.field({ type: CandidateStatus, resolve: (c) => c.status }),
    discipline: t.field({ type: DisciplineWaitRef, nullable: true, description: 'The discipline decision the member still waits after.', resolve: (c) => c.discipline }),
    nextAwardDate: t.field({ type: 'Date', nullable: true, description: 'For a deferred member: the first award day after the wait.', resolve: (c) => c.nextAwardDate }),
    explanation: t.exposeString('explanation'),
  }),
});

const FormCount = builder.objectRef<CommendationStatistics['commendations'][number]>('CommendationFormCount').implement({
  fields: (t) => ({ form: t.field({ type: Form, resolve: (c) => c.form }), subject: t.field({ type: Subject, resolve: (c) => c.subject }), count: t.exposeInt('count') }),
});
const TitleCount = builder.objectRef<CommendationStatistics['titles'][number]>('CommendationTitleCount').implement({
  fields: (t) => ({ title: t.field({ type: Title, resolve: (c) => c.title }), count: t.exposeInt('count') }),
});
const MilestoneCount = builder.objectRef<CommendationStatistics['badgesByMilestone'][number]>('PartyBadgeMilestoneCount').implement({
  fields: (t) => ({ milestone: t.exposeInt('milestone'), count: t.exposeInt('count') }),
});
const BasisCount = builder.objectRef<CommendationStatistics['badgesByBasis'][number]>('PartyBadgeBasisCount').implement({
  fields: (t) => ({ basis: t.field({ type: Basis, resolve: (c) => c.basis }), count: t.exposeInt('count') }),
});
export const StatisticsRef = builder.objectRef<CommendationStatistics>('CommendationStatistics').implement({
  description: 'Commendations by form and subject kind, and Party badges by milestone, of a subtree and period.',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    commendations: t.field({ type: [FormCount], resolve: (s) => s.commendations }),
    titles: t.field({ type: [TitleCount], resolve: (s) => s.titles }),
    commendationsTotal: t.exposeInt('commendationsTotal', { description: 'Collectives and individuals commended.' }),
    badgesByMilestone: t.field({ type: [MilestoneCount], resolve: (s) => s.badgesByMilestone }),
    badgesByBasis: t.field({ type: [BasisCount], resolve: (s) => s.badgesByBasis }),
    badgesTotal: t.exposeInt('badgesTotal'),
  }),
});

const organizationArg = (args: { organizationId: string }) => fromGlobalId('Organization', args.organizationId, 'organizationId');

builder.queryFields((t) => ({
  commendationAuthorities: t.field({
    type: [AuthorityRef],
    description: 'Who may award what: the rules in force on `asOf`, or every rule (ended ones included) without it.',
    args: { asOf: t.arg({ type: 'Date' }) },
    resolve: (_root, args, ctx) => ctx.services.commendations.authorities(args.asOf ?? null),
  }),
  commendations: t.field({
    type: [CommendationRef],
    description: 'Commendations decided in a period for organisations and members of a subtree.',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => ctx.services.commendations.list(organizationArg(args), args.from, args.to),
  }),
  partyBadges: t.field({
    type: [BadgeRef],
    description: 'Party badges awarded in a period to members of a subtree.',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => ctx.services.partyBadges.list(organizationArg(args), args.from, args.to),
  }),
  partyBadgeEligibility: t.field({
    type: [CandidateRef],
    description:
      'The members of a subtree due a Party badge on an award day (3/2, 19/5, 2/9 or 7/11) who have not received it: early cases and deferrals after discipline applied and explained.',
    args: { organizationId: t.arg.id({ required: true }), awardDate: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => ctx.services.partyBadges.eligibility(organizationArg(args), args.awardDate),
  }),
  commendationStatistics: t.field({
    type: StatisticsRef,
    description: 'Commendations by form and subject kind, and badges by milestone, for a subtree and period.',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => ctx.services.commendations.statistics(organizationArg(args), args.from, args.to),
  }),
}));

const RowInput = builder.inputType('CommendationRowInput', {
  fields: (t) => ({
    organizationId: t.id({ description: 'The commended organisation…' }),
    memberId: t.id({ description: '…or member.' }),
    form: t.field({ type: Form, required: true }),
    title: t.field({ type: Title }),
    reason: t.string({ required: true }),
    fromYear: t.int({ required: true, description: 'The (first) year the achievement covers.' }),
    toYear: t.int({ description: 'The last year; `fromYear` when omitted.' }),
  }),
});
const RecordInput = builder.inputType('RecordCommendationsInput', {
  fields: (t) => ({
    awardedById: t.id({ required: true, description: 'The organisation whose committee awards.' }),
    decisionId: t.id({ required: true, description: 'The decision; its date is the day of the award.' }),
    rows: t.field({ type: [RowInput], required: true }),
  }),
});
const BadgeRowInput = builder.inputType('PartyBadgeRowInput', {
  fields: (t) => ({ memberId: t.id({ required: true }), milestone: t.int({ required: true }) }),
});
const AwardInput = builder.inputType('AwardPartyBadgesInput', {
  fields: (t) => ({
    awardedById: t.id({ required: true }),
    awardDate: t.field({ type: 'Date', required: true }),
    decisionId: t.id({ required: true }),
    rows: t.field({ type: [BadgeRowInput], required: true }),
  }),
});
const IllnessInput = builder.inputType('CertifySeriousIllnessInput', {
  fields: (t) => ({
    memberId: t.id({ required: true }),
    certifiedOn: t.field({ type: 'Date', required: true }),
    evidence: t.string({ required: true, description: 'The certifying paper (issuer and number); never a diagnosis.' }),
  }),
});
const AddAuthorityInput = builder.inputType('AddCommendationAuthorityInput', {
  fields: (t) => ({
    organizationKind: t.string({ required: true }),
    form: t.field({ type: AwardFormEnum, required: true }),
    subject: t.field({ type: Subject, required: true }),
    title: t.field({ type: Title }),
    effectiveFrom: t.field({ type: 'Date', required: true }),
    effectiveTo: t.field({ type: 'Date', description: 'For a rule of past years: the first day it no longer applied.' }),
    source: t.string({ required: true, description: 'The regulation or decision.' }),
  }),
});
const EndAuthorityInput = builder.inputType('EndCommendationAuthorityInput', {
  fields: (t) => ({ authorityId: t.id({ required: true }), effectiveTo: t.field({ type: 'Date', required: true, description: 'The first day it no longer applies.' }) }),
});

const CommendationsPayload = builder.objectRef<{ commendations: Commendation[] }>('RecordCommendationsPayload').implement({
  fields: (t) => ({ commendations: t.field({ type: [CommendationRef], resolve: (p) => p.commendations }) }),
});
const BadgesPayload = builder.objectRef<{ badges: PartyBadge[] }>('AwardPartyBadgesPayload').implement({
  fields: (t) => ({ badges: t.field({ type: [BadgeRef], resolve: (p) => p.badges }) }),
});
const CertificationRef = builder.objectRef<SeriousIllnessCertification>('SeriousIllnessCertification');
builder.node(CertificationRef, {
  id: { resolve: (c) => c.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'certifiedOn' in value && 'evidence' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.partyBadges.certificationsByIds(ids)),
  description: 'A member certified seriously ill, from the certifying paper (no diagnosis is kept): a Party badge may come early.',
  fields: (t) => ({
    member: t.field({ type: MemberRef, nullable: true, resolve: (c, _a, ctx) => ctx.loaders.member.load({ id: c.memberId, asOf: fromDbDate(c.certifiedOn) }) }),
    certifiedOn: t.field({ type: 'Date', resolve: (c) => c.certifiedOn }),
    evidence: t.exposeString('evidence', { description: 'The certifying paper: issuer and number.' }),
  }),
});
const IllnessPayload = builder.objectRef<{ certification: SeriousIllnessCertification }>('CertifySeriousIllnessPayload').implement({
  fields: (t) => ({
    certification: t.field({ type: CertificationRef, resolve: (p) => p.certification }),
  }),
});
const AuthorityPayload = builder.objectRef<{ authority: CommendationAuthority }>('CommendationAuthorityPayload').implement({
  fields: (t) => ({ authority: t.field({ type: AuthorityRef, resolve: (p) => p.authority }) }),
});

builder.mutationFields((t) => ({
  recordCommendations: t.field({
    type: CommendationsPayload,
    description: 'Records the commendations of one decision, all or nothing; an award beyond the awarding level’s authority, or a title without its ratings, is refused.',
    errors: { ...mutationErrors, union: { name: 'RecordCommendationsResult' } },
    args: { input: t.arg({ type: RecordInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ commendations: await ctx.services.commendations.record(decodeCommendationBatch(input)) }),
  }),
  awardPartyBadges: t.field({
    type: BadgesPayload,
    description: 'Records the Party badges of one award day and decision, all or nothing; each member must be eligible for that milestone that day.',
    errors: { ...mutationErrors, union: { name: 'AwardPartyBadgesResult' } },
    args: { input: t.arg({ type: AwardInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ badges: await ctx.services.partyBadges.award(decodeBadgeBatch(input)) }),
  }),
  certifySeriousIllness: t.field({
    type: IllnessPayload,
    description: 'Records that a member is certified seriously ill, so that a badge may come early.',
    errors: { ...mutationErrors, union: { name: 'CertifySeriousIllnessResult' } },
    args: { input: t.arg({ type: IllnessInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      certification: await ctx.services.partyBadges.certifySeriousIllness({ ...input, memberId: fromGlobalId('Member', input.memberId, 'memberId') }),
    }),
  }),
  addCommendationAuthority: t.field({
    type: AuthorityPayload,
    description: 'Lets a kind of organisation award a form (and title) from a day (administrators).',
    errors: { ...mutationErrors, union: { name: 'AddCommendationAuthorityResult' } },
    args: { input: t.arg({ type: AddAuthorityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ authority: await ctx.services.commendations.addAuthority(input) }),
  }),
  endCommendationAuthority: t.field({
    type: AuthorityPayload,
    description: 'Ends an authority rule from a day; the rule stays, with its dates (administrators).',
    errors: { ...mutationErrors, union: { name: 'EndCommendationAuthorityResult' } },
    args: { input: t.arg({ type: EndAuthorityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      authority: await ctx.services.commendations.endAuthority(fromGlobalId('CommendationAuthority', input.authorityId, 'authorityId'), input.effectiveTo),
    }),
  }),
}));
