import { ancestorKeysOf, authorize, authorizeSubjects, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import {
  Prisma,
  type EventRole,
  type OrganizationEventType,
  type OrganizationStatus,
  type Role,
  type Sector,
} from '../../generated/prisma/client.js';
import type { Tx } from '../../db/database.js';
import { uniqueViolation } from '../../db/errors.js';
import { addDays, fromDbDate, fromDbDateOrNull, toDbDate, type IsoDate } from '../../shared/dates.js';
import {
  ConflictError,
  DomainError,
  type FieldProblem,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from '../../shared/errors.js';
import { decodeCursor, pageSize, toPage, type Page, type PageArgs } from '../../shared/pagination.js';
import { searchKey } from '../../shared/text.js';
import type { Reader } from '../../db/reader.js';
import { inTransaction, TRANSACTION, type TransactionBudget } from '../../db/transactions.js';
import { insertRows } from '../../db/bulk.js';
import { checkBatchSize, eachRow, repeatedRows } from '../../db/batch.js';
import { v7 as uuidv7 } from 'uuid';

/** An organisation as it stood on `asOf`: its identity joined with the version valid that day. */
export type OrganizationView = {
  id: string;
  code: string;
  pathKey: number;
  establishedOn: IsoDate;
  endedOn: IsoDate | null;
  asOf: IsoDate;
  versionId: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  parentId: string | null;
  /** Path keys from the root down to this organisation. */
  path: number[];
  name: string;
  shortName: string | null;
  kindCode: string;
  sector: Sector;
  address: string | null;
  status: OrganizationStatus;
};

export type OrganizationFilter = {
  kind?: string | null;
  sector?: Sector | null;
  /** Statuses to include; ACTIVE only when omitted. */
  status?: OrganizationStatus[] | null;
  /** Only organisations strictly below this one. */
  underId?: string | null;
  search?: string | null;
};

type DecisionRef = { effectiveOn: IsoDate; decisionId: string; note?: string | null };

export type NewOrganization = {
  code: string;
  name: string;
  shortName?: string | null;
  kindCode: string;
  sector: Sector;
  address?: string | null;
  parentId?: string | null;
};

export type EstablishInput = NewOrganization & DecisionRef;
/** An organisation with its history, as an export of it gives it (see importVersions). */
export type ImportedOrganization = {
  code: string;
  establishedOn: IsoDate;
  endedOn: IsoDate | null;
  versions: {
    validFrom: IsoDate;
    validTo: IsoDate | null;
    parentCode: string | null;
    name: string;
    shortName: string | null;
    kindCode: string;
    sector: Sector;
    address: string | null;
    status: OrganizationStatus;
    /** The event that began the version (the first is the establishment). */
    eventType: OrganizationEventType;
    decisionId: string;
  }[];
};
export type RenameInput = DecisionRef & { organizationId: string; name: string; shortName?: string | null };
export type MoveInput = DecisionRef & { organizationId: string; newParentId: string };
export type MergeInput = DecisionRef & {
  sourceIds: string[];
  /** Merge into an existing organisation... */
  targetId?: string | null;
  /** ...or into one established by the merge (its parent defaults to the first source's). */
  newTarget?: NewOrganization | null;
};
export type SplitPart = NewOrganization & { childIds?: string[] | null };
export type SplitInput = DecisionRef & { sourceId: string; parts: SplitPart[]; sourceContinues: boolean };
/** `disciplinary`: giải tán, a discipline form (Charter Art. 35), told apart from a structural giải thể. */
export type DissolveInput = DecisionRef & { organizationId: string; disciplinary?: boolean };

/** What a restructuring event did: the event and the organisations it created or changed. */
export type EventResult = { eventId: string; effectiveOn: IsoDate; organizationIds: string[] };

export type OrganizationKindWithParents = Prisma.OrganizationKindGetPayload<{ include: { allowedParents: true } }>;

const versionWithOrganization = { organization: true } as const;
type VersionRow = Prisma.OrganizationVersionGetPayload<{ include: typeof versionWithOrganization }>;

/** Restructuring events are rare and touch whole subtrees: they are serialised by one lock. */
const TREE_LOCK_KEY = 7_230_001;

/** At most this many organisations established in one call. */
export const MAX_ESTABLISH_PER_CALL = 2_000;

const EVENT_NOUNS: Record<OrganizationEventType, string> = {
  ESTABLISHED: 'an establishment',
  RENAMED: 'a rename',
  MOVED: 'a move',
  MERGED: 'a merge',
  SPLIT: 'a split',
  DISSOLVED: 'a dissolution',
};

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;
const MAX_NAME_LENGTH = 300;

export function validAt(date: IsoDate): Prisma.OrganizationVersionWhereInput {
  const day = toDbDate(date);
  return { validFrom: { lte: day }, OR: [{ validTo: null }, { validTo: { gt: day } }] };
}

function toView(row: VersionRow, asOf: IsoDate): OrganizationView {
  return {
    id: row.organizationId,
    code: row.organization.code,
    pathKey: row.organization.pathKey,
    establishedOn: fromDbDate(row.organization.establishedOn),
    endedOn: fromDbDateOrNull(row.organization.endedOn),
    asOf,
    versionId: row.id,
    validFrom: fromDbDate(row.validFrom),
    validTo: fromDbDateOrNull(row.validTo),
    parentId: row.parentId,
    path: row.path,
    name: row.name,
    shortName: row.shortName,
    kindCode: row.kindCode,
    sector: row.sector,
    address: row.address,
    status: row.status,
  };
}

/** An organisation version joined with its organisation, as hand-written reads select it. */
type VersionSqlRow = {
  id: string;
  organization_id: string;
  code: string;
  path_key: number;
  established_on: string;
  ended_on: string | null;
  valid_from: string;
  valid_to: string | null;
  parent_id: string | null;
  path: number[];
  name: string;
  short_name: string | null;
  kind_code: string;
  sector: Sector;
  address: string | null;
  status: OrganizationStatus;
};

// Dates as ISO text whatever the session's DateStyle; the domain of dates keeps years at four digits.
const versionSqlColumns = Prisma.sql`v.id::text, v.organization_id::text, o.code, o.path_key,
  to_char(o.established_on, 'YYYY-MM-DD') AS established_on, to_char(o.ended_on, 'YYYY-MM-DD') AS ended_on,
  to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to,
  v.parent_id::text, v.path, v.name, v.short_name, v.kind_code, v.sector::text AS sector, v.address, v.status::text AS status`;

function viewOfSqlRow(row: VersionSqlRow, asOf: IsoDate): OrganizationView {
  return {
    id: row.organization_id,
    code: row.code,
    pathKey: row.path_key,
    establishedOn: row.established_on,
    endedOn: row.ended_on,
    asOf,
    versionId: row.id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    parentId: row.parent_id,
    path: row.path,
    name: row.name,
    shortName: row.short_name,
    kindCode: row.kind_code,
    sector: row.sector,
    address: row.address,
    status: row.status,
  };
}

/** The ancestors of an organisation (root first) among views by path key; those not there (not visible) left out. */
function ancestorsFrom(view: OrganizationView, byKey: Map<number, OrganizationView>): OrganizationView[] {
  return view.path
    .slice(0, -1)
    .map((key) => byKey.get(key))
    .filter((ancestor): ancestor is OrganizationView => !!ancestor);
}

/** The state a version carries forward into the next one. */
function stateOf(row: VersionRow) {
  return {
    organizationId: row.organizationId,
    parentId: row.parentId,
    path: row.path,
    name: row.name,
    shortName: row.shortName,
    kindCode: row.kindCode,
    sector: row.sector,
    address: row.address,
    status: row.status,
    searchName: row.searchName,
  };
}

type VersionState = ReturnType<typeof stateOf>;

/**
 * Organisation versions an actor may see: their subtrees, and the organisations above them
 * (so that a branch officer can still see where the branch sits). Records that belong to an
 * organisation (terms, positions, restructuring events) are visible through it.
 */
export function visibleVersions(actor: Actor): Prisma.OrganizationVersionWhereInput {
  const scope = scopeOf(actor, 'read');
  if (scope === null) return {};
  return { OR: [{ path: { hasSome: scope } }, { organization: { pathKey: { in: ancestorKeysOf(actor, 'read') } } }] };
}

/** Organisations whose latest version the actor may see (a relation filter for records they own). */
export function visibleOrganization(actor: Actor): Prisma.OrganizationWhereInput {
  if (scopeOf(actor, 'read') === null) return {};
  return { versions: { some: { AND: [{ validTo: null }, visibleVersions(actor)] } } };
}

export class OrganizationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly reader: Reader,
  ) {}

  /** `visible` as SQL on the version `v` of the organisation `o` (the reader's statements). */
  private visibleSql(): Prisma.Sql {
    const scope = scopeOf(this.actor, 'read');
    if (scope === null) return Prisma.sql`true`;
    return Prisma.sql`(v.path && ${scope}::int[] OR o.path_key = ANY(${ancestorKeysOf(this.actor, 'read')}::int[]))`;
  }

  /** Versions valid on the day with their organisations, through the reader, as views. */
  private async versionsWhere(condition: Prisma.Sql, asOf: IsoDate, { order = Prisma.empty, lookup = false }: { order?: Prisma.Sql; lookup?: boolean } = {}): Promise<OrganizationView[]> {
    const statement = Prisma.sql`
      SELECT ${versionSqlColumns}
      FROM organizations o JOIN organization_versions v ON v.organization_id = o.id
      WHERE ${condition} AND v.valid_from <= ${asOf}::date AND (v.valid_to IS NULL OR v.valid_to > ${asOf}::date) AND ${this.visibleSql()}
      ${order}`;
    // Lookups by key are prepared (their plan is the same for any key); a filtered list is not.
    const rows = await (lookup ? this.reader.prepared<VersionSqlRow>(statement) : this.reader.rows<VersionSqlRow>(statement));
    return rows.map((row) => viewOfSqlRow(row, asOf));
  }

  /**
   * Organisations the actor may see: their subtrees, and the organisations above them (so
   * that a branch officer can still see where the branch sits).
   */
  private visible(): Prisma.OrganizationVersionWhereInput {
    return visibleVersions(this.actor);
  }

  // ---------------------------------------------------------------- reads

  async kinds(): Promise<OrganizationKindWithParents[]> {
    return this.prisma.organizationKind.findMany({
      include: { allowedParents: { orderBy: { parentKind: { rank: 'asc' } } } },
      orderBy: [{ rank: 'asc' }, { code: 'asc' }],
    });
  }

  /** The organisations with these ids as of `asOf`; absent ones (not yet established) are missing from the map. */
  async byIds(ids: readonly string[], asOf: IsoDate): Promise<Map<string, OrganizationView>> {
    const views = await this.versionsWhere(Prisma.sql`o.id = ANY(${[...ids]}::uuid[])`, asOf, { lookup: true });
    return new Map(views.map((view) => [view.id, view]));
  }

  /**
   * The organisations with these ids as of `asOf` and the ancestors of each (root first), in
   * one statement: what a page of members with their organisations and ancestors needs, loaded
   * in one round trip. Visibility as in byIds and ancestorsOf.
   */
  async byIdsWithAncestors(
    ids: readonly string[],
    asOf: IsoDate,
  ): Promise<{ found: Map<string, OrganizationView>; ancestors: Map<string, OrganizationView[]> }> {
    const views = await this.versionsWhere(
      // A version's path ends with its own key: the keys of the paths are the organisations and
      // their ancestors, probed by key (an `o.id = … OR o.path_key IN (…)` read every organisation).
      Prisma.sql`o.path_key = ANY(ARRAY(
        SELECT unnest(t.path) FROM organization_versions t
        WHERE t.organization_id = ANY(${[...ids]}::uuid[]) AND t.valid_from <= ${asOf}::date AND (t.valid_to IS NULL OR t.valid_to > ${asOf}::date)))`,
      asOf,
      { lookup: true },
    );
    const byKey = new Map(views.map((view) => [view.pathKey, view]));
    const wanted = new Set(ids);
    const found = new Map<string, OrganizationView>();
    const ancestors = new Map<string, OrganizationView[]>();
    for (const view of views) {
      if (!wanted.has(view.id)) continue;
      found.set(view.id, view);
      ancestors.set(view.id, ancestorsFrom(view, byKey));
    }
    return { found, ancestors };
  }

  async get(id: string, asOf: IsoDate): Promise<OrganizationView> {
    const found = (await this.byIds([id], asOf)).get(id);
    if (!found) throw new NotFoundError('Organization', id);
    return found;
  }

  /** The latest recorded state (which may take effect in the future). */
  async latest(id: string): Promise<OrganizationView> {
    const row = await this.prisma.organizationVersion.findFirst({
      where: { AND: [{ organizationId: id, validTo: null }, this.visible()] },
      include: versionWithOrganization,
    });
    if (!row) throw new NotFoundError('Organization', id);
    return toView(row, fromDbDate(row.validFrom));
  }

  /** Active children of each parent as of `asOf`, ordered by code. */
  async childrenOf(parentIds: readonly string[], asOf: IsoDate): Promise<Map<string, OrganizationView[]>> {
    const children = await this.versionsWhere(
      Prisma.sql`v.parent_id = ANY(${[...parentIds]}::uuid[]) AND v.status = 'ACTIVE'`,
      asOf,
      { order: Prisma.sql`ORDER BY o.code`, lookup: true },
    );
    const byParent = new Map<string, OrganizationView[]>(parentIds.map((id) => [id, []]));
    for (const child of children) byParent.get(child.parentId!)?.push(child);
    return byParent;
  }

  /**
   * Ancestors (root first) of organisations given as views, from their paths: one query for
   * any number of them.
   */
  async ancestorsOf(views: readonly OrganizationView[], asOf: IsoDate): Promise<OrganizationView[][]> {
    const keys = [...new Set(views.flatMap((view) => view.path.slice(0, -1)))];
    if (keys.length === 0) return views.map(() => []);
    const found = await this.versionsWhere(Prisma.sql`o.path_key = ANY(${keys}::int[])`, asOf, { lookup: true });
    const byKey = new Map(found.map((view) => [view.pathKey, view]));
    return views.map((view) => ancestorsFrom(view, byKey));
  }

  /** A page of organisations as of the day, by code; one statement through the reader (the total, when asked, one more). */
  async list(args: { filter?: OrganizationFilter | null; asOf: IsoDate } & PageArgs): Promise<Page<OrganizationView>> {
    const size = pageSize(args.first);
    const afterCode = decodeCursor(args.after);
    const filter = args.filter ?? {};
    const conditions = this.filterSql(filter);
    const views = await this.versionsWhere(
      afterCode ? Prisma.sql`${conditions} AND o.code > ${afterCode}` : conditions,
      args.asOf,
      { order: Prisma.sql`ORDER BY o.code LIMIT ${size + 1}` },
    );
    if (views.length === 0) await this.requireUnder(filter);
    return toPage(views, size, (view) => view.code, () => this.countWhere(conditions, args.asOf));
  }

  async count(args: { filter?: OrganizationFilter | null; asOf: IsoDate }): Promise<number> {
    const filter = args.filter ?? {};
    const n = await this.countWhere(this.filterSql(filter), args.asOf);
    if (n === 0) await this.requireUnder(filter);
    return n;
  }

  private async countWhere(conditions: Prisma.Sql, asOf: IsoDate): Promise<number> {
    const [row] = await this.reader.rows<{ n: number }>(Prisma.sql`
      SELECT count(*)::int AS n
      FROM organizations o JOIN organization_versions v ON v.organization_id = o.id
      WHERE ${conditions} AND v.valid_from <= ${asOf}::date AND (v.valid_to IS NULL OR v.valid_to > ${asOf}::date) AND ${this.visibleSql()}`);
    return row!.n;
  }

  /** The conditions of an organisation list on the version `v` of the organisation `o`. */
  private filterSql(filter: OrganizationFilter): Prisma.Sql {
    const conditions: Prisma.Sql[] = [Prisma.sql`v.status = ANY(${filter.status?.length ? filter.status : ['ACTIVE']}::"OrganizationStatus"[])`];
    if (filter.kind) conditions.push(Prisma.sql`v.kind_code = ${filter.kind}`);
    if (filter.sector) conditions.push(Prisma.sql`v.sector = ${filter.sector}::"Sector"`);
    if (filter.underId) {
      // Strictly below it; an organisation that does not exist is told from an empty subtree
      // only when nothing is found (requireUnder).
      conditions.push(
        Prisma.sql`v.path @> ARRAY[(SELECT path_key FROM organizations WHERE id = ${filter.underId}::uuid)] AND o.id <> ${filter.underId}::uuid`,
      );
    }
    const term = filter.search ? searchKey(filter.search) : '';
    // searchKey leaves letters, digits and spaces only: nothing LIKE would read as a wildcard.
    if (term) conditions.push(Prisma.sql`v.search_name LIKE ${`%${term}%`}`);
    return Prisma.join(conditions, ' AND ');
  }

  /** NOT_FOUND for a list under an organisation that does not exist (asked only when the list is empty). */
  private async requireUnder(filter: OrganizationFilter): Promise<void> {
    if (!filter.underId) return;
    const [found] = await this.reader.rows(Prisma.sql`SELECT 1 FROM organizations WHERE id = ${filter.underId}::uuid`);
    if (!found) throw new NotFoundError('Organization', filter.underId);
  }

  /** Every organisation ever recorded, whatever its state. */
  async countAll(): Promise<number> {
    return this.prisma.organization.count();
  }

  /** Everything strictly below `of` on `asOf`, through the indexed path. */
  async descendants(
    of: OrganizationView,
    args: { filter?: Omit<OrganizationFilter, 'underId'> | null } & PageArgs,
  ): Promise<Page<OrganizationView>> {
    return this.list({ ...args, asOf: of.asOf, filter: { ...args.filter, underId: of.id } });
  }

  /**
   * Events about an organisation (as subject, source, target or result; not the ones where
   * it only received or lost a child), oldest first, for several organisations at once.
   */
  async historyOf(ids: readonly string[]) {
    const rows = await this.prisma.organizationEventParticipant.findMany({
      where: { organizationId: { in: [...ids] }, role: { notIn: ['PARENT_BEFORE', 'PARENT_AFTER'] } },
      // The decision comes with the event (one statement): a history is shown with its decisions.
      include: { event: { include: { decision: true } } },
      orderBy: [{ event: { effectiveOn: 'asc' } }, { event: { recordedAt: 'asc' } }],
    });
    const byOrganization = new Map<string, (typeof rows)[number]['event'][]>(ids.map((id) => [id, []]));
    for (const row of rows) {
      const events = byOrganization.get(row.organizationId)!;
      if (!events.some((event) => event.id === row.eventId)) events.push(row.event);
    }
    return byOrganization;
  }

  /** Restructuring events by id: those touching an organisation the actor may see. */
  async eventsByIds(ids: readonly string[]) {
    const rows = await this.prisma.organizationEvent.findMany({
      where: { id: { in: [...ids] }, participants: { some: { organization: visibleOrganization(this.actor) } } },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async participantsOf(eventIds: readonly string[]) {
    const rows = await this.prisma.organizationEventParticipant.findMany({
      where: { eventId: { in: [...eventIds] } },
      orderBy: [{ role: 'asc' }, { organization: { code: 'asc' } }],
    });
    const byEvent = new Map<string, typeof rows>(eventIds.map((id) => [id, []]));
    for (const row of rows) byEvent.get(row.eventId)!.push(row);
    return byEvent;
  }

  // ---------------------------------------------------------------- restructuring events

  async establish(input: EstablishInput): Promise<EventResult> {
    return this.inTreeTransaction(async (tx, kinds) => {
      const parentPath = input.parentId ? (await this.latestVersions(tx, [input.parentId]))[0]!.path : [];
      const role = authorize(this.actor, 'manageStructure', [parentPath]);
      await this.requireDecision(tx, input.decisionId);
      const event = await this.createEvent(tx, 'ESTABLISHED', input, { code: input.code.trim() });
      const id = await this.createOrganization(tx, kinds, input, input.effectiveOn, event.id, 'parentId');
      const [created] = await this.latestVersions(tx, [id]);
      await this.auditEvent(tx, role, 'organization.establish', event.id, created!.path, null, {
        code: created!.organization.code,
        name: created!.name,
        kind: created!.kindCode,
        sector: created!.sector,
        parentId: created!.parentId,
        effectiveOn: input.effectiveOn,
      });
      await this.addParticipants(tx, event.id, [
        [id, 'SUBJECT'],
        ...(input.parentId ? [[input.parentId, 'PARENT_AFTER'] as const] : []),
      ]);
      return { eventId: event.id, effectiveOn: input.effectiveOn, organizationIds: [id] };
    });
  }

  /**
   * Establishes many organisations at once under parents that exist already (a tree is
   * entered level by level), each with its own establishing event: how an office brings in its
   * tree or a restructuring creates dozens of branches. Every row meets the checks of
   * `establish`, every problem is reported by row (`organizations.4.code`), and nothing is
   * written unless all rows pass. A few statements whatever the number of rows.
   */
  async establishMany(inputs: readonly (EstablishInput & { parentIndex?: number | null })[]): Promise<EventResult[]> {
    if (inputs.length === 0) throw ValidationError.field('organizations', 'give at least one organisation');
    if (inputs.length > MAX_ESTABLISH_PER_CALL) throw ValidationError.field('organizations', `at most ${MAX_ESTABLISH_PER_CALL} organisations in one call`);
    return this.inTreeTransaction(async (tx, kinds) => (await this.establishManyWithin(tx, kinds, inputs)).results);
  }

  /**
   * A tree from a spreadsheet (the importer orders parents first and names in-file parents by
   * index): the decisions the file cites that are new, every organisation as establishMany
   * checks and writes it, and one audit event for the import with the file's digest, in one
   * transaction. A validation runs the same and rolls back.
   */
  async importTree(
    inputs: readonly (EstablishInput & { parentIndex?: number | null })[],
    documents: Prisma.DocumentCreateManyInput[],
    source: { importId: string; scopePath: number[]; file: Record<string, unknown>; commit: boolean },
    limit: number,
  ): Promise<void> {
    if (inputs.length === 0) throw ValidationError.field('organizations', 'give at least one organisation');
    if (inputs.length > limit) throw ValidationError.field('organizations', `at most ${limit} organisations in one import`);
    const dryRun = new Error('validation only: rolled back');
    try {
      await this.inTreeTransaction(async (tx, kinds) => {
        const now = new Date();
        await insertRows(tx, 'documents', documents.map((document) => ({ ...document, createdAt: now })));
        const { role, results } = await this.establishManyWithin(tx, kinds, inputs);
        await this.audit.record(tx, role, {
          action: 'organization.import',
          entityType: 'Import',
          entityId: source.importId,
          scopePath: source.scopePath,
          after: { ...source.file, organizations: results.length, decisionsCreated: documents.length },
        });
        if (!source.commit) throw dryRun;
      }, TRANSACTION.bulk);
    } catch (error) {
      if (error !== dryRun) throw error;
    }
  }

  /**
   * Organisations with their whole history (an export of another office, restructurings and
   * all): each organisation's versions as they were, its path computed from its parent's
   * version on each version's first day, one event per version with the decision given. The
   * versions must follow each other without gap from the establishment, under parents active
   * then (in the tree already or in the import), of a kind allowed under the parent's. Every
   * problem is named (`organizations.<i>.versions.<j>`); all or nothing; a validation rolls back.
   */
  async importVersions(
    organizations: readonly ImportedOrganization[],
    documents: Prisma.DocumentCreateManyInput[],
    source: { importId: string; scopePath: number[]; file: Record<string, unknown>; commit: boolean },
  ): Promise<void> {
    const dryRun = new Error('validation only: rolled back');
    try {
      await this.inTreeTransaction(async (tx, kinds) => {
        const inFile = new Map(organizations.map((organization, index) => [organization.code, index]));
        const outsideCodes = [...new Set(organizations.flatMap((o) => o.versions.flatMap((v) => (v.parentCode && !inFile.has(v.parentCode) ? [v.parentCode] : []))))];
        const outside = await tx.organizationVersion.findMany({ where: { organization: { code: { in: outsideCodes } } }, include: { organization: true } });
        // Authorised first: under parents of the tree the caller manages, and roots only with a global grant.
        const role = authorize(
          this.actor,
          'manageStructure',
          organizations.flatMap((o) => {
            const parent = o.versions[0]?.parentCode;
            if (!parent) return [[]];
            if (inFile.has(parent)) return [];
            return [outside.find((v) => v.organization.code === parent && !v.validTo)?.path ?? [-1]];
          }),
        );
        const taken = new Set((await tx.organization.findMany({ where: { code: { in: [...inFile.keys()] } }, select: { code: true } })).map((o) => o.code));
        const pathKeys = await tx.$queryRaw<{ key: number }[]>`
          SELECT nextval(pg_get_serial_sequence('organizations', 'path_key'))::int AS key FROM generate_series(1, ${organizations.length}::int)`;
        const ids = organizations.map(() => uuidv7());
        const problems: FieldProblem[] = [];
        const at = (i: number, j: number | null, message: string) => problems.push({ field: j === null ? `organizations.${i}` : `organizations.${i}.versions.${j}`, message });
        const valid = (v: { validFrom: IsoDate; validTo: IsoDate | null }, day: IsoDate) => v.validFrom <= day && (!v.validTo || v.validTo > day);
        // The version of a parent on a day: from the file, or from the tree.
        const parentOn = (code: string, day: IsoDate): { path: number[] | null; kindCode: string; status: string; id: string } | null => {
          const index = inFile.get(code);
          if (index !== undefined) {
            const version = organizations[index]!.versions.find((v) => valid(v, day));
            return version ? { path: pathOn(index, day), kindCode: version.kindCode, status: version.status, id: ids[index]! } : null;
          }
          const version = outside.find((v) => v.organization.code === code && valid({ validFrom: fromDbDate(v.validFrom), validTo: fromDbDateOrNull(v.validTo) }, day));
          return version ? { path: version.path, kindCode: version.kindCode, status: version.status, id: version.organizationId } : null;
        };
        const computing = new Set<string>();
        const pathOn = (index: number, day: IsoDate): number[] | null => {
          const organization = organizations[index]!;
          const version = organization.versions.find((v) => valid(v, day)) ?? organization.versions.at(-1);
          if (!version) return null;
          const key = `${index}@${version.validFrom}`;
          if (computing.has(key)) return null;
          computing.add(key);
          const parentPath = version.parentCode ? (parentOn(version.parentCode, version.validFrom)?.path ?? null) : [];
          computing.delete(key);
          return parentPath ? [...parentPath, pathKeys[index]!.key] : null;
        };
        const rows = { organizations: [] as Prisma.OrganizationCreateManyInput[], versions: [] as Prisma.OrganizationVersionCreateManyInput[], events: [] as Prisma.OrganizationEventCreateManyInput[], participants: [] as Prisma.OrganizationEventParticipantCreateManyInput[] };
        const now = new Date();
        organizations.forEach((organization, i) => {
          if (!CODE_PATTERN.test(organization.code)) at(i, null, 'the code uses 1–40 letters, digits, ".", "_", "/" or "-", starting with a letter or digit');
          if (taken.has(organization.code)) at(i, null, `an organisation with code ${organization.code} already exists`);
          const versions = organization.versions;
          if (versions.length === 0) return at(i, null, 'an organisation needs at least one version');
          if (versions[0]!.validFrom !== organization.establishedOn) at(i, 0, `the first version starts on ${versions[0]!.validFrom}, not on the establishment (${organization.establishedOn})`);
          versions.forEach((version, j) => {
            const next = versions[j + 1];
            if (next && version.validTo !== next.validFrom) at(i, j, `ends on ${version.validTo ?? '(open)'} but the next version starts on ${next.validFrom}`);
            if (!next && version.validTo) at(i, j, 'the last version is still open (no end)');
            const kind = kinds.find((k) => k.code === version.kindCode);
            if (!kind) return at(i, j, `unknown kind "${version.kindCode}"`);
            if (version.parentCode) {
              const parent = parentOn(version.parentCode, version.validFrom);
              if (!parent) return at(i, j, `the parent ${version.parentCode} does not exist on ${version.validFrom}`);
              if (version.status === 'ACTIVE' && parent.status !== 'ACTIVE') at(i, j, `the parent ${version.parentCode} is ${parent.status} on ${version.validFrom}`);
              if (!kind.allowedParents.some((allowed) => allowed.parentKindCode === parent.kindCode)) at(i, j, `a ${kind.code} cannot be under a ${parent.kindCode}`);
            } else if (kind.allowedParents.length > 0) at(i, j, `a ${kind.code} must have a parent`);
            const path = pathOn(i, version.validFrom);
            if (!path) return at(i, j, 'the parents go round in a circle');
            const eventId = uuidv7();
            rows.events.push({ id: eventId, type: j === 0 ? 'ESTABLISHED' : version.eventType, effectiveOn: toDbDate(version.validFrom), decisionId: version.decisionId, note: null, details: { code: organization.code, imported: true }, recordedAt: now });
            rows.participants.push({ eventId, organizationId: ids[i]!, role: 'SUBJECT' });
            rows.versions.push({
              id: uuidv7(), organizationId: ids[i]!, validFrom: toDbDate(version.validFrom), validTo: version.validTo ? toDbDate(version.validTo) : null,
              parentId: version.parentCode ? parentOn(version.parentCode, version.validFrom)!.id : null, path,
              name: version.name, shortName: version.shortName, kindCode: version.kindCode, sector: version.sector, address: version.address, status: version.status,
              searchName: searchKey(version.name, version.shortName, organization.code), eventId,
            });
          });
          rows.organizations.push({ id: ids[i]!, pathKey: pathKeys[i]!.key, code: organization.code, establishedOn: toDbDate(organization.establishedOn), endedOn: organization.endedOn ? toDbDate(organization.endedOn) : null, createdAt: now });
        });
        if (problems.length > 0) throw new ValidationError(problems);
        await insertRows(tx, 'documents', documents.map((document) => ({ ...document, createdAt: now })));
        await insertRows(tx, 'organizations', rows.organizations);
        await insertRows(tx, 'organization_events', rows.events);
        await insertRows(tx, 'organization_versions', rows.versions);
        await insertRows(tx, 'organization_event_participants', rows.participants);
        await this.audit.record(tx, role, {
          action: 'organization.import',
          entityType: 'Import',
          entityId: source.importId,
          scopePath: source.scopePath,
          after: { ...source.file, organizations: rows.organizations.length, versions: rows.versions.length, decisionsCreated: documents.length },
        });
        if (!source.commit) throw dryRun;
      }, TRANSACTION.bulk);
    } catch (error) {
      if (error !== dryRun) throw error;
    }
  }

  private async establishManyWithin(tx: Tx, kinds: OrganizationKindWithParents[], inputs: readonly (EstablishInput & { parentIndex?: number | null })[]) {
    {
      const parentIds = [...new Set(inputs.map((input) => input.parentId).filter((id): id is string => !!id))];
      const parents = new Map((await this.latestVersions(tx, parentIds)).map((row) => [row.organizationId, row]));
      // A parent in the batch (parentIndex, an earlier row) was authorised through its own parent.
      const role = authorize(
        this.actor,
        'manageStructure',
        inputs.filter((input) => input.parentIndex === null || input.parentIndex === undefined).map((input) => (input.parentId ? (parents.get(input.parentId)?.path ?? [-1]) : [])),
      );
      const decisionIds = [...new Set(inputs.map((input) => input.decisionId))];
      const decisions = new Set((await tx.document.findMany({ where: { id: { in: decisionIds } }, select: { id: true } })).map((d) => d.id));
      const taken = new Set(
        (await tx.organization.findMany({ where: { code: { in: inputs.map((input) => input.code.trim()) } }, select: { code: true } })).map((o) => o.code),
      );
      const pathKeys = await tx.$queryRaw<{ key: number }[]>`
        SELECT nextval(pg_get_serial_sequence('organizations', 'path_key'))::int AS key FROM generate_series(1, ${inputs.length}::int)`;
      const ids = inputs.map(() => uuidv7());
      // The rows of the batch as parents of later rows: what checkNewOrganization reads of a parent.
      const inBatch: (VersionRow | undefined)[] = [];
      const problems: FieldProblem[] = [];
      const checked = inputs.map((input, index) => {
        const field = `organizations.${index}`;
        try {
          if (!decisions.has(input.decisionId)) throw new NotFoundError('Document', input.decisionId);
          let parent: VersionRow | undefined;
          if (input.parentIndex !== null && input.parentIndex !== undefined) {
            if (!Number.isInteger(input.parentIndex) || input.parentIndex < 0 || input.parentIndex >= index) throw ValidationError.field('parentIndex', 'names an earlier row of the batch');
            parent = inBatch[input.parentIndex];
            // The parent's own problem is reported on its row.
            if (!parent) return null;
          } else if (input.parentId) {
            parent = parents.get(input.parentId);
            if (!parent) throw new NotFoundError('Organization', input.parentId);
          }
          const organization = checkNewOrganization(kinds, input, parent, input.effectiveOn, 'parentId');
          if (taken.has(organization.code)) throw new ConflictError(`an organisation with code ${organization.code} already exists`, 'code');
          taken.add(organization.code);
          const path = [...(parent?.path ?? []), pathKeys[index]!.key];
          inBatch[index] = {
            organizationId: ids[index]!, path, kindCode: organization.kind.code, status: 'ACTIVE', validFrom: toDbDate(input.effectiveOn), validTo: null,
            organization: { code: organization.code, establishedOn: toDbDate(input.effectiveOn) },
          } as unknown as VersionRow;
          return { input, parent, path, ...organization };
        } catch (error) {
          if (error instanceof ValidationError) problems.push(...error.problems.map((p) => ({ ...p, field: `${field}.${p.field}` })));
          else if (error instanceof ConflictError && error.field) problems.push({ field: `${field}.${error.field}`, message: error.message });
          else if (error instanceof DomainError) problems.push({ field, message: error.message });
          else throw error;
          return null;
        }
      });
      if (problems.length > 0 || checked.some((row) => !row)) throw new ValidationError(problems);
      const rows = checked.map((row) => row!);
      const now = new Date();
      const created = rows.map((row, index) => {
        const id = ids[index]!;
        const eventId = uuidv7();
        const pathKey = pathKeys[index]!.key;
        const path = row.path;
        const validFrom = toDbDate(row.input.effectiveOn);
        return {
          organization: { id, pathKey, code: row.code, establishedOn: validFrom, createdAt: now },
          event: { id: eventId, type: 'ESTABLISHED', effectiveOn: validFrom, decisionId: row.input.decisionId, note: row.input.note?.trim() || null, details: { code: row.code }, recordedAt: now },
          version: {
            id: uuidv7(), organizationId: id, validFrom, validTo: null, parentId: row.parent?.organizationId ?? null, path,
            name: row.name, shortName: row.shortName, kindCode: row.kind.code, sector: row.input.sector,
            address: row.input.address?.trim() || null, status: 'ACTIVE', searchName: searchKey(row.name, row.shortName, row.code), eventId,
          },
          participants: [
            { eventId, organizationId: id, role: 'SUBJECT' },
            ...(row.parent ? [{ eventId, organizationId: row.parent.organizationId, role: 'PARENT_AFTER' }] : []),
          ],
          audit: {
            action: 'organization.establish', entityType: 'OrganizationEvent', entityId: eventId, scopePath: path, before: null,
            after: { code: row.code, name: row.name, kind: row.kind.code, sector: row.input.sector, parentId: row.parent?.organizationId ?? null, effectiveOn: row.input.effectiveOn },
          },
        };
      });
      await insertRows(tx, 'organizations', created.map((c) => c.organization));
      await insertRows(tx, 'organization_events', created.map((c) => c.event));
      await insertRows(tx, 'organization_versions', created.map((c) => c.version));
      await insertRows(tx, 'organization_event_participants', created.flatMap((c) => c.participants));
      await this.audit.recordMany(tx, role, created.map((c) => c.audit));
      return { role, results: created.map((c) => ({ eventId: c.event.id, effectiveOn: fromDbDate(c.event.effectiveOn), organizationIds: [c.organization.id] })) };
    }
  }

  async rename(input: RenameInput): Promise<EventResult> {
    const name = requireName(input.name, 'name');
    const shortName = optionalName(input.shortName, 'shortName');
    return this.inTreeTransaction(async (tx) => {
      await this.requireDecision(tx, input.decisionId);
      const [current] = await this.activeLatest(tx, [input.organizationId], input.effectiveOn, 'RENAMED');
      const role = authorize(this.actor, 'manageStructure', [current!.path]);
      const event = await this.createEvent(tx, 'RENAMED', input, {
        nameBefore: current!.name,
        nameAfter: name,
        shortNameBefore: current!.shortName,
        shortNameAfter: shortName,
      });
      await this.supersede(tx, [current!], input.effectiveOn, event.id, (state) => ({
        ...state,
        name,
        shortName,
        searchName: searchKey(name, shortName, current!.organization.code),
      }));
      await this.addParticipants(tx, event.id, [[current!.organizationId, 'SUBJECT']]);
      await this.auditEvent(tx, role, 'organization.rename', event.id, current!.path,
        { name: current!.name, shortName: current!.shortName },
        { name, shortName, effectiveOn: input.effectiveOn });
      return { eventId: event.id, effectiveOn: input.effectiveOn, organizationIds: [current!.organizationId] };
    });
  }

  async move(input: MoveInput): Promise<EventResult> {
    return this.inTreeTransaction((tx, kinds) => this.moveWithin(tx, kinds, input));
  }

  /**
   * Several organisations moved by one decision or several (a bloc's branches placed under a
   * new grassroots committee), each as `move` checks it, in order (a later row sees the tree
   * after the earlier ones); every problem named by its row, nothing written unless every row
   * passes. The caller's right over every organisation and new parent is checked first.
   */
  async moveMany(inputs: readonly MoveInput[]): Promise<EventResult[]> {
    checkBatchSize(inputs, 'rows');
    repeatedRows(inputs, 'rows', (input) => [input.organizationId], 'moves the same organisation');
    await authorizeSubjects(this.prisma, this.actor, 'manageStructure', { organizationIds: [...new Set(inputs.flatMap((input) => [input.organizationId, input.newParentId]))] });
    return this.inTreeTransaction((tx, kinds) => eachRow(tx, inputs, 'rows', (input) => this.moveWithin(tx, kinds, input)), TRANSACTION.batch);
  }

  private async moveWithin(tx: Tx, kinds: OrganizationKindWithParents[], input: MoveInput): Promise<EventResult> {
    await this.requireDecision(tx, input.decisionId);
    const [subject, newParent] = await this.activeLatest(
      tx,
      [input.organizationId, input.newParentId],
      input.effectiveOn,
      'MOVED',
    );
    const role = authorize(this.actor, 'manageStructure', [subject!.path, newParent!.path]);
    if (subject!.parentId === newParent!.organizationId) {
      throw new RuleViolationError(
        'ALREADY_UNDER_PARENT',
        `${subject!.organization.code} is already under ${newParent!.organization.code}`,
      );
    }
    const event = await this.createEvent(tx, 'MOVED', input, {
      parentBefore: subject!.parentId,
      parentAfter: newParent!.organizationId,
    });
    await this.moveSubtree(tx, kinds, subject!, newParent!, input.effectiveOn, event.id);
    await this.addParticipants(tx, event.id, [
      [subject!.organizationId, 'SUBJECT'],
      ...(subject!.parentId ? [[subject!.parentId, 'PARENT_BEFORE'] as const] : []),
      [newParent!.organizationId, 'PARENT_AFTER'],
    ]);
    await this.auditEvent(tx, role, 'organization.move', event.id, subject!.path,
      { parentId: subject!.parentId },
      { parentId: newParent!.organizationId, effectiveOn: input.effectiveOn });
    return { eventId: event.id, effectiveOn: input.effectiveOn, organizationIds: [subject!.organizationId] };
  }

  async merge(input: MergeInput): Promise<EventResult> {
    const sourceIds = [...new Set(input.sourceIds)];
    if (sourceIds.length !== input.sourceIds.length) {
      throw ValidationError.field('sourceIds', 'lists an organisation more than once');
    }
    if (!!input.targetId === !!input.newTarget) {
      throw ValidationError.field('target', 'give exactly one of targetId (an existing organisation) or newTarget');
    }
    if (input.newTarget ? sourceIds.length < 2 : sourceIds.length < 1) {
      throw ValidationError.field(
        'sourceIds',
        input.newTarget ? 'a merge into a new organisation needs at least two sources' : 'needs at least one source',
      );
    }
    if (input.targetId && sourceIds.includes(input.targetId)) {
      throw ValidationError.field('targetId', 'the target cannot also be a source');
    }
    return this.inTreeTransaction(async (tx, kinds) => {
      await this.requireDecision(tx, input.decisionId);
      const sources = await this.activeLatest(tx, sourceIds, input.effectiveOn, 'MERGED');
      const targetPath = input.targetId
        ? (await this.latestVersions(tx, [input.targetId]))[0]!.path
        : ((input.newTarget!.parentId ?? sources[0]!.parentId) ? (await this.latestVersions(tx, [input.newTarget!.parentId ?? sources[0]!.parentId!]))[0]!.path : []);
      const role = authorize(this.actor, 'manageStructure', [...sources.map((source) => source.path), targetPath]);
      await this.assertNoMembers(tx, sources, input.effectiveOn);
      const event = await this.createEvent(tx, 'MERGED', input, {
        sources: sources.map((source) => source.organization.code),
      });
      const targetId = input.targetId
        ? input.targetId
        : await this.createOrganization(
            tx,
            kinds,
            { ...input.newTarget!, parentId: input.newTarget!.parentId ?? sources[0]!.parentId },
            input.effectiveOn,
            event.id,
            'newTarget.parentId',
          );
      const [target] = await this.activeLatest(tx, [targetId], input.effectiveOn, 'MERGED');
      for (const source of sources) {
        if (target!.path.includes(source.organization.pathKey)) {
          throw new RuleViolationError(
            'MERGE_INTO_OWN_DESCENDANT',
            `${target!.organization.code} lies under ${source.organization.code}, so it cannot absorb it`,
          );
        }
      }
      await this.moveChildren(tx, kinds, sources, target!, input.effectiveOn, event.id);
      await this.end(tx, sources, 'MERGED', input.effectiveOn, event.id);
      await this.addParticipants(tx, event.id, [
        ...sources.map((source) => [source.organizationId, 'SOURCE'] as const),
        [target!.organizationId, 'TARGET'],
      ]);
      await this.auditEvent(tx, role, 'organization.merge', event.id, target!.path, null, {
        sourceIds: sources.map((source) => source.organizationId),
        targetId: target!.organizationId,
        newTarget: !input.targetId,
        effectiveOn: input.effectiveOn,
      });
      return {
        eventId: event.id,
        effectiveOn: input.effectiveOn,
        organizationIds: [target!.organizationId, ...sources.map((source) => source.organizationId)],
      };
    });
  }

  async split(input: SplitInput): Promise<EventResult> {
    if (input.parts.length === 0 || (!input.sourceContinues && input.parts.length < 2)) {
      throw ValidationError.field(
        'parts',
        input.sourceContinues ? 'needs at least one new organisation' : 'a split that ends the source needs at least two parts',
      );
    }
    const assigned = input.parts.flatMap((part) => part.childIds ?? []);
    if (new Set(assigned).size !== assigned.length) {
      throw ValidationError.field('parts.childIds', 'a child is given to more than one part');
    }
    return this.inTreeTransaction(async (tx, kinds) => {
      await this.requireDecision(tx, input.decisionId);
      const [source] = await this.activeLatest(tx, [input.sourceId], input.effectiveOn, 'SPLIT');
      const partParents = [...new Set(input.parts.map((part) => part.parentId).filter((id): id is string => !!id))];
      const role = authorize(this.actor, 'manageStructure', [
        source!.path,
        ...(await this.latestVersions(tx, partParents)).map((parent) => parent.path),
      ]);
      const children = await this.latestChildren(tx, [source!.organizationId]);
      const childIds = new Set(children.map((child) => child.organizationId));
      const stranger = assigned.find((id) => !childIds.has(id));
      if (stranger) {
        throw new RuleViolationError(
          'NOT_A_CHILD',
          `organisation ${stranger} is not an active sub-organisation of ${source!.organization.code}`,
        );
      }
      if (!input.sourceContinues && assigned.length < children.length) {
        const left = children.filter((child) => !assigned.includes(child.organizationId));
        throw new RuleViolationError(
          'CHILDREN_LEFT_BEHIND',
          `the split ends ${source!.organization.code} but leaves ${left.map((c) => c.organization.code).join(', ')} without a part`,
        );
      }
      if (!input.sourceContinues) await this.assertNoMembers(tx, [source!], input.effectiveOn);
      const event = await this.createEvent(tx, 'SPLIT', input, {
        source: source!.organization.code,
        sourceContinues: input.sourceContinues,
      });
      const resultIds: string[] = [];
      for (const [index, part] of input.parts.entries()) {
        const id = await this.createOrganization(
          tx,
          kinds,
          { ...part, parentId: part.parentId ?? source!.parentId },
          input.effectiveOn,
          event.id,
          `parts.${index}.parentId`,
        );
        resultIds.push(id);
        const partChildren = children.filter((child) => part.childIds?.includes(child.organizationId));
        if (partChildren.length > 0) {
          const [result] = await this.latestVersions(tx, [id]);
          await this.moveChildren(tx, kinds, [source!], result!, input.effectiveOn, event.id, partChildren);
        }
      }
      if (!input.sourceContinues) await this.end(tx, [source!], 'DISSOLVED', input.effectiveOn, event.id);
      await this.addParticipants(tx, event.id, [
        [source!.organizationId, 'SOURCE'],
        ...resultIds.map((id) => [id, 'RESULT'] as const),
      ]);
      await this.auditEvent(tx, role, 'organization.split', event.id, source!.path, null, {
        sourceId: source!.organizationId,
        resultIds,
        sourceContinues: input.sourceContinues,
        effectiveOn: input.effectiveOn,
      });
      return { eventId: event.id, effectiveOn: input.effectiveOn, organizationIds: [source!.organizationId, ...resultIds] };
    });
  }

  async dissolve(input: DissolveInput): Promise<EventResult> {
    return this.inTreeTransaction(async (tx) => {
      await this.requireDecision(tx, input.decisionId);
      const [subject] = await this.activeLatest(tx, [input.organizationId], input.effectiveOn, 'DISSOLVED');
      const role = authorize(this.actor, 'manageStructure', [subject!.path]);
      const result = await this.dissolveWithin(tx, input);
      await this.auditEvent(tx, role, 'organization.dissolve', result.eventId, subject!.path, { status: 'ACTIVE' }, { status: 'DISSOLVED', effectiveOn: input.effectiveOn });
      return result;
    });
  }

  /**
   * Dissolves inside a transaction of another module (a DISSOLUTION discipline decision),
   * which has authorised the change and records its own audit event.
   */
  async dissolveWithin(tx: Tx, input: DissolveInput): Promise<EventResult> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TREE_LOCK_KEY}::bigint)`;
    const [subject] = await this.activeLatest(tx, [input.organizationId], input.effectiveOn, 'DISSOLVED');
    const children = await this.latestChildren(tx, [subject!.organizationId]);
    if (children.length > 0) {
      throw new RuleViolationError(
        'HAS_ACTIVE_CHILDREN',
        `${subject!.organization.code} still has ${children.length} active sub-organisation(s): move, merge or dissolve them first`,
      );
    }
    await this.assertNoMembers(tx, [subject!], input.effectiveOn);
    const event = await this.createEvent(tx, 'DISSOLVED', input, { disciplinary: input.disciplinary ?? false });
    await this.end(tx, [subject!], 'DISSOLVED', input.effectiveOn, event.id);
    await this.addParticipants(tx, event.id, [[subject!.organizationId, 'SUBJECT']]);
    return { eventId: event.id, effectiveOn: input.effectiveOn, organizationIds: [subject!.organizationId] };
  }

  /** One audit event per restructuring event, in its transaction. */
  private async auditEvent(
    tx: Tx,
    role: Role,
    action: string,
    eventId: string,
    scopePath: number[],
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ) {
    await this.audit.record(tx, role, { action, entityType: 'OrganizationEvent', entityId: eventId, scopePath, before, after });
  }

  // ---------------------------------------------------------------- helpers of the events

  private async inTreeTransaction<T>(work: (tx: Tx, kinds: OrganizationKindWithParents[]) => Promise<T>, budget: TransactionBudget = TRANSACTION.write): Promise<T> {
    try {
      return await inTransaction(this.prisma, async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TREE_LOCK_KEY}::bigint)`;
        const kinds = await tx.organizationKind.findMany({ include: { allowedParents: true }, orderBy: [{ rank: 'asc' }, { code: 'asc' }] });
        return work(tx, kinds);
      }, budget);
    } catch (error) {
      if (uniqueViolation(error)?.includes('code')) throw new ConflictError('an organisation with this code already exists', 'code');
      throw error;
    }
  }

  private async requireDecision(tx: Tx, decisionId: string): Promise<void> {
    const decision = await tx.document.findUnique({ where: { id: decisionId }, select: { id: true } });
    if (!decision) throw new NotFoundError('Document', decisionId);
  }

  private async createEvent(tx: Tx, type: OrganizationEventType, ref: DecisionRef, details: Prisma.InputJsonObject) {
    return tx.organizationEvent.create({
      data: {
        type,
        effectiveOn: toDbDate(ref.effectiveOn),
        decisionId: ref.decisionId,
        note: ref.note?.trim() || null,
        details,
      },
    });
  }

  private async addParticipants(tx: Tx, eventId: string, participants: (readonly [string, EventRole])[]) {
    await tx.organizationEventParticipant.createMany({
      data: participants.map(([organizationId, role]) => ({ eventId, organizationId, role })),
      skipDuplicates: true,
    });
  }

  private async latestVersions(tx: Tx, ids: readonly string[]): Promise<VersionRow[]> {
    const rows = await tx.organizationVersion.findMany({
      where: { organizationId: { in: [...ids] }, validTo: null },
      include: versionWithOrganization,
    });
    const byId = new Map(rows.map((row) => [row.organizationId, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw new NotFoundError('Organization', id);
      return row;
    });
  }

  /**
   * The current versions of organisations an event on `date` changes, after the checks every
   * event shares: they exist, are active, and have no recorded change after `date` (events
   * are recorded in date order, so history is never rewritten).
   */
  private async activeLatest(tx: Tx, ids: readonly string[], date: IsoDate, event: OrganizationEventType) {
    const rows = await this.latestVersions(tx, ids);
    for (const row of rows) assertActive(row, date, event);
    return rows;
  }

  /** Organisations that still keep members on `date` cannot end: their members are transferred first. */
  private async assertNoMembers(tx: Tx, versions: readonly VersionRow[], date: IsoDate) {
    const day = toDbDate(date);
    for (const version of versions) {
      const members = await tx.memberPeriod.count({
        where: {
          organizationId: version.organizationId,
          status: { in: ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'] },
          validFrom: { lte: day },
          OR: [{ validTo: null }, { validTo: { gt: day } }],
        },
      });
      if (members > 0) {
        throw new RuleViolationError(
          'HAS_MEMBERS',
          `${version.organization.code} still keeps ${members} member(s) on ${date}: transfer them first`,
        );
      }
    }
  }

  private async latestChildren(tx: Tx, parentIds: readonly string[], only?: readonly string[]) {
    return tx.organizationVersion.findMany({
      where: {
        parentId: { in: [...parentIds] },
        validTo: null,
        status: 'ACTIVE',
        ...(only ? { organizationId: { in: [...only] } } : {}),
      },
      include: versionWithOrganization,
      orderBy: { organization: { code: 'asc' } },
    });
  }

  private async createOrganization(
    tx: Tx,
    kinds: OrganizationKindWithParents[],
    input: NewOrganization,
    date: IsoDate,
    eventId: string,
    parentField: string,
  ): Promise<string> {
    const parent = input.parentId ? (await this.latestVersions(tx, [input.parentId]))[0] : undefined;
    const { code, name, shortName, kind } = checkNewOrganization(kinds, input, parent, date, parentField);
    if (await tx.organization.findUnique({ where: { code }, select: { id: true } })) {
      throw new ConflictError(`an organisation with code ${code} already exists`, 'code');
    }
    const organization = await tx.organization.create({ data: { code, establishedOn: toDbDate(date) } });
    await tx.organizationVersion.create({
      data: {
        organizationId: organization.id,
        validFrom: toDbDate(date),
        parentId: parent?.organizationId ?? null,
        path: [...(parent?.path ?? []), organization.pathKey],
        name,
        shortName,
        kindCode: kind.code,
        sector: input.sector,
        address: input.address?.trim() || null,
        status: 'ACTIVE',
        searchName: searchKey(name, shortName, code),
        eventId,
      },
    });
    return organization.id;
  }

  /** Closes the versions on `date` and opens their successors, as `change` makes them. */
  private async supersede(
    tx: Tx,
    versions: readonly VersionRow[],
    date: IsoDate,
    eventId: string,
    change: (state: VersionState, row: VersionRow) => VersionState,
  ) {
    if (versions.length === 0) return;
    for (const row of versions) assertChronological(row, date);
    const day = toDbDate(date);
    await tx.organizationVersion.updateMany({ where: { id: { in: versions.map((v) => v.id) } }, data: { validTo: day } });
    await tx.organizationVersion.createMany({
      data: versions.map((row) => ({ ...change(stateOf(row), row), validFrom: day, eventId })),
    });
  }

  /** Moves `subject` with its whole subtree under `newParent`: every path below it is rewritten. */
  private async moveSubtree(
    tx: Tx,
    kinds: OrganizationKindWithParents[],
    subject: VersionRow,
    newParent: VersionRow,
    date: IsoDate,
    eventId: string,
  ) {
    const key = subject.organization.pathKey;
    if (newParent.path.includes(key)) {
      throw new RuleViolationError(
        'MOVE_UNDER_OWN_DESCENDANT',
        `${newParent.organization.code} lies within ${subject.organization.code}: an organisation cannot move under itself`,
      );
    }
    assertKindAllowedUnder(requireKind(kinds, subject.kindCode), newParent);
    const subtree = await tx.organizationVersion.findMany({
      where: { path: { has: key }, validTo: null, status: 'ACTIVE' },
      include: versionWithOrganization,
    });
    await this.supersede(tx, subtree, date, eventId, (state) => ({
      ...state,
      parentId: state.organizationId === subject.organizationId ? newParent.organizationId : state.parentId,
      path: [...newParent.path, ...state.path.slice(state.path.indexOf(key))],
    }));
  }

  private async moveChildren(
    tx: Tx,
    kinds: OrganizationKindWithParents[],
    parents: readonly VersionRow[],
    target: VersionRow,
    date: IsoDate,
    eventId: string,
    children?: readonly VersionRow[],
  ) {
    const moving = children ?? (await this.latestChildren(tx, parents.map((parent) => parent.organizationId)));
    for (const child of moving) await this.moveSubtree(tx, kinds, child, target, date, eventId);
  }

  private async end(tx: Tx, versions: readonly VersionRow[], status: OrganizationStatus, date: IsoDate, eventId: string) {
    await this.supersede(tx, versions, date, eventId, (state) => ({ ...state, status }));
    await tx.organization.updateMany({
      where: { id: { in: versions.map((v) => v.organizationId) } },
      data: { endedOn: toDbDate(date) },
    });
  }
}

function assertChronological(row: VersionRow, date: IsoDate) {
  const established = fromDbDate(row.organization.establishedOn);
  if (date < established) {
    throw new RuleViolationError(
      'BEFORE_ESTABLISHMENT',
      `${row.organization.code} was established on ${established}: nothing can happen to it on ${date}`,
    );
  }
  const since = fromDbDate(row.validFrom);
  if (date < since) {
    throw new RuleViolationError(
      'OUT_OF_ORDER',
      `${row.organization.code} last changed on ${since}: events are recorded in date order, so one on ${date} cannot follow`,
    );
  }
}

/**
 * The checks of a new organisation that need no reading: its code, names and kind, and that
 * its parent (already read) is active on `date`, has no change recorded after it, and may
 * hold an organisation of this kind.
 */
function checkNewOrganization(kinds: OrganizationKindWithParents[], input: NewOrganization, parent: VersionRow | undefined, date: IsoDate, parentField: string) {
  const code = input.code.trim();
  if (!CODE_PATTERN.test(code)) {
    throw ValidationError.field('code', 'use 1–40 letters, digits, ".", "_", "/" or "-", starting with a letter or digit');
  }
  const name = requireName(input.name, 'name');
  const shortName = optionalName(input.shortName, 'shortName');
  const kind = requireKind(kinds, input.kindCode);
  if (parent) {
    assertActive(parent, date, 'ESTABLISHED');
    assertKindAllowedUnder(kind, parent);
  } else if (kind.allowedParents.length > 0) {
    throw ValidationError.field(parentField, `a ${kind.code} must have a parent`);
  }
  return { code, name, shortName, kind };
}

/** An organisation an event on `date` changes: active, with no recorded change after `date`. */
function assertActive(row: VersionRow, date: IsoDate, event: OrganizationEventType) {
  assertChronological(row, date);
  if (row.status !== 'ACTIVE') {
    throw new InvalidTransitionError(
      `${row.organization.code} is ${row.status} since ${fromDbDate(row.validFrom)}: it cannot take part in ${EVENT_NOUNS[event]}`,
      row.status,
      event,
    );
  }
}

function requireKind(kinds: OrganizationKindWithParents[], code: string): OrganizationKindWithParents {
  const kind = kinds.find((candidate) => candidate.code === code);
  if (!kind) {
    throw ValidationError.field('kind', `unknown kind "${code}"; known kinds: ${kinds.map((k) => k.code).join(', ')}`);
  }
  return kind;
}

function assertKindAllowedUnder(kind: OrganizationKindWithParents, parent: VersionRow) {
  if (!kind.allowedParents.some((allowed) => allowed.parentKindCode === parent.kindCode)) {
    const allowed = kind.allowedParents.map((p) => p.parentKindCode).join(', ') || 'none (it is a root)';
    throw new RuleViolationError(
      'PARENT_KIND_NOT_ALLOWED',
      `a ${kind.code} cannot be placed under ${parent.organization.code} (${parent.kindCode}); allowed parent kinds: ${allowed}`,
    );
  }
}

function requireName(value: string, field: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (!name) throw ValidationError.field(field, 'must not be empty');
  if (name.length > MAX_NAME_LENGTH) throw ValidationError.field(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  return name;
}

function optionalName(value: string | null | undefined, field: string): string | null {
  return value?.trim() ? requireName(value, field) : null;
}

/** For "before" roles an event shows the organisation as it was the day before. */
export function participantViewDate(role: EventRole, effectiveOn: IsoDate): IsoDate {
  return role === 'SOURCE' || role === 'PARENT_BEFORE' ? addDays(effectiveOn, -1) : effectiveOn;
}
