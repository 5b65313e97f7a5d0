import { Prisma, type PrismaClient, type RemovalGround, type RemovalProposal, type RemovalProposalStatus } from '../../generated/prisma/client.js';
import { inTransaction } from '../../db/transactions.js';
import { REMOVAL_THRESHOLDS } from '../../rules/meetings.js';
import type { RuleBook } from '../../rules/rule.js';
import { addMonths, fromDbDate, todayInVietnam, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { authorize, authorizeSubjects, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import { ledgerSql } from '../dues/dues.service.js';
import type { MemberService } from '../members/members.service.js';

export type ProposeRemovalInput = { memberId: string; ground: RemovalGround; year: number; proposedOn: IsoDate; note?: string | null };
export type DecideRemovalInput = { proposalId: string; decisionId: string; decidedOn: IsoDate };
export type RejectRemovalInput = { proposalId: string; decidedOn: IsoDate; reason: string };

const GROUND_TEXT: Record<RemovalGround, string> = { MISSED_ACTIVITY: 'bỏ sinh hoạt đảng', UNPAID_DUES: 'không đóng đảng phí' };
const monthText = (month: IsoDate) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** The longest run of consecutive months in a sorted list. */
function longestRun(months: readonly IsoDate[]): number {
  let best = 0;
  let run = 0;
  months.forEach((month, i) => {
    run = i > 0 && addMonths(months[i - 1]!, 1) === month ? run + 1 : 1;
    best = Math.max(best, run);
  });
  return best;
}

/**
 * Xóa tên (Điều lệ Đảng Điều 8.2): the branch proposes removing a member who, without a valid
 * reason, missed party activity or did not pay dues in the months of a year the rule counts;
 * the proposal names the months found in the meeting attendance or the dues ledger on its day,
 * and is refused when they do not reach the rule. The competent committee decides (the
 * member's REMOVED_FROM_ROLL event, its note naming the months) or rejects it.
 */
export class RemovalService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
    private readonly members: MemberService,
  ) {}

  async propose(input: ProposeRemovalInput): Promise<RemovalProposal> {
    const note = input.note?.trim() || null;
    if (!Number.isInteger(input.year) || input.year < 1930 || input.year > 2100) throw ValidationError.field('year', 'a year from 1930 to 2100');
    if (input.proposedOn.slice(0, 4) < String(input.year)) throw ValidationError.field('proposedOn', `a proposal for ${input.year} is made in or after that year`);
    if (input.proposedOn > todayInVietnam()) throw ValidationError.field('proposedOn', 'on or before today');
    if (note && note.length > 5_000) throw ValidationError.field('note', 'at most 5000 characters');
    const { role, memberPaths } = await authorizeSubjects(this.prisma, this.actor, 'proposeRemoval', { memberIds: [input.memberId] });
    if (!memberPaths.has(input.memberId)) throw new NotFoundError('Member', input.memberId);
    const [period] = await this.prisma.$queryRaw<{ organization_id: string; status: string }[]>`
      SELECT coalesce(temporary_organization_id, organization_id)::text AS organization_id, status::text FROM member_periods
      WHERE member_id = ${input.memberId}::uuid AND valid_from <= ${toDbDate(input.proposedOn)} AND (valid_to IS NULL OR valid_to > ${toDbDate(input.proposedOn)})`;
    if (!period || !['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'].includes(period.status)) {
      throw new InvalidTransitionError(`the member is ${period?.status ?? 'not yet admitted'} on ${input.proposedOn}: there is nobody on the roll to remove`, period?.status ?? 'NONE', 'REMOVED_FROM_ROLL');
    }
    const rule = (await this.rules.current()).at(REMOVAL_THRESHOLDS, input.proposedOn);
    const yearEnd = `${input.year}-12-31`;
    const until = input.proposedOn < yearEnd ? input.proposedOn : yearEnd;
    const months = input.ground === 'MISSED_ACTIVITY' ? await this.missedMonths(input.memberId, input.year, until, rule.value.meetingKinds) : await this.unpaidMonths(input.memberId, input.year, input.proposedOn);
    const needed = input.ground === 'MISSED_ACTIVITY' ? rule.value.missedActivityMonths : rule.value.unpaidDuesMonths;
    const reached = rule.value.consecutive ? longestRun(months) >= needed : months.length >= needed;
    if (!reached) {
      throw new RuleViolationError(
        'REMOVAL_THRESHOLD_NOT_REACHED',
        `${GROUND_TEXT[input.ground]} ${needed} months${rule.value.consecutive ? ' in a row' : ''} of ${input.year} is the rule (${rule.citation}); found ${months.length ? months.map(monthText).join(', ') : 'none'} on ${input.proposedOn}`,
      );
    }
    return inTransaction(this.prisma, async (tx) => {
      const open = await tx.removalProposal.findFirst({ where: { memberId: input.memberId, ground: input.ground, year: input.year, status: 'PROPOSED' }, select: { id: true } });
      if (open) throw new ConflictError(`a proposal of ${input.year} on this ground is open already`);
      const proposal = await tx.removalProposal.create({
        data: {
          memberId: input.memberId,
          ground: input.ground,
          year: input.year,
          months: months.map(toDbDate),
          organizationId: period.organization_id,
          proposedOn: toDbDate(input.proposedOn),
          note,
          actorName: this.actor.name,
        },
      });
      await this.audit.record(tx, role, {
        action: 'removal.propose',
        entityType: 'RemovalProposal',
        entityId: proposal.id,
        scopePath: memberPaths.get(input.memberId)!,
        after: { memberId: input.memberId, ground: input.ground, year: input.year, months },
      });
      return proposal;
    });
  }

  /** The committee removes the member from the roll on its decision: the event names the months. */
  async decide(input: DecideRemovalInput): Promise<RemovalProposal> {
    if (input.decidedOn > todayInVietnam()) throw ValidationError.field('decidedOn', `on or before today (${todayInVietnam()})`);
    const { proposal, role, scopePath } = await this.authorizeProposal(input.proposalId, 'manageMembers');
    if (proposal.status !== 'PROPOSED') throw new InvalidTransitionError(`the proposal is ${proposal.status}`, proposal.status, 'DECIDED');
    if (input.decidedOn < fromDbDate(proposal.proposedOn)) throw ValidationError.field('decidedOn', `on or after the proposal (${fromDbDate(proposal.proposedOn)})`);
    if (!(await this.prisma.document.findUnique({ where: { id: input.decisionId }, select: { id: true } }))) throw new NotFoundError('Document', input.decisionId);
    const months = proposal.months.map((m) => monthText(fromDbDate(m)));
    return inTransaction(this.prisma, async (tx) => {
      const eventId = await this.members.recordEventWithin(tx, proposal.memberId, 'REMOVED_FROM_ROLL', {
        occurredOn: input.decidedOn,
        decisionId: input.decisionId,
        note: `Xóa tên: ${GROUND_TEXT[proposal.ground]} các tháng ${months.join(', ')} năm ${proposal.year} không có lý do chính đáng (Điều lệ Đảng Điều 8.2)`,
      });
      const { count } = await tx.removalProposal.updateMany({
        where: { id: proposal.id, status: 'PROPOSED' },
        data: { status: 'DECIDED', decisionId: input.decisionId, decidedOn: toDbDate(input.decidedOn), memberEventId: eventId },
      });
      if (count === 0) throw new ConflictError('the proposal was decided meanwhile');
      await this.audit.record(tx, role, { action: 'removal.decide', entityType: 'RemovalProposal', entityId: proposal.id, scopePath, before: { status: 'PROPOSED' }, after: { status: 'DECIDED', decisionId: input.decisionId, decidedOn: input.decidedOn } });
      return (await tx.removalProposal.findUnique({ where: { id: proposal.id } }))!;
    });
  }

  async reject(input: RejectRemovalInput): Promise<RemovalProposal> {
    const reason = input.reason.trim();
    if (!reason) throw ValidationError.field('reason', 'must not be empty');
    if (reason.length > 5_000) throw ValidationError.field('reason', 'at most 5000 characters');
    if (input.decidedOn > todayInVietnam()) throw ValidationError.field('decidedOn', `on or before today (${todayInVietnam()})`);
    const { proposal, role, scopePath } = await this.authorizeProposal(input.proposalId, 'manageMembers');
    if (proposal.status !== 'PROPOSED') throw new InvalidTransitionError(`the proposal is ${proposal.status}`, proposal.status, 'REJECTED');
    if (input.decidedOn < fromDbDate(proposal.proposedOn)) throw ValidationError.field('decidedOn', `on or after the proposal (${fromDbDate(proposal.proposedOn)})`);
    return inTransaction(this.prisma, async (tx) => {
      const { count } = await tx.removalProposal.updateMany({ where: { id: proposal.id, status: 'PROPOSED' }, data: { status: 'REJECTED', decidedOn: toDbDate(input.decidedOn), rejectionReason: reason } });
      if (count === 0) throw new ConflictError('the proposal was decided meanwhile');
      await this.audit.record(tx, role, { action: 'removal.reject', entityType: 'RemovalProposal', entityId: proposal.id, scopePath, before: { status: 'PROPOSED' }, after: { status: 'REJECTED', reason } });
      return (await tx.removalProposal.findUnique({ where: { id: proposal.id } }))!;
    });
  }

  /** Proposals of a subtree's branches, newest first (at most 1,000). */
  async ofSubtree(organizationId: string, status: RemovalProposalStatus | null): Promise<RemovalProposal[]> {
    const path = await currentPath(this.prisma, organizationId);
    authorize(this.actor, 'readMembers', [path.length ? path : [-1]]);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT r.id::text FROM removal_proposals r JOIN organization_versions v ON v.organization_id = r.organization_id AND v.valid_to IS NULL
      WHERE v.path @> ARRAY[${path.at(-1)!}]::int[] ${status ? Prisma.sql`AND r.status = ${status}::"RemovalProposalStatus"` : Prisma.empty}
      ORDER BY r.proposed_on DESC, r.id DESC LIMIT 1000`;
    const rows = await this.prisma.removalProposal.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: [{ proposedOn: 'desc' }, { id: 'desc' }] });
    return rows;
  }

  async byIds(ids: readonly string[]): Promise<RemovalProposal[]> {
    const scope = scopeOf(this.actor, 'readMembers');
    const visible = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT r.id::text FROM removal_proposals r JOIN organization_versions v ON v.organization_id = r.organization_id AND v.valid_to IS NULL
      WHERE r.id = ANY(${[...ids]}::uuid[]) ${scope === null ? Prisma.empty : Prisma.sql`AND v.path && ${scope}::int[]`}`;
    return this.prisma.removalProposal.findMany({ where: { id: { in: visible.map((v) => v.id) } } });
  }

  private async authorizeProposal(proposalId: string, capability: 'manageMembers') {
    const [row] = await this.prisma.$queryRaw<{ path: number[] }[]>`
      SELECT v.path FROM removal_proposals r JOIN member_periods p ON p.member_id = r.member_id AND p.valid_to IS NULL
      JOIN organization_versions v ON v.organization_id = p.organization_id AND v.valid_to IS NULL WHERE r.id = ${proposalId}::uuid`;
    const role = authorize(this.actor, capability, [row?.path ?? [-1]]);
    const proposal = row ? await this.prisma.removalProposal.findUnique({ where: { id: proposalId } }) : null;
    if (!proposal) throw new NotFoundError('RemovalProposal', proposalId);
    return { proposal, role, scopePath: row!.path };
  }

  private async missedMonths(memberId: string, year: number, until: IsoDate, kinds: readonly string[]): Promise<IsoDate[]> {
    const rows = await this.prisma.$queryRaw<{ month: Date }[]>`
      SELECT DISTINCT m.month FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id
      WHERE p.member_id = ${memberId}::uuid AND p.attendance = 'ABSENT_WITHOUT_REASON' AND p.role <> 'HIGHER_COMMITTEE' AND m.status = 'HELD'
        AND m.kind::text = ANY(${[...kinds]}) AND m.held_on BETWEEN ${toDbDate(`${year}-01-01`)} AND ${toDbDate(until)}
      ORDER BY 1`;
    return rows.map((r) => fromDbDate(r.month));
  }

  /** Months of the year ended unpaid on `asOf` (not deferred, not exempt): the dues ledger's. */
  private async unpaidMonths(memberId: string, year: number, asOf: IsoDate): Promise<IsoDate[]> {
    const last = addMonths(`${asOf.slice(0, 7)}-01`, -1);
    const to = last < `${year}-12-01` ? last : `${year}-12-01`;
    if (to < `${year}-01-01`) return [];
    const rows = await this.prisma.$queryRaw<{ month: Date }[]>`${ledgerSql({ from: `${year}-01-01`, to }, Prisma.sql`p.member_id = ${memberId}::uuid`, asOf)}
      SELECT month FROM judged WHERE in_arrears ORDER BY month`;
    return rows.map((r) => fromDbDate(r.month));
  }
}
