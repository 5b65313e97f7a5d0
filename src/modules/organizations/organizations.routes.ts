import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { OrganizationEvent, OrganizationEventParticipant, OrganizationEventType, OrganizationStatus, Sector as SectorType } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, exactlyOneOf, idParam, pageOf, pageQuery, problemResponses } from '../../http/schemas.js';
import { assertIfMatch } from '../../http/conditional.js';
import { fromDbDate, todayInVietnam, type IsoDate } from '../../shared/dates.js';
import { toGlobalId } from '../../shared/ids.js';
import { eventRoleLabels, eventTypeLabels, sectorLabels, statusLabels } from './organizations.labels.js';
import { fromDecisionInput, fromNewOrganizationInput, organizationId, type NewOrganizationInput } from './organizations.inputs.js';
import type { EventResult, OrganizationService, OrganizationView } from './organizations.service.js';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';

const Sector = enumSchema('Sector', sectorLabels);
const Status = enumSchema('OrganizationStatus', statusLabels);

const OrganizationSchema = Type.Object(
  {
    id: Type.String({ description: 'Global id (the same as in GraphQL).' }),
    code: Type.String(),
    name: Type.String(),
    shortName: Type.Union([Type.String(), Type.Null()]),
    kind: Type.String({ description: 'Kind code (see /api/v1/organization-kinds).' }),
    sector: Sector,
    address: Type.Union([Type.String(), Type.Null()]),
    status: Status,
    parentId: Type.Union([Type.String(), Type.Null()]),
    depth: Type.Integer({ description: '0 for a root.' }),
    establishedOn: dateSchema(),
    endedOn: Type.Union([dateSchema(), Type.Null()]),
    asOf: dateSchema({ description: 'The date this representation describes.' }),
    stateSince: dateSchema({ description: 'Since when the organisation has been in this state.' }),
  },
  { $id: 'Organization' },
);

const ParticipantSchema = Type.Object({
  role: enumSchema('EventRole', eventRoleLabels),
  organizationId: Type.String(),
});

const EventSchema = Type.Object(
  {
    id: Type.String(),
    type: enumSchema('OrganizationEventType', eventTypeLabels),
    effectiveOn: dateSchema(),
    decisionId: Type.String(),
    note: Type.Union([Type.String(), Type.Null()]),
    details: Type.Object({}, { additionalProperties: true }),
    recordedAt: Type.String({ format: 'date-time' }),
    participants: Type.Array(ParticipantSchema),
  },
  { $id: 'OrganizationEvent' },
);

const KindSchema = Type.Object(
  {
    code: Type.String(),
    nameVi: Type.String(),
    nameEn: Type.String(),
    isGrassroots: Type.Boolean(),
    allowedParentKinds: Type.Array(Type.String()),
  },
  { $id: 'OrganizationKind' },
);

const EventResultSchema = Type.Object(
  {
    event: Type.Ref('OrganizationEvent'),
    organizations: Type.Array(Type.Ref('Organization'), {
      description: 'The organisations created or changed, as of the effective date; the main subject first.',
    }),
  },
  { $id: 'OrganizationEventResult' },
);

const decisionFields = {
  effectiveOn: dateSchema({ description: 'The day the change takes effect.' }),
  decisionId: Type.String({ description: 'Global id of the Document (decision) that orders it.' }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
};
type DecisionBody = { effectiveOn: string; decisionId: string; note?: string };

const NewOrganizationSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40 }),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    shortName: Type.Optional(Type.String({ maxLength: 300 })),
    kind: Type.String({ description: 'A kind code.' }),
    sector: Sector,
    address: Type.Optional(Type.String({ maxLength: 500 })),
    parentId: Type.Optional(Type.String({ description: 'Required unless the kind is a root.' })),
  },
  { additionalProperties: false, $id: 'NewOrganization' },
);

const EstablishBody = Type.Object(
  { organization: Type.Ref('NewOrganization'), ...decisionFields },
  { additionalProperties: false },
);
const RenameBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 300 }), shortName: Type.Optional(Type.String({ maxLength: 300 })), ...decisionFields },
  { additionalProperties: false },
);
const MoveBody = Type.Object({ newParentId: Type.String(), ...decisionFields }, { additionalProperties: false });
const DissolveBody = Type.Object({ ...decisionFields }, { additionalProperties: false });
const MergeBody = Type.Object(
  {
    sourceIds: Type.Array(Type.String(), { minItems: 1, maxItems: 100 }),
    targetId: Type.Optional(Type.String({ description: 'Merge into this existing organisation…' })),
    newTarget: Type.Optional(Type.Ref('NewOrganization', { description: '…or into one established by the merge.' })),
    ...decisionFields,
  },
  { additionalProperties: false, ...exactlyOneOf('targetId', 'newTarget') },
);
const SplitBody = Type.Object(
  {
    parts: Type.Array(
      Type.Object(
        {
          organization: Type.Ref('NewOrganization'),
          childIds: Type.Optional(Type.Array(Type.String(), { description: 'Children of the source that move to this part.' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    sourceContinues: Type.Boolean({ description: 'True when the source lives on; false when it ends.' }),
    ...decisionFields,
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    kind: Type.Optional(Type.String()),
    sector: Type.Optional(Sector),
    status: Type.Optional(Type.Array(Status, { description: 'Statuses to include; ACTIVE only when omitted.' })),
    underId: Type.Optional(Type.String({ description: 'Only organisations strictly below this one.' })),
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Name, short name or code, ignoring diacritics.' })),
    asOf: Type.Optional(dateSchema({ description: 'Today (Vietnam time) when omitted.' })),
    ...pageQuery,
  },
  { additionalProperties: false },
);
const AsOfQuery = Type.Object({ asOf: Type.Optional(dateSchema({ description: 'Today when omitted.' })) }, { additionalProperties: false });

function organizationPage(request: FastifyRequest, query: Static<typeof ListQuery>) {
  const { asOf, first, after, underId, ...filter } = query;
  return request.services.organizations.list({
    asOf: asOf ?? todayInVietnam(),
    first,
    after,
    filter: { ...filter, underId: underId ? orgId(underId, 'underId') : null },
  });
}

type OrganizationRow = { view: OrganizationView; parent: OrganizationView | null; kind: string; decision: string | null; issuer: string | null };

/** The columns of the organisation list (the import's template reads the same headings). */
export const ORGANIZATION_COLUMNS: Column<OrganizationRow>[] = [
  { header: 'Mã tổ chức', value: (o) => o.view.code },
  { header: 'Tên tổ chức', width: 40, value: (o) => o.view.name },
  { header: 'Tên viết tắt', value: (o) => o.view.shortName },
  { header: 'Loại tổ chức', width: 30, value: (o) => o.kind },
  { header: 'Lĩnh vực', width: 30, value: (o) => sectorLabels[o.view.sector] },
  { header: 'Mã tổ chức cấp trên', value: (o) => o.parent?.code },
  { header: 'Tổ chức cấp trên', width: 40, value: (o) => o.parent?.name },
  { header: 'Địa chỉ', width: 30, value: (o) => o.view.address },
  { header: 'Ngày thành lập', kind: 'DATE', value: (o) => o.view.establishedOn },
  { header: 'Số quyết định thành lập', value: (o) => o.decision },
  { header: 'Cấp quyết định thành lập', width: 32, value: (o) => o.issuer },
  { header: 'Tình trạng', value: (o) => statusLabels[o.view.status] },
  { header: 'Từ ngày', kind: 'DATE', value: (o) => o.view.validFrom },
  { header: 'Ngày kết thúc', kind: 'DATE', value: (o) => o.view.endedOn },
];

type VersionRow = {
  code: string; valid_from: Date; valid_to: Date | null; parent_code: string | null; name: string; short_name: string | null; kind_code: string;
  sector: SectorType; address: string | null; status: OrganizationStatus; event_type: OrganizationEventType; decision_id: string;
};

/** Each organisation's versions with the event and decision that began them: what an import rebuilds the tree from. */
const VERSION_COLUMNS: Column<VersionRow & { kind: string; decision: string | null; issuer: string | null }>[] = [
  { header: 'Mã tổ chức', value: (v) => v.code },
  { header: 'Từ ngày', kind: 'DATE', value: (v) => fromDbDate(v.valid_from) },
  { header: 'Đến ngày', kind: 'DATE', value: (v) => (v.valid_to ? fromDbDate(v.valid_to) : null) },
  { header: 'Mã tổ chức cấp trên', value: (v) => v.parent_code },
  { header: 'Tên tổ chức', width: 40, value: (v) => v.name },
  { header: 'Tên viết tắt', value: (v) => v.short_name },
  { header: 'Loại tổ chức', width: 30, value: (v) => v.kind },
  { header: 'Lĩnh vực', width: 30, value: (v) => sectorLabels[v.sector] },
  { header: 'Địa chỉ', width: 30, value: (v) => v.address },
  { header: 'Tình trạng', value: (v) => statusLabels[v.status] },
  { header: 'Sự kiện', value: (v) => eventTypeLabels[v.event_type] },
  { header: 'Số quyết định', value: (v) => v.decision },
  { header: 'Cấp quyết định', width: 32, value: (v) => v.issuer },
];

export function organizationDto(view: OrganizationView) {
  return {
    id: toGlobalId('Organization', view.id),
    code: view.code,
    name: view.name,
    shortName: view.shortName,
    kind: view.kindCode,
    sector: view.sector,
    address: view.address,
    status: view.status,
    parentId: view.parentId ? toGlobalId('Organization', view.parentId) : null,
    depth: view.path.length - 1,
    establishedOn: view.establishedOn,
    endedOn: view.endedOn,
    asOf: view.asOf,
    stateSince: view.validFrom,
  };
}

function eventDto(event: OrganizationEvent, participants: OrganizationEventParticipant[]) {
  return {
    id: toGlobalId('OrganizationEvent', event.id),
    type: event.type,
    effectiveOn: fromDbDate(event.effectiveOn),
    decisionId: toGlobalId('Document', event.decisionId),
    note: event.note,
    details: event.details as Record<string, unknown>,
    recordedAt: event.recordedAt.toISOString(),
    participants: participants.map((p) => ({ role: p.role, organizationId: toGlobalId('Organization', p.organizationId) })),
  };
}

const orgId = organizationId;

/** A representation's ETag is its version: it changes exactly when the organisation does. */
const etagOf = (view: OrganizationView) => `"${view.versionId}"`;

export async function organizationRoutes(app: FastifyInstance) {
  app.addSchema(OrganizationSchema);
  app.addSchema(EventSchema);
  app.addSchema(KindSchema);
  app.addSchema(NewOrganizationSchema);
  app.addSchema(EventResultSchema);

  async function eventResult(service: OrganizationService, result: EventResult) {
    const [organizations, events, participants] = await Promise.all([
      service.byIds(result.organizationIds, result.effectiveOn),
      service.eventsByIds([result.eventId]),
      service.participantsOf([result.eventId]),
    ]);
    return {
      event: eventDto(events.get(result.eventId)!, participants.get(result.eventId)!),
      organizations: result.organizationIds.map((id) => organizationDto(organizations.get(id)!)),
    };
  }

  /** `If-Match` on an event for one organisation: refused when it changed since the client read it. */
  const checkIfMatch = (request: FastifyRequest, organizationId: string) =>
    assertIfMatch(request, 'organisation', async () => etagOf(await request.services.organizations.latest(organizationId)));

  /**
   * The event and the organisations it changed; for an event on one organisation (the one in the
   * path), that organisation's new ETag, for the next If-Match.
   */
  const created = async (reply: FastifyReply, result: EventResult, organizationId?: string) => {
    if (organizationId) reply.header('etag', etagOf(await reply.request.services.organizations.latest(organizationId)));
    return reply.status(201).send(await eventResult(reply.request.services.organizations, result));
  };
  const eventResponses = { 201: Type.Ref('OrganizationEventResult'), ...problemResponses(400, 404, 409, 412, 422) };
  const idempotent = { idempotent: true };
  const ifMatchHeader = Type.Object({
    'if-match': Type.Optional(Type.String({ description: 'The ETag read from GET /organizations/{id}; 412 if it changed.' })),
    'idempotency-key': Type.Optional(Type.String()),
  });
  const idempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Makes retries safe.' })) });

  app.get(
    '/organization-kinds',
    { schema: { tags: ['organizations'], operationId: 'listOrganizationKinds', summary: 'The catalogue of organisation kinds', response: { 200: Type.Object({ items: Type.Array(Type.Ref('OrganizationKind')) }) } } },
    async (request) => ({
      items: (await request.services.organizations.kinds()).map((kind) => ({
        code: kind.code,
        nameVi: kind.nameVi,
        nameEn: kind.nameEn,
        isGrassroots: kind.isGrassroots,
        allowedParentKinds: kind.allowedParents.map((p) => p.parentKindCode),
      })),
    }),
  );

  app.get(
    '/organizations',
    {
      schema: {
        tags: ['organizations'],
        operationId: 'listOrganizations', summary: 'Organisations as of a date, by code',
        querystring: ListQuery,
        response: { 200: pageOf('Organization'), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const page = await organizationPage(request, request.query as Static<typeof ListQuery>);
      return { items: page.items.map(organizationDto), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );

  registerListExport(app, {
    url: '/organizations/export',
    list: 'organizations',
    tag: 'organizations',
    operationId: 'exportOrganizations',
    summary: 'The organisation list as a spreadsheet (xlsx or csv), with the list’s filters',
    sheet: 'Danh sách tổ chức đảng',
    filename: 'danh-sach-to-chuc-dang',
    query: ListQuery,
    capability: 'read',
    columns: ORGANIZATION_COLUMNS,
    organizationOf: (_request, query: Static<typeof ListQuery>) => (query.underId ? orgId(query.underId, 'underId') : null),
    async page(request, query: Static<typeof ListQuery>, after, first) {
      const page = await organizationPage(request, { ...query, after: after ?? undefined, first });
      const service = request.services.organizations;
      const parents = await service.byIds([...new Set(page.items.flatMap((o) => (o.parentId ? [o.parentId] : [])))], query.asOf ?? todayInVietnam());
      const kinds = new Map((await service.kinds()).map((kind) => [kind.code, kind.nameVi]));
      // The decision that established each: the import reads it back by number and issuer.
      const established = new Map(
        (
          await request.server.db.prisma.$queryRaw<{ organization_id: string; decision_id: string }[]>`
            SELECT p.organization_id::text, e.decision_id::text FROM organization_event_participants p
            JOIN organization_events e ON e.id = p.event_id
            WHERE p.organization_id = ANY(${page.items.map((o) => o.id)}::uuid[]) AND p.role = 'SUBJECT' AND e.type = 'ESTABLISHED'`
        ).map((row) => [row.organization_id, row.decision_id]),
      );
      const refs = await referencesOf(request, { documents: established.values() });
      const items = page.items.map((view) => ({
        view,
        parent: view.parentId ? (parents.get(view.parentId) ?? null) : null,
        kind: kinds.get(view.kindCode) ?? view.kindCode,
        decision: refs.decision(established.get(view.id)) ?? null,
        issuer: refs.issuer(established.get(view.id)) ?? null,
      }));
      return { items, endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
    history: {
      sheet: 'Quá trình tổ chức',
      columns: VERSION_COLUMNS as never,
      async rowsOf(request, items) {
        const rows = await request.server.db.prisma.$queryRaw<VersionRow[]>`
          SELECT o.code, v.valid_from, v.valid_to, p.code AS parent_code, v.name, v.short_name, v.kind_code, v.sector::text, v.address, v.status::text,
                 e.type::text AS event_type, e.decision_id::text
          FROM organization_versions v
          JOIN organizations o ON o.id = v.organization_id
          JOIN organization_events e ON e.id = v.event_id
          LEFT JOIN organizations p ON p.id = v.parent_id
          WHERE v.organization_id = ANY(${items.map((item) => item.view.id)}::uuid[])
          ORDER BY o.code, v.valid_from`;
        const refs = await referencesOf(request, { documents: rows.map((row) => row.decision_id) });
        const kinds = new Map((await request.services.organizations.kinds()).map((kind) => [kind.code, kind.nameVi]));
        return rows.map((row) => ({ ...row, kind: kinds.get(row.kind_code) ?? row.kind_code, decision: refs.decision(row.decision_id) ?? null, issuer: refs.issuer(row.decision_id) ?? null }));
      },
    },
  });

  app.get(
    '/organizations/:id',
    {
      schema: {
        tags: ['organizations'],
        operationId: 'getOrganization', summary: 'One organisation as of a date',
        params: idParam,
        querystring: AsOfQuery,
        response: { 200: Type.Ref('Organization'), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const service = request.services.organizations;
      const { id } = request.params as Static<typeof idParam>;
      const { asOf } = request.query as Static<typeof AsOfQuery>;
      const view = await service.get(orgId(id, 'id'), asOf ?? todayInVietnam());
      reply.header('etag', etagOf(view));
      return organizationDto(view);
    },
  );

  app.get(
    '/organizations/:id/children',
    {
      schema: {
        tags: ['organizations'],
        operationId: 'listOrganizationChildren', summary: 'Active organisations directly under one, as of a date',
        params: idParam,
        querystring: AsOfQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Organization')) }), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const service = request.services.organizations;
      const { id } = request.params as Static<typeof idParam>;
      const asOf: IsoDate = (request.query as Static<typeof AsOfQuery>).asOf ?? todayInVietnam();
      const parent = await service.get(orgId(id, 'id'), asOf);
      return { items: ((await service.childrenOf([parent.id], asOf)).get(parent.id) ?? []).map(organizationDto) };
    },
  );

  app.get(
    '/organizations/:id/history',
    {
      schema: {
        tags: ['organizations'],
        operationId: 'listOrganizationHistory', summary: 'The restructuring events about an organisation, oldest first',
        params: idParam,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('OrganizationEvent')) }), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const service = request.services.organizations;
      const id = orgId((request.params as Static<typeof idParam>).id, 'id');
      await service.latest(id);
      const events = (await service.historyOf([id])).get(id) ?? [];
      const participants = await service.participantsOf(events.map((event) => event.id));
      return { items: events.map((event) => eventDto(event, participants.get(event.id) ?? [])) };
    },
  );

  app.post(
    '/organizations',
    {
      config: idempotent,
      schema: { tags: ['organizations'], operationId: 'establishOrganization', summary: 'Establish an organisation (thành lập)', headers: idempotencyHeader, body: EstablishBody, response: eventResponses },
    },
    async (request, reply) => {
      const service = request.services.organizations;
      const body = request.body as Static<typeof EstablishBody>;
      const result = await service.establish({ ...fromNewOrganizationInput(body.organization as NewOrganizationInput, 'organization'), ...fromDecisionInput(body) });
      return created(reply, result, result.organizationIds[0]);
    },
  );

  app.post(
    '/organizations/batch',
    {
      config: idempotent,
      schema: {
        tags: ['organizations'],
        operationId: 'establishOrganizations',
        summary: 'Establish many organisations at once, all or none (a tree is entered level by level)',
        headers: idempotencyHeader,
        body: Type.Object({ organizations: Type.Array(EstablishBody, { minItems: 1, maxItems: 2000 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ items: Type.Array(Type.Object({ organizationId: Type.String(), eventId: Type.String(), effectiveOn: dateSchema() })) }),
          ...problemResponses(400, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { organizations } = request.body as { organizations: Static<typeof EstablishBody>[] };
      const results = await request.services.organizations.establishMany(
        organizations.map((row, index) => ({ ...fromNewOrganizationInput(row.organization as NewOrganizationInput, `organizations.${index}.organization`), ...fromDecisionInput(row) })),
      );
      return reply.status(201).send({
        items: results.map((result) => ({ organizationId: toGlobalId('Organization', result.organizationIds[0]!), eventId: toGlobalId('OrganizationEvent', result.eventId), effectiveOn: result.effectiveOn })),
      });
    },
  );

  app.post(
    '/organizations/moves',
    {
      config: idempotent,
      schema: {
        tags: ['organizations'],
        operationId: 'moveOrganizations',
        summary: 'Move several organisations, each with its subtree, by one decision (điều chuyển), all or none',
        description: 'Rows apply in order (a later row sees the tree after the earlier ones); every bad row is named (`rows.2.newParentId: …`) and nothing is written unless every row passes.',
        headers: idempotencyHeader,
        body: Type.Object(
          {
            ...decisionFields,
            rows: Type.Array(Type.Object({ organizationId: Type.String(), newParentId: Type.String() }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ items: Type.Array(Type.Object({ organizationId: Type.String(), eventId: Type.String(), effectiveOn: dateSchema() })) }),
          ...problemResponses(400, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as DecisionBody & { rows: { organizationId: string; newParentId: string }[] };
      const decision = fromDecisionInput(body);
      const results = await request.services.organizations.moveMany(
        body.rows.map((row, index) => ({ organizationId: orgId(row.organizationId, `rows.${index}.organizationId`), newParentId: orgId(row.newParentId, `rows.${index}.newParentId`), ...decision })),
      );
      return reply.status(201).send({
        items: results.map((result) => ({ organizationId: toGlobalId('Organization', result.organizationIds[0]!), eventId: toGlobalId('OrganizationEvent', result.eventId), effectiveOn: result.effectiveOn })),
      });
    },
  );

  app.post(
    '/organizations/:id/rename',
    {
      config: idempotent,
      schema: { tags: ['organizations'], operationId: 'renameOrganization', summary: 'Rename an organisation (đổi tên)', params: idParam, headers: ifMatchHeader, body: RenameBody, response: eventResponses },
    },
    async (request, reply) => {
      const service = request.services.organizations;
      const organizationId = orgId((request.params as Static<typeof idParam>).id, 'id');
      const body = request.body as Static<typeof RenameBody>;
      await checkIfMatch(request, organizationId);
      return created(reply, await service.rename({ organizationId, name: body.name, shortName: body.shortName, ...fromDecisionInput(body) }), organizationId);
    },
  );

  app.post(
    '/organizations/:id/move',
    {
      config: idempotent,
      schema: { tags: ['organizations'], operationId: 'moveOrganization', summary: 'Move an organisation with its subtree (điều chuyển)', params: idParam, headers: ifMatchHeader, body: MoveBody, response: eventResponses },
    },
    async (request, reply) => {
      const service = request.services.organizations;
      const organizationId = orgId((request.params as Static<typeof idParam>).id, 'id');
      const body = request.body as Static<typeof MoveBody>;
      await checkIfMatch(request, organizationId);
      return created(reply, await service.move({ organizationId, newParentId: orgId(body.newParentId, 'newParentId'), ...fromDecisionInput(body) }), organizationId);
    },
  );

  app.post(
    '/organizations/:id/dissolve',
    {
      config: idempotent,
      schema: { tags: ['organizations'], operationId: 'dissolveOrganization', summary: 'Dissolve an organisation (giải thể)', params: idParam, headers: ifMatchHeader, body: DissolveBody, response: eventResponses },
    },
    async (request, reply) => {
      const service = request.services.organizations;
      const organizationId = orgId((request.params as Static<typeof idParam>).id, 'id');
      await checkIfMatch(request, organizationId);
      return created(reply, await service.dissolve({ organizationId, ...fromDecisionInput(request.body as Static<typeof DissolveBody>) }), organizationId);
    },
  );

  app.post(
    '/organizations/:id/split',
    {
      config: idempotent,
      schema: { tags: ['organizations'], operationId: 'splitOrganization', summary: 'Split an organisation (chia, tách)', params: idParam, headers: ifMatchHeader, body: SplitBody, response: eventResponses },
    },
    async (request, reply) => {
      const service = request.services.organizations;
      const sourceId = orgId((request.params as Static<typeof idParam>).id, 'id');
      const body = request.body as Static<typeof SplitBody>;
      await checkIfMatch(request, sourceId);
      return created(
        reply,
        await service.split({
          sourceId,
          sourceContinues: body.sourceContinues,
          parts: body.parts.map((part, index) => ({
            ...fromNewOrganizationInput(part.organization as NewOrganizationInput, `parts.${index}.organization`),
            childIds: (part.childIds ?? []).map((child, c) => orgId(child, `parts.${index}.childIds.${c}`)),
          })),
          ...fromDecisionInput(body),
        }),
      );
    },
  );

  app.post(
    '/organizations/merge',
    {
      config: idempotent,
      schema: { tags: ['organizations'], operationId: 'mergeOrganizations', summary: 'Merge organisations (hợp nhất, sáp nhập)', headers: idempotencyHeader, body: MergeBody, response: eventResponses },
    },
    async (request, reply) => {
      const service = request.services.organizations;
      const body = request.body as Static<typeof MergeBody>;
      return created(
        reply,
        await service.merge({
          sourceIds: body.sourceIds.map((id, index) => orgId(id, `sourceIds.${index}`)),
          targetId: body.targetId ? orgId(body.targetId, 'targetId') : null,
          newTarget: body.newTarget ? fromNewOrganizationInput(body.newTarget as NewOrganizationInput, 'newTarget') : null,
          ...fromDecisionInput(body),
        }),
      );
    },
  );
}
