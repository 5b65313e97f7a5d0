import { authorize, authorizeAnywhere, authorizeSubjects, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import {
  Prisma,
  type Gender,
  type Member,
  type MemberEvent,
  type MemberEventType,
  type MemberStatus,
  type PrismaClient,
} from '../../generated/prisma/client.js';
import type { Tx } from '../../db/database.js';
import { uniqueViolation } from '../../db/errors.js';
import { insertRows } from '../../db/bulk.js';
import { checkBatchSize, eachRow, repeatedRows } from '../../db/batch.js';
import { modelColumns, splitRow, type Reader } from '../../db/reader.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';
import {
  ADMISSION_CEREMONY_WORKING_DAYS,
  AWARENESS_CLASS,
  MAXIMUM_ADMISSION_AGE,
  MINIMUM_ADMISSION_AGE,
  PROBATION_MONTHS,
  TEMPORARY_TRANSFER_MONTHS,
  TRANSFER_PRESENTATION,
} from '../../rules/membership.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { RuleBook, RuleSnapshot, RuleVersion } from '../../rules/rule.js';
import { addDays, addMonths, fromDbDate, fromDbDateOrNull, todayInVietnam, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, DomainError, InvalidTransitionError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { decodeCursor, pageSize, startCount, toPage, type Page, type PageArgs } from '../../shared/pagination.js';
import { searchKey } from '../../shared/text.js';
import { v7 as uuidv7 } from 'uuid';
import { validAt as organizationValidAt } from '../organizations/organizations.service.js';
import { replay, type ArrivalDetails, type LifecycleEvent, type Period, type SuspensionDetails } from './members.lifecycle.js';

export type PersonalData = {
  fullName: string;
  gender: Gender;
  dateOfBirth: IsoDate;
  ethnicity?: string | null;
  religion?: string | null;
  hometown?: string | null;
  permanentAddress?: string | null;
  nationalId?: string | null;
  phone?: string | null;
  email?: string | null;
  educationLevel?: string | null;
  professionalQualification?: string | null;
  politicalTheoryLevel?: string | null;
  occupation?: string | null;
  workplace?: string | null;
  partyCardNumber?: string | null;
  fileNumber?: string | null;
};

export type AdmitInput = PersonalData & {
  organizationId: string;
  admittedOn: IsoDate;
  decisionId: string;
  candidateId?: string | null;
  note?: string | null;
  /** Lễ kết nạp, when already held: probation runs from it. */
  ceremonyOn?: IsoDate | null;
};

/** The introduction letter (giấy giới thiệu sinh hoạt đảng) that goes with a transfer. */
export type IntroductionLetter = {
  letterNumber: string;
  cardNumber?: string | null;
  fileNumber?: string | null;
  listNumber?: string | null;
  transferNumber?: string | null;
  /** "Đã đóng đảng phí đến hết tháng": YYYY-MM. */
  duesPaidUntil?: string | null;
};

export type EventInput = {
  occurredOn: IsoDate;
  decisionId?: string | null;
  organizationId?: string | null;
  note?: string | null;
  letter?: IntroductionLetter | null;
  /** Transfers out of the tree: the receiving organisation as the letter names it. */
  destination?: string | null;
  /** Temporary transfers: why and until when. */
  reason?: 'WORK' | 'STUDY' | 'OTHER' | null;
  expectedReturnOn?: IsoDate | null;
  /** Suspensions and their extensions: the ground, the days (review) or the end of the legal period. */
  suspension?: SuspensionDetails | null;
  /** Arrivals from outside the tree (receive): what the letter gives, where from, and a late presentation. */
  arrival?: ArrivalDetails & { from: string; presentedLate?: { lastDay: IsoDate; citation: string } | null };
};

/**
 * Tiếp nhận: a member arriving with an introduction letter from an organisation outside the
 * tree. Not an admission: the letter gives the admission day, the standing and the party age.
 * A member of this tree who left with a letter (TRANSFERRED_OUT) and comes back is found by
 * party card number or national ID, and the same record goes on.
 */
export type ArrivalInput = {
  person: PersonalData;
  /** The receiving branch. */
  organizationId: string;
  /** The day the letter was presented to the receiving committee. */
  arrivedOn: IsoDate;
  /** The sending organisation as the letter names it, and the day the letter was written. */
  from: string;
  letter: IntroductionLetter & { issuedOn: IsoDate };
  /** Ngày vào Đảng (the admission decision), the ceremony, and the recognition when official. */
  admittedOn: IsoDate;
  ceremonyOn?: IsoDate | null;
  recognizedOfficialOn?: IsoDate | null;
  /** When the letter counts party age from another day than the admission (a readmission elsewhere). */
  partyAgeFrom?: IsoDate | null;
  decisionId?: string | null;
  note?: string | null;
};

/** A rule-driven warning: the work was done, and this is for the committee to consider. */
export type RuleWarning = { code: string; message: string };

/** Movements of membership in a subtree over a period (one statement). */
export type MembershipChanges = {
  organizationId: string;
  from: IsoDate;
  to: IsoDate;
  /** EFFECTIVE: by the day each change took effect; DECISION: by the day it was decided. */
  basis: 'EFFECTIVE' | 'DECISION';
  admitted: number;
  readmitted: number;
  recognizedOfficial: number;
  /** Transfers from outside the subtree into it, and out of it; moves inside it apart. */
  transferredIn: number;
  transferredOut: number;
  transferredWithin: number;
  /** Of those in and out: from or to an organisation outside the tree (with an introduction letter). */
  transferredFromOutside: number;
  transferredOutside: number;
  removedFromRoll: number;
  /** Of those removed from the roll: probationary members (xóa tên đảng viên dự bị). */
  removedWhileProbationary: number;
  expelled: number;
  deceased: number;
  restored: number;
};

export type MemberFilter = {
  search?: string | null;
  /** Members of this organisation and everything below it. */
  underId?: string | null;
  /** The path key of `underId`, when the caller has it. */
  underPathKey?: number | null;
  /** In-party statuses (PROBATIONARY, OFFICIAL, SUSPENDED) when omitted. */
  status?: MemberStatus[] | null;
  gender?: Gender | null;
  exempted?: boolean | null;
  ageMin?: number | null;
  ageMax?: number | null;
  admittedFrom?: IsoDate | null;
  admittedTo?: IsoDate | null;
  partyAgeMin?: number | null;
  partyAgeMax?: number | null;
};

/** A member as of a date: the record and the period valid that day. */
export type MemberView = Member & { asOf: IsoDate; period: Period };

export type MemberCounts = {
  organizationId: string;
  asOf: IsoDate;
  /** In the Party: probationary + official + suspended. */
  total: number;
  probationary: number;
  official: number;
  suspended: number;
  exempted: number;
  /** Counted here but temporarily active elsewhere. */
  temporarilyAway: number;
  /** Temporarily active here, counted by their own organisation. */
  temporarilyHosted: number;
  removedFromRoll: number;
  expelled: number;
  deceased: number;
  /** Whose last organisation here is in the subtree, kept outside the tree since. */
  transferredOut: number;
};

export type ImportRecord = {
  person: PersonalData;
  /** Lễ kết nạp, when held: probation runs from it. */
  ceremonyOn?: IsoDate | null;
  /** Ngày vào Đảng when the history starts with an arrival (the admission was elsewhere). */
  admittedOn?: IsoDate | null;
  /** In date order, starting with ADMITTED (whose organizationId is the admitting branch). */
  events: { type: MemberEventType; occurredOn: IsoDate; decisionId?: string | null; organizationId?: string | null; details?: Record<string, unknown>; note?: string | null }[];
};

/** Which events need which inputs. */
const NEEDS_ORGANIZATION: MemberEventType[] = ['TRANSFERRED', 'TEMPORARY_TRANSFER', 'READMITTED'];
const IN_PARTY: MemberStatus[] = ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'];

/**
 * The path key of a list's subtree: the caller's when it has the organisation already (an
 * organisation's members); otherwise looked up within the statement (an organisation that does
 * not exist is told apart from an empty one only when nothing is found: see requireUnder).
 */
function subtreeKey(filter: MemberFilter): Prisma.Sql | number {
  return filter.underPathKey ?? Prisma.sql`(SELECT path_key FROM organizations WHERE id = ${filter.underId}::uuid)`;
}

/**
 * The same key as a row `root` to join the subtree's versions from: joined, not a subquery's
 * value, so that the planner finds the versions through the path index (with the key hidden in
 * an InitPlan it scanned all 191,170 versions of the nation: 450 ms for a page of 136 members).
 */
function subtreeRoot(filter: MemberFilter): Prisma.Sql {
  return filter.underPathKey !== undefined && filter.underPathKey !== null
    ? Prisma.sql`(SELECT ${filter.underPathKey}::int AS key) root`
    : Prisma.sql`(SELECT path_key AS key FROM organizations WHERE id = ${filter.underId}::uuid) root`;
}

/**
 * The columns of member_subtree_counts, the count each holds, and the same count over rows of
 * periods (status, exempted, away, hosted) for a direct count.
 */
const COUNT_COLUMNS = [
  ['probationary', 'probationary', `NOT hosted AND status = 'PROBATIONARY'`],
  ['official', 'official', `NOT hosted AND status = 'OFFICIAL'`],
  ['suspended', 'suspended', `NOT hosted AND status = 'SUSPENDED'`],
  ['exempted', 'exempted', `NOT hosted AND exempted AND status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')`],
  ['away', 'temporarilyAway', `away AND status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')`],
  ['hosted', 'temporarilyHosted', `hosted`],
  ['removed_from_roll', 'removedFromRoll', `NOT hosted AND status = 'REMOVED_FROM_ROLL'`],
  ['expelled', 'expelled', `NOT hosted AND status = 'EXPELLED'`],
  ['deceased', 'deceased', `NOT hosted AND status = 'DECEASED'`],
  ['transferred_out', 'transferredOut', `NOT hosted AND status = 'TRANSFERRED_OUT'`],
] as const satisfies readonly (readonly [string, keyof MemberCounts, string])[];
const LEAVING_EVENTS: readonly MemberEventType[] = ['EXPELLED', 'REMOVED_FROM_ROLL', 'DECEASED', 'PROBATION_REMOVED'];
const SUSPENSION_EVENTS: readonly MemberEventType[] = ['SUSPENDED', 'SUSPENSION_EXTENDED', 'REINSTATED'];
const MAX_TEXT = 300;
const NATIONAL_ID = /^\d{12}$/;

type PeriodRow = Prisma.MemberPeriodGetPayload<{ include: { member: true } }>;

// The same rows read without Prisma (see db/reader.ts): a period with its member.
const PERIOD_PREFIX = 'period.';
const PERIOD_WITH_MEMBER_COLUMNS = Prisma.sql`${modelColumns(Prisma.MemberPeriodScalarFieldEnum, 'p', PERIOD_PREFIX)}, ${modelColumns(Prisma.MemberScalarFieldEnum, 'm')}`;
const EVENT_COLUMNS = modelColumns(Prisma.MemberEventScalarFieldEnum, 'e');
const EVENTS_COLUMN = 'member.events';

/** An event read as JSON (json_agg of EVENT_COLUMNS) as Prisma gives it: its DATE and timestamp fields as Dates. */
function eventFromJson(json: Record<string, unknown>): MemberEvent {
  return {
    ...(json as unknown as MemberEvent),
    occurredOn: new Date(`${json.occurredOn as string}T00:00:00Z`),
    effectiveOn: new Date(`${json.effectiveOn as string}T00:00:00Z`),
    recordedAt: new Date(json.recordedAt as string),
  };
}
function fromJoinedRow(row: Record<string, unknown>): PeriodRow {
  const [period, member] = splitRow<Omit<PeriodRow, 'member'>, Member>(row, PERIOD_PREFIX);
  return { ...period, member };
}

function toPeriod(row: Prisma.MemberPeriodGetPayload<object>): Period {
  return {
    validFrom: fromDbDate(row.validFrom),
    validTo: fromDbDateOrNull(row.validTo),
    status: row.status,
    standing: row.standing as Period['standing'],
    exempted: row.exempted,
    organizationId: row.organizationId,
    temporaryOrganizationId: row.temporaryOrganizationId,
    partyAgeFrom: fromDbDate(row.partyAgeFrom),
    partyAgeTo: fromDbDateOrNull(row.partyAgeTo),
    eventId: row.eventId,
    suspensionGround: row.suspensionGround,
    suspensionFrom: fromDbDateOrNull(row.suspensionFrom),
    suspensionEndsOn: fromDbDateOrNull(row.suspensionEndsOn),
  };
}

function toView(row: PeriodRow, asOf: IsoDate): MemberView {
  return { ...row.member, asOf, period: toPeriod(row) };
}

/** Vietnamese lists are ordered by given name, then the rest: "An, Nguyễn Văn". */
function sortKeyOf(fullName: string): string {
  const key = searchKey(fullName);
  return `${key.split(' ').at(-1)} ${key}`;
}

function periodRow(memberId: string, period: Period): Prisma.MemberPeriodCreateManyInput {
  return {
    memberId,
    validFrom: toDbDate(period.validFrom),
    validTo: period.validTo ? toDbDate(period.validTo) : null,
    status: period.status,
    standing: period.standing,
    exempted: period.exempted,
    organizationId: period.organizationId,
    temporaryOrganizationId: period.temporaryOrganizationId,
    partyAgeFrom: toDbDate(period.partyAgeFrom),
    partyAgeTo: period.partyAgeTo ? toDbDate(period.partyAgeTo) : null,
    eventId: period.eventId,
    suspensionGround: period.suspensionGround,
    suspensionFrom: period.suspensionFrom ? toDbDate(period.suspensionFrom) : null,
    suspensionEndsOn: period.suspensionEndsOn ? toDbDate(period.suspensionEndsOn) : null,
  };
}

/**
 * Where the probation being served began: the readmission when there is one, else the admission
 * ceremony when recorded, else the admission decision (Điều lệ Đảng Điều 5: 12 months from the
 * ceremony; Quy định 24-QĐ/TW 3.5.4: the readmitted serve probation again).
 */
function probationStart(member: Member, events: readonly MemberEvent[]): { on: IsoDate; what: string } {
  const readmission = events.filter((e) => e.type === 'READMITTED').map((e) => fromDbDate(e.effectiveOn)).sort().at(-1);
  if (readmission) return { on: readmission, what: 'readmitted on' };
  if (member.admissionCeremonyOn) return { on: fromDbDate(member.admissionCeremonyOn), what: 'admitted at the ceremony of' };
  return { on: fromDbDate(member.admittedOn), what: 'admitted on' };
}

/** The suspension details fit the event: shape only; the lifecycle applies the limits. */
function checkSuspensionInput(type: MemberEventType, suspension: SuspensionDetails | null | undefined) {
  if (!suspension) return;
  if (type !== 'SUSPENDED' && type !== 'SUSPENSION_EXTENDED') throw ValidationError.field('suspension', `a ${type} has no suspension details`);
  if (type === 'SUSPENSION_EXTENDED' && suspension.ground) throw ValidationError.field('ground', 'the ground is the suspension’s: an extension does not change it');
  if (suspension.days !== null && suspension.days !== undefined && (!Number.isInteger(suspension.days) || suspension.days < 1 || suspension.days > 10_000)) {
    throw ValidationError.field('days', 'a whole number of days from 1');
  }
  const legal = suspension.ground === 'PROSECUTION' || suspension.ground === 'DETENTION';
  if (type === 'SUSPENDED' && legal && suspension.days) throw ValidationError.field('days', 'a suspension for prosecution or detention runs to the end of the legal period (until), not a number of days');
  if (type === 'SUSPENDED' && !legal && suspension.until) throw ValidationError.field('until', 'only a suspension for prosecution or detention runs to a given day');
}

function toLifecycle(event: MemberEvent, sequence: number): LifecycleEvent {
  const details = event.details as { suspension?: SuspensionDetails; arrival?: ArrivalDetails } | null;
  return {
    id: event.id,
    type: event.type,
    effectiveOn: fromDbDate(event.effectiveOn),
    organizationId: event.organizationId,
    sequence,
    suspension: details?.suspension ?? null,
    arrival: details?.arrival ?? null,
  };
}

/** Dates of an arrival in their order: admitted, (ceremony, recognised), letter written, presented. */
function checkArrivalDates(input: ArrivalInput) {
  const problems: { field: string; message: string }[] = [];
  const before = (field: string, day: IsoDate | null | undefined, limitField: string, limit: IsoDate) => {
    if (day && day > limit) problems.push({ field, message: `is after ${limitField} (${limit})` });
  };
  if (!input.from?.trim() || input.from.length > MAX_TEXT) problems.push({ field: 'from', message: `names the sending organisation, at most ${MAX_TEXT} characters` });
  if (!input.letter?.letterNumber?.trim()) problems.push({ field: 'letter.letterNumber', message: 'an arrival needs the number of its introduction letter' });
  if (input.letter?.duesPaidUntil && !/^\d{4}-(0[1-9]|1[0-2])$/.test(input.letter.duesPaidUntil)) problems.push({ field: 'letter.duesPaidUntil', message: 'is a month, YYYY-MM' });
  before('letter.issuedOn', input.letter?.issuedOn, 'arrivedOn', input.arrivedOn);
  before('admittedOn', input.admittedOn, 'letter.issuedOn', input.letter?.issuedOn ?? input.arrivedOn);
  before('ceremonyOn', input.ceremonyOn, 'arrivedOn', input.arrivedOn);
  before('recognizedOfficialOn', input.recognizedOfficialOn, 'arrivedOn', input.arrivedOn);
  before('partyAgeFrom', input.partyAgeFrom, 'arrivedOn', input.arrivedOn);
  if (input.ceremonyOn && input.ceremonyOn < input.admittedOn) problems.push({ field: 'ceremonyOn', message: `is before admittedOn (${input.admittedOn})` });
  if (input.recognizedOfficialOn && input.recognizedOfficialOn <= input.admittedOn) problems.push({ field: 'recognizedOfficialOn', message: `is not after admittedOn (${input.admittedOn})` });
  if (input.admittedOn < input.person.dateOfBirth) problems.push({ field: 'admittedOn', message: 'is before the date of birth' });
  if (problems.length > 0) throw new ValidationError(problems);
}

export class MemberService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
    private readonly calendar: CalendarService,
    private readonly reader: Reader,
  ) {}

  /** Members the actor may list, for the period `p`: those kept in their subtrees on the day, and their own record. */
  private visibleSql(asOf: IsoDate): Prisma.Sql {
    const scope = scopeOf(this.actor, 'readMembers');
    if (scope === null) return Prisma.sql`true`;
    return Prisma.sql`(EXISTS (SELECT 1 FROM organization_versions v
        WHERE v.organization_id = p.organization_id AND v.valid_from <= ${asOf}::date AND (v.valid_to IS NULL OR v.valid_to > ${asOf}::date)
          AND v.path && ${scope}::int[])
      ${this.actor.memberId ? Prisma.sql`OR p.member_id = ${this.actor.memberId}::uuid` : Prisma.empty})`;
  }

  // ---------------------------------------------------------------- reads

  /** The members as of the day, by id (one statement, through the reader: the hottest read). */
  async byIds(ids: readonly string[], asOf: IsoDate): Promise<Map<string, MemberView>> {
    const rows = await this.reader.prepared<Record<string, unknown>>(Prisma.sql`
      SELECT ${PERIOD_WITH_MEMBER_COLUMNS}
      FROM member_periods p JOIN members m ON m.id = p.member_id
      WHERE p.member_id = ANY(${[...ids]}::uuid[])
        AND p.valid_from <= ${asOf}::date AND (p.valid_to IS NULL OR p.valid_to > ${asOf}::date)
        AND ${this.visibleSql(asOf)}`);
    return new Map(rows.map((row) => fromJoinedRow(row)).map((row) => [row.memberId, toView(row, asOf)]));
  }

  /**
   * The members as of the day with their events (as eventsOf gives them), in one statement: a
   * member's page without a second round trip. The events come as a JSON array per member.
   */
  async byIdsWithEvents(ids: readonly string[], asOf: IsoDate): Promise<{ members: Map<string, MemberView>; events: Map<string, MemberEvent[]> }> {
    const rows = await this.reader.prepared<Record<string, unknown> & { [EVENTS_COLUMN]: Record<string, unknown>[] }>(Prisma.sql`
      SELECT ${PERIOD_WITH_MEMBER_COLUMNS},
        (SELECT coalesce(json_agg(x ORDER BY x."effectiveOn", x."recordedAt"), '[]'::json)
         FROM (SELECT ${EVENT_COLUMNS} FROM member_events e WHERE e.member_id = m.id AND ${this.visibleEventsSql()}) x) AS "${Prisma.raw(EVENTS_COLUMN)}"
      FROM member_periods p JOIN members m ON m.id = p.member_id
      WHERE p.member_id = ANY(${[...ids]}::uuid[])
        AND p.valid_from <= ${asOf}::date AND (p.valid_to IS NULL OR p.valid_to > ${asOf}::date)
        AND ${this.visibleSql(asOf)}`);
    const members = new Map<string, MemberView>();
    const events = new Map<string, MemberEvent[]>();
    for (const { [EVENTS_COLUMN]: json, ...row } of rows) {
      const view = toView(fromJoinedRow(row), asOf);
      members.set(view.id, view);
      events.set(view.id, json.map(eventFromJson));
    }
    return { members, events };
  }

  async get(id: string, asOf: IsoDate): Promise<MemberView> {
    const found = (await this.byIds([id], asOf)).get(id);
    if (!found) throw new NotFoundError('Member', id);
    return found;
  }

  /**
   * A page of members as of the day, in the order of Vietnamese lists (given name first), with
   * the filters' conditions; one statement (two when the total is asked, sent together), through
   * the reader. Ordered by the members' own sort key and id, so the database can walk the
   * members' (sort_key, id) index and stop at the page when the filters keep many of them.
   */
  async list(args: { filter?: MemberFilter | null; asOf: IsoDate } & PageArgs): Promise<Page<MemberView>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const filter = args.filter ?? {};
    const conditions = this.filterSql(filter, args.asOf);
    const count = async () => {
      const n = await this.countWhere(conditions);
      if (n === 0) await this.requireUnder(filter);
      return n;
    };
    const total = startCount(args, count);
    let from = Prisma.empty;
    if (after) {
      const [sortKey, id] = splitCursor(after);
      from = Prisma.sql`AND (m.sort_key, m.id) > (${sortKey}, ${id}::uuid)`;
    }
    const walk = Prisma.sql`
      SELECT ${PERIOD_WITH_MEMBER_COLUMNS}
      FROM member_periods p JOIN members m ON m.id = p.member_id
      WHERE ${conditions} ${from}
      ORDER BY m.sort_key, m.id
      LIMIT ${size + 1}`;
    const rows = await this.reader.rows<Record<string, unknown>>(
      filter.underId && !filter.search ? this.subtreePage(filter, args.asOf, from, size + 1) : walk,
    );
    if (rows.length === 0) await this.requireUnder(filter);
    return toPage(
      rows.map((row) => toView(fromJoinedRow(row), args.asOf)),
      size,
      (view) => `${view.sortKey}\u0000${view.id}`,
      count,
      total,
    );
  }

  /**
   * How a page of a subtree is read, decided in the statement by the subtree's size (from the
   * count aggregate: one probe). Walking all members in name order, keeping those in the
   * subtree, passes about page × everyone ÷ subtree members, each with a probe of its period
   * and organisation; collecting the subtree's members and sorting them costs the subtree. A
   * bloc of 10,000 in a nation of 5,600,000 would walk 28,000 members for a page of 50; a
   * province of 165,000 walks 1,700, and a grassroots organisation of 136 in 1,000,000 members
   * walked them all (31 s on the bench; collected: 0.13 s). A walked member costs about five
   * collected ones (bench, 1,000,000 members: a bloc of 11,298 walked in 1.5–2.2 s, collected
   * in 0.7–0.9 s), so a subtree is collected when subtree² ≤ 51 × 5 × everyone
   * (`MemberService.collectFactor`). Both plans are in the statement; the one not chosen is never
   * run (a one-time filter).
   */
  private subtreePage(filter: MemberFilter, asOf: IsoDate, from: Prisma.Sql, limit: number): Prisma.Sql {
    const key = subtreeKey(filter);
    return Prisma.sql`
      WITH choice AS MATERIALIZED (
        SELECT coalesce((
            SELECT c.probationary + c.official + c.suspended + c.removed_from_roll + c.expelled + c.deceased + c.transferred_out
            FROM member_subtree_counts c WHERE c.subtree_key = ${key}::int AND c.day <= ${asOf}::date ORDER BY c.day DESC LIMIT 1
          ), 0)::float8 ^ 2 <= ${MemberService.collectFactor}::float8 * greatest((SELECT reltuples FROM pg_class WHERE oid = 'members'::regclass), 0) AS collect
      )
      SELECT * FROM (
        (SELECT ${PERIOD_WITH_MEMBER_COLUMNS}
         FROM member_periods p JOIN members m ON m.id = p.member_id
         WHERE NOT (SELECT collect FROM choice) AND ${this.filterSql(filter, asOf, false)} ${from}
           -- A filter the planner cannot turn into a join (a scalar subquery): it walks.
           AND (SELECT v.path FROM organization_versions v
                WHERE v.organization_id = p.organization_id AND v.valid_from <= ${asOf}::date AND (v.valid_to IS NULL OR v.valid_to > ${asOf}::date)
               ) @> ARRAY[${key}::int]
         ORDER BY m.sort_key, m.id
         LIMIT ${limit})
        UNION ALL
        (SELECT * FROM (
           SELECT ${PERIOD_WITH_MEMBER_COLUMNS}
           FROM ${subtreeRoot(filter)}
           JOIN organization_versions v ON v.path @> ARRAY[root.key]
           JOIN member_periods p ON p.organization_id = v.organization_id
           JOIN members m ON m.id = p.member_id
           WHERE (SELECT collect FROM choice)
             AND v.valid_from <= ${asOf}::date AND (v.valid_to IS NULL OR v.valid_to > ${asOf}::date)
             AND ${this.filterSql(filter, asOf, false)} ${from}
           OFFSET 0) collected
         ORDER BY "sortKey", "id"
         LIMIT ${limit})
      ) page
      -- The same order, written so that it is not merged from the branches (a Merge Append starts
      -- the walking branch even when it is not chosen: 350 ms at national scale); one branch only
      -- returns rows, at most a page.
      ORDER BY ("sortKey", "id")`;
  }

  /** Members² of a subtree below which its page is collected rather than walked to (see subtreePage). */
  static collectFactor = 256;

  async count(args: { filter?: MemberFilter | null; asOf: IsoDate }): Promise<number> {
    const n = await this.countWhere(this.filterSql(args.filter ?? {}, args.asOf));
    if (n === 0) await this.requireUnder(args.filter ?? {});
    return n;
  }

  /** NOT_FOUND for a list under an organisation that does not exist (asked only when the list is empty). */
  private async requireUnder(filter: MemberFilter): Promise<void> {
    if (!filter.underId || (filter.underPathKey !== undefined && filter.underPathKey !== null)) return;
    const [found] = await this.reader.rows(Prisma.sql`SELECT 1 FROM organizations WHERE id = ${filter.underId}::uuid`);
    if (!found) throw new NotFoundError('Organization', filter.underId);
  }

  private async countWhere(conditions: Prisma.Sql): Promise<number> {
    const [row] = await this.reader.rows<{ n: number }>(Prisma.sql`
      SELECT count(*)::int AS n FROM member_periods p JOIN members m ON m.id = p.member_id WHERE ${conditions}`);
    return row!.n;
  }

  /** The conditions of a member list on the period `p` and the member `m` (the subtree's too unless told). */
  private filterSql(filter: MemberFilter, asOf: IsoDate, withSubtree = true): Prisma.Sql {
    const conditions: Prisma.Sql[] = [
      Prisma.sql`p.valid_from <= ${asOf}::date AND (p.valid_to IS NULL OR p.valid_to > ${asOf}::date)`,
      Prisma.sql`p.status = ANY(${filter.status?.length ? filter.status : IN_PARTY}::"MemberStatus"[])`,
      this.visibleSql(asOf),
    ];
    if (filter.underId && withSubtree) {
      conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM organization_versions v
        WHERE v.organization_id = p.organization_id AND v.valid_from <= ${asOf}::date AND (v.valid_to IS NULL OR v.valid_to > ${asOf}::date)
          AND v.path @> ARRAY[${subtreeKey(filter)}::int])`);
    }
    if (filter.gender) conditions.push(Prisma.sql`m.gender = ${filter.gender}::"Gender"`);
    if (filter.exempted !== null && filter.exempted !== undefined) conditions.push(Prisma.sql`p.exempted = ${filter.exempted}`);
    const term = filter.search ? searchKey(filter.search) : '';
    // searchKey leaves letters, digits and spaces only: nothing LIKE would read as a wildcard.
    if (term) conditions.push(Prisma.sql`m.search_name LIKE ${`%${term}%`}`);
    // Age a on `asOf` ⇔ born in (asOf − (a+1) years, asOf − a years].
    if (nonNegative(filter.ageMin, 'ageMin') !== null) conditions.push(Prisma.sql`m.date_of_birth <= ${addMonths(asOf, -12 * filter.ageMin!)}::date`);
    if (nonNegative(filter.ageMax, 'ageMax') !== null) conditions.push(Prisma.sql`m.date_of_birth > ${addMonths(asOf, -12 * (filter.ageMax! + 1))}::date`);
    if (filter.admittedFrom) conditions.push(Prisma.sql`m.admitted_on >= ${filter.admittedFrom}::date`);
    if (filter.admittedTo) conditions.push(Prisma.sql`m.admitted_on <= ${filter.admittedTo}::date`);
    if (nonNegative(filter.partyAgeMin, 'partyAgeMin') !== null) {
      conditions.push(Prisma.sql`p.party_age_from <= ${addMonths(asOf, -12 * filter.partyAgeMin!)}::date`);
    }
    if (nonNegative(filter.partyAgeMax, 'partyAgeMax') !== null) {
      conditions.push(Prisma.sql`p.party_age_from > ${addMonths(asOf, -12 * (filter.partyAgeMax! + 1))}::date`);
    }
    return Prisma.join(conditions, ' AND ');
  }

  /**
   * Members by status in the subtrees of these organisations on `asOf`, computed by the
   * database in one statement for any number of organisations. A member temporarily active
   * elsewhere is counted by their own organisation (and reported as away), never by the host.
   * Read from the aggregate kept per subtree (member_subtree_counts, kept by triggers with the
   * periods and the tree): one index probe per organisation, whatever its size. A caller who
   * sees only part of a subtree (an organisation above their grants) is counted the part they
   * see, straight from the periods of that part.
   */
  async counts(roots: readonly { id: string; pathKey: number }[], asOf: IsoDate): Promise<Map<string, MemberCounts>> {
    const day = toDbDate(asOf);
    // Within the actor's subtrees only: a count never reveals members the actor may not list.
    const scope = scopeOf(this.actor, 'readMembers');
    const whole =
      scope === null
        ? Prisma.sql`true`
        : Prisma.sql`EXISTS (SELECT 1 FROM organization_versions v WHERE v.organization_id = r.id
            AND v.valid_from <= ${day} AND (v.valid_to IS NULL OR v.valid_to > ${day}) AND v.path && ${scope}::int[])`;
    const partial =
      scope === null
        ? Prisma.empty
        : Prisma.sql`
      UNION ALL
      SELECT root::text, ${Prisma.join(
        COUNT_COLUMNS.map(([column, , condition]) => Prisma.sql`(count(*) FILTER (WHERE ${Prisma.raw(condition)}))::int AS ${Prisma.raw(column)}`),
      )}
      FROM (
        SELECT s.root, p.status, p.exempted, p.temporary_organization_id IS NOT NULL AS away, false AS hosted
        FROM partial_subtree s JOIN member_periods p
          ON p.organization_id = s.organization_id AND p.valid_from <= ${day} AND (p.valid_to IS NULL OR p.valid_to > ${day})
        WHERE s.seen
        UNION ALL
        SELECT s.root, p.status, p.exempted, false, true
        FROM partial_subtree s JOIN member_periods p
          ON p.temporary_organization_id = s.organization_id AND p.valid_from <= ${day} AND (p.valid_to IS NULL OR p.valid_to > ${day})
        WHERE s.seen AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')
          AND NOT EXISTS (SELECT 1 FROM partial_subtree own WHERE own.root = s.root AND own.organization_id = p.organization_id)
      ) p
      GROUP BY root`;
    const rows = await this.reader.prepared<{ root: string } & Record<(typeof COUNT_COLUMNS)[number][0], number | null>>(Prisma.sql`
      WITH roots AS (
        SELECT r.id, r.key, ${whole} AS whole
        FROM unnest(${roots.map((r) => r.id)}::uuid[], ${roots.map((r) => r.pathKey)}::int[]) AS r(id, key)
      )${
        scope === null
          ? Prisma.empty
          : Prisma.sql`,
      partial_subtree AS (
        SELECT r.id AS root, v.organization_id, v.path && ${scope}::int[] AS seen
        FROM roots r JOIN organization_versions v
          ON v.path @> ARRAY[r.key] AND v.valid_from <= ${day} AND (v.valid_to IS NULL OR v.valid_to > ${day})
        WHERE NOT r.whole
      )`
      }
      SELECT r.id::text AS root, ${Prisma.join(COUNT_COLUMNS.map(([column]) => Prisma.sql`c.${Prisma.raw(column)}`))}
      FROM roots r
      CROSS JOIN LATERAL (
        SELECT * FROM member_subtree_counts c WHERE c.subtree_key = r.key AND c.day <= ${day} ORDER BY c.day DESC LIMIT 1
      ) c
      WHERE r.whole${partial}`);
    const counts = new Map<string, MemberCounts>(
      roots.map((root) => [
        root.id,
        {
          organizationId: root.id,
          asOf,
          total: 0,
          probationary: 0,
          official: 0,
          suspended: 0,
          exempted: 0,
          temporarilyAway: 0,
          temporarilyHosted: 0,
          removedFromRoll: 0,
          expelled: 0,
          deceased: 0,
          transferredOut: 0,
        },
      ]),
    );
    for (const row of rows) {
      const c = counts.get(row.root)!;
      for (const [column, field] of COUNT_COLUMNS) c[field] = row[column] ?? 0;
      c.total = c.probationary + c.official + c.suspended;
    }
    return counts;
  }

  /**
   * How membership moved in a subtree over a period, counted by the day each change took effect
   * or by the day it was decided (a recognition takes effect at the end of probation, perhaps
   * before it is decided). A transfer counts into the subtree when the member came from outside
   * it, out of it when the member left it, and within it otherwise. Counts only, in the caller's
   * subtrees; one statement.
   */
  async changes(organizationId: string, from: IsoDate, to: IsoDate, basis: 'EFFECTIVE' | 'DECISION'): Promise<MembershipChanges> {
    if (from > to) throw ValidationError.field('to', 'the period ends on or after it begins');
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    authorize(this.actor, 'readMembers', [path]);
    const scope = scopeOf(this.actor, 'readMembers');
    const key = path.at(-1)!;
    const day = basis === 'DECISION' ? Prisma.sql`e.occurred_on` : Prisma.sql`e.effective_on`;
    // The branch path of a member on a day: the period in force then, and its organisation's version.
    const pathOn = (on: Prisma.Sql) => Prisma.sql`(SELECT v.path FROM member_periods p
        JOIN organization_versions v ON v.organization_id = p.organization_id AND v.valid_from <= ${on} AND (v.valid_to IS NULL OR v.valid_to > ${on})
        WHERE p.member_id = e.member_id AND p.valid_from <= ${on} AND (p.valid_to IS NULL OR p.valid_to > ${on}))`;
    const [row] = await this.prisma.$queryRaw<Omit<MembershipChanges, 'organizationId' | 'from' | 'to' | 'basis'>[]>`
      WITH moved AS (
        SELECT e.type, ${pathOn(Prisma.sql`e.effective_on`)} AS after, ${pathOn(Prisma.sql`(e.effective_on - 1)`)} AS before,
          CASE WHEN e.type = 'REMOVED_FROM_ROLL' THEN (SELECT p.status FROM member_periods p WHERE p.member_id = e.member_id
            AND p.valid_from <= e.effective_on - 1 AND (p.valid_to IS NULL OR p.valid_to > e.effective_on - 1)) END AS status_before
        FROM member_events e
        WHERE ${day} BETWEEN ${toDbDate(from)} AND ${toDbDate(to)}
          -- Members ever kept in the subtree only (a superset of those counted), not the nation's events.
          AND e.member_id IN (SELECT p.member_id FROM member_periods p
            WHERE p.organization_id IN (SELECT v.organization_id FROM organization_versions v WHERE v.path @> ARRAY[${key}]::int[]))
      ), placed AS (
        SELECT type, status_before,
          coalesce(after @> ARRAY[${key}]::int[] AND (${scope === null} OR after && ${scope ?? []}::int[]), false) AS in_after,
          coalesce(before @> ARRAY[${key}]::int[] AND (${scope === null} OR before && ${scope ?? []}::int[]), false) AS in_before
        FROM moved
      )
      SELECT
        count(*) FILTER (WHERE type = 'ADMITTED' AND in_after)::int AS admitted,
        count(*) FILTER (WHERE type = 'READMITTED' AND in_after)::int AS readmitted,
        count(*) FILTER (WHERE type = 'RECOGNIZED_OFFICIAL' AND in_after)::int AS "recognizedOfficial",
        count(*) FILTER (WHERE (type = 'TRANSFERRED' AND in_after AND NOT in_before) OR (type = 'TRANSFERRED_IN' AND in_after))::int AS "transferredIn",
        count(*) FILTER (WHERE (type = 'TRANSFERRED' AND in_before AND NOT in_after) OR (type = 'TRANSFERRED_OUT' AND in_before))::int AS "transferredOut",
        count(*) FILTER (WHERE type = 'TRANSFERRED' AND in_before AND in_after)::int AS "transferredWithin",
        count(*) FILTER (WHERE type = 'TRANSFERRED_IN' AND in_after)::int AS "transferredFromOutside",
        count(*) FILTER (WHERE type = 'TRANSFERRED_OUT' AND in_before)::int AS "transferredOutside",
        count(*) FILTER (WHERE type IN ('REMOVED_FROM_ROLL', 'PROBATION_REMOVED') AND in_after)::int AS "removedFromRoll",
        count(*) FILTER (WHERE (type = 'PROBATION_REMOVED' OR status_before = 'PROBATIONARY') AND in_after)::int AS "removedWhileProbationary",
        count(*) FILTER (WHERE type = 'EXPELLED' AND in_after)::int AS expelled,
        count(*) FILTER (WHERE type = 'DECEASED' AND in_after)::int AS deceased,
        count(*) FILTER (WHERE type = 'RESTORED' AND in_after)::int AS restored
      FROM placed`;
    return { organizationId, from, to, basis, ...row! };
  }

  async eventsByIds(ids: readonly string[]): Promise<Map<string, MemberEvent>> {
    const rows = await this.reader.prepared<MemberEvent>(Prisma.sql`
      SELECT ${EVENT_COLUMNS} FROM member_events e WHERE e.id = ANY(${[...ids]}::uuid[]) AND ${this.visibleEventsSql()}`);
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Events the actor may read, for the event `e`: the whole file of a member kept in their
   * subtrees today (the file moves with the member), and of a member who has left, only the
   * events that placed them in those subtrees, never what happened after they left.
   */
  private visibleEventsSql(): Prisma.Sql {
    const scope = scopeOf(this.actor, 'readMembers');
    if (scope === null) return Prisma.sql`true`;
    const today = todayInVietnam();
    return Prisma.sql`(EXISTS (SELECT 1 FROM member_periods p
          WHERE p.member_id = e.member_id AND p.valid_from <= ${today}::date AND (p.valid_to IS NULL OR p.valid_to > ${today}::date)
            AND ${this.visibleSql(today)})
        OR EXISTS (SELECT 1 FROM member_periods p JOIN organization_versions v ON v.organization_id = p.organization_id
          WHERE p.event_id = e.id AND v.path && ${scope}::int[])
        ${this.actor.memberId ? Prisma.sql`OR e.member_id = ${this.actor.memberId}::uuid` : Prisma.empty})`;
  }

  /** Each member's events in the order they took effect (one statement, through the reader). */
  async eventsOf(memberIds: readonly string[]): Promise<Map<string, MemberEvent[]>> {
    const rows = await this.reader.prepared<MemberEvent>(Prisma.sql`
      SELECT ${EVENT_COLUMNS} FROM member_events e
      WHERE e.member_id = ANY(${[...memberIds]}::uuid[]) AND ${this.visibleEventsSql()}
      ORDER BY e.effective_on, e.recorded_at`);
    const byMember = new Map<string, MemberEvent[]>(memberIds.map((id) => [id, []]));
    for (const row of rows) byMember.get(row.memberId)!.push(row);
    return byMember;
  }

  // ---------------------------------------------------------------- writes

  /** Kết nạp: creates the member record with its ADMITTED event (probationary from that day). */
  async admit(input: AdmitInput): Promise<string> {
    const rules = await this.rules.current();
    this.checkAdmission(input, rules);
    return this.writing((tx) => this.admitWithin(tx, input, rules));
  }

  /**
   * Kết nạp of many people by one decision (or several): every row checked as `admit` checks it,
   * each problem named by its row, nothing written unless every row passes. The caller's right
   * over every organisation named is checked before anything else.
   */
  async admitMany(inputs: readonly AdmitInput[]): Promise<string[]> {
    checkBatchSize(inputs, 'rows');
    repeatedRows(inputs, 'rows', (input) => [input.partyCardNumber?.trim() && `card ${input.partyCardNumber.trim()}`, input.nationalId?.trim() && `id ${input.nationalId.trim()}`, input.candidateId && `candidate ${input.candidateId}`], 'the same person (card number, national ID or candidate)');
    await authorizeSubjects(this.prisma, this.actor, 'manageMembers', { organizationIds: [...new Set(inputs.map((input) => input.organizationId))] });
    const rules = await this.rules.current();
    return this.writing(
      (tx) =>
        eachRow(tx, inputs, 'rows', async (input) => {
          this.checkAdmission(input, rules);
          return this.admitWithin(tx, input, rules);
        }, memberConflict),
      TRANSACTION.batch,
    );
  }

  /** What an admission is checked for before anything is read: the person's data and age. */
  private checkAdmission(input: AdmitInput, rules: RuleSnapshot): void {
    this.checkPersonalData(input);
    const minimumAge = rules.at(MINIMUM_ADMISSION_AGE, input.admittedOn);
    if (addMonths(input.dateOfBirth, 12 * minimumAge.value) > input.admittedOn) {
      throw new RuleViolationError(
        'UNDER_MINIMUM_AGE',
        `born on ${input.dateOfBirth}, the person is under ${minimumAge.value} on ${input.admittedOn} (${minimumAge.citation})`,
      );
    }
  }

  private async admitWithin(tx: Tx, input: AdmitInput, rules: RuleSnapshot): Promise<string> {
    const personal = this.checkPersonalData(input);
    const maximumAge = rules.at(MAXIMUM_ADMISSION_AGE, input.admittedOn);
    const scopePath = await currentPath(tx, input.organizationId);
    const role = authorize(this.actor, 'manageMembers', [scopePath]);
    await this.requireDecision(tx, input.decisionId);
    await this.checkMaximumAge(tx, input, maximumAge);
    await this.requireMemberOrganization(tx, input.organizationId, input.admittedOn, 'organizationId');
    if (input.candidateId) {
      const candidate = await tx.candidate.findUnique({ where: { id: input.candidateId } });
      if (!candidate) throw new NotFoundError('Candidate', input.candidateId);
      if (candidate.status !== 'PROPOSED') {
        throw new RuleViolationError('CANDIDATE_NOT_PROPOSED', `the candidate is ${candidate.status}, not PROPOSED`);
      }
      await this.checkAwarenessClass(tx, rules, candidate.id, input.admittedOn);
      await tx.candidate.update({ where: { id: candidate.id }, data: { status: 'ADMITTED' } });
    }
    if (input.ceremonyOn) await this.checkCeremony(rules, input.admittedOn, input.ceremonyOn);
    const member = await tx.member.create({
      data: {
        ...personal,
        admittedOn: toDbDate(input.admittedOn),
        admissionCeremonyOn: input.ceremonyOn ? toDbDate(input.ceremonyOn) : null,
        candidateId: input.candidateId ?? null,
      },
    });
    const eventId = await this.appendEvent(tx, member, [], 'ADMITTED', {
      occurredOn: input.admittedOn,
      decisionId: input.decisionId,
      organizationId: input.organizationId,
      note: input.note,
    });
    await this.audit.record(tx, role, {
      action: 'member.admit',
      entityType: 'Member',
      entityId: member.id,
      scopePath,
      after: { ...personal, dateOfBirth: input.dateOfBirth, organizationId: input.organizationId, admittedOn: input.admittedOn, eventId },
    });
    return member.id;
  }

  /** The candidate completed the class on awareness of the Party, recently enough, when the rule requires it. */
  private async checkAwarenessClass(tx: Tx, rules: RuleSnapshot, candidateId: string, admittedOn: IsoDate) {
    const rule = rules.at(AWARENESS_CLASS, admittedOn);
    if (!rule.value.required) return;
    const earliest = addMonths(admittedOn, -rule.value.validMonths);
    const completed = await tx.classAttendance.findFirst({
      where: { candidateId, result: 'COMPLETED', class: { type: 'PARTY_AWARENESS', endsOn: { gte: toDbDate(earliest), lte: toDbDate(admittedOn) } } },
      select: { id: true },
    });
    if (!completed) {
      throw new RuleViolationError(
        'AWARENESS_CLASS_MISSING',
        `the candidate has not completed a class on awareness of the Party that ended between ${earliest} and ${admittedOn} (${rule.value.validMonths} months, ${rule.citation})`,
      );
    }
  }

  /**
   * Lễ kết nạp: held on or after the decision and within the working days the rule allows
   * (Quy định 24-QĐ/TW 4.1: 30 working days from the decision); probation counts from it.
   */
  private async checkCeremony(rules: RuleSnapshot, admittedOn: IsoDate, ceremonyOn: IsoDate) {
    if (ceremonyOn < admittedOn) throw ValidationError.field('ceremonyOn', `the admission was decided on ${admittedOn}: the ceremony follows it`);
    const limit = rules.at(ADMISSION_CEREMONY_WORKING_DAYS, admittedOn);
    const lastDay = await this.calendar.workingDaysAfter(admittedOn, limit.value);
    if (ceremonyOn > lastDay) {
      throw new RuleViolationError('CEREMONY_TOO_LATE', `decided on ${admittedOn}, the admission ceremony is held by ${lastDay} (${limit.value} working days, ${limit.citation}): ${ceremonyOn} is too late`);
    }
  }

  /** Records the admission ceremony of a member admitted earlier, before recognition. */
  async recordAdmissionCeremony(memberId: string, ceremonyOn: IsoDate): Promise<void> {
    await this.writing(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM members WHERE id = ${memberId}::uuid FOR UPDATE`;
      const member = await tx.member.findUnique({ where: { id: memberId }, include: { events: true, periods: { orderBy: { validFrom: 'desc' }, take: 1 } } });
      if (!member) throw new NotFoundError('Member', memberId);
      const homePath = await currentPath(tx, member.periods[0]!.organizationId);
      const role = authorize(this.actor, 'manageMembers', [homePath]);
      if (member.events.some((event) => event.type === 'RECOGNIZED_OFFICIAL' || event.type === 'READMITTED')) {
        throw new InvalidTransitionError('the member was recognised official (or readmitted) already: the ceremony of the first admission is recorded before', 'OFFICIAL', 'ADMISSION_CEREMONY');
      }
      await this.checkCeremony(await this.rules.current(), fromDbDate(member.admittedOn), ceremonyOn);
      await tx.member.update({ where: { id: member.id }, data: { admissionCeremonyOn: toDbDate(ceremonyOn), updatedAt: new Date() } });
      await this.audit.record(tx, role, {
        action: 'member.admission_ceremony',
        entityType: 'Member',
        entityId: member.id,
        scopePath: homePath,
        before: { admissionCeremonyOn: member.admissionCeremonyOn ? fromDbDate(member.admissionCeremonyOn) : null },
        after: { admissionCeremonyOn: ceremonyOn },
      });
    });
  }

  /** Records a lifecycle event; refused with the member's state when it does not fit. */
  async recordEvent(memberId: string, type: Exclude<MemberEventType, 'ADMITTED'>, input: EventInput): Promise<string> {
    await this.checkEvent(type, input);
    return this.writing((tx) => this.recordCheckedEvent(tx, memberId, type, input));
  }

  /**
   * One decision for many members: recognitions of a quarter, transfers of a branch that
   * moved, removals, as `recordEvent` checks each; every problem named by its row, nothing
   * written unless every row passes. The caller's right over every member (and organisation
   * named) is checked before anything else.
   */
  async recordEvents(type: Exclude<MemberEventType, 'ADMITTED'>, rows: readonly (EventInput & { memberId: string })[], field = 'rows'): Promise<string[]> {
    checkBatchSize(rows, field);
    repeatedRows(rows, field, (row) => [row.memberId], 'the same member');
    const capability = SUSPENSION_EVENTS.includes(type) ? 'manageDiscipline' : 'manageMembers';
    await authorizeSubjects(this.prisma, this.actor, capability, {
      memberIds: [...new Set(rows.map((row) => row.memberId))],
      organizationIds: [...new Set(rows.map((row) => row.organizationId).filter((id): id is string => !!id))],
    });
    return this.writing(
      (tx) =>
        eachRow(tx, rows, field, async (row) => {
          await this.checkEvent(type, row);
          return this.recordCheckedEvent(tx, row.memberId, type, row);
        }, memberConflict),
      TRANSACTION.batch,
    );
  }

  /** What an event is checked for before the member is read. */
  private async checkEvent(type: Exclude<MemberEventType, 'ADMITTED'>, input: EventInput): Promise<void> {
    // An expulsion is a discipline decision: its form, competence, statute of limitations,
    // statistics, appeals and badge waits apply only through recordDiscipline (form EXPULSION).
    if (type === 'EXPELLED') throw new RuleViolationError('EXPULSION_IS_DISCIPLINE', 'an expulsion is a discipline decision: record it with recordDiscipline (form EXPULSION)');
    if (NEEDS_ORGANIZATION.includes(type) && !input.organizationId) throw ValidationError.field('organizationId', `a ${type} needs the organisation`);
    if ((type === 'TRANSFERRED' || type === 'TRANSFERRED_OUT') && !input.letter?.letterNumber?.trim()) {
      throw ValidationError.field('letter.letterNumber', 'a transfer needs the number of its introduction letter');
    }
    if (type === 'TRANSFERRED_OUT') {
      if (!input.destination?.trim()) throw ValidationError.field('destination', 'a transfer out of the tree names the receiving organisation');
      if (input.organizationId) throw ValidationError.field('organizationId', 'a transfer out of the tree goes to an organisation outside it: name it in destination');
    }
    if (type === 'TRANSFERRED_IN') throw ValidationError.field('type', 'an arrival from outside the tree is recorded with receiveMember');
    if (input.letter?.duesPaidUntil && !/^\d{4}-(0[1-9]|1[0-2])$/.test(input.letter.duesPaidUntil)) {
      throw ValidationError.field('letter.duesPaidUntil', 'is a month, YYYY-MM');
    }
    if (type === 'TEMPORARY_TRANSFER') this.checkTemporaryTransfer(await this.rules.current(), input);
    checkSuspensionInput(type, input.suspension);
  }

  private async recordCheckedEvent(tx: Tx, memberId: string, type: Exclude<MemberEventType, 'ADMITTED'>, input: EventInput): Promise<string> {
    // One writer per member at a time: the periods are rebuilt from all its events.
    await tx.$executeRaw`SELECT 1 FROM members WHERE id = ${memberId}::uuid FOR UPDATE`;
    const member = await tx.member.findUnique({ where: { id: memberId }, include: { events: true, periods: { orderBy: { validFrom: 'desc' }, take: 1 } } });
    if (!member) throw new NotFoundError('Member', memberId);
    const homePath = await currentPath(tx, member.periods[0]!.organizationId);
    const scopePath = input.organizationId ? await currentPath(tx, input.organizationId) : null;
    // Suspensions are decided by the inspection side (đình chỉ sinh hoạt), not by the organisation department.
    const capability = SUSPENSION_EVENTS.includes(type) ? 'manageDiscipline' : 'manageMembers';
    const role = authorize(this.actor, capability, scopePath ? [homePath, scopePath] : [homePath]);
    if (input.decisionId) await this.requireDecision(tx, input.decisionId);
    else if (type !== 'DECEASED' && type !== 'TEMPORARY_RETURN') throw ValidationError.field('decisionId', `a ${type} needs its decision`);
    if (input.organizationId) await this.requireMemberOrganization(tx, input.organizationId, input.occurredOn, 'organizationId');
    const eventId = await this.appendEvent(tx, member, member.events, type, input);
    await this.audit.record(tx, role, {
      action: `member.${type.toLowerCase()}`,
      entityType: 'Member',
      entityId: member.id,
      scopePath: homePath,
      after: { type, eventId, occurredOn: input.occurredOn, organizationId: input.organizationId ?? null, decisionId: input.decisionId ?? null, letter: input.letter ?? null },
    });
    return eventId;
  }

  /**
   * Tiếp nhận đảng viên from outside the tree (see ArrivalInput). The letter presented later than
   * the rule allows is still recorded (the member is in the Party) with a warning naming the rule,
   * kept on the event, for the committee to consider the reason.
   */
  async receive(input: ArrivalInput): Promise<{ memberId: string; eventId: string; warnings: RuleWarning[] }> {
    const personal = this.checkPersonalData(input.person);
    checkArrivalDates(input);
    const rules = await this.rules.current();
    return this.writing(async (tx) => {
      const scopePath = await currentPath(tx, input.organizationId);
      const role = authorize(this.actor, 'manageMembers', [scopePath]);
      if (input.decisionId) await this.requireDecision(tx, input.decisionId);
      await this.requireMemberOrganization(tx, input.organizationId, input.arrivedOn, 'organizationId');
      const warnings: RuleWarning[] = [];
      const presentation = rules.at(TRANSFER_PRESENTATION, input.letter.issuedOn);
      const { days, workingDays } = presentation.value;
      const lastDay = workingDays ? await this.calendar.workingDaysAfter(input.letter.issuedOn, days) : addDays(input.letter.issuedOn, days);
      const presentedLate = input.arrivedOn > lastDay ? { lastDay, citation: presentation.citation } : null;
      if (presentedLate) {
        warnings.push({
          code: 'LETTER_PRESENTED_LATE',
          message: `the letter of ${input.letter.issuedOn} was to be presented by ${lastDay} (${days}${workingDays ? ' working' : ''} days, ${presentation.citation}): presented on ${input.arrivedOn}, the reason goes to the competent committee`,
        });
      }
      // A member of this tree coming back: the same record, found by card number or national ID.
      const identities = [
        ...(personal.partyCardNumber ? [{ partyCardNumber: personal.partyCardNumber }] : []),
        ...(personal.nationalId ? [{ nationalId: personal.nationalId }] : []),
      ];
      const known = identities.length > 0 ? await tx.member.findFirst({ where: { OR: identities }, select: { id: true } }) : null;
      let member: Member;
      let existing: MemberEvent[] = [];
      let before: PersonalData | null = null;
      if (known) {
        await tx.$executeRaw`SELECT 1 FROM members WHERE id = ${known.id}::uuid FOR UPDATE`;
        const found = (await tx.member.findUnique({ where: { id: known.id }, include: { events: true, periods: { orderBy: { validFrom: 'desc' }, take: 1 } } }))!;
        if (found.periods[0]?.status !== 'TRANSFERRED_OUT') {
          throw new ConflictError(
            `a member of this tree has this ${personal.partyCardNumber && found.partyCardNumber === personal.partyCardNumber ? 'party card number' : 'national ID number'}: a move inside the tree is a transfer`,
            personal.partyCardNumber && found.partyCardNumber === personal.partyCardNumber ? 'partyCardNumber' : 'nationalId',
          );
        }
        before = personalOf(found);
        existing = found.events;
        member = await tx.member.update({
          where: { id: found.id },
          data: { ...personal, ...(input.recognizedOfficialOn ? { recognizedOfficialOn: toDbDate(input.recognizedOfficialOn) } : {}) },
        });
      } else {
        member = await tx.member.create({
          data: {
            ...personal,
            admittedOn: toDbDate(input.admittedOn),
            admissionCeremonyOn: input.ceremonyOn ? toDbDate(input.ceremonyOn) : null,
            recognizedOfficialOn: input.recognizedOfficialOn ? toDbDate(input.recognizedOfficialOn) : null,
          },
        });
      }
      const standing = input.recognizedOfficialOn || (known && member.recognizedOfficialOn) ? 'OFFICIAL' : 'PROBATIONARY';
      const eventId = await this.appendEvent(tx, member, existing, 'TRANSFERRED_IN', {
        occurredOn: input.arrivedOn,
        decisionId: input.decisionId ?? null,
        organizationId: input.organizationId,
        note: input.note,
        letter: input.letter,
        arrival: { standing, partyAgeFrom: input.partyAgeFrom ?? (known ? null : input.admittedOn), from: input.from.trim(), presentedLate },
      });
      await this.audit.record(tx, role, {
        action: 'member.transferred_in',
        entityType: 'Member',
        entityId: member.id,
        scopePath,
        ...(before ? { before } : {}),
        after: { ...personalOf(member), organizationId: input.organizationId, arrivedOn: input.arrivedOn, from: input.from.trim(), letter: input.letter, standing, eventId, returning: !!known },
      });
      return { memberId: member.id, eventId, warnings };
    });
  }

  /**
   * Records a lifecycle event inside a transaction of another module (an EXPULSION discipline
   * decision), which has authorised it and records its own audit event.
   */
  async recordEventWithin(tx: Tx, memberId: string, type: Exclude<MemberEventType, 'ADMITTED'>, input: EventInput): Promise<string> {
    await tx.$executeRaw`SELECT 1 FROM members WHERE id = ${memberId}::uuid FOR UPDATE`;
    const member = await tx.member.findUnique({ where: { id: memberId }, include: { events: true } });
    if (!member) throw new NotFoundError('Member', memberId);
    return this.appendEvent(tx, member, member.events, type, input);
  }

  async update(memberId: string, patch: Partial<PersonalData>): Promise<void> {
    const current = await this.prisma.member.findUnique({ where: { id: memberId } });
    if (!current) throw new NotFoundError('Member', memberId);
    const merged = { ...personalOf(current), ...definedOnly(patch) };
    const personal = this.checkPersonalData(merged);
    await this.writing(async (tx) => {
      const period = await tx.memberPeriod.findFirst({ where: { memberId }, orderBy: { validFrom: 'desc' } });
      const scopePath = await currentPath(tx, period!.organizationId);
      const role = authorize(this.actor, 'manageMembers', [scopePath]);
      await tx.member.update({ where: { id: memberId }, data: personal });
      await this.audit.record(tx, role, { action: 'member.update', entityType: 'Member', entityId: memberId, scopePath, before: personalOf(current), after: merged });
    });
  }

  /**
   * Loads whole member histories at once: the way existing records are brought in from an
   * office's previous system (and how the demo and benchmark datasets are built). Every
   * history passes the same lifecycle rules as events recorded one by one; the admitting and
   * receiving organisations must be branches active on the event dates. All or nothing.
   */
  async importHistories(records: readonly ImportRecord[]): Promise<string[]> {
    const rules = await this.rules.current();
    // Whole histories bypass the per-event checks of a subtree: only a global grant imports.
    const role = authorize(this.actor, 'manageMembers', [[]]);
    const { members, events, periods } = await this.historyRows(records, rules);
    await this.writing(async (tx) => {
      const now = new Date();
      await insertRows(tx, 'members', members.map((member) => ({ ...member, createdAt: now, updatedAt: now })));
      await insertRows(tx, 'member_events', events.map((event) => ({ ...event, recordedAt: now })));
      await insertRows(tx, 'member_periods', periods.map((period) => ({ id: uuidv7(), ...period })));
      await this.audit.record(tx, role, {
        action: 'member.import',
        entityType: 'MemberImport',
        entityId: members[0]?.id ?? 'none',
        scopePath: [],
        after: { members: members.length, events: events.length },
      });
    }, TRANSACTION.bulk);
    return members.map((member) => member.id!);
  }

  /**
   * The rows whole histories make: each member, their events with the effective dates the rules
   * give, and the periods the lifecycle replays from them. Every history is checked (it starts
   * with an admission, its organisations are active branches on the days named); nothing is
   * written. Shared by the importer and the benchmark's dataset generator, which writes the same
   * rows by COPY.
   */
  async historyRows(records: readonly ImportRecord[], rules: RuleSnapshot) {
    authorize(this.actor, 'manageMembers', [[]]);
    const checked = await this.checkedHistories(records, rules);
    const [first] = checked.problems;
    if (first) throw new ValidationError([{ field: `records.${first.index}`, message: first.message }]);
    return checked;
  }

  /**
   * Writes histories checked by checkedHistories, with the decisions they cite that are new,
   * in one transaction (all or nothing), and one audit event for the whole import: its counts
   * and the digest of the file they came from.
   */
  async writeHistories(
    rows: { members: Prisma.MemberCreateManyInput[]; events: Prisma.MemberEventCreateManyInput[]; periods: Prisma.MemberPeriodCreateManyInput[] },
    documents: Prisma.DocumentCreateManyInput[],
    source: { importId: string; scopePath: number[]; file: Record<string, unknown> },
    progress: (written: number) => Promise<void> = async () => {},
  ): Promise<void> {
    const role = authorizeAnywhere(this.actor, 'manageMembers');
    await this.writing(async (tx) => {
      const now = new Date();
      await insertRows(tx, 'documents', documents.map((document) => ({ ...document, createdAt: now })));
      let written = 0;
      // In slices, so that the progress moves while a province is written.
      for (let start = 0; start < rows.members.length; start += 10_000) {
        const members = rows.members.slice(start, start + 10_000);
        const ids = new Set(members.map((member) => member.id));
        await insertRows(tx, 'members', members.map((member) => ({ ...member, createdAt: now, updatedAt: now })));
        await insertRows(tx, 'member_events', rows.events.filter((event) => ids.has(event.memberId)).map((event) => ({ ...event, recordedAt: now })));
        await insertRows(tx, 'member_periods', rows.periods.filter((period) => ids.has(period.memberId)).map((period) => ({ id: uuidv7(), ...period })));
        written += members.length;
        await progress(written);
      }
      await this.audit.record(tx, role, {
        action: 'member.import',
        entityType: 'Import',
        entityId: source.importId,
        scopePath: source.scopePath,
        after: { ...source.file, members: rows.members.length, events: rows.events.length, periods: rows.periods.length, decisionsCreated: documents.length },
      });
    }, TRANSACTION.bulk);
    // What autovacuum would do a while later, done now: a province just imported is read at once,
    // and with the statistics of an empty table a page of members took 130 ms instead of 6.
    if (rows.members.length >= 10_000) await this.prisma.$executeRaw`ANALYZE members, member_events, member_periods, member_subtree_counts`;
  }

  /**
   * The rows of whole histories as historyRows makes them, with the problem of each history
   * that fails (by its index) instead of stopping at the first: what a spreadsheet import
   * reports row by row. The caller must manage members in every organisation the histories
   * name (checked here on their current paths); nothing is written.
   */
  async checkedHistories(records: readonly ImportRecord[], given?: RuleSnapshot) {
    const rules = given ?? (await this.rules.current());
    const organizationIds = [...new Set(records.flatMap((r) => r.events.map((e) => e.organizationId).filter((id): id is string => !!id)))];
    const versions = await this.prisma.organizationVersion.findMany({
      where: { organizationId: { in: organizationIds } },
      include: { kind: true },
    });
    const versionsOf = new Map<string, typeof versions>();
    for (const version of versions) versionsOf.set(version.organizationId, [...(versionsOf.get(version.organizationId) ?? []), version]);
    const currentPath = (organizationId: string) => (versionsOf.get(organizationId) ?? []).find((v) => !v.validTo)?.path ?? versionsOf.get(organizationId)?.at(-1)?.path ?? [-1];
    if (organizationIds.length) authorize(this.actor, 'manageMembers', organizationIds.map(currentPath));
    else authorizeAnywhere(this.actor, 'manageMembers');
    const receives = (organizationId: string, date: IsoDate) =>
      (versionsOf.get(organizationId) ?? []).some(
        (v) =>
          v.kind.holdsMembers &&
          v.status === 'ACTIVE' &&
          fromDbDate(v.validFrom) <= date &&
          (!v.validTo || fromDbDate(v.validTo) > date),
      );
    const members: Prisma.MemberCreateManyInput[] = [];
    const events: Prisma.MemberEventCreateManyInput[] = [];
    const periods: Prisma.MemberPeriodCreateManyInput[] = [];
    const problems: { index: number; message: string }[] = [];
    for (const [index, record] of records.entries()) {
      // Other requests are answered while a province's histories replay.
      if (index % 1_000 === 999) await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        const built = this.historyOf(record, rules, receives);
        members.push(built.member);
        events.push(...built.events);
        periods.push(...built.periods);
      } catch (error) {
        if (error instanceof ValidationError) problems.push({ index, message: error.problems.map((p) => (p.field === 'history' ? p.message : `${p.field}: ${p.message}`)).join('; ') });
        else if (error instanceof DomainError) problems.push({ index, message: error.message });
        else throw error;
      }
    }
    return { members, events, periods, problems };
  }

  /** One history's rows, or the error that stops it. */
  private historyOf(record: ImportRecord, rules: RuleSnapshot, receives: (organizationId: string, date: IsoDate) => boolean) {
    const at = (message: string) => new ValidationError([{ field: 'history', message }]);
    const [admission] = record.events;
    if ((admission?.type !== 'ADMITTED' && admission?.type !== 'TRANSFERRED_IN') || !admission.organizationId) {
      throw at('a history starts with its admission into a branch, or its arrival in one from outside the tree');
    }
    const id = uuidv7();
    // An arrival's admission is the letter's day, before the history here begins.
    const admittedOn = record.admittedOn ?? admission.occurredOn;
    if (admittedOn > admission.occurredOn) throw at(`the admission (${admittedOn}) is after the history's first event (${admission.occurredOn})`);
    const member = { id, ...this.checkPersonalData(record.person), admittedOn: toDbDate(admittedOn) } as Prisma.MemberCreateManyInput;
    const lifecycle: LifecycleEvent[] = [];
    const events: Prisma.MemberEventCreateManyInput[] = [];
    let probation = { on: admittedOn, what: 'admitted on' };
    record.events.forEach((event, sequence) => {
      if (event.organizationId && !receives(event.organizationId, event.occurredOn)) {
        throw at(`event ${sequence} (${event.type} on ${event.occurredOn}): the organisation is not an active branch then`);
      }
      if (event.type === 'READMITTED') probation = { on: event.occurredOn, what: 'readmitted on' };
      if (event.type === 'ADMITTED' && sequence === 0 && record.ceremonyOn) {
        member.admissionCeremonyOn = toDbDate(record.ceremonyOn);
        probation = { on: record.ceremonyOn, what: 'the admission ceremony on' };
      }
      const effectiveOn = this.effectiveDate(rules, probation, event.type, event.occurredOn);
      if (event.type === 'RECOGNIZED_OFFICIAL') member.recognizedOfficialOn = toDbDate(effectiveOn);
      const eventId = uuidv7();
      events.push({
        id: eventId,
        memberId: id,
        type: event.type,
        occurredOn: toDbDate(event.occurredOn),
        effectiveOn: toDbDate(effectiveOn),
        decisionId: event.decisionId ?? null,
        organizationId: event.organizationId ?? null,
        details: (event.details ?? {}) as Prisma.InputJsonObject,
        note: event.note ?? null,
      });
      const suspension = (event.details as { suspension?: SuspensionDetails } | undefined)?.suspension ?? null;
      const arrival = event.type === 'TRANSFERRED_IN' ? ((event.details as { arrival?: ArrivalDetails } | undefined)?.arrival ?? null) : null;
      lifecycle.push({ id: eventId, type: event.type, effectiveOn, organizationId: event.organizationId, sequence, suspension, ...(arrival ? { arrival } : {}) });
    });
    return { member, events, periods: replay(lifecycle, rules).map((period) => periodRow(id, period)) };
  }

  /** Writes one event and rebuilds the member's periods from all of them. */
  private async appendEvent(tx: Tx, member: Member, existing: MemberEvent[], type: MemberEventType, input: EventInput) {
    const rules = await this.rules.current();
    const effectiveOn = this.effectiveDate(rules, probationStart(member, existing), type, input.occurredOn);
    const details: Record<string, unknown> = {};
    if (input.letter) details.letter = input.letter;
    if (input.destination) details.destination = input.destination.trim();
    if (input.arrival && type === 'TRANSFERRED_IN') {
      const { from, presentedLate, standing, partyAgeFrom } = input.arrival;
      details.from = from;
      details.arrival = { standing, ...(partyAgeFrom ? { partyAgeFrom } : {}) };
      if (presentedLate) details.presentedLate = presentedLate;
    }
    if (input.reason) details.reason = input.reason;
    if (input.expectedReturnOn) details.expectedReturnOn = input.expectedReturnOn;
    if (input.suspension && (type === 'SUSPENDED' || type === 'SUSPENSION_EXTENDED')) {
      details.suspension = Object.fromEntries(Object.entries(input.suspension).filter(([, value]) => value !== null && value !== undefined));
    }
    const event = await tx.memberEvent.create({
      data: {
        memberId: member.id,
        type,
        occurredOn: toDbDate(input.occurredOn),
        effectiveOn: toDbDate(effectiveOn),
        decisionId: input.decisionId ?? null,
        organizationId: input.organizationId ?? null,
        details: details as Prisma.InputJsonObject,
        note: input.note?.trim() || null,
      },
    });
    const periods = replay([...existing, event].map(toLifecycle), rules);
    await tx.memberPeriod.deleteMany({ where: { memberId: member.id } });
    await tx.memberPeriod.createMany({ data: periods.map((period) => periodRow(member.id, period)) });
    // Leaving the Party (expulsion, removal from the roll, death) ends the committee posts held
    // that day: a person outside the Party holds no Party post.
    if (LEAVING_EVENTS.includes(type)) {
      const day = toDbDate(effectiveOn);
      await tx.committeePosition.updateMany({
        where: { memberId: member.id, startsOn: { lt: day }, OR: [{ endsOn: null }, { endsOn: { gt: day } }] },
        data: { endsOn: day },
      });
    }
    // The record's updatedAt (its ETag) moves with every event.
    await tx.member.update({
      where: { id: member.id },
      data: { updatedAt: new Date(), ...(type === 'RECOGNIZED_OFFICIAL' ? { recognizedOfficialOn: toDbDate(effectiveOn) } : {}) },
    });
    return event.id;
  }

  /**
   * When the state changes. Recognition takes effect when the 12 months of probation end
   * (counted from the admission ceremony, or the readmission), even when decided later; it
   * cannot be decided before they end.
   */
  private effectiveDate(rules: RuleSnapshot, start: { on: IsoDate; what: string }, type: MemberEventType, occurredOn: IsoDate): IsoDate {
    if (type !== 'RECOGNIZED_OFFICIAL') return occurredOn;
    const probation = rules.at(PROBATION_MONTHS, start.on);
    const ends = addMonths(start.on, probation.value);
    if (occurredOn < ends) {
      throw new RuleViolationError(
        'PROBATION_NOT_OVER',
        `${start.what} ${start.on}, the member's ${probation.value}-month probation ends on ${ends}: recognition on ${occurredOn} is too early (${probation.citation})`,
      );
    }
    return ends;
  }

  private checkTemporaryTransfer(rules: RuleSnapshot, input: EventInput) {
    if (!input.expectedReturnOn) throw ValidationError.field('expectedReturnOn', 'a temporary transfer needs its expected end');
    const limits = rules.at(TEMPORARY_TRANSFER_MONTHS, input.occurredOn).value;
    const max = input.reason === 'STUDY' ? limits.maxForStudy : limits.max;
    if (input.expectedReturnOn < addMonths(input.occurredOn, limits.min) || input.expectedReturnOn > addMonths(input.occurredOn, max)) {
      throw new RuleViolationError(
        'TEMPORARY_TRANSFER_LENGTH',
        `a temporary transfer${input.reason === 'STUDY' ? ' for study' : ''} lasts from ${limits.min} to ${max} months: ${input.occurredOn} to ${input.expectedReturnOn} is outside that`,
      );
    }
  }

  private checkPersonalData<T extends PersonalData>(input: T) {
    const problems: { field: string; message: string }[] = [];
    const fullName = input.fullName?.trim().replace(/\s+/g, ' ') ?? '';
    if (!fullName) problems.push({ field: 'fullName', message: 'must not be empty' });
    for (const [field, value] of Object.entries(input)) {
      if (typeof value === 'string' && value.length > MAX_TEXT) problems.push({ field, message: `at most ${MAX_TEXT} characters` });
    }
    if (input.nationalId && !NATIONAL_ID.test(input.nationalId)) problems.push({ field: 'nationalId', message: 'a citizen identity number has 12 digits' });
    if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) problems.push({ field: 'email', message: 'is not an e-mail address' });
    if (input.phone && !/^\+?[\d .-]{8,15}$/.test(input.phone)) problems.push({ field: 'phone', message: 'is not a phone number' });
    if (problems.length > 0) throw new ValidationError(problems);
    const clean = (value: string | null | undefined) => value?.trim() || null;
    return {
      fullName,
      gender: input.gender,
      dateOfBirth: toDbDate(input.dateOfBirth),
      ethnicity: clean(input.ethnicity) ?? 'Kinh',
      religion: clean(input.religion),
      hometown: clean(input.hometown),
      permanentAddress: clean(input.permanentAddress),
      nationalId: clean(input.nationalId),
      phone: clean(input.phone),
      email: clean(input.email),
      educationLevel: clean(input.educationLevel),
      professionalQualification: clean(input.professionalQualification),
      politicalTheoryLevel: clean(input.politicalTheoryLevel),
      occupation: clean(input.occupation),
      workplace: clean(input.workplace),
      partyCardNumber: clean(input.partyCardNumber),
      fileNumber: clean(input.fileNumber),
      searchName: searchKey(fullName),
      sortKey: sortKeyOf(fullName),
    };
  }

  private async writing<T>(work: (tx: Tx) => Promise<T>, options: { maxWait: number; timeout: number } = TRANSACTION.write): Promise<T> {
    try {
      return await inTransaction(this.prisma, work, options);
    } catch (error) {
      throw memberConflict(error) ?? error;
    }
  }

  /**
   * Above the maximum age (counted in months: eligible while the completed months do not pass
   * it) a person is admitted only by a decision of a committee of the kinds the rule names.
   */
  private async checkMaximumAge(tx: Tx, input: AdmitInput, rule: RuleVersion<{ maximum: number | null; exceptionDecidedBy: string[] }>) {
    const { maximum, exceptionDecidedBy } = rule.value;
    if (maximum === null || input.admittedOn < addMonths(input.dateOfBirth, 12 * maximum + 1)) return;
    const decision = await tx.document.findUnique({ where: { id: input.decisionId }, select: { issuerId: true } });
    const issuerKind = decision?.issuerId
      ? (await tx.organizationVersion.findFirst({ where: { organizationId: decision.issuerId, validFrom: { lte: toDbDate(input.admittedOn) }, OR: [{ validTo: null }, { validTo: { gt: toDbDate(input.admittedOn) } }] }, select: { kindCode: true } }))?.kindCode
      : undefined;
    if (issuerKind && exceptionDecidedBy.includes(issuerKind)) return;
    throw new RuleViolationError(
      'ABOVE_MAXIMUM_AGE',
      `born on ${input.dateOfBirth}, the person is over ${maximum} on ${input.admittedOn} (${rule.citation}): only a decision of a ${exceptionDecidedBy.join(' or ') || 'higher committee'} admits them`,
    );
  }

  private async requireDecision(tx: Tx, decisionId: string) {
    if (!(await tx.document.findUnique({ where: { id: decisionId }, select: { id: true } }))) throw new NotFoundError('Document', decisionId);
  }

  /** A branch that exists and is active on `date`: where members can be kept. */
  private async requireMemberOrganization(tx: Tx, organizationId: string, date: IsoDate, field: string) {
    const version = await tx.organizationVersion.findFirst({
      where: { AND: [organizationValidAt(date), { organizationId }] },
      include: { organization: true, kind: true },
    });
    if (!version) {
      const exists = await tx.organization.findUnique({ where: { id: organizationId }, select: { code: true, establishedOn: true } });
      if (!exists) throw new NotFoundError('Organization', organizationId);
      throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `${exists.code} did not exist yet on ${date} (established ${fromDbDate(exists.establishedOn)})`);
    }
    if (version.status !== 'ACTIVE') {
      throw new RuleViolationError(
        'ORGANIZATION_NOT_ACTIVE',
        `${version.organization.code} is ${version.status} since ${fromDbDate(version.validFrom)}: it cannot receive members (${field})`,
      );
    }
    if (!version.kind.holdsMembers) {
      throw new RuleViolationError('NOT_A_BRANCH', `${version.organization.code} is a ${version.kindCode}: members are kept in branches (chi bộ)`);
    }
  }
}

function splitCursor(cursor: string): [string, string] {
  const at = cursor.lastIndexOf('\u0000');
  const [sortKey, id] = [cursor.slice(0, at), cursor.slice(at + 1)];
  // Checked before it reaches SQL: a made-up cursor is a bad input, never a database error.
  if (at < 0 || sortKey.includes('\u0000') || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw ValidationError.field('after', 'is not a cursor returned by this API');
  }
  return [sortKey, id];
}

function nonNegative(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > 150) throw ValidationError.field(field, 'must be a whole number of years from 0 to 150');
  return value;
}

/** The personal data of a record, with ISO dates. */
export function personalOf(member: Member): PersonalData {
  return {
    fullName: member.fullName,
    gender: member.gender,
    dateOfBirth: fromDbDate(member.dateOfBirth),
    ethnicity: member.ethnicity,
    religion: member.religion,
    hometown: member.hometown,
    permanentAddress: member.permanentAddress,
    nationalId: member.nationalId,
    phone: member.phone,
    email: member.email,
    educationLevel: member.educationLevel,
    professionalQualification: member.professionalQualification,
    politicalTheoryLevel: member.politicalTheoryLevel,
    occupation: member.occupation,
    workplace: member.workplace,
    partyCardNumber: member.partyCardNumber,
    fileNumber: member.fileNumber,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A unique violation of a member's record, as the conflict it is (card number, national ID). */
function memberConflict(error: unknown): ConflictError | null {
  const fields = uniqueViolation(error);
  if (fields?.includes('party_card_number')) return new ConflictError('another member has this party card number', 'partyCardNumber');
  if (fields?.includes('national_id')) return new ConflictError('another member has this national ID number', 'nationalId');
  if (fields) return new ConflictError(`the record collides with another (${fields.join(', ')})`);
  return null;
}
