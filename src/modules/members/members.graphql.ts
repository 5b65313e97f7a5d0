import type { SuspensionGround } from '../../generated/prisma/client.js';
import { builder, type SchemaTypes } from '../../graphql/builder.js';
import { pageArgs, selectsField, selectsTotalCount, toConnection, totalCountField } from '../../graphql/connections.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, MemberEventRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { elapsed, fromDbDate, type IsoDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { partyAgeEnd } from './members.lifecycle.js';
import { genderLabels, MEMBER_EVENT_ACTIONS, memberEventLabels, memberStatusLabels, suspensionGroundLabels } from './members.labels.js';
import type { MemberCounts, MemberFilter, MembershipChanges, MemberView, RuleWarning } from './members.service.js';
import { may } from '../auth/access.js';
import {
  fromAdmitInput,
  fromAdmitManyInput,
  fromArrivalInput,
  fromEventInput,
  fromRecognizeManyInput,
  fromTransferManyInput,
  type AdmitInputArg,
  type AdmitManyArg,
  type ArrivalInputArg,
  type EventInputArg,
  type RecognizeManyArg,
  type TransferManyArg,
} from './members.inputs.js';

export const GenderEnum = labelledEnum('Gender', genderLabels, 'Giới tính.');
export const MemberStatusEnum = labelledEnum('MemberStatus', memberStatusLabels, 'A member’s status on a date, derived from the events.');
const MemberEventTypeEnum = labelledEnum('MemberEventType', memberEventLabels, 'A lifecycle event of a member.');
const SuspensionGroundEnum = labelledEnum('SuspensionGround', suspensionGroundLabels, 'Why a member is suspended from party activity.');
const SuspensionRef = builder.objectRef<{ ground: SuspensionGround; from: IsoDate; endsOn: IsoDate }>('MemberSuspension').implement({
  description: 'Đình chỉ sinh hoạt đảng in force.',
  fields: (t) => ({
    ground: t.field({ type: SuspensionGroundEnum, resolve: (s) => s.ground }),
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    endsOn: t.field({ type: 'Date', description: 'The last day, extensions included: after it, a reinstatement or a decision is due.', resolve: (s) => s.endsOn }),
  }),
});
const TemporaryReasonEnum = builder.enumType('TemporaryTransferReason', {
  values: { WORK: { description: 'Công tác' }, STUDY: { description: 'Học tập (đến 2 năm)' }, OTHER: { description: 'Lý do khác' } },
});

const memberId = (value: string, field: string) => fromGlobalId('Member', value, field);

const SENSITIVE_FIELDS = ['nationalId', 'phone', 'email', 'permanentAddress'] as const;
type SensitiveField = (typeof SENSITIVE_FIELDS)[number];

const HiddenReasonEnum = builder.enumType('HiddenReason', {
  values: { NOT_PERMITTED: { description: 'The caller’s roles do not cover this data for this member.' } },
});
const HiddenFieldRef = builder.objectRef<{ field: string; reason: 'NOT_PERMITTED' }>('HiddenField').implement({
  description: 'A field answered with null on purpose, and why.',
  fields: (t) => ({ field: t.exposeString('field'), reason: t.field({ type: HiddenReasonEnum, resolve: (h) => h.reason }) }),
});

/** Sensitive personal data: the member themself, and roles that need it in the member's subtree. */
async function maySeeSensitive(m: MemberView, ctx: GraphQLContext): Promise<boolean> {
  if (ctx.services.actor.memberId === m.id) return true;
  // The personal data is today's, so it is judged by where the member is kept today: a past
  // view of a member who has since left the caller's subtree does not show it.
  const current = m.asOf === ctx.today ? m : await ctx.loaders.member.load({ id: m.id, asOf: ctx.today });
  if (!current) return false;
  const organization = await ctx.loaders.organization.load({ id: current.period.organizationId, asOf: ctx.today });
  return !!organization && may(ctx.services.actor, 'readSensitive', organization.path);
}

function sensitive(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, MemberView>, field: SensitiveField, label: string) {
  return t.string({
    nullable: true,
    description: `${label} Sensitive: null (listed in hiddenFields) for callers who may not see it.`,
    resolve: async (m, _args, ctx) => ((await maySeeSensitive(m, ctx)) ? m[field] : null),
  });
}

const PartyAge = builder.objectRef<{ years: number; months: number; days: number; since: IsoDate }>('PartyAge').implement({
  description: 'Tuổi đảng: counted from the admission decision, leaving out time outside the Party.',
  fields: (t) => ({
    years: t.exposeInt('years'),
    months: t.exposeInt('months'),
    days: t.exposeInt('days'),
    countedFrom: t.field({
      type: 'Date',
      description: 'The admission date, pushed later by any time spent outside the Party.',
      resolve: (age) => age.since,
    }),
  }),
});

builder.node(MemberRef, {
  description: 'A Party member as of `asOf`: the record, and the status and organisation of that day.',
  id: { resolve: (member) => member.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'fullName' in value && 'period' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.member.load({ id, asOf: ctx.today }))),
  fields: (t) => ({
    fullName: t.exposeString('fullName'),
    gender: t.field({ type: GenderEnum, resolve: (m) => m.gender }),
    dateOfBirth: t.field({ type: 'Date', resolve: (m) => m.dateOfBirth }),
    age: t.int({ description: 'Whole years on `asOf`.', resolve: (m) => elapsed(fromDbDate(m.dateOfBirth), m.asOf).years }),
    ethnicity: t.exposeString('ethnicity'),
    religion: t.exposeString('religion', { nullable: true }),
    hometown: t.exposeString('hometown', { nullable: true }),
    permanentAddress: sensitive(t, 'permanentAddress', 'Địa chỉ thường trú.'),
    nationalId: sensitive(t, 'nationalId', 'Số định danh cá nhân.'),
    phone: sensitive(t, 'phone', 'Điện thoại.'),
    email: sensitive(t, 'email', 'Thư điện tử.'),
    hiddenFields: t.field({
      type: [HiddenFieldRef],
      description: 'Fields left null because the caller may not see them, with the reason.',
      resolve: async (m, _args, ctx) =>
        (await maySeeSensitive(m, ctx)) ? [] : SENSITIVE_FIELDS.map((field) => ({ field, reason: 'NOT_PERMITTED' as const })),
    }),
    educationLevel: t.exposeString('educationLevel', { nullable: true }),
    professionalQualification: t.exposeString('professionalQualification', { nullable: true }),
    politicalTheoryLevel: t.exposeString('politicalTheoryLevel', { nullable: true }),
    occupation: t.exposeString('occupation', { nullable: true }),
    workplace: t.exposeString('workplace', { nullable: true }),
    partyCardNumber: t.exposeString('partyCardNumber', { nullable: true }),
    fileNumber: t.exposeString('fileNumber', { nullable: true }),
    admittedOn: t.field({ type: 'Date', description: 'The admission decision (party age counts from it).', resolve: (m) => m.admittedOn }),
    admissionCeremonyOn: t.field({ type: 'Date', nullable: true, description: 'Lễ kết nạp (probation counts from it).', resolve: (m) => m.admissionCeremonyOn }),
    recognizedOfficialOn: t.field({ type: 'Date', nullable: true, resolve: (m) => m.recognizedOfficialOn }),
    asOf: t.field({ type: 'Date', resolve: (m) => m.asOf }),
    status: t.field({ type: MemberStatusEnum, resolve: (m) => m.period.status }),
    stateSince: t.field({ type: 'Date', resolve: (m) => m.period.validFrom }),
    exempted: t.boolean({ description: 'Miễn công tác và sinh hoạt đảng.', resolve: (m) => m.period.exempted }),
    suspension: t.field({
      type: SuspensionRef,
      nullable: true,
      description: 'While SUSPENDED: why, since when, and the day it ends with its extensions (committee activity is suspended with it).',
      resolve: (m) => (m.period.suspensionGround ? { ground: m.period.suspensionGround, from: m.period.suspensionFrom!, endsOn: m.period.suspensionEndsOn! } : null),
    }),
    organization: t.field({
      type: OrganizationRef,
      description: 'The branch that keeps the member’s record (and counts them) on `asOf`.',
      resolve: async (m, _args, ctx) => (await ctx.loaders.organization.load({ id: m.period.organizationId, asOf: m.asOf }))!,
    }),
    temporaryOrganization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'Where the member is temporarily active (not counted there).',
      resolve: (m, _args, ctx) =>
        m.period.temporaryOrganizationId ? ctx.loaders.organization.load({ id: m.period.temporaryOrganizationId, asOf: m.asOf }) : null,
    }),
    partyAge: t.field({
      type: PartyAge,
      resolve: (m) => ({ ...elapsed(m.period.partyAgeFrom, partyAgeEnd(m.period, m.asOf)), since: m.period.partyAgeFrom }),
    }),
    events: t.field({
      type: [MemberEventRef],
      description: 'The whole lifecycle, in effective order.',
      resolve: (m, _args, ctx) => ctx.loaders.memberEvents.load(m.id),
    }),
  }),
});

builder.node(MemberEventRef, {
  id: { resolve: (event) => event.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'memberId' in value && 'occurredOn' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.memberEvent.load(id))),
  fields: (t) => ({
    type: t.field({ type: MemberEventTypeEnum, resolve: (event) => event.type }),
    occurredOn: t.field({ type: 'Date', description: 'The day of the decision.', resolve: (event) => event.occurredOn }),
    effectiveOn: t.field({
      type: 'Date',
      description: 'The day the state changed (a late recognition still takes effect at the end of probation).',
      resolve: (event) => event.effectiveOn,
    }),
    decision: t.field({
      type: DocumentRef,
      nullable: true,
      resolve: (event, _args, ctx) => (event.decisionId ? ctx.loaders.documents.load(event.decisionId) : null),
    }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'Where the member was admitted or transferred to, as of the event.',
      resolve: (event, _args, ctx) =>
        event.organizationId ? ctx.loaders.organization.load({ id: event.organizationId, asOf: fromDbDate(event.effectiveOn) }) : null,
    }),
    details: t.field({
      type: 'JSON',
      description:
        'The introduction letter of a transfer (and the destination outside the tree, or the sending organisation `from`, the standing the letter gave and `presentedLate` for an arrival); the reason and expected end of a temporary one.',
      resolve: (event) => event.details,
    }),
    note: t.exposeString('note', { nullable: true }),
    recordedAt: t.field({ type: 'DateTime', resolve: (event) => event.recordedAt }),
  }),
});

const MemberCountsRef = builder.objectRef<MemberCounts>('MemberCounts').implement({
  description: 'Members of an organisation and everything below it, by status, on a date.',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (c) => c.asOf }),
    total: t.exposeInt('total', { description: 'In the Party: probationary, official and suspended.' }),
    probationary: t.exposeInt('probationary'),
    official: t.exposeInt('official'),
    suspended: t.exposeInt('suspended'),
    exempted: t.exposeInt('exempted'),
    temporarilyAway: t.exposeInt('temporarilyAway', { description: 'Counted here, temporarily active elsewhere.' }),
    temporarilyHosted: t.exposeInt('temporarilyHosted', { description: 'Temporarily active here, counted elsewhere (not in total).' }),
    removedFromRoll: t.exposeInt('removedFromRoll'),
    expelled: t.exposeInt('expelled'),
    deceased: t.exposeInt('deceased'),
    transferredOut: t.exposeInt('transferredOut', { description: 'Left for an organisation outside the tree from here (not in total).' }),
  }),
});

const MemberFilterInput = builder.inputType('MemberFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Name, ignoring case and Vietnamese diacritics ("nguyen van an").' }),
    underId: t.id({ description: 'Members of this organisation and of everything below it.' }),
    status: t.field({ type: [MemberStatusEnum], description: 'PROBATIONARY, OFFICIAL and SUSPENDED when omitted.' }),
    gender: t.field({ type: GenderEnum }),
    exempted: t.boolean(),
    ageMin: t.int(),
    ageMax: t.int(),
    admittedFrom: t.field({ type: 'Date' }),
    admittedTo: t.field({ type: 'Date' }),
    partyAgeMin: t.int({ description: 'Whole years of party age on `asOf`, at least.' }),
    partyAgeMax: t.int({ description: 'Whole years of party age on `asOf`, at most.' }),
  }),
});

type MemberFilterArg = Omit<MemberFilter, 'underId'> & { underId?: string | null };

function decodeMemberFilter(filter: MemberFilterArg | null | undefined): MemberFilter | null {
  return filter ? { ...filter, underId: filter.underId ? fromGlobalId('Organization', filter.underId, 'filter.underId') : null } : null;
}

const MemberConnection = builder.connectionObject({ type: MemberRef, name: 'MemberConnection', fields: totalCountField }, { name: 'MemberEdge' });

builder.objectField(OrganizationRef, 'members', (t) =>
  t.field({
    type: MemberConnection,
    description: 'Members of this organisation and everything below it, on the same date, by given name.',
    args: { filter: t.arg({ type: MemberFilterInput }), ...pageArgs(t.arg) },
    resolve: async (organization, args, ctx, info) =>
      toConnection(
        await ctx.services.members.list({
          asOf: organization.asOf,
          first: args.first,
          after: args.after,
          withTotal: selectsTotalCount(info),
          filter: { ...decodeMemberFilter(args.filter), underId: organization.id, underPathKey: organization.pathKey },
        }),
      ),
  }),
);

const DateBasisEnum = builder.enumType('DateBasis', {
  description: 'Which day of a change counts for a period.',
  values: { EFFECTIVE: { description: 'The day it took effect.' }, DECISION: { description: 'The day it was decided.' } } as const,
});
export const MembershipChangesRef = builder.objectRef<MembershipChanges>('MembershipChanges').implement({
  description: 'How membership moved in a subtree over a period: counts only, computed by the database in one statement.',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (c) => c.from }),
    to: t.field({ type: 'Date', resolve: (c) => c.to }),
    basis: t.field({ type: DateBasisEnum, resolve: (c) => c.basis }),
    admitted: t.exposeInt('admitted'),
    readmitted: t.exposeInt('readmitted'),
    recognizedOfficial: t.exposeInt('recognizedOfficial'),
    transferredIn: t.exposeInt('transferredIn', { description: 'From outside the subtree into it.' }),
    transferredOut: t.exposeInt('transferredOut', { description: 'From the subtree to outside it.' }),
    transferredWithin: t.exposeInt('transferredWithin', { description: 'Between organisations of the subtree.' }),
    transferredFromOutside: t.exposeInt('transferredFromOutside', { description: 'Of transferredIn: arrived from an organisation outside the tree.' }),
    transferredOutside: t.exposeInt('transferredOutside', { description: 'Of transferredOut: left for an organisation outside the tree.' }),
    removedFromRoll: t.exposeInt('removedFromRoll', { description: 'Removed from the roll, or from the probationary list.' }),
    removedWhileProbationary: t.exposeInt('removedWhileProbationary', { description: 'Of removedFromRoll: probationary members.' }),
    expelled: t.exposeInt('expelled'),
    deceased: t.exposeInt('deceased'),
    restored: t.exposeInt('restored'),
  }),
});

builder.objectField(OrganizationRef, 'membershipChanges', (t) =>
  t.field({
    type: MembershipChangesRef,
    description: 'Admissions, recognitions, transfers in and out, departures over a period, by the day each took effect or was decided.',
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }), basis: t.arg({ type: DateBasisEnum, defaultValue: 'EFFECTIVE' }) },
    resolve: (organization, args, ctx) => ctx.services.members.changes(organization.id, args.from, args.to, args.basis ?? 'EFFECTIVE'),
  }),
);

builder.objectField(OrganizationRef, 'memberCounts', (t) =>
  t.field({
    type: MemberCountsRef,
    description: 'Members by status in the subtree, on the same date; computed by the database.',
    resolve: async (organization, _args, ctx) => (await ctx.loaders.memberCounts.load(organization))!,
  }),
);

builder.queryFields((t) => ({
  member: t.field({
    type: MemberRef,
    nullable: true,
    description: 'A member as of a date (today when omitted); null before the admission.',
    args: { id: t.arg.id({ required: true }), asOf: t.arg({ type: 'Date' }) },
    resolve: (_root, args, ctx, info) => {
      const key = { id: memberId(args.id, 'id'), asOf: args.asOf ?? ctx.today };
      // A member's page asks for the events too: read with the member, in the same statement
      // (the events' own visibility applies), and handed to the events loader.
      return selectsField(info, 'events') ? ctx.loaders.memberWithEvents.load(key) : ctx.loaders.member.load(key);
    },
  }),
  members: t.field({
    type: MemberConnection,
    description: 'Members as of a date (today when omitted), ordered by given name.',
    args: { filter: t.arg({ type: MemberFilterInput }), asOf: t.arg({ type: 'Date' }), ...pageArgs(t.arg) },
    resolve: async (_root, args, ctx, info) =>
      toConnection(
        await ctx.services.members.list({
          filter: decodeMemberFilter(args.filter),
          asOf: args.asOf ?? ctx.today,
          first: args.first,
          after: args.after,
          withTotal: selectsTotalCount(info),
        }),
      ),
  }),
}));

// ---------------------------------------------------------------- mutations

type InputFields = PothosSchemaTypes.InputFieldBuilder<SchemaTypes, 'InputObject'>;

/** The personal data fields, required where a new record needs them (admission) or all optional (corrections). */
function personalDataFields(t: InputFields, forNewRecord: boolean) {
  return {
    fullName: t.string({ required: forNewRecord }),
    gender: t.field({ type: GenderEnum, required: forNewRecord }),
    dateOfBirth: t.field({ type: 'Date', required: forNewRecord }),
    ethnicity: t.string(),
    religion: t.string(),
    hometown: t.string(),
    permanentAddress: t.string(),
    nationalId: t.string({ description: '12 digits.' }),
    phone: t.string(),
    email: t.string(),
    educationLevel: t.string(),
    professionalQualification: t.string(),
    politicalTheoryLevel: t.string(),
    occupation: t.string(),
    workplace: t.string(),
    partyCardNumber: t.string(),
    fileNumber: t.string(),
  };
}

const PersonalDataInput = builder.inputType('MemberPersonalDataInput', { fields: (t) => personalDataFields(t, true) });

const MemberUpdateInput = builder.inputType('UpdateMemberInput', {
  description: 'Corrections to personal data; only the fields given change.',
  fields: (t) => ({ memberId: t.id({ required: true }), ...personalDataFields(t, false) }),
});

const AdmitInput = builder.inputType('AdmitMemberInput', {
  fields: (t) => ({
    person: t.field({ type: PersonalDataInput, required: true }),
    organizationId: t.id({ required: true, description: 'The branch (chi bộ) that admits.' }),
    admittedOn: t.field({ type: 'Date', required: true, description: 'The date of the admission decision.' }),
    decisionId: t.id({ required: true }),
    candidateId: t.id({ description: 'The candidate (quần chúng ưu tú) admitted, whose record continues.' }),
    note: t.string(),
    ceremonyOn: t.field({ type: 'Date', description: 'Lễ kết nạp, when already held (within 30 working days of the decision): probation runs from it.' }),
  }),
});
const CeremonyInput = builder.inputType('RecordAdmissionCeremonyInput', {
  fields: (t) => ({ memberId: t.id({ required: true }), ceremonyOn: t.field({ type: 'Date', required: true }) }),
});

const LetterInput = builder.inputType('IntroductionLetterInput', {
  description: 'Giấy giới thiệu sinh hoạt đảng.',
  fields: (t) => ({
    letterNumber: t.string({ required: true }),
    cardNumber: t.string(),
    fileNumber: t.string(),
    listNumber: t.string(),
    transferNumber: t.string(),
    duesPaidUntil: t.string({ description: 'Đảng phí đã đóng đến hết tháng: YYYY-MM.' }),
  }),
});

const ArrivalLetterInput = builder.inputType('ArrivalLetterInput', {
  description: 'Giấy giới thiệu sinh hoạt đảng presented on arrival, with the day it was written.',
  fields: (t) => ({
    letterNumber: t.string({ required: true }),
    issuedOn: t.field({ type: 'Date', required: true, description: 'The day of the introduction: the time to present it counts from here.' }),
    cardNumber: t.string(),
    fileNumber: t.string(),
    listNumber: t.string(),
    transferNumber: t.string(),
    duesPaidUntil: t.string({ description: 'Đảng phí đã đóng đến hết tháng: YYYY-MM.' }),
  }),
});

const ReceiveInput = builder.inputType('ReceiveMemberInput', {
  description:
    'Tiếp nhận: a member arriving with an introduction letter from an organisation outside the tree (not an admission). A member of this tree who left with a letter is found by party card number or national ID and continues the same record.',
  fields: (t) => ({
    person: t.field({ type: PersonalDataInput, required: true }),
    organizationId: t.id({ required: true, description: 'The receiving branch.' }),
    arrivedOn: t.field({ type: 'Date', required: true, description: 'The day the letter was presented to the receiving committee.' }),
    from: t.string({ required: true, description: 'The sending organisation, as the letter names it.' }),
    letter: t.field({ type: ArrivalLetterInput, required: true }),
    admittedOn: t.field({ type: 'Date', required: true, description: 'Ngày vào Đảng: the admission decision.' }),
    ceremonyOn: t.field({ type: 'Date', description: 'Lễ kết nạp (probation of a probationary member runs from it).' }),
    recognizedOfficialOn: t.field({ type: 'Date', description: 'Ngày chính thức: given for an official member, omitted for a probationary one.' }),
    partyAgeFrom: t.field({ type: 'Date', description: 'When the letter counts party age from another day than the admission.' }),
    decisionId: t.id(),
    note: t.string(),
  }),
});

const RuleWarningRef = builder.objectRef<RuleWarning>('RuleWarning').implement({
  description: 'Done, with something for the committee to consider, named with the rule behind it.',
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});

const MemberPayload = builder.objectRef<{ memberId: string; asOf: IsoDate; eventId: string | null }>('MemberPayload').implement({
  fields: (t) => ({
    member: t.field({
      type: MemberRef,
      description: 'The member as of the event’s effective date.',
      resolve: async (payload, _args, ctx) => (await ctx.loaders.member.load({ id: payload.memberId, asOf: payload.asOf }))!,
    }),
    event: t.field({
      type: MemberEventRef,
      nullable: true,
      resolve: (payload, _args, ctx) => (payload.eventId ? ctx.loaders.memberEvent.load(payload.eventId) : null),
    }),
  }),
});

async function payloadFor(ctx: GraphQLContext, memberIdValue: string, eventId: string) {
  const event = (await ctx.loaders.memberEvent.load(eventId))!;
  return { memberId: memberIdValue, eventId, asOf: fromDbDate(event.effectiveOn) };
}

builder.mutationFields((t) => ({
  admitMember: t.field({
    type: MemberPayload,
    description: 'Kết nạp: creates the member record; the member is probationary from the admission date.',
    errors: { ...mutationErrors, union: { name: 'AdmitMemberResult' } },
    args: { input: t.arg({ type: AdmitInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = await ctx.services.members.admit(fromAdmitInput(input as AdmitInputArg));
      const [admission] = await ctx.services.members.eventsOf([id]).then((m) => m.get(id)!);
      return { memberId: id, eventId: admission!.id, asOf: input.admittedOn };
    },
  }),
  receiveMember: t.field({
    type: builder.objectRef<{ memberId: string; eventId: string; asOf: IsoDate; warnings: RuleWarning[] }>('ReceiveMemberPayload').implement({
      fields: (p) => ({
        member: p.field({ type: MemberRef, resolve: async (payload, _args, ctx) => (await ctx.loaders.member.load({ id: payload.memberId, asOf: payload.asOf }))! }),
        event: p.field({ type: MemberEventRef, resolve: async (payload, _args, ctx) => (await ctx.loaders.memberEvent.load(payload.eventId))! }),
        warnings: p.field({ type: [RuleWarningRef], resolve: (payload) => payload.warnings }),
      }),
    }),
    description: 'Tiếp nhận: records a member arriving from an organisation outside the tree with an introduction letter.',
    errors: { ...mutationErrors, union: { name: 'ReceiveMemberResult' } },
    args: { input: t.arg({ type: ReceiveInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await ctx.services.members.receive(fromArrivalInput(input as ArrivalInputArg));
      return { ...result, asOf: input.arrivedOn };
    },
  }),
  recordAdmissionCeremony: t.field({
    type: MemberPayload,
    description: 'Lễ kết nạp of a member admitted earlier (before recognition): probation runs 12 months from it; party age still counts from the decision.',
    errors: { ...mutationErrors, union: { name: 'RecordAdmissionCeremonyResult' } },
    args: { input: t.arg({ type: CeremonyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const decoded = memberId(input.memberId, 'memberId');
      await ctx.services.members.recordAdmissionCeremony(decoded, input.ceremonyOn);
      return { memberId: decoded, eventId: null, asOf: input.ceremonyOn };
    },
  }),
  updateMember: t.field({
    type: MemberPayload,
    description: 'Corrects personal data (the lifecycle changes only through events).',
    errors: { ...mutationErrors, union: { name: 'UpdateMemberResult' } },
    args: { input: t.arg({ type: MemberUpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { memberId: id, ...patch } = input;
      const decoded = memberId(id, 'memberId');
      await ctx.services.members.update(decoded, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null)));
      return { memberId: decoded, eventId: null, asOf: ctx.today };
    },
  }),
}));

const AdmitManyRowInput = builder.inputType('AdmitMembersRowInput', {
  fields: (t) => ({
    person: t.field({ type: PersonalDataInput, required: true }),
    organizationId: t.id({ description: 'The admitting branch, when not the decision’s.' }),
    candidateId: t.id(),
    ceremonyOn: t.field({ type: 'Date' }),
    note: t.string(),
  }),
});
const AdmitManyInput = builder.inputType('AdmitMembersInput', {
  description: 'One admission decision for many people (at most 1,000).',
  fields: (t) => ({
    decisionId: t.id({ required: true }),
    admittedOn: t.field({ type: 'Date', required: true }),
    organizationId: t.id({ description: 'The admitting branch of every row that names none.' }),
    ceremonyOn: t.field({ type: 'Date', description: 'Lễ kết nạp of every row that names none, when already held.' }),
    rows: t.field({ type: [AdmitManyRowInput], required: true }),
  }),
});
const RecognizeManyInput = builder.inputType('RecognizeMembersOfficialInput', {
  description: 'One decision recognising many members official (at most 1,000).',
  fields: (t) => ({ decisionId: t.id({ required: true }), occurredOn: t.field({ type: 'Date', required: true }), memberIds: t.idList({ required: true }), note: t.string() }),
});
const TransferManyRowInput = builder.inputType('TransferMembersRowInput', {
  fields: (t) => ({ memberId: t.id({ required: true }), letter: t.field({ type: LetterInput, required: true }), note: t.string() }),
});
const TransferManyInput = builder.inputType('TransferMembersInput', {
  description: 'One decision transferring many members to one branch (at most 1,000).',
  fields: (t) => ({
    decisionId: t.id({ required: true }),
    occurredOn: t.field({ type: 'Date', required: true }),
    organizationId: t.id({ required: true, description: 'The receiving branch.' }),
    rows: t.field({ type: [TransferManyRowInput], required: true }),
  }),
});
const MembersPayload = builder.objectRef<{ results: { memberId: string; eventId: string; asOf: IsoDate }[] }>('MembersDecisionPayload').implement({
  description: 'Every member the decision concerns, with the event it recorded, in the order of the rows.',
  fields: (t) => ({ results: t.field({ type: [MemberPayload], resolve: (payload) => payload.results }) }),
});

async function payloadsFor(ctx: GraphQLContext, pairs: { memberId: string; eventId: string }[]) {
  const events = await ctx.services.members.eventsByIds(pairs.map((pair) => pair.eventId));
  return { results: pairs.map((pair) => ({ ...pair, asOf: fromDbDate(events.get(pair.eventId)!.effectiveOn) })) };
}

builder.mutationFields((t) => ({
  admitMembers: t.field({
    type: MembersPayload,
    description: 'Kết nạp of many by one decision: every bad row named, nothing written unless every row passes.',
    errors: { ...mutationErrors, union: { name: 'AdmitMembersResult' } },
    args: { input: t.arg({ type: AdmitManyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const ids = await ctx.services.members.admitMany(fromAdmitManyInput(input as AdmitManyArg));
      const events = await ctx.services.members.eventsOf(ids);
      return payloadsFor(ctx, ids.map((id) => ({ memberId: id, eventId: events.get(id)![0]!.id })));
    },
  }),
  recognizeMembersOfficial: t.field({
    type: MembersPayload,
    description: 'Công nhận đảng viên chính thức of many by one decision: every bad row named, nothing written unless every row passes.',
    errors: { ...mutationErrors, union: { name: 'RecognizeMembersOfficialResult' } },
    args: { input: t.arg({ type: RecognizeManyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const rows = fromRecognizeManyInput(input as RecognizeManyArg);
      const eventIds = await ctx.services.members.recordEvents('RECOGNIZED_OFFICIAL', rows, 'memberIds');
      return payloadsFor(ctx, rows.map((row, index) => ({ memberId: row.memberId, eventId: eventIds[index]! })));
    },
  }),
  transferMembers: t.field({
    type: MembersPayload,
    description: 'Chuyển sinh hoạt đảng of many to one branch by one decision: every bad row named, nothing written unless every row passes.',
    errors: { ...mutationErrors, union: { name: 'TransferMembersResult' } },
    args: { input: t.arg({ type: TransferManyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const rows = fromTransferManyInput(input as TransferManyArg);
      const eventIds = await ctx.services.members.recordEvents('TRANSFERRED', rows);
      return payloadsFor(ctx, rows.map((row, index) => ({ memberId: row.memberId, eventId: eventIds[index]! })));
    },
  }),
}));

const eventInputFields = {
  memberId: { type: 'ID', required: true },
  occurredOn: { type: 'Date', required: true, description: 'The date of the decision (or of the death).' },
  decisionId: { type: 'ID', required: false, description: 'The decision; required except for a death or a return.' },
  note: { type: 'String', required: false },
} as const;

for (const action of MEMBER_EVENT_ACTIONS) {
  const inputName = `${action.mutation[0]!.toUpperCase()}${action.mutation.slice(1)}Input`;
  const Input = builder.inputType(inputName, {
    fields: (t) => ({
      memberId: t.field(eventInputFields.memberId),
      occurredOn: t.field(eventInputFields.occurredOn),
      decisionId: t.field(eventInputFields.decisionId),
      note: t.field(eventInputFields.note),
      ...(action.extra === 'transfer'
        ? {
            organizationId: t.id({ required: true, description: 'The receiving branch.' }),
            letter: t.field({ type: LetterInput, required: true }),
          }
        : {}),
      ...(action.extra === 'transferOutside'
        ? {
            destination: t.string({ required: true, description: 'The receiving organisation, outside the tree, as the letter names it.' }),
            letter: t.field({ type: LetterInput, required: true }),
          }
        : {}),
      ...(action.extra === 'readmit' ? { organizationId: t.id({ required: true, description: 'The branch the person is readmitted into.' }) } : {}),
      ...(action.extra === 'suspend'
        ? {
            ground: t.field({ type: SuspensionGroundEnum, description: 'Why (DISCIPLINE_REVIEW when omitted).' }),
            days: t.int({ description: 'DISCIPLINE_REVIEW: how many days (at most the regulation’s first period, which is the default).' }),
            until: t.field({ type: 'Date', description: 'PROSECUTION or DETENTION: the day the legal period ends.' }),
          }
        : {}),
      ...(action.extra === 'extendSuspension'
        ? {
            days: t.int({ description: 'DISCIPLINE_REVIEW: how many days more (up to the regulation’s total, the default).' }),
            until: t.field({ type: 'Date', description: 'PROSECUTION or DETENTION: the new end of the legal period.' }),
          }
        : {}),
      ...(action.extra === 'temporary'
        ? {
            organizationId: t.id({ required: true, description: 'The branch where the member will be temporarily active.' }),
            reason: t.field({ type: TemporaryReasonEnum, required: true }),
            expectedReturnOn: t.field({ type: 'Date', required: true }),
          }
        : {}),
    }),
  });
  builder.mutationField(action.mutation, (t) =>
    t.field({
      type: MemberPayload,
      description: `${memberEventLabels[action.type]} (${action.type}).`,
      errors: { ...mutationErrors, union: { name: `${inputName.replace(/Input$/, '')}Result` } },
      args: { input: t.arg({ type: Input, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const id = memberId(input.memberId as string, 'memberId');
        const eventId = await ctx.services.members.recordEvent(id, action.type, fromEventInput(input as EventInputArg));
        return payloadFor(ctx, id, eventId);
      },
    }),
  );
}
