import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { MemberEvent } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, pageOf, pageQuery, problemResponses } from '../../http/schemas.js';
import { elapsed, fromDbDate, fromDbDateOrNull, todayInVietnam } from '../../shared/dates.js';
import { assertIfMatch } from '../../http/conditional.js';
import { NotFoundError } from '../../shared/errors.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { partyAgeEnd } from './members.lifecycle.js';
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
import { genderLabels, MEMBER_EVENT_ACTIONS, memberEventLabels, memberStatusLabels, suspensionGroundLabels } from './members.labels.js';
import { personalOf, type MemberCounts, type MemberView, type PersonalData } from './members.service.js';
import { may } from '../auth/access.js';
import type { OrganizationView } from '../organizations/organizations.service.js';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';

const Gender = enumSchema('Gender', genderLabels);
const Status = enumSchema('MemberStatus', memberStatusLabels);
const nullableString = () => Type.Union([Type.String(), Type.Null()]);

const MemberSchema = Type.Object(
  {
    id: Type.String(),
    fullName: Type.String(),
    gender: Gender,
    dateOfBirth: dateSchema(),
    ethnicity: Type.String(),
    religion: nullableString(),
    hometown: nullableString(),
    permanentAddress: nullableString(),
    nationalId: nullableString(),
    phone: nullableString(),
    email: nullableString(),
    educationLevel: nullableString(),
    professionalQualification: nullableString(),
    politicalTheoryLevel: nullableString(),
    occupation: nullableString(),
    workplace: nullableString(),
    partyCardNumber: nullableString(),
    fileNumber: nullableString(),
    admittedOn: dateSchema(),
    admissionCeremonyOn: Type.Union([dateSchema(), Type.Null()]),
    recognizedOfficialOn: Type.Union([dateSchema(), Type.Null()]),
    asOf: dateSchema(),
    status: Status,
    stateSince: dateSchema(),
    exempted: Type.Boolean(),
    organizationId: Type.String({ description: 'The branch that keeps the record on `asOf`.' }),
    temporaryOrganizationId: Type.Union([Type.String(), Type.Null()]),
    partyAge: Type.Object({ years: Type.Integer(), months: Type.Integer(), days: Type.Integer(), countedFrom: dateSchema() }),
    hiddenFields: Type.Array(Type.String(), { description: 'Sensitive fields left null because the caller may not see them.' }),
  },
  { $id: 'Member' },
);

const MemberEventSchema = Type.Object(
  {
    id: Type.String(),
    type: enumSchema('MemberEventType', memberEventLabels),
    occurredOn: dateSchema(),
    effectiveOn: dateSchema(),
    decisionId: Type.Union([Type.String(), Type.Null()]),
    organizationId: Type.Union([Type.String(), Type.Null()]),
    details: Type.Object({}, { additionalProperties: true }),
    note: nullableString(),
    recordedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'MemberEvent' },
);

const MemberCountsSchema = Type.Object(
  {
    organizationId: Type.String(),
    asOf: dateSchema(),
    total: Type.Integer({ description: 'In the Party: probationary, official and suspended.' }),
    probationary: Type.Integer(),
    official: Type.Integer(),
    suspended: Type.Integer(),
    exempted: Type.Integer(),
    temporarilyAway: Type.Integer(),
    temporarilyHosted: Type.Integer({ description: 'Active here temporarily, counted by their own organisation.' }),
    removedFromRoll: Type.Integer(),
    expelled: Type.Integer(),
    deceased: Type.Integer(),
    transferredOut: Type.Integer({ description: 'Left for an organisation outside the tree from here (not in total).' }),
  },
  { $id: 'MemberCounts' },
);

const optionalText = (maxLength = 300) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));
const personalProperties = {
  ethnicity: optionalText(),
  religion: optionalText(),
  hometown: optionalText(),
  permanentAddress: optionalText(),
  nationalId: optionalText(12),
  phone: optionalText(20),
  email: optionalText(),
  educationLevel: optionalText(),
  professionalQualification: optionalText(),
  politicalTheoryLevel: optionalText(),
  occupation: optionalText(),
  workplace: optionalText(),
  partyCardNumber: optionalText(30),
  fileNumber: optionalText(30),
};
const PersonSchema = Type.Object(
  { fullName: Type.String({ minLength: 1, maxLength: 300 }), gender: Gender, dateOfBirth: dateSchema(), ...personalProperties },
  { additionalProperties: false, $id: 'MemberPersonalData' },
);
const AdmitBody = Type.Object(
  {
    person: Type.Ref('MemberPersonalData'),
    organizationId: Type.String({ description: 'The admitting branch.' }),
    admittedOn: dateSchema({ description: 'Date of the admission decision.' }),
    decisionId: Type.String(),
    candidateId: Type.Optional(Type.String()),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    ceremonyOn: Type.Optional(dateSchema({ description: 'Lễ kết nạp, when already held: probation runs from it.' })),
  },
  { additionalProperties: false },
);
const MAX_ROWS = 1_000;
const AdmitManyBody = Type.Object(
  {
    decisionId: Type.String({ description: 'The admission decision.' }),
    admittedOn: dateSchema({ description: 'Date of the admission decision.' }),
    organizationId: Type.Optional(Type.String({ description: 'The admitting branch of every row that names none.' })),
    ceremonyOn: Type.Optional(dateSchema({ description: 'Lễ kết nạp of every row that names none, when already held.' })),
    rows: Type.Array(
      Type.Object(
        {
          person: Type.Ref('MemberPersonalData'),
          organizationId: Type.Optional(Type.String()),
          candidateId: Type.Optional(Type.String()),
          ceremonyOn: Type.Optional(dateSchema()),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_ROWS },
    ),
  },
  { additionalProperties: false },
);
const RecognizeManyBody = Type.Object(
  {
    decisionId: Type.String(),
    occurredOn: dateSchema({ description: 'The date of the decision (official from the end of each probation).' }),
    memberIds: Type.Array(Type.String(), { minItems: 1, maxItems: MAX_ROWS }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    gender: Type.Optional(Gender),
    dateOfBirth: Type.Optional(dateSchema()),
    ...personalProperties,
  },
  { additionalProperties: false, minProperties: 1 },
);
const LetterSchema = Type.Object(
  {
    letterNumber: Type.String({ minLength: 1, maxLength: 50 }),
    cardNumber: Type.Optional(Type.String({ maxLength: 30 })),
    fileNumber: Type.Optional(Type.String({ maxLength: 30 })),
    listNumber: Type.Optional(Type.String({ maxLength: 30 })),
    transferNumber: Type.Optional(Type.String({ maxLength: 30 })),
    duesPaidUntil: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' })),
  },
  { additionalProperties: false },
);
const TransferManyBody = Type.Object(
  {
    decisionId: Type.String(),
    occurredOn: dateSchema({ description: 'The date of the decision.' }),
    organizationId: Type.String({ description: 'The receiving branch.' }),
    rows: Type.Array(Type.Object({ memberId: Type.String(), letter: LetterSchema, note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: MAX_ROWS,
    }),
  },
  { additionalProperties: false },
);
const ArrivalBody = Type.Object(
  {
    person: Type.Ref('MemberPersonalData'),
    organizationId: Type.String({ description: 'The receiving branch.' }),
    arrivedOn: dateSchema({ description: 'The day the letter was presented to the receiving committee.' }),
    from: Type.String({ minLength: 1, maxLength: 300, description: 'The sending organisation, as the letter names it.' }),
    letter: Type.Object(
      { ...LetterSchema.properties, issuedOn: dateSchema({ description: 'The day of the introduction: the time to present it counts from here.' }) },
      { additionalProperties: false },
    ),
    admittedOn: dateSchema({ description: 'Ngày vào Đảng: the admission decision.' }),
    ceremonyOn: Type.Optional(dateSchema({ description: 'Lễ kết nạp.' })),
    recognizedOfficialOn: Type.Optional(dateSchema({ description: 'Ngày chính thức: given for an official member.' })),
    partyAgeFrom: Type.Optional(dateSchema({ description: 'When the letter counts party age from another day than the admission.' })),
    decisionId: Type.Optional(Type.String()),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const eventBase = {
  occurredOn: dateSchema({ description: 'The date of the decision (or of the death).' }),
  decisionId: Type.Optional(Type.String({ description: 'Required except for a death or a return.' })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
};
const Ground = enumSchema('SuspensionGround', suspensionGroundLabels);
const eventBodies = {
  none: Type.Object(eventBase, { additionalProperties: false }),
  suspend: Type.Object(
    {
      ...eventBase,
      ground: Type.Optional(Ground),
      days: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'DISCIPLINE_REVIEW: how many days (the regulation’s first period when omitted).' })),
      until: Type.Optional(dateSchema({ description: 'PROSECUTION or DETENTION: the day the legal period ends.' })),
    },
    { additionalProperties: false },
  ),
  extendSuspension: Type.Object(
    {
      ...eventBase,
      days: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: 'DISCIPLINE_REVIEW: how many days more (up to the total allowed when omitted).' })),
      until: Type.Optional(dateSchema({ description: 'PROSECUTION or DETENTION: the new end of the legal period.' })),
    },
    { additionalProperties: false },
  ),
  transfer: Type.Object({ ...eventBase, organizationId: Type.String(), letter: LetterSchema }, { additionalProperties: false }),
  transferOutside: Type.Object(
    {
      ...eventBase,
      destination: Type.String({ minLength: 1, maxLength: 300, description: 'The receiving organisation, outside the tree, as the letter names it.' }),
      letter: LetterSchema,
    },
    { additionalProperties: false },
  ),
  readmit: Type.Object({ ...eventBase, organizationId: Type.String({ description: 'The branch the person is readmitted into.' }) }, { additionalProperties: false }),
  temporary: Type.Object(
    {
      ...eventBase,
      organizationId: Type.String(),
      reason: Type.Unsafe<'WORK' | 'STUDY' | 'OTHER'>({ type: 'string', enum: ['WORK', 'STUDY', 'OTHER'] }),
      expectedReturnOn: dateSchema(),
    },
    { additionalProperties: false },
  ),
};

const ListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    underId: Type.Optional(Type.String({ description: 'Members of this organisation and everything below it.' })),
    status: Type.Optional(Type.Array(Status)),
    gender: Type.Optional(Gender),
    exempted: Type.Optional(Type.Boolean()),
    ageMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    ageMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    admittedFrom: Type.Optional(dateSchema()),
    admittedTo: Type.Optional(dateSchema()),
    partyAgeMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    partyAgeMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    asOf: Type.Optional(dateSchema()),
    ...pageQuery,
  },
  { additionalProperties: false },
);
const AsOfQuery = Type.Object({ asOf: Type.Optional(dateSchema()) }, { additionalProperties: false });

const SENSITIVE = ['nationalId', 'phone', 'email', 'permanentAddress'] as const;

/** Sensitive personal data is null for callers who may not see it, and named in `hiddenFields`. */
function memberPage(request: FastifyRequest, query: Static<typeof ListQuery>) {
  const { asOf, first, after, underId, ...filter } = query;
  return request.services.members.list({
    asOf: asOf ?? todayInVietnam(),
    first,
    after,
    filter: { ...filter, underId: underId ? fromGlobalId('Organization', underId, 'underId') : null },
  });
}

type References = Awaited<ReturnType<typeof referencesOf>>;
type MemberRow = ReturnType<typeof memberDto> & {
  hiddenFields: string[];
  memberId: string;
  branch: OrganizationView | null;
  /** The admission (or the arrival from outside the tree) and the recognition, with their decisions. */
  entry: MemberEvent | null;
  recognition: MemberEvent | null;
  history: MemberEvent[];
  refs: References;
};

/** The sheet of each member's events after the admission, as the import reads it back. */
const HISTORY_COLUMNS: Column<{ memberId: string; event: MemberEvent; refs: References }>[] = [
  { header: 'Mã đảng viên', width: 38, value: (r) => r.memberId },
  { header: 'Sự kiện', width: 40, value: (r) => memberEventLabels[r.event.type] },
  { header: 'Ngày', kind: 'DATE', value: (r) => fromDbDate(r.event.occurredOn) },
  { header: 'Số quyết định', value: (r) => r.refs.decision(r.event.decisionId) },
  { header: 'Cấp quyết định', width: 32, value: (r) => r.refs.issuer(r.event.decisionId) },
  { header: 'Mã tổ chức', value: (r) => r.refs.organization(r.event.organizationId)?.code },
  { header: 'Ghi chú', width: 30, value: (r) => r.event.note },
  { header: 'Chi tiết', width: 40, value: (r) => (Object.keys((r.event.details as object) ?? {}).length ? JSON.stringify(r.event.details) : null) },
];

/** The columns of a member list as offices keep it (the import's template reads the same headings). */
const MEMBER_COLUMNS: Column<MemberRow>[] = [
  { header: 'Mã đảng viên', width: 38, value: (m) => m.memberId },
  { header: 'Họ và tên', width: 28, value: (m) => m.fullName },
  { header: 'Giới tính', value: (m) => genderLabels[m.gender] },
  { header: 'Ngày sinh', kind: 'DATE', value: (m) => m.dateOfBirth },
  { header: 'Dân tộc', value: (m) => m.ethnicity },
  { header: 'Tôn giáo', value: (m) => m.religion },
  { header: 'Quê quán', width: 28, value: (m) => m.hometown },
  { header: 'Nơi thường trú', width: 28, value: (m) => m.permanentAddress },
  { header: 'Số CCCD', width: 14, value: (m) => m.nationalId },
  { header: 'Điện thoại', value: (m) => m.phone },
  { header: 'Thư điện tử', value: (m) => m.email },
  { header: 'Giáo dục phổ thông', value: (m) => m.educationLevel },
  { header: 'Chuyên môn nghiệp vụ', value: (m) => m.professionalQualification },
  { header: 'Lý luận chính trị', value: (m) => m.politicalTheoryLevel },
  { header: 'Nghề nghiệp', value: (m) => m.occupation },
  { header: 'Nơi làm việc', width: 28, value: (m) => m.workplace },
  { header: 'Số thẻ đảng viên', value: (m) => m.partyCardNumber },
  { header: 'Số lý lịch', value: (m) => m.fileNumber },
  { header: 'Ngày vào Đảng', kind: 'DATE', value: (m) => m.admittedOn },
  { header: 'Số quyết định kết nạp', value: (m) => (m.entry?.type === 'ADMITTED' ? m.refs.decision(m.entry.decisionId) : null) },
  { header: 'Cấp quyết định kết nạp', width: 28, value: (m) => (m.entry?.type === 'ADMITTED' ? m.refs.issuer(m.entry.decisionId) : null) },
  { header: 'Mã chi bộ kết nạp', value: (m) => m.refs.organization(m.entry?.organizationId)?.code },
  { header: 'Ngày lễ kết nạp', kind: 'DATE', value: (m) => m.admissionCeremonyOn },
  { header: 'Ngày chính thức', kind: 'DATE', value: (m) => m.recognizedOfficialOn },
  { header: 'Số quyết định công nhận chính thức', value: (m) => m.refs.decision(m.recognition?.decisionId) },
  { header: 'Cấp quyết định công nhận', width: 28, value: (m) => m.refs.issuer(m.recognition?.decisionId) },
  { header: 'Tình trạng', width: 24, value: (m) => memberStatusLabels[m.status] },
  { header: 'Từ ngày', kind: 'DATE', value: (m) => m.stateSince },
  { header: 'Miễn sinh hoạt', value: (m) => (m.exempted ? 'Có' : '') },
  { header: 'Tuổi đảng (năm)', kind: 'INTEGER', value: (m) => m.partyAge.years },
  { header: 'Mã chi bộ', value: (m) => m.branch?.code },
  { header: 'Chi bộ', width: 32, value: (m) => m.branch?.name },
];

async function visibleMemberDtos(request: FastifyRequest, members: MemberView[]) {
  const actor = request.services.actor;
  // The personal data is today's, so it is judged by where each member is kept today: a past
  // view of a member who has since left the caller's subtree does not show it.
  const today = todayInVietnam();
  const past = [...new Set(members.filter((m) => m.asOf !== today).map((m) => m.id))];
  const current = new Map(members.filter((m) => m.asOf === today).map((m) => [m.id, m]));
  if (past.length > 0) for (const [id, view] of await request.services.members.byIds(past, today)) current.set(id, view);
  const branchIds = [...new Set([...current.values()].map((m) => m.period.organizationId))];
  const paths = new Map<string, number[]>();
  for (const [id, view] of await request.services.organizations.byIds(branchIds, today)) paths.set(id, view.path);
  return members.map((m) => {
    const branch = current.get(m.id)?.period.organizationId;
    const allowed = actor.memberId === m.id || (!!branch && may(actor, 'readSensitive', paths.get(branch) ?? []));
    const dto = memberDto(m);
    return allowed ? { ...dto, hiddenFields: [] } : { ...dto, ...Object.fromEntries(SENSITIVE.map((f) => [f, null])), hiddenFields: [...SENSITIVE] };
  });
}

export function memberDto(member: MemberView) {
  const { period } = member;
  return {
    id: toGlobalId('Member', member.id),
    ...personalOf(member),
    admittedOn: fromDbDate(member.admittedOn),
    admissionCeremonyOn: fromDbDateOrNull(member.admissionCeremonyOn),
    recognizedOfficialOn: fromDbDateOrNull(member.recognizedOfficialOn),
    asOf: member.asOf,
    status: period.status,
    stateSince: period.validFrom,
    exempted: period.exempted,
    organizationId: toGlobalId('Organization', period.organizationId),
    temporaryOrganizationId: period.temporaryOrganizationId ? toGlobalId('Organization', period.temporaryOrganizationId) : null,
    partyAge: { ...elapsed(period.partyAgeFrom, partyAgeEnd(period, member.asOf)), countedFrom: period.partyAgeFrom },
  };
}

function memberEventDto(event: MemberEvent) {
  return {
    id: toGlobalId('MemberEvent', event.id),
    type: event.type,
    occurredOn: fromDbDate(event.occurredOn),
    effectiveOn: fromDbDate(event.effectiveOn),
    decisionId: event.decisionId ? toGlobalId('Document', event.decisionId) : null,
    organizationId: event.organizationId ? toGlobalId('Organization', event.organizationId) : null,
    details: event.details as Record<string, unknown>,
    note: event.note,
    recordedAt: event.recordedAt.toISOString(),
  };
}

function countsDto(counts: MemberCounts) {
  return { ...counts, organizationId: toGlobalId('Organization', counts.organizationId) };
}

/** A member's ETag changes with every change to the record or its lifecycle. */
const etagOf = (member: { updatedAt: Date }) => `"${member.updatedAt.getTime().toString(36)}"`;

const memberId = (value: string) => fromGlobalId('Member', value, 'id');

export async function memberRoutes(app: FastifyInstance) {
  app.addSchema(MemberSchema);
  app.addSchema(MemberEventSchema);
  app.addSchema(MemberCountsSchema);
  app.addSchema(PersonSchema);

  const withEvent = Type.Object({ member: Type.Ref('Member'), event: Type.Ref('MemberEvent') });
  const idempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Makes retries safe.' })) });

  /** The member and the event recorded, with the member's new ETag (for the next If-Match). */
  async function eventResult(reply: FastifyReply, id: string, eventId: string) {
    const { request } = reply;
    const service = request.services.members;
    const event = (await service.eventsByIds([eventId])).get(eventId)!;
    const record = await service.get(id, fromDbDate(event.effectiveOn));
    reply.header('etag', etagOf(record));
    const [member] = await visibleMemberDtos(request, [record]);
    return { member, event: memberEventDto(event) };
  }

  /** The members and events a decision for many recorded, each member as of its event's effective day. */
  async function eventResults(request: FastifyRequest, pairs: readonly { memberId: string; eventId: string }[]) {
    const service = request.services.members;
    const events = await service.eventsByIds(pairs.map((pair) => pair.eventId));
    const dayOf = (pair: { eventId: string }) => fromDbDate(events.get(pair.eventId)!.effectiveOn);
    const byDay = new Map<string, string[]>();
    for (const pair of pairs) byDay.set(dayOf(pair), [...(byDay.get(dayOf(pair)) ?? []), pair.memberId]);
    const views = new Map<string, MemberView>();
    for (const [day, ids] of byDay) for (const [id, view] of await service.byIds(ids, day)) views.set(`${id} ${day}`, view);
    const members = await visibleMemberDtos(request, pairs.map((pair) => views.get(`${pair.memberId} ${dayOf(pair)}`)!));
    return { items: pairs.map((pair, index) => ({ member: members[index], event: memberEventDto(events.get(pair.eventId)!) })) };
  }
  const batchResponse = { 201: Type.Object({ items: Type.Array(withEvent) }), ...problemResponses(400, 403, 404, 409, 422) };
  const batchDescription = 'One decision for many: every row is checked as its single call checks it; the answer names every bad row (`rows.3.person.dateOfBirth: …`) and nothing is written unless every row passes.';

  const checkIfMatch = (request: FastifyRequest, id: string) =>
    assertIfMatch(request, 'member', async () => {
      const current = await request.services.members.get(id, todayInVietnam()).catch(() => null);
      return current ? etagOf(current) : null;
    });

  app.get(
    '/members',
    {
      schema: {
        tags: ['members'],
        operationId: 'listMembers',
        summary: 'Members as of a date, by given name',
        querystring: ListQuery,
        response: { 200: pageOf('Member'), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const page = await memberPage(request, request.query as Static<typeof ListQuery>);
      return { items: await visibleMemberDtos(request, page.items), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );

  registerListExport(app, {
    url: '/members/export',
    list: 'members',
    tag: 'members',
    operationId: 'exportMembers',
    summary: 'The member list as a spreadsheet (xlsx or csv), with the list’s filters',
    sheet: 'Danh sách đảng viên',
    filename: 'danh-sach-dang-vien',
    query: ListQuery,
    capability: 'readMembers',
    columns: MEMBER_COLUMNS,
    organizationOf: (_request, query: Static<typeof ListQuery>) => (query.underId ? fromGlobalId('Organization', query.underId, 'underId') : null),
    async page(request, query: Static<typeof ListQuery>, after, first) {
      const page = await memberPage(request, { ...query, after: after ?? undefined, first });
      const dtos = await visibleMemberDtos(request, page.items);
      const events = await request.services.members.eventsOf(page.items.map((m) => m.id));
      const refs = await referencesOf(request, {
        organizations: [...page.items.map((m) => m.period.organizationId), ...[...events.values()].flatMap((list) => list.map((e) => e.organizationId))],
        documents: [...events.values()].flatMap((list) => list.map((e) => e.decisionId)),
      });
      const items = dtos.map((dto, i) => {
        const member = page.items[i]!;
        const history = events.get(member.id) ?? [];
        return {
          ...dto,
          memberId: member.id,
          branch: refs.organization(member.period.organizationId) ?? null,
          entry: history.find((e) => e.type === 'ADMITTED' || e.type === 'TRANSFERRED_IN') ?? null,
          recognition: history.find((e) => e.type === 'RECOGNIZED_OFFICIAL') ?? null,
          history,
          refs,
        };
      });
      return { items, endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
    history: {
      sheet: 'Quá trình sinh hoạt đảng',
      columns: HISTORY_COLUMNS as never,
      rowsOf: async (_request, items) => items.flatMap((m) => m.history.filter((e) => e.type !== 'ADMITTED').map((event) => ({ memberId: m.memberId, event, refs: m.refs }))),
    },
  });

  app.get(
    '/members/:id',
    {
      schema: {
        tags: ['members'],
        operationId: 'getMember',
        summary: 'One member as of a date',
        params: idParam,
        querystring: AsOfQuery,
        response: { 200: Type.Ref('Member'), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const service = request.services.members;
      const member = await service.get(memberId((request.params as Static<typeof idParam>).id), (request.query as Static<typeof AsOfQuery>).asOf ?? todayInVietnam());
      reply.header('etag', etagOf(member));
      return (await visibleMemberDtos(request, [member]))[0];
    },
  );

  app.get(
    '/members/:id/events',
    {
      schema: {
        tags: ['members'],
        operationId: 'listMemberEvents',
        summary: 'A member’s lifecycle, in effective order',
        params: idParam,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('MemberEvent')) }), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const service = request.services.members;
      const id = memberId((request.params as Static<typeof idParam>).id);
      const events = (await service.eventsOf([id])).get(id)!;
      if (events.length === 0) throw new NotFoundError('Member', id);
      return { items: events.map(memberEventDto) };
    },
  );

  app.get(
    '/organizations/:id/member-counts',
    {
      schema: {
        tags: ['members'],
        operationId: 'getMemberCounts',
        summary: 'Members by status in an organisation’s subtree on a date',
        params: idParam,
        querystring: AsOfQuery,
        response: { 200: Type.Ref('MemberCounts'), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const service = request.services.members;
      const asOf = (request.query as Static<typeof AsOfQuery>).asOf ?? todayInVietnam();
      const organization = await request.services.organizations.get(
        fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id'),
        asOf,
      );
      const counts = await service.counts([{ id: organization.id, pathKey: organization.pathKey }], asOf);
      return countsDto(counts.get(organization.id)!);
    },
  );

  const ChangesQuery = Type.Object(
    { from: dateSchema(), to: dateSchema(), basis: Type.Optional(Type.Union([Type.Literal('EFFECTIVE'), Type.Literal('DECISION')], { description: 'EFFECTIVE (default): by the day each change took effect; DECISION: by the day it was decided.' })) },
    { additionalProperties: false },
  );
  app.get(
    '/organizations/:id/membership-changes',
    {
      schema: {
        tags: ['members'],
        operationId: 'getMembershipChanges',
        summary: 'Admissions, recognitions, transfers in and out and departures in a subtree over a period',
        params: idParam,
        querystring: ChangesQuery,
        response: {
          200: Type.Object({
            organizationId: Type.String(), from: dateSchema(), to: dateSchema(), basis: Type.String(),
            admitted: Type.Integer(), readmitted: Type.Integer(), recognizedOfficial: Type.Integer(),
            transferredIn: Type.Integer(), transferredOut: Type.Integer(), transferredWithin: Type.Integer(),
            transferredFromOutside: Type.Integer(), transferredOutside: Type.Integer(),
            removedFromRoll: Type.Integer(), removedWhileProbationary: Type.Integer(), expelled: Type.Integer(), deceased: Type.Integer(), restored: Type.Integer(),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof ChangesQuery>;
      const id = fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
      const changes = await request.services.members.changes(id, query.from, query.to, query.basis ?? 'EFFECTIVE');
      return { ...changes, organizationId: toGlobalId('Organization', changes.organizationId) };
    },
  );

  app.post(
    '/members',
    {
      config: { idempotent: true },
      schema: {
        tags: ['members'],
        operationId: 'admitMember',
        summary: 'Admit a member (kết nạp): probationary from the admission date',
        headers: idempotencyHeader,
        body: AdmitBody,
        response: { 201: withEvent, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const service = request.services.members;
      const id = await service.admit(fromAdmitInput(request.body as AdmitInputArg));
      const [admission] = (await service.eventsOf([id])).get(id)!;
      return reply.status(201).send(await eventResult(reply, id, admission!.id));
    },
  );

  app.post(
    '/members/admissions',
    {
      config: { idempotent: true },
      schema: {
        tags: ['members'],
        operationId: 'admitMembers',
        summary: 'Admit many people by one decision (kết nạp), each probationary from the admission date',
        description: batchDescription,
        headers: idempotencyHeader,
        body: AdmitManyBody,
        response: batchResponse,
      },
    },
    async (request, reply) => {
      const service = request.services.members;
      const ids = await service.admitMany(fromAdmitManyInput(request.body as AdmitManyArg));
      const events = await service.eventsOf(ids);
      return reply.status(201).send(await eventResults(request, ids.map((id) => ({ memberId: id, eventId: events.get(id)![0]!.id }))));
    },
  );
  app.post(
    '/members/recognitions',
    {
      config: { idempotent: true },
      schema: {
        tags: ['members'],
        operationId: 'recognizeMembersOfficial',
        summary: 'Recognise many members official by one decision (công nhận đảng viên chính thức)',
        description: batchDescription,
        headers: idempotencyHeader,
        body: RecognizeManyBody,
        response: batchResponse,
      },
    },
    async (request, reply) => {
      const rows = fromRecognizeManyInput(request.body as RecognizeManyArg);
      const eventIds = await request.services.members.recordEvents('RECOGNIZED_OFFICIAL', rows, 'memberIds');
      return reply.status(201).send(await eventResults(request, rows.map((row, index) => ({ memberId: row.memberId, eventId: eventIds[index]! }))));
    },
  );
  app.post(
    '/members/transfers',
    {
      config: { idempotent: true },
      schema: {
        tags: ['members'],
        operationId: 'transferMembers',
        summary: 'Transfer many members to one branch by one decision (chuyển sinh hoạt đảng chính thức), each with their introduction letter',
        description: batchDescription,
        headers: idempotencyHeader,
        body: TransferManyBody,
        response: batchResponse,
      },
    },
    async (request, reply) => {
      const rows = fromTransferManyInput(request.body as TransferManyArg);
      const eventIds = await request.services.members.recordEvents('TRANSFERRED', rows);
      return reply.status(201).send(await eventResults(request, rows.map((row, index) => ({ memberId: row.memberId, eventId: eventIds[index]! }))));
    },
  );

  app.post(
    '/members/arrivals',
    {
      config: { idempotent: true },
      schema: {
        tags: ['members'],
        operationId: 'receiveMember',
        summary: 'Receive a member from an organisation outside the tree (tiếp nhận), with the introduction letter',
        description:
          'Not an admission: the letter gives the admission day, the standing and the party age. A member of this tree who left with a letter is found by party card number or national ID and continues the same record. A letter presented later than the regulation allows is recorded with a warning.',
        headers: idempotencyHeader,
        body: ArrivalBody,
        response: {
          201: Type.Object({ ...withEvent.properties, warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })) }),
          ...problemResponses(400, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await request.services.members.receive(fromArrivalInput(request.body as ArrivalInputArg));
      return reply.status(201).send({ ...(await eventResult(reply, result.memberId, result.eventId)), warnings: result.warnings });
    },
  );

  app.patch(
    '/members/:id',
    {
      schema: {
        tags: ['members'],
        operationId: 'updateMember',
        summary: 'Correct personal data (the lifecycle changes only through events)',
        params: idParam,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag read; 412 if it changed.' })) }),
        body: UpdateBody,
        response: { 200: Type.Ref('Member'), ...problemResponses(400, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const service = request.services.members;
      const id = memberId((request.params as Static<typeof idParam>).id);
      await checkIfMatch(request, id);
      await service.update(id, request.body as Partial<PersonalData>);
      const member = await service.get(id, todayInVietnam());
      reply.header('etag', etagOf(member));
      return (await visibleMemberDtos(request, [member]))[0];
    },
  );

  for (const action of MEMBER_EVENT_ACTIONS) {
    app.post(
      `/members/:id/${action.path}`,
      {
        config: { idempotent: true },
        schema: {
          tags: ['members'],
          operationId: action.mutation,
          summary: `${memberEventLabels[action.type]} (${action.type})`,
          params: idParam,
          headers: Type.Object({
            'if-match': Type.Optional(Type.String({ description: 'The ETag read; 412 if it changed.' })),
            'idempotency-key': Type.Optional(Type.String()),
          }),
          body: eventBodies[action.extra],
          response: { 201: withEvent, ...problemResponses(400, 404, 409, 412, 422) },
        },
      },
      async (request, reply) => {
      const service = request.services.members;
        const id = memberId((request.params as Static<typeof idParam>).id);
        await checkIfMatch(request, id);
        const eventId = await service.recordEvent(id, action.type, fromEventInput(request.body as EventInputArg));
        return reply.status(201).send(await eventResult(reply, id, eventId));
      },
    );
  }
}
