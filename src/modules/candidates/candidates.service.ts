import { authorize, authorizeSubjects, currentPath, scopeOf, type Actor, type Capability } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type {
  AttendanceResult,
  Candidate,
  CandidateStatus,
  ClassAttendance,
  Gender,
  Prisma,
  PrismaClient,
  TrainingClass,
  TrainingClassType,
} from '../../generated/prisma/client.js';
import type { Tx } from '../../db/database.js';
import { uniqueViolation } from '../../db/errors.js';
import { fromDbDate, todayInVietnam, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { v7 as uuidv7 } from 'uuid';
import { decodeCursor, pageSize, toPage, type Page, type PageArgs } from '../../shared/pagination.js';
import { searchKey } from '../../shared/text.js';
import { validAt } from '../organizations/organizations.service.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';
import { checkBatchSize, eachRow, repeatedRows } from '../../db/batch.js';
import { insertRows } from '../../db/bulk.js';
import { DomainError, type FieldProblem } from '../../shared/errors.js';
import type { ImportSource } from '../ratings/ratings.service.js';

export type ProposeInput = {
  fullName: string;
  gender: Gender;
  dateOfBirth: IsoDate;
  ethnicity?: string | null;
  occupation?: string | null;
  workplace?: string | null;
  organizationId: string;
  proposedOn: IsoDate;
};

/** A candidate of a spreadsheet, with the id it will have and its status (a candidate admitted or withdrawn before). */
export type ImportedCandidate = ProposeInput & { id: string; status: CandidateStatus };
/** A class a spreadsheet names that is not recorded yet, with the id it will have. */
export type ImportedClass = CreateClassInput & { id: string };
/** An attendance: of a class (recorded or new) by a candidate (recorded or new) or a member. */
export type ImportedAttendance = { classId: string; candidateId: string | null; memberId: string | null; result: AttendanceResult; certificateNumber: string | null };
/** A recorded candidate whose status a spreadsheet changes (considered again, or no longer). */
export type ImportedStatusChange = { id: string; status: 'PROPOSED' | 'WITHDRAWN' };
export type ImportCounts = { candidates: number; candidatesChanged: number; classes: number; attendances: number; attendancesUpdated: number };

/** At most this many rows of all three kinds in one import: a province's year with room to spare. */
export const MAX_IMPORTED_CANDIDATE_ROWS = 100_000;

export type CandidateFilter = { underId?: string | null; status?: CandidateStatus[] | null; search?: string | null };

export type CreateClassInput = { type: TrainingClassType; name: string; organizerId: string; startsOn: IsoDate; endsOn: IsoDate };

/** Quần chúng ưu tú proposed by branches, and the training classes they and members attend. */
export class CandidateService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
  ) {}

  /** Candidates and classes of organisations in the actor's subtrees (or everywhere). */
  private inScope(): { organization?: Prisma.OrganizationWhereInput } {
    const scope = scopeOf(this.actor, 'readMembers');
    return scope ? { organization: { versions: { some: { validTo: null, path: { hasSome: scope } } } } } : {};
  }

  async candidatesByIds(ids: readonly string[]): Promise<Map<string, Candidate>> {
    const rows = await this.prisma.candidate.findMany({ where: { id: { in: [...ids] }, ...this.inScope() } });
    return new Map(rows.map((c) => [c.id, c]));
  }

  async classesByIds(ids: readonly string[]): Promise<Map<string, TrainingClass>> {
    const scope = this.inScope();
    const rows = await this.prisma.trainingClass.findMany({ where: { id: { in: [...ids] }, ...(scope.organization ? { organizer: scope.organization } : {}) } });
    return new Map(rows.map((c) => [c.id, c]));
  }

  /** Attendances by id, of classes organised within the actor's subtrees. */
  async attendancesByIds(ids: readonly string[]): Promise<ClassAttendance[]> {
    const scope = this.inScope();
    return this.prisma.classAttendance.findMany({ where: { id: { in: [...ids] }, ...(scope.organization ? { class: { organizer: scope.organization } } : {}) } });
  }

  async attendancesOfClasses(classIds: readonly string[]): Promise<Map<string, ClassAttendance[]>> {
    return groupBy(await this.prisma.classAttendance.findMany({ where: { classId: { in: [...classIds] } } }), 'classId', classIds);
  }

  async attendancesOfCandidates(candidateIds: readonly string[]): Promise<Map<string, ClassAttendance[]>> {
    return groupBy(await this.prisma.classAttendance.findMany({ where: { candidateId: { in: [...candidateIds] } } }), 'candidateId', candidateIds);
  }

  async attendancesOfMembers(memberIds: readonly string[]): Promise<Map<string, ClassAttendance[]>> {
    return groupBy(await this.prisma.classAttendance.findMany({ where: { memberId: { in: [...memberIds] } } }), 'memberId', memberIds);
  }

  async list(args: { filter?: CandidateFilter | null } & PageArgs): Promise<Page<Candidate>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const filter = args.filter ?? {};
    const conditions: Prisma.CandidateWhereInput[] = [];
    conditions.push(this.inScope());
    if (filter.status?.length) conditions.push({ status: { in: filter.status } });
    const term = filter.search ? searchKey(filter.search) : '';
    if (term) conditions.push({ searchName: { contains: term } });
    if (filter.underId) {
      const under = await this.prisma.organization.findUnique({ where: { id: filter.underId } });
      if (!under) throw new NotFoundError('Organization', filter.underId);
      conditions.push({ organization: { versions: { some: { path: { has: under.pathKey }, validTo: null } } } });
    }
    const all = [...conditions];
    if (after) conditions.push({ id: { gt: after } });
    const rows = await this.prisma.candidate.findMany({ where: { AND: conditions }, orderBy: { id: 'asc' }, take: size + 1 });
    return toPage(rows, size, (row) => row.id, () => this.prisma.candidate.count({ where: { AND: all } }));
  }

  async listClasses(args: { organizerId?: string | null; type?: TrainingClassType | null; startsFrom?: IsoDate | null; startsTo?: IsoDate | null } & PageArgs) {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const scope = this.inScope();
    const conditions: Prisma.TrainingClassWhereInput[] = scope.organization ? [{ organizer: scope.organization }] : [];
    if (args.organizerId) conditions.push({ organizerId: args.organizerId });
    if (args.type) conditions.push({ type: args.type });
    if (args.startsFrom) conditions.push({ startsOn: { gte: toDbDate(args.startsFrom) } });
    if (args.startsTo) conditions.push({ startsOn: { lte: toDbDate(args.startsTo) } });
    const all = [...conditions];
    if (after) conditions.push({ id: { gt: after } });
    const rows = await this.prisma.trainingClass.findMany({ where: { AND: conditions }, orderBy: { id: 'asc' }, take: size + 1 });
    return toPage(rows, size, (row) => row.id, () => this.prisma.trainingClass.count({ where: { AND: all } }));
  }

  /** Proposes a candidate from a branch active on the day. */
  async propose(input: ProposeInput): Promise<Candidate> {
    const fullName = checkProposal(input);
    await this.requireActive(input.organizationId, input.proposedOn, true);
    return this.audited('proposeCandidates', input.organizationId, 'candidate.propose', 'Candidate', (tx) => tx.candidate.create({ data: candidateData(input, fullName) }), (candidate) => ({
      fullName: candidate.fullName,
      organizationId: candidate.organizationId,
      proposedOn: input.proposedOn,
    }));
  }

  /**
   * The candidates a branch (or several) proposes together: every row checked as `propose`
   * checks it and named by its index, nothing written unless every row passes; the caller's
   * right over every branch is checked first.
   */
  async proposeMany(inputs: readonly ProposeInput[]): Promise<Candidate[]> {
    checkBatchSize(inputs, 'rows');
    repeatedRows(inputs, 'rows', (input) => [`${searchKey(input.fullName)} ${input.dateOfBirth} ${input.organizationId}`], 'the same person (name, date of birth, branch)');
    const { role, organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'proposeCandidates', { organizationIds: [...new Set(inputs.map((input) => input.organizationId))] });
    return inTransaction(
      this.prisma,
      (tx) =>
        eachRow(tx, inputs, 'rows', async (input) => {
          const fullName = checkProposal(input);
          await this.requireActive(input.organizationId, input.proposedOn, true, tx);
          const candidate = await tx.candidate.create({ data: candidateData(input, fullName) });
          await this.audit.record(tx, role, {
            action: 'candidate.propose',
            entityType: 'Candidate',
            entityId: candidate.id,
            scopePath: organizationPaths.get(input.organizationId) ?? [],
            after: { fullName, organizationId: input.organizationId, proposedOn: input.proposedOn },
          });
          return candidate;
        }),
      TRANSACTION.batch,
    );
  }

  /**
   * Candidates, classes and attendances of a spreadsheet (the candidates import), all or
   * nothing. The caller's right first: to propose at every candidate's branch, to manage
   * training at every class's organiser (a recorded class's too). Then the rules of `propose`,
   * `createClass`, `enroll` and `recordResult`, every problem named `candidates.3.dateOfBirth`,
   * `classes.0.endsOn`, `attendances.7.result`; a validation stops there. A commit writes in one
   * transaction and is one audit event.
   */
  async importRows(
    rows: { candidates: readonly ImportedCandidate[]; statusChanges: readonly ImportedStatusChange[]; classes: readonly ImportedClass[]; attendances: readonly ImportedAttendance[] },
    from: ImportSource,
  ): Promise<ImportCounts> {
    const total = rows.candidates.length + rows.statusChanges.length + rows.classes.length + rows.attendances.length;
    if (total === 0) throw ValidationError.field('rows', 'give at least one candidate, class or attendance');
    if (total > MAX_IMPORTED_CANDIDATE_ROWS) throw ValidationError.field('rows', `at most ${MAX_IMPORTED_CANDIDATE_ROWS} rows in one import`);
    const newClasses = new Map(rows.classes.map((c) => [c.id, c]));
    const recordedClasses = new Map(
      (await this.prisma.trainingClass.findMany({ where: { id: { in: [...new Set(rows.attendances.map((a) => a.classId))].filter((id) => !newClasses.has(id)) } } })).map((c) => [c.id, c]),
    );
    const organizers = [...new Set([...rows.classes.map((c) => c.organizerId), ...[...recordedClasses.values()].map((c) => c.organizerId)])];
    const changed = await this.prisma.candidate.findMany({ where: { id: { in: rows.statusChanges.map((c) => c.id) } }, select: { id: true, organizationId: true, status: true } });
    const branches = [...new Set([...rows.candidates.map((c) => c.organizationId), ...changed.map((c) => c.organizationId)])];
    if (changed.length < new Set(rows.statusChanges.map((c) => c.id)).size) authorize(this.actor, 'proposeCandidates', [[-1]]);
    // Each right only where the file needs it: a list of candidates alone needs no right over training.
    const training = organizers.length ? (await authorizeSubjects(this.prisma, this.actor, 'manageTraining', { organizationIds: organizers })).role : null;
    const proposing = branches.length ? (await authorizeSubjects(this.prisma, this.actor, 'proposeCandidates', { organizationIds: branches })).role : null;
    const role = (training ?? proposing)!;
    const problems: FieldProblem[] = [];
    const check = (field: string, work: () => void) => {
      try {
        work();
      } catch (error) {
        if (error instanceof ValidationError) problems.push(...error.problems.map((p) => ({ ...p, field: `${field}.${p.field}` })));
        else if (error instanceof DomainError) problems.push({ field, message: error.message });
        else throw error;
      }
    };
    // Which organisations were active (and held members) on the days the rows name: one statement.
    const asked = [...rows.candidates.map((c) => ({ id: c.organizationId, day: c.proposedOn })), ...rows.classes.map((c) => ({ id: c.organizerId, day: c.startsOn }))];
    const active = new Map(
      (asked.length
        ? await this.prisma.$queryRaw<{ key: string; status: string; holds: boolean; code: string }[]>`
            SELECT r.id::text || ' ' || r.day::text AS key, v.status::text, k.holds_members AS holds, o.code
            FROM unnest(${asked.map((a) => a.id)}::uuid[], ${asked.map((a) => a.day)}::date[]) AS r(id, day)
            JOIN organization_versions v ON v.organization_id = r.id AND v.valid_from <= r.day AND (v.valid_to IS NULL OR v.valid_to > r.day)
            JOIN organization_kinds k ON k.code = v.kind_code JOIN organizations o ON o.id = r.id`
        : []
      ).map((row) => [row.key, row]),
    );
    const requireActive = (organizationId: string, day: IsoDate, mustHoldMembers: boolean) => {
      const version = active.get(`${organizationId} ${day}`);
      if (!version) throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `the organisation did not exist on ${day}`);
      if (version.status !== 'ACTIVE') throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `${version.code} is ${version.status} on ${day}`);
      if (mustHoldMembers && !version.holds) throw new RuleViolationError('NOT_A_BRANCH', `${version.code} is not a branch: candidates are proposed by branches (chi bộ)`);
    };
    const candidateRows = rows.candidates.map((input, index) => {
      let fullName = input.fullName;
      check(`candidates.${index}`, () => {
        fullName = checkProposal(input);
        requireActive(input.organizationId, input.proposedOn, true);
      });
      return { id: input.id, ...candidateData(input, fullName), proposedOn: toDbDate(input.proposedOn), dateOfBirth: toDbDate(input.dateOfBirth), status: input.status };
    });
    const classRows = rows.classes.map((input, index) => {
      const name = input.name.trim();
      check(`classes.${index}`, () => {
        if (!name) throw ValidationError.field('name', 'must not be empty');
        if (input.endsOn < input.startsOn) throw ValidationError.field('endsOn', 'must not be before startsOn');
        requireActive(input.organizerId, input.startsOn, false);
      });
      return { id: input.id, type: input.type, name, organizerId: input.organizerId, startsOn: toDbDate(input.startsOn), endsOn: toDbDate(input.endsOn) };
    });
    const recordedCandidates = new Set(
      (await this.prisma.candidate.findMany({ where: { id: { in: rows.attendances.flatMap((a) => (a.candidateId ? [a.candidateId] : [])) } }, select: { id: true } })).map((c) => c.id),
    );
    const newCandidates = new Set(rows.candidates.map((c) => c.id));
    rows.statusChanges.forEach((change, index) =>
      check(`statusChanges.${index}`, () => {
        if (changed.find((c) => c.id === change.id)?.status === 'ADMITTED') {
          throw new RuleViolationError('CANDIDATE_ADMITTED', 'the candidate was admitted: the status follows the member’s record');
        }
      }),
    );
    const enrolled = new Map(
      (await this.prisma.classAttendance.findMany({ where: { classId: { in: [...recordedClasses.keys()] } }, select: { id: true, classId: true, candidateId: true, memberId: true, result: true, certificateNumber: true } })).map((a) => [
        `${a.classId} ${a.candidateId ?? a.memberId}`,
        a,
      ]),
    );
    const seen = new Set<string>();
    const certificates = new Map<string, number>();
    const fresh: ImportedAttendance[] = [];
    const updates: { id: string; result: AttendanceResult; certificateNumber: string | null }[] = [];
    rows.attendances.forEach((attendance, index) =>
      check(`attendances.${index}`, () => {
        const course = newClasses.get(attendance.classId) ?? recordedClasses.get(attendance.classId);
        if (!course) throw new NotFoundError('TrainingClass', attendance.classId);
        if (!attendance.candidateId === !attendance.memberId) throw ValidationError.field('attendee', 'an attendee is a candidate or a member');
        if (attendance.candidateId && !newCandidates.has(attendance.candidateId) && !recordedCandidates.has(attendance.candidateId)) throw new NotFoundError('Candidate', attendance.candidateId);
        if (attendance.candidateId && course.type !== 'PARTY_AWARENESS') {
          throw new RuleViolationError('CANDIDATES_IN_AWARENESS_CLASS', 'candidates attend the class on awareness of the Party (lớp bồi dưỡng nhận thức về Đảng)');
        }
        const key = `${attendance.classId} ${attendance.candidateId ?? attendance.memberId}`;
        if (seen.has(key)) throw ValidationError.field('attendee', 'the same attendee of the same class as an earlier row');
        seen.add(key);
        const certificateNumber = attendance.certificateNumber?.trim() || null;
        if (certificateNumber) {
          const earlier = certificates.get(certificateNumber);
          if (earlier !== undefined) throw ValidationError.field('certificateNumber', `the same certificate number as attendances.${earlier}`);
          certificates.set(certificateNumber, index);
        }
        const endsOn = typeof course.endsOn === 'string' ? toDbDate(course.endsOn) : course.endsOn;
        checkResult({ attendanceId: '', result: attendance.result, certificateNumber }, endsOn);
        // An attendee enrolled already: the file's result is recorded (the class's closing decision).
        const recorded = enrolled.get(key);
        if (!recorded) fresh.push({ ...attendance, certificateNumber });
        else if (recorded.result !== attendance.result || recorded.certificateNumber !== certificateNumber) updates.push({ id: recorded.id, result: attendance.result, certificateNumber });
      }),
    );
    if (problems.length > 0) throw new ValidationError(problems);
    const counts: ImportCounts = { candidates: candidateRows.length, candidatesChanged: rows.statusChanges.length, classes: classRows.length, attendances: fresh.length, attendancesUpdated: updates.length };
    if (!from.commit) return counts;
    return inTransaction(
      this.prisma,
      async (tx) => {
        const now = new Date();
        await insertRows(tx, 'documents', from.documents.map((document) => ({ ...document, createdAt: now })));
        await insertRows(tx, 'candidates', candidateRows.map((row) => ({ ...row, createdAt: now })));
        await insertRows(tx, 'training_classes', classRows.map((row) => ({ ...row, createdAt: now })));
        if (rows.statusChanges.length) {
          await tx.$executeRaw`
            UPDATE candidates c SET status = r.status::"CandidateStatus" FROM unnest(${rows.statusChanges.map((c) => c.id)}::uuid[], ${rows.statusChanges.map((c) => c.status)}::text[]) AS r(id, status)
            WHERE c.id = r.id AND c.status <> 'ADMITTED'`;
        }
        if (updates.length) {
          await tx.$executeRaw`
            UPDATE class_attendances a SET result = r.result::"AttendanceResult", certificate_number = r.certificate
            FROM unnest(${updates.map((u) => u.id)}::uuid[], ${updates.map((u) => u.result)}::text[], ${updates.map((u) => u.certificateNumber)}::text[]) AS r(id, result, certificate)
            WHERE a.id = r.id`;
        }
        try {
          await insertRows(tx, 'class_attendances', fresh.map((a) => ({ id: uuidv7(), ...a })));
        } catch (error) {
          // Another writer enrolled one of them meanwhile.
          if (uniqueViolation(error)) throw new ConflictError('an attendee was enrolled in the class meanwhile: validate the file again', 'attendances');
          throw error;
        }
        await this.audit.record(tx, role, {
          action: 'candidate.import',
          entityType: 'Import',
          entityId: from.importId,
          scopePath: from.scopePath,
          after: { ...from.file, ...counts },
        });
        return counts;
      },
      TRANSACTION.batch,
    );
  }

  /** A write in its transaction, authorised on an organisation and recorded in the audit trail. */
  /** The caller's right on an organisation's subtree (none known: refused as outside every subtree). */
  private async authorizeOn(capability: Capability, organizationId: string | null): Promise<void> {
    authorize(this.actor, capability, [organizationId ? await currentPath(this.prisma, organizationId) : []]);
  }

  private async audited<T extends { id: string }>(
    capability: Capability,
    organizationId: string,
    action: string,
    entityType: string,
    write: (tx: Tx) => Promise<T>,
    after: (result: T) => Record<string, unknown>,
  ): Promise<T> {
    const scopePath = await currentPath(this.prisma, organizationId);
    const role = authorize(this.actor, capability, [scopePath]);
    return inTransaction(this.prisma, async (tx) => {
      const result = await write(tx);
      await this.audit.record(tx, role, { action, entityType, entityId: result.id, scopePath, after: after(result) });
      return result;
    });
  }

  async withdraw(candidateId: string): Promise<Candidate> {
    const candidate = await this.prisma.candidate.findUnique({ where: { id: candidateId } });
    // Refused before anything is told: an unknown candidate reads as one outside the subtrees.
    await this.authorizeOn('proposeCandidates', candidate?.organizationId ?? null);
    if (!candidate) throw new NotFoundError('Candidate', candidateId);
    if (candidate.status !== 'PROPOSED') {
      throw new RuleViolationError('CANDIDATE_NOT_PROPOSED', `the candidate is ${candidate.status}: only a proposed candidate is withdrawn`);
    }
    return this.audited('proposeCandidates', candidate.organizationId, 'candidate.withdraw', 'Candidate', (tx) => tx.candidate.update({ where: { id: candidateId }, data: { status: 'WITHDRAWN' } }), () => ({ status: 'WITHDRAWN' }));
  }

  async createClass(input: CreateClassInput): Promise<TrainingClass> {
    await this.authorizeOn('manageTraining', input.organizerId);
    const name = input.name.trim();
    if (!name) throw ValidationError.field('name', 'must not be empty');
    if (input.endsOn < input.startsOn) throw ValidationError.field('endsOn', 'must not be before startsOn');
    await this.requireActive(input.organizerId, input.startsOn, false);
    return this.audited('manageTraining', input.organizerId, 'class.create', 'TrainingClass', (tx) => tx.trainingClass.create({
      data: { type: input.type, name, organizerId: input.organizerId, startsOn: toDbDate(input.startsOn), endsOn: toDbDate(input.endsOn) },
    }), () => ({ ...input, name }));
  }

  /** Enrols candidates (in the awareness class) and members (in the other classes). */
  async enroll(input: { classId: string; candidateIds?: string[] | null; memberIds?: string[] | null }): Promise<ClassAttendance[]> {
    const candidateIds = input.candidateIds ?? [];
    const memberIds = input.memberIds ?? [];
    if (candidateIds.length + memberIds.length === 0) throw ValidationError.field('attendees', 'give at least one candidate or member');
    const organizer = await this.prisma.trainingClass.findUnique({ where: { id: input.classId }, select: { organizerId: true } });
    if (!organizer) throw new NotFoundError('TrainingClass', input.classId);
    const scopePath = await currentPath(this.prisma, organizer.organizerId);
    const role = authorize(this.actor, 'manageTraining', [scopePath]);
    return inTransaction(this.prisma, async (tx) => {
      const trainingClass = (await tx.trainingClass.findUnique({ where: { id: input.classId } }))!;
      if (candidateIds.length > 0 && trainingClass.type !== 'PARTY_AWARENESS') {
        throw new RuleViolationError('CANDIDATES_IN_AWARENESS_CLASS', 'candidates attend the class on awareness of the Party (lớp bồi dưỡng nhận thức về Đảng)');
      }
      const candidates = await tx.candidate.findMany({ where: { id: { in: candidateIds } } });
      const missingCandidate = candidateIds.find((id) => !candidates.some((c) => c.id === id));
      if (missingCandidate) throw new NotFoundError('Candidate', missingCandidate);
      const members = await tx.member.findMany({ where: { id: { in: memberIds } }, select: { id: true } });
      const missingMember = memberIds.find((id) => !members.some((m) => m.id === id));
      if (missingMember) throw new NotFoundError('Member', missingMember);
      try {
        await tx.classAttendance.createMany({
          data: [
            ...candidateIds.map((candidateId) => ({ classId: trainingClass.id, candidateId })),
            ...memberIds.map((memberId) => ({ classId: trainingClass.id, memberId })),
          ],
        });
      } catch (error) {
        if (uniqueViolation(error)) throw new ConflictError('an attendee is already enrolled in this class', 'attendees');
        throw error;
      }
      await this.audit.record(tx, role, { action: 'class.enroll', entityType: 'TrainingClass', entityId: trainingClass.id, scopePath, after: { candidateIds, memberIds } });
      return tx.classAttendance.findMany({ where: { classId: trainingClass.id } });
    });
  }

  /**
   * The results of a class (or several) as its closing decision lists them: every row checked
   * as `recordResult` checks it and named by its index, nothing written unless every row passes;
   * the caller's right over every class's organiser is checked first (an unknown attendance is
   * refused as one outside the caller's subtrees).
   */
  async recordResults(rows: readonly ResultInput[]): Promise<ClassAttendance[]> {
    checkBatchSize(rows, 'rows');
    repeatedRows(rows, 'rows', (row) => [row.attendanceId, row.certificateNumber?.trim() && `certificate ${row.certificateNumber.trim()}`], 'the same attendance or certificate number');
    const attendances = await this.prisma.classAttendance.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.attendanceId))] } }, include: { class: true } });
    const organizerOf = new Map(attendances.map((attendance) => [attendance.id, attendance.class.organizerId]));
    const { role, organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'manageTraining', { organizationIds: [...new Set(organizerOf.values())] });
    if (rows.some((row) => !organizerOf.has(row.attendanceId))) authorize(this.actor, 'manageTraining', [[-1]]);
    return inTransaction(
      this.prisma,
      (tx) =>
        eachRow(tx, rows, 'rows', async (row) => {
          checkResult(row, attendances.find((attendance) => attendance.id === row.attendanceId)!.class.endsOn);
          const updated = await tx.classAttendance.update({ where: { id: row.attendanceId }, data: { result: row.result, certificateNumber: row.certificateNumber?.trim() || null } });
          await this.audit.record(tx, role, {
            action: 'class.result',
            entityType: 'ClassAttendance',
            entityId: updated.id,
            scopePath: organizationPaths.get(organizerOf.get(row.attendanceId)!) ?? [],
            after: { result: updated.result, certificateNumber: updated.certificateNumber },
          });
          return updated;
        }),
      TRANSACTION.batch,
    );
  }

  async recordResult(input: ResultInput): Promise<ClassAttendance> {
    const attendance = await this.prisma.classAttendance.findUnique({ where: { id: input.attendanceId }, include: { class: true } });
    await this.authorizeOn('manageTraining', attendance?.class.organizerId ?? null);
    if (!attendance) throw new NotFoundError('ClassAttendance', input.attendanceId);
    checkResult(input, attendance.class.endsOn);
    return this.audited('manageTraining', attendance.class.organizerId, 'class.result', 'ClassAttendance', (tx) => tx.classAttendance.update({
      where: { id: attendance.id },
      data: { result: input.result, certificateNumber: input.certificateNumber?.trim() || null },
    }), (updated) => ({ result: updated.result, certificateNumber: updated.certificateNumber }));
  }

  private async requireActive(organizationId: string, date: IsoDate, mustHoldMembers: boolean, db: Tx | PrismaClient = this.prisma) {
    const version = await db.organizationVersion.findFirst({
      where: { AND: [validAt(date), { organizationId }] },
      include: { organization: true, kind: true },
    });
    if (!version) {
      if (!(await db.organization.findUnique({ where: { id: organizationId } }))) throw new NotFoundError('Organization', organizationId);
      throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `the organisation did not exist on ${date}`);
    }
    if (version.status !== 'ACTIVE') throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `${version.organization.code} is ${version.status} on ${date}`);
    if (mustHoldMembers && !version.kind.holdsMembers) {
      throw new RuleViolationError('NOT_A_BRANCH', `${version.organization.code} is a ${version.kindCode}: candidates are proposed by branches (chi bộ)`);
    }
  }
}

function groupBy<T, K extends keyof T>(rows: T[], key: K, ids: readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(row[key] as string)?.push(row);
  return groups;
}

export type ResultInput = { attendanceId: string; result: AttendanceResult; certificateNumber?: string | null };

function checkResult(input: ResultInput, classEndsOn: Date): void {
  if (input.result !== 'COMPLETED' && input.certificateNumber) throw ValidationError.field('certificateNumber', 'only a completed attendance has a certificate');
  // A result is known once the class has ended (a class of next year has none yet).
  if (input.result !== 'ENROLLED' && fromDbDate(classEndsOn) > todayInVietnam()) {
    throw new RuleViolationError('CLASS_NOT_ENDED', `the class ends on ${fromDbDate(classEndsOn)}: its results are recorded after it`);
  }
}

/** The candidate's name as recorded (spaces tidied), after the checks of a proposal. */
function checkProposal(input: ProposeInput): string {
  const fullName = input.fullName.trim().replace(/\s+/g, ' ');
  if (!fullName) throw ValidationError.field('fullName', 'must not be empty');
  if (input.dateOfBirth >= input.proposedOn) throw ValidationError.field('dateOfBirth', 'must be before proposedOn');
  if (input.proposedOn > todayInVietnam()) throw ValidationError.field('proposedOn', 'is a day to come: a proposal is recorded once the branch has made it');
  return fullName;
}

function candidateData(input: ProposeInput, fullName: string) {
  return {
    fullName,
    gender: input.gender,
    dateOfBirth: toDbDate(input.dateOfBirth),
    ethnicity: input.ethnicity?.trim() || 'Kinh',
    occupation: input.occupation?.trim() || null,
    workplace: input.workplace?.trim() || null,
    organizationId: input.organizationId,
    proposedOn: toDbDate(input.proposedOn),
    searchName: searchKey(fullName),
  };
}
