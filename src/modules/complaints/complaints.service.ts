import type { Complaint, ComplaintKind, ComplaintOutcome, ComplaintRejection, ComplaintStatus, DisciplineForm, DisciplineRecord, PrismaClient, ResolutionLevel } from '../../generated/prisma/client.js';
import { APPEAL_LIMITS, DENUNCIATION_LIMITS } from '../../rules/discipline.js';
import type { RuleBook } from '../../rules/rule.js';
import { addDays, addMonths, fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { InvalidTransitionError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import type { Sealer } from '../../shared/sealing.js';
import { searchKey } from '../../shared/text.js';
import { authorize, authorizeAnywhere, authorizeSubjects, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { DisciplineService } from '../discipline/discipline.service.js';
import { inTransaction } from '../../db/transactions.js';

/** Who sent a letter. Stored sealed; only inspection officers and administrators read it back. */
export type ComplaintSenderData = { name: string | null; address: string | null; phone: string | null; email: string | null };

export type ReceiveComplaintInput = {
  kind: ComplaintKind;
  receivedOn: IsoDate;
  handlerId: string;
  level?: ResolutionLevel | null;
  summary: string;
  concerningMemberId?: string | null;
  concerningOrganizationId?: string | null;
  disciplineRecordId?: string | null;
  notifiedOn?: IsoDate | null;
  sender?: Partial<ComplaintSenderData> | null;
  signed: boolean;
  signatories?: number | null;
  newEvidence?: boolean | null;
  /** What the receiving officer found on reading: the letter is kept, not processed, for this reason. */
  screenedOut?: ComplaintRejection | null;
};

export type WithdrawComplaintInput = { complaintId: string; withdrawnOn: IsoDate };

/** Reasons only a reader can judge (the others are found from the letter's data). */
export const JUDGED_ON_READING: readonly ComplaintRejection[] = ['CONTENT_NOT_SPECIFIC', 'NO_DENUNCIATION_CONTENT', 'NO_LEGAL_CAPACITY', 'BEFORE_CONGRESS'];
const DENUNCIATION_ONLY: readonly ComplaintRejection[] = ['NO_DENUNCIATION_CONTENT', 'BEFORE_CONGRESS'];

export type ExtendComplaintInput = { complaintId: string; decidedOn: IsoDate; workingDays: number; decisionId: string };

export type ResolveComplaintInput = {
  complaintId: string;
  resolvedOn: IsoDate;
  outcome: ComplaintOutcome;
  /** The new form when an appeal CHANGED the decision. */
  form?: DisciplineForm | null;
  resultSummary: string;
  decisionId: string;
};

export type ComplaintFilter = { organizationId: string; from: IsoDate; to: IsoDate; status?: ComplaintStatus | null; overdueOn?: IsoDate | null };

export type ResolvedComplaint = { complaint: Complaint; replacement: DisciplineRecord | null };

const APPEAL_OUTCOMES: ComplaintOutcome[] = ['UPHELD', 'CHANGED', 'ANNULLED'];
const DENUNCIATION_OUTCOMES: ComplaintOutcome[] = ['WELL_FOUNDED', 'PARTLY_FOUNDED', 'UNFOUNDED'];
const MAX_TEXT = 10000;

/** The day after which a complaint still PROCESSING is overdue. */
export const deadlineOf = (complaint: Complaint): IsoDate | null => {
  const due = complaint.extendedDueOn ?? complaint.dueOn;
  return due ? fromDbDate(due) : null;
};

export const isOverdue = (complaint: Complaint, asOf: IsoDate): boolean => {
  const deadline = deadlineOf(complaint);
  if (!deadline) return false;
  if (complaint.status === 'RESOLVED') return fromDbDate(complaint.resolvedOn!) > deadline;
  return complaint.status === 'PROCESSING' && asOf > deadline;
};

const clean = (value: string | null | undefined): string | null => (value && value.trim() ? value.trim() : null);

/**
 * Đơn thư khiếu nại, tố cáo. An APPEAL (khiếu nại kỷ luật) challenges a discipline decision:
 * filed within a month of notification, resolved within 90 working days (180 at the central
 * level) while the decision stays in force; its outcome upholds, changes or annuls the
 * decision, whose record keeps its history. A DENUNCIATION (tố cáo) is resolved within 90
 * days, extendable once by 30 working days. Letters that are anonymous, without an address,
 * unsigned, signed by several people or repeated without new evidence are kept but not
 * processed, with the reason. The sender's identity is sealed (see Sealer): it is never in an
 * answer to other roles, an error, a log line or the audit trail.
 */
export class ComplaintService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly sealer: Sealer,
    private readonly calendar: CalendarService,
    private readonly discipline: DisciplineService,
    private readonly rules: RuleBook,
  ) {}

  async receive(input: ReceiveComplaintInput): Promise<Complaint> {
    const level = input.level ?? 'PROVINCIAL_AND_BELOW';
    const summary = input.summary.trim();
    const signatories = input.signatories ?? (input.signed ? 1 : 0);
    const sender: ComplaintSenderData = {
      name: clean(input.sender?.name),
      address: clean(input.sender?.address),
      phone: clean(input.sender?.phone),
      email: clean(input.sender?.email),
    };
    const problems: FieldProblem[] = [];
    if (!summary) problems.push({ field: 'summary', message: 'must not be empty' });
    if (summary.length > MAX_TEXT) problems.push({ field: 'summary', message: `at most ${MAX_TEXT} characters` });
    if (!Number.isInteger(signatories) || signatories < 0 || signatories > 10000) problems.push({ field: 'signatories', message: 'a whole number from 0' });
    if (!input.signed && signatories > 0) problems.push({ field: 'signatories', message: 'an unsigned letter has 0 signatories' });
    if (input.screenedOut && !JUDGED_ON_READING.includes(input.screenedOut)) {
      problems.push({ field: 'screenedOut', message: `is one of ${JUDGED_ON_READING.join(', ')} (the other reasons are found from the letter)` });
    } else if (input.screenedOut && input.kind === 'APPEAL' && DENUNCIATION_ONLY.includes(input.screenedOut)) {
      problems.push({ field: 'screenedOut', message: `${input.screenedOut} is a reason for denunciations` });
    }
    if (input.kind === 'APPEAL') {
      if (!input.disciplineRecordId) problems.push({ field: 'disciplineRecordId', message: 'an appeal names the discipline decision it challenges' });
      if (!input.notifiedOn) problems.push({ field: 'notifiedOn', message: 'an appeal gives the day its subject was notified of the decision' });
      if (input.concerningMemberId || input.concerningOrganizationId) problems.push({ field: 'concerning', message: 'an appeal concerns the subject of its decision: leave concerning… empty' });
    } else {
      if (input.disciplineRecordId || input.notifiedOn) problems.push({ field: 'disciplineRecordId', message: 'only an appeal names a discipline decision' });
      if (!input.concerningMemberId === !input.concerningOrganizationId) problems.push({ field: 'concerning', message: 'a denunciation concerns exactly one member or one organisation' });
    }
    if (problems.length > 0) throw new ValidationError(problems);

    const handlerPath = await currentPath(this.prisma, input.handlerId);
    if (handlerPath.length === 0) throw new NotFoundError('Organization', input.handlerId);
    const role = authorize(this.actor, 'manageComplaints', [handlerPath]);

    let concerningMemberId = input.concerningMemberId ?? null;
    let concerningOrganizationId = input.concerningOrganizationId ?? null;
    let dueOn: IsoDate;
    /** Found from the appeal's data: late, or sent to a committee that may not resolve it. */
    let appealRejection: ComplaintRejection | null = null;
    if (input.kind === 'APPEAL') {
      const record = await this.prisma.disciplineRecord.findUnique({ where: { id: input.disciplineRecordId! } });
      if (!record) throw new NotFoundError('DisciplineRecord', input.disciplineRecordId!);
      // Nothing of a decision outside the caller's subtrees is told (its date, its status).
      authorize(this.actor, 'manageComplaints', [await currentPath(this.prisma, record.organizationId)]);
      const notifiedOn = input.notifiedOn!;
      if (notifiedOn < fromDbDate(record.decidedOn)) throw ValidationError.field('notifiedOn', `the decision was made on ${fromDbDate(record.decidedOn)}: notification comes after it`);
      if (input.receivedOn < notifiedOn) throw ValidationError.field('receivedOn', 'the appeal is received after the notification');
      if (record.status !== 'IN_FORCE') throw new InvalidTransitionError(`the decision is ${record.status}: only a decision in force is appealed`, record.status, 'APPEAL');
      const limits = (await this.rules.current()).at(APPEAL_LIMITS, notifiedOn);
      // A late appeal is kept and screened (quá thời hạn), not refused unrecorded; so is one sent
      // to a committee that is not above the one that decided (Điều lệ Đảng Điều 39.7: to the
      // committee or inspection committee of a higher level).
      if (input.receivedOn > addMonths(notifiedOn, limits.value.filingMonths)) appealRejection = 'FILED_LATE';
      else if (!isStrictlyAbove(handlerPath, await currentPath(this.prisma, record.authorityId))) appealRejection = 'NOT_COMPETENT';
      concerningMemberId = record.memberId;
      concerningOrganizationId = record.memberId ? null : record.organizationId;
      dueOn = await this.calendar.workingDaysAfter(input.receivedOn, limits.value.resolutionWorkingDays[level]);
    } else {
      await authorizeSubjects(this.prisma, this.actor, 'manageComplaints', {
        memberIds: concerningMemberId ? [concerningMemberId] : [],
        organizationIds: concerningOrganizationId ? [concerningOrganizationId] : [],
      });
      if (concerningMemberId && !(await this.prisma.member.findUnique({ where: { id: concerningMemberId }, select: { id: true } }))) throw new NotFoundError('Member', concerningMemberId);
      if (concerningOrganizationId && !(await this.prisma.organization.findUnique({ where: { id: concerningOrganizationId }, select: { id: true } }))) {
        throw new NotFoundError('Organization', concerningOrganizationId);
      }
      dueOn = addDays(input.receivedOn, (await this.rules.current()).at(DENUNCIATION_LIMITS, input.receivedOn).value.resolutionDays[level]);
    }

    const fingerprint = sender.name ? this.sealer.fingerprint(`${searchKey(sender.name)}|${searchKey(sender.address)}`) : null;
    return inTransaction(this.prisma, async (tx) => {
      const rejection = await this.screen(tx, input, sender, signatories, fingerprint, { concerningMemberId, concerningOrganizationId }, appealRejection, handlerPath);
      const complaint = await tx.complaint.create({
        data: {
          kind: input.kind,
          receivedOn: toDbDate(input.receivedOn),
          handlerId: input.handlerId,
          level,
          summary,
          concerningMemberId,
          concerningOrganizationId,
          disciplineRecordId: input.disciplineRecordId ?? null,
          notifiedOn: input.notifiedOn ? toDbDate(input.notifiedOn) : null,
          signed: input.signed,
          signatories,
          newEvidence: input.newEvidence ?? false,
          senderFingerprint: fingerprint,
          status: rejection ? 'NOT_PROCESSED' : 'PROCESSING',
          rejection,
          dueOn: rejection ? null : toDbDate(dueOn),
          sender: { create: { sealed: this.sealer.seal(sender) } },
        },
      });
      // The trail names what was received and how it was screened; never who sent it, nor the letter.
      await this.audit.record(tx, role, {
        action: 'complaint.receive',
        entityType: 'Complaint',
        entityId: complaint.id,
        scopePath: handlerPath,
        after: { kind: complaint.kind, receivedOn: input.receivedOn, handlerId: input.handlerId, level, status: complaint.status, rejection, dueOn: rejection ? null : dueOn, disciplineRecordId: complaint.disciplineRecordId },
      });
      return complaint;
    });
  }

  /**
   * The reason a letter is not processed (Quy định 30-QĐ/TW 2016 Điều 32, Quy định 22-QĐ/TW), or
   * null to process it. Appeals go level by level: an appeal of the same decision to a committee
   * above the one that handled the sender's earlier appeal is a new level, not a repetition; one
   * sent while a higher level is still resolving it waits for that level.
   */
  private async screen(
    tx: Pick<PrismaClient, 'complaint' | '$queryRaw'>,
    input: ReceiveComplaintInput,
    sender: ComplaintSenderData,
    signatories: number,
    fingerprint: string | null,
    concerning: { concerningMemberId: string | null; concerningOrganizationId: string | null },
    appealRejection: ComplaintRejection | null,
    handlerPath: number[],
  ): Promise<ComplaintRejection | null> {
    if (!sender.name) return 'ANONYMOUS';
    if (!sender.address) return 'NO_ADDRESS';
    if (!input.signed) return 'UNSIGNED';
    if (input.kind === 'DENUNCIATION' && signatories >= 2) return 'SIGNED_BY_SEVERAL';
    if (appealRejection) return appealRejection;
    if (input.screenedOut) return input.screenedOut;
    if (!fingerprint) return null;
    if (input.kind === 'APPEAL') {
      const earlier = await tx.$queryRaw<{ status: ComplaintStatus; path: number[] }[]>`
        SELECT c.status, v.path FROM complaints c
        JOIN organization_versions v ON v.organization_id = c.handler_id AND v.valid_to IS NULL
        WHERE c.sender_fingerprint = ${fingerprint} AND c.kind = 'APPEAL' AND c.discipline_record_id = ${input.disciplineRecordId!}::uuid
          AND c.status IN ('PROCESSING', 'RESOLVED') AND c.received_on <= ${toDbDate(input.receivedOn)}`;
      const notBelow = earlier.filter((e) => !isStrictlyAbove(handlerPath, e.path));
      if (notBelow.some((e) => e.status === 'PROCESSING' && isStrictlyAbove(e.path, handlerPath))) return 'PENDING_AT_HIGHER_LEVEL';
      if (notBelow.length > 0 && !input.newEvidence) return 'REPEATED_WITHOUT_NEW_EVIDENCE';
      return null;
    }
    if (input.newEvidence) return null;
    const earlier = await tx.complaint.findFirst({
      where: { senderFingerprint: fingerprint, kind: input.kind, status: { in: ['PROCESSING', 'RESOLVED'] }, receivedOn: { lte: toDbDate(input.receivedOn) }, ...concerning },
      select: { id: true },
    });
    return earlier ? 'REPEATED_WITHOUT_NEW_EVIDENCE' : null;
  }

  /** Rút đơn: the sender withdraws a letter being processed; it stays, WITHDRAWN, with the day. */
  async withdraw(input: WithdrawComplaintInput): Promise<Complaint> {
    const complaint = await this.find(input.complaintId);
    const handlerPath = await currentPath(this.prisma, complaint.handlerId);
    const role = authorize(this.actor, 'manageComplaints', [handlerPath]);
    if (input.withdrawnOn < fromDbDate(complaint.receivedOn)) throw ValidationError.field('withdrawnOn', `the letter was received on ${fromDbDate(complaint.receivedOn)}`);
    if (complaint.status !== 'PROCESSING') throw new InvalidTransitionError(`the letter is ${complaint.status}: only a letter being processed is withdrawn`, complaint.status, 'WITHDRAW');
    return inTransaction(this.prisma, async (tx) => {
      const updated = await tx.complaint.update({ where: { id: complaint.id, status: 'PROCESSING' }, data: { status: 'WITHDRAWN', withdrawnOn: toDbDate(input.withdrawnOn) } });
      await this.audit.record(tx, role, {
        action: 'complaint.withdraw',
        entityType: 'Complaint',
        entityId: complaint.id,
        scopePath: handlerPath,
        before: { status: complaint.status },
        after: { status: 'WITHDRAWN', withdrawnOn: input.withdrawnOn },
      });
      return updated;
    });
  }

  /** Gia hạn: a denunciation's time limit extended once, by at most 30 working days, decided before it runs out. */
  async extend(input: ExtendComplaintInput): Promise<Complaint> {
    const complaint = await this.find(input.complaintId);
    const handlerPath = await currentPath(this.prisma, complaint.handlerId);
    const role = authorize(this.actor, 'manageComplaints', [handlerPath]);
    if (complaint.kind !== 'DENUNCIATION') throw new RuleViolationError('NO_EXTENSION_FOR_APPEALS', 'the time limit of an appeal is not extended');
    if (complaint.status !== 'PROCESSING') throw new InvalidTransitionError(`the letter is ${complaint.status}`, complaint.status, 'EXTEND');
    if (complaint.extendedDueOn) throw new RuleViolationError('EXTENSION_LIMIT', `the time limit was already extended to ${fromDbDate(complaint.extendedDueOn)}: it is extended once`);
    const limits = (await this.rules.current()).at(DENUNCIATION_LIMITS, fromDbDate(complaint.receivedOn));
    const max = limits.value.extensionWorkingDays;
    if (!Number.isInteger(input.workingDays) || input.workingDays < 1 || input.workingDays > max) {
      throw new RuleViolationError('EXTENSION_LIMIT', `an extension is from 1 to ${max} working days (${limits.citation})`);
    }
    const dueOn = fromDbDate(complaint.dueOn!);
    if (input.decidedOn > dueOn) throw new RuleViolationError('EXTENSION_LIMIT', `the time limit ran out on ${dueOn}: an extension is decided by then`);
    if (input.decidedOn < fromDbDate(complaint.receivedOn)) throw ValidationError.field('decidedOn', 'an extension is decided after the letter was received');
    if (!(await this.prisma.document.findUnique({ where: { id: input.decisionId } }))) throw new NotFoundError('Document', input.decisionId);
    const extendedDueOn = await this.calendar.workingDaysAfter(dueOn, input.workingDays);
    return inTransaction(this.prisma, async (tx) => {
      const updated = await tx.complaint.update({
        where: { id: complaint.id, extendedDueOn: null, status: 'PROCESSING' },
        data: { extendedDueOn: toDbDate(extendedDueOn), extensionDecisionId: input.decisionId },
      });
      await this.audit.record(tx, role, {
        action: 'complaint.extend',
        entityType: 'Complaint',
        entityId: complaint.id,
        scopePath: handlerPath,
        before: { extendedDueOn: null },
        after: { extendedDueOn, workingDays: input.workingDays, decisionId: input.decisionId },
      });
      return updated;
    });
  }

  /**
   * The conclusion of a letter. An appeal's CHANGED or ANNULLED outcome takes effect on the
   * discipline record (and on the member, for an expulsion) in the same transaction. A late
   * resolution is accepted and stays visible as overdue in the statistics.
   */
  async resolve(input: ResolveComplaintInput): Promise<ResolvedComplaint> {
    const complaint = await this.find(input.complaintId);
    const handlerPath = await currentPath(this.prisma, complaint.handlerId);
    const role = authorize(this.actor, 'manageComplaints', [handlerPath]);
    const resultSummary = input.resultSummary.trim();
    const problems: FieldProblem[] = [];
    const allowed = complaint.kind === 'APPEAL' ? APPEAL_OUTCOMES : DENUNCIATION_OUTCOMES;
    if (!allowed.includes(input.outcome)) problems.push({ field: 'outcome', message: `an ${complaint.kind === 'APPEAL' ? 'appeal' : 'denunciation'} ends ${allowed.join(', ')}` });
    if ((input.outcome === 'CHANGED') !== !!input.form) problems.push({ field: 'form', message: 'the new form is given exactly when the outcome is CHANGED' });
    if (!resultSummary) problems.push({ field: 'resultSummary', message: 'must not be empty' });
    if (resultSummary.length > MAX_TEXT) problems.push({ field: 'resultSummary', message: `at most ${MAX_TEXT} characters` });
    if (input.resolvedOn < fromDbDate(complaint.receivedOn)) problems.push({ field: 'resolvedOn', message: `the letter was received on ${fromDbDate(complaint.receivedOn)}` });
    if (problems.length > 0) throw new ValidationError(problems);
    if (complaint.status !== 'PROCESSING') throw new InvalidTransitionError(`the letter is ${complaint.status}: only a letter being processed is resolved`, complaint.status, 'RESOLVE');
    if (!(await this.prisma.document.findUnique({ where: { id: input.decisionId } }))) throw new NotFoundError('Document', input.decisionId);
    const record = complaint.disciplineRecordId ? await this.prisma.disciplineRecord.findUnique({ where: { id: complaint.disciplineRecordId } }) : null;
    if (record && input.outcome !== 'UPHELD') authorize(this.actor, 'manageDiscipline', [await currentPath(this.prisma, record.organizationId)]);

    return inTransaction(this.prisma, async (tx) => {
      const replacement =
        record && (input.outcome === 'CHANGED' || input.outcome === 'ANNULLED')
          ? await this.discipline.applyAppealWithin(tx, record, { outcome: input.outcome, form: input.form, resolvedOn: input.resolvedOn, decisionId: input.decisionId })
          : null;
      const updated = await tx.complaint.update({
        where: { id: complaint.id, status: 'PROCESSING' },
        data: { status: 'RESOLVED', resolvedOn: toDbDate(input.resolvedOn), outcome: input.outcome, resultSummary, resolutionDecisionId: input.decisionId },
      });
      await this.audit.record(tx, role, {
        action: 'complaint.resolve',
        entityType: 'Complaint',
        entityId: complaint.id,
        scopePath: handlerPath,
        before: { status: complaint.status, disciplineStatus: record?.status ?? null },
        after: {
          status: 'RESOLVED',
          resolvedOn: input.resolvedOn,
          outcome: input.outcome,
          decisionId: input.decisionId,
          disciplineStatus: record ? (input.outcome === 'UPHELD' ? record.status : input.outcome) : null,
          replacementRecordId: replacement?.id ?? null,
          form: input.form ?? null,
        },
      });
      return { complaint: updated, replacement };
    });
  }

  private async find(id: string): Promise<Complaint> {
    const complaint = await this.prisma.complaint.findUnique({ where: { id } });
    if (!complaint) throw new NotFoundError('Complaint', id);
    return complaint;
  }

  /** One letter, for those who may read the handling committee's letters. */
  async get(id: string): Promise<Complaint> {
    return (await this.readable(id)).complaint;
  }

  private async readable(id: string) {
    authorizeAnywhere(this.actor, 'readComplaints');
    const complaint = await this.prisma.complaint.findUnique({ where: { id } });
    if (!complaint) throw new NotFoundError('Complaint', id);
    const scopePath = await currentPath(this.prisma, complaint.handlerId);
    return { complaint, scopePath, role: authorize(this.actor, 'readComplaints', [scopePath]) };
  }

  /**
   * Opens the sealed sender. Every reading is itself written to the audit trail (who looked,
   * at which letter; not what they saw), so access to an identity can be reviewed.
   */
  async sender(complaintId: string): Promise<ComplaintSenderData> {
    const { complaint, scopePath, role } = await this.readable(complaintId);
    return this.openSender(complaint.id, scopePath, role);
  }

  /** The sender of a letter already read (a GraphQL field of it). */
  async senderOf(complaint: Complaint): Promise<ComplaintSenderData> {
    const scopePath = await currentPath(this.prisma, complaint.handlerId);
    return this.openSender(complaint.id, scopePath, authorize(this.actor, 'readComplaints', [scopePath]));
  }

  private async openSender(complaintId: string, scopePath: number[], role: ReturnType<typeof authorize>): Promise<ComplaintSenderData> {
    const row = await this.prisma.complaintSender.findUnique({ where: { complaintId } });
    await inTransaction(this.prisma, (tx) => this.audit.record(tx, role, { action: 'complaint.sender.read', entityType: 'Complaint', entityId: complaintId, scopePath }));
    return row ? this.sealer.open<ComplaintSenderData>(row.sealed) : { name: null, address: null, phone: null, email: null };
  }

  /** Letters received in a period by the committees of a subtree, in the caller's scope. */
  async list(filter: ComplaintFilter): Promise<Complaint[]> {
    authorizeAnywhere(this.actor, 'readComplaints');
    if (filter.from > filter.to) throw ValidationError.field('to', 'the period ends on or after it begins');
    const path = await currentPath(this.prisma, filter.organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', filter.organizationId);
    const scope = scopeOf(this.actor, 'readComplaints');
    const overdue = filter.overdueOn ? toDbDate(filter.overdueOn) : null;
    return this.prisma.complaint.findMany({
      where: {
        receivedOn: { gte: toDbDate(filter.from), lte: toDbDate(filter.to) },
        handler: { versions: { some: { validTo: null, path: { has: path.at(-1)! }, ...(scope ? { AND: [{ path: { hasSome: scope } }] } : {}) } } },
        ...(filter.status ? { status: filter.status } : {}),
        ...(overdue
          ? { status: 'PROCESSING', OR: [{ extendedDueOn: { lt: overdue } }, { extendedDueOn: null, dueOn: { lt: overdue } }] }
          : {}),
      },
      orderBy: [{ receivedOn: 'asc' }, { id: 'asc' }],
    });
  }
}

/** `above` is an organisation strictly above `below` (paths as of today). */
function isStrictlyAbove(above: number[], below: number[]): boolean {
  return above.length > 0 && above.length < below.length && below.includes(above.at(-1)!);
}
