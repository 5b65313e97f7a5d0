import { Prisma, type DuesAdjustment, type DuesAdjustmentKind, type DuesBasis, type DuesChannel, type DuesGroup, type DuesPayment, type PrismaClient } from '../../generated/prisma/client.js';
import { insertRows } from '../../db/bulk.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';
import { DUES_EXEMPTIONS, DUES_RATES, DUES_SHARING } from '../../rules/dues.js';
import { REMOVAL_THRESHOLDS } from '../../rules/meetings.js';
import type { RuleBook } from '../../rules/rule.js';
import { addMonths, fromDbDate, todayInVietnam, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { authorizeSubjects, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import { v7 as uuidv7 } from 'uuid';

/** Months back an arrears list may start (a current matter; older months are in each member's ledger). */
export const ARREARS_MONTHS = 24;

/** Bounds of one call. */
export const DUES_LIMITS = { paymentsPerCall: 2_000, months: 120, listed: 5_000, textLength: 2_000 } as const;

export type DuesBasisInput = { memberId: string; fromMonth: IsoDate; group: DuesGroup; baseAmount?: number | null; setAmount?: number | null; note?: string | null };
export type DuesAdjustmentInput = {
  memberId: string;
  kind: DuesAdjustmentKind;
  percent?: number | null;
  fromMonth: IsoDate;
  toMonth: IsoDate;
  reason: string;
  decisionId: string;
  decidedOn: IsoDate;
};
export type DuesPaymentInput = { memberId: string; month: IsoDate; amount: number; paidOn: IsoDate; channel: DuesChannel; reference?: string | null };

/** Why a month's amount is what it is. */
export type DuesDerivation = 'NO_BASIS' | 'AMOUNT_NOT_SET' | 'RATE' | 'GROUP_EXEMPT' | 'PARTY_AGE_EXEMPT' | 'EXEMPTION' | 'REDUCTION';

/** One member's month: what was due, how it was reckoned, what was paid. */
export type DuesMonth = {
  memberId: string;
  month: IsoDate;
  organizationId: string;
  group: DuesGroup | null;
  baseAmount: number | null;
  /** The month whose basis was used (the month before, for a salary under 01-QĐ/TW). */
  basisMonth: IsoDate | null;
  percent: number | null;
  /** The amount by the group's rate, before exemptions and reductions. */
  rateAmount: number | null;
  derivation: DuesDerivation;
  reductionPercent: number | null;
  adjustmentId: string | null;
  /** null: not known (no basis, or no amount set for the group). */
  due: number | null;
  paid: number;
  /** A deferral runs: not in arrears before its end. */
  deferredUntil: IsoDate | null;
  /** The month has ended unpaid (in part or whole), without a deferral running on asOf. */
  inArrears: boolean;
  citation: string;
};

export type DuesArrears = {
  organizationId: string;
  asOf: IsoDate;
  from: IsoDate;
  members: { memberId: string; organizationId: string; months: IsoDate[]; owed: number }[];
  /** Members whose due is unknown (no basis recorded) for a month of the period: arrears cannot be judged. */
  withoutBasis: { memberId: string; organizationId: string; months: IsoDate[] }[];
  /** Members with unpaid months in a year reaching the removal rule, with the months. */
  reachingThreshold: { memberId: string; organizationId: string; year: number; months: IsoDate[] }[];
  thresholdMonths: number;
  thresholdConsecutive: boolean;
  citation: string;
};

export type DuesRemittance = {
  organizationId: string;
  from: IsoDate;
  to: IsoDate;
  organizations: { organizationId: string; parentId: string | null; kindCode: string; collected: number; received: number; keepPercent: number; kept: number; remitted: number }[];
  /** What the subtree's top remits above it (outside the subtree). */
  remittedAbove: number;
  citation: string;
};

const REFERENCE = /^[\p{L}\p{N}\-_/.:]{1,100}$/u;
const isMonth = (value: IsoDate) => value.endsWith('-01');
const monthOf = (day: IsoDate): IsoDate => `${day.slice(0, 7)}-01`;
const monthsBetween = (from: IsoDate, to: IsoDate) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

function checkRange(from: IsoDate, to: IsoDate, problems: FieldProblem[], names = ['fromMonth', 'toMonth']) {
  if (!isMonth(from)) problems.push({ field: names[0]!, message: 'the first day of a month' });
  if (!isMonth(to)) problems.push({ field: names[1]!, message: 'the first day of a month' });
  if (from > to) problems.push({ field: names[1]!, message: 'on or after the first month' });
  else if (monthsBetween(from, to) >= DUES_LIMITS.months) problems.push({ field: names[1]!, message: `at most ${DUES_LIMITS.months} months` });
}

const throwIf = (problems: FieldProblem[]) => {
  if (problems.length > 0) throw new ValidationError(problems);
};

/**
 * The ledger of (member, month) pairs the `subjects` condition selects among those in the Party
 * on the month's first day (who owes that month): the basis in force (for a salary under a rule
 * that counts the month before, that month's), the rate of the regulation in force that month,
 * the exemption by party age, the decision covering the month, the payments. One statement,
 * set-based: a branch's year or a province's arrears cost the same one statement.
 */
export function ledgerSql(months: { from: IsoDate; to: IsoDate }, subjects: Prisma.Sql, asOf: IsoDate, options: { unsettledOnly?: boolean } = {}): Prisma.Sql {
  const [from, to] = [toDbDate(months.from), toDbDate(months.to)];
  // Arrears and their lists need only the months not settled: a month whose payments reach the
  // most any rate in force could ask of the member's largest basis cannot be in arrears. Which
  // months are settled is found a member at a time (two index range reads per member, not eight
  // lookups per month), and only the others go through the ledger's lookups.
  const owed = options.unsettledOnly
    ? Prisma.sql`, members_owed AS (
        SELECT DISTINCT member_id FROM owed_all
      ), settled AS (
        SELECT m.member_id, pm.month FROM members_owed m
        CROSS JOIN LATERAL (SELECT max(greatest(round(coalesce(b.base_amount, 0) * (SELECT max(percent) FROM bound) / 100.0), coalesce(b.set_amount, 0), (SELECT max(fixed) FROM bound))) AS most
          FROM dues_bases b WHERE b.member_id = m.member_id) bb
        CROSS JOIN LATERAL (SELECT y.month, sum(y.amount) AS paid FROM dues_payments y
          WHERE y.member_id = m.member_id AND y.month BETWEEN ${from}::date AND ${to}::date AND y.reversed_on IS NULL GROUP BY y.month) pm
        WHERE bb.most IS NOT NULL AND pm.paid >= bb.most
      ), owed AS (
        SELECT o.* FROM owed_all o WHERE NOT EXISTS (SELECT 1 FROM settled s WHERE s.member_id = o.member_id AND s.month = o.month)`
    : Prisma.sql`, owed AS (SELECT * FROM owed_all`;
  return Prisma.sql`
    WITH months AS (
      SELECT g::date AS month FROM generate_series(${from}::date, ${to}::date, interval '1 month') g
    ), bound AS MATERIALIZED (
      SELECT coalesce((g.value ->> 'percent')::numeric, 0) AS percent, coalesce((g.value ->> 'fixed')::numeric, 0) AS fixed
      FROM regulation_values r CROSS JOIN jsonb_each(r.value -> 'groups') g WHERE r.key = 'dues.rates'
    ), owed_all AS (
      SELECT DISTINCT ON (p.member_id, mo.month) p.member_id, mo.month, coalesce(p.temporary_organization_id, p.organization_id) AS organization_id, p.party_age_from
      FROM months mo JOIN member_periods p ON p.valid_from <= mo.month AND (p.valid_to IS NULL OR p.valid_to > mo.month)
      WHERE p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED') AND (${subjects})
      ORDER BY p.member_id, mo.month, p.valid_from DESC
    )${owed}
    ), reckoned AS (
      SELECT o.*, rr.value AS rates, re.value AS exemptions,
        rr.source || CASE WHEN rr.confirmed THEN '' ELSE '; unconfirmed' END AS citation,
        b.grp, b.base_amount, b.set_amount, b.basis_month,
        a.kind AS adjustment_kind, a.percent AS adjustment_percent, a.id AS adjustment_id,
        (SELECT max(d.to_month) FROM dues_adjustments d WHERE d.member_id = o.member_id AND d.kind = 'DEFERRAL' AND d.revoked_on IS NULL
           AND d.from_month <= o.month AND d.to_month >= o.month) AS deferred_until,
        coalesce((SELECT sum(y.amount) FROM dues_payments y WHERE y.member_id = o.member_id AND y.month = o.month AND y.reversed_on IS NULL), 0)::float8 AS paid
      FROM owed o
      JOIN regulation_values rr ON rr.key = 'dues.rates' AND rr.effective_from <= o.month AND (rr.effective_to IS NULL OR rr.effective_to > o.month)
      JOIN regulation_values re ON re.key = 'dues.exemptions' AND re.effective_from <= o.month AND (re.effective_to IS NULL OR re.effective_to > o.month)
      LEFT JOIN LATERAL (
        SELECT cur."group"::text AS grp, cur.set_amount,
          -- A salary is taken from the month before when the rule says so and that month's basis was a salary too.
          CASE WHEN (rr.value ->> 'baseFromPreviousMonth')::boolean AND cur."group" = 'SOCIAL_INSURANCE_SALARY' AND prev."group" = 'SOCIAL_INSURANCE_SALARY'
            THEN prev.base_amount ELSE cur.base_amount END AS base_amount,
          CASE WHEN (rr.value ->> 'baseFromPreviousMonth')::boolean AND cur."group" = 'SOCIAL_INSURANCE_SALARY' AND prev."group" = 'SOCIAL_INSURANCE_SALARY'
            THEN (o.month - interval '1 month')::date ELSE o.month END AS basis_month
        FROM (SELECT * FROM dues_bases b WHERE b.member_id = o.member_id AND b.from_month <= o.month ORDER BY b.from_month DESC LIMIT 1) cur
        LEFT JOIN LATERAL (SELECT * FROM dues_bases b WHERE b.member_id = o.member_id AND b.from_month <= (o.month - interval '1 month')::date ORDER BY b.from_month DESC LIMIT 1) prev ON true
      ) b ON true
      LEFT JOIN LATERAL (
        SELECT a.* FROM dues_adjustments a WHERE a.member_id = o.member_id AND a.revoked_on IS NULL AND a.kind IN ('EXEMPTION', 'REDUCTION')
          AND a.from_month <= o.month AND a.to_month >= o.month
        ORDER BY a.decided_on DESC, a.id DESC LIMIT 1
      ) a ON true
    ), rated AS (
      SELECT r.*, (r.rates -> 'groups' -> r.grp) AS rate,
        CASE
          WHEN r.grp IS NULL THEN NULL
          WHEN (r.rates -> 'groups' -> r.grp ->> 'exempt')::boolean THEN 0
          WHEN r.rates -> 'groups' -> r.grp ->> 'fixed' IS NOT NULL THEN (r.rates -> 'groups' -> r.grp ->> 'fixed')::numeric
          WHEN r.rates -> 'groups' -> r.grp ->> 'percent' IS NOT NULL THEN round(r.base_amount * (r.rates -> 'groups' -> r.grp ->> 'percent')::numeric / 100)
          ELSE r.set_amount END AS rate_amount,
        r.exemptions ->> 'exemptPartyAgeYears' IS NOT NULL
          AND r.party_age_from + make_interval(years => (r.exemptions ->> 'exemptPartyAgeYears')::int) <= r.month AS party_age_exempt
      FROM reckoned r
    ), ledger AS (
      SELECT q.*,
        CASE
          WHEN q.grp IS NULL THEN 'NO_BASIS'
          WHEN (q.rate ->> 'exempt')::boolean THEN 'GROUP_EXEMPT'
          WHEN q.party_age_exempt THEN 'PARTY_AGE_EXEMPT'
          WHEN q.adjustment_kind = 'EXEMPTION' THEN 'EXEMPTION'
          WHEN q.rate_amount IS NULL THEN 'AMOUNT_NOT_SET'
          WHEN q.adjustment_kind = 'REDUCTION' THEN 'REDUCTION'
          ELSE 'RATE' END AS derivation,
        CASE
          WHEN q.grp IS NULL THEN NULL
          WHEN (q.rate ->> 'exempt')::boolean OR q.party_age_exempt OR q.adjustment_kind = 'EXEMPTION' THEN 0
          WHEN q.adjustment_kind = 'REDUCTION' THEN round(q.rate_amount * (100 - q.adjustment_percent) / 100.0)
          ELSE q.rate_amount END::float8 AS due
      FROM rated q
    ), judged AS (
      SELECT l.*, l.due IS NOT NULL AND l.paid < l.due AND (l.month + interval '1 month')::date <= ${toDbDate(asOf)}
        AND (l.deferred_until IS NULL OR (l.deferred_until + interval '1 month')::date <= ${toDbDate(asOf)}) AS in_arrears
      FROM ledger l
    )`;
}

type LedgerRow = {
  member_id: string;
  month: Date;
  organization_id: string;
  grp: DuesGroup | null;
  base_amount: number | null;
  basis_month: Date | null;
  percent: string | null;
  rate_amount: string | null;
  derivation: DuesDerivation;
  adjustment_percent: number | null;
  adjustment_id: string | null;
  due: number | null;
  paid: number;
  deferred_until: Date | null;
  in_arrears: boolean;
  citation: string;
};

const toMonthView = (r: LedgerRow): DuesMonth => ({
  memberId: r.member_id,
  month: fromDbDate(r.month),
  organizationId: r.organization_id,
  group: r.grp,
  baseAmount: r.base_amount,
  basisMonth: r.basis_month ? fromDbDate(r.basis_month) : null,
  percent: r.percent === null ? null : Number(r.percent),
  rateAmount: r.rate_amount === null ? null : Number(r.rate_amount),
  derivation: r.derivation,
  reductionPercent: r.derivation === 'REDUCTION' ? r.adjustment_percent : null,
  adjustmentId: r.derivation === 'EXEMPTION' || r.derivation === 'REDUCTION' ? r.adjustment_id : null,
  due: r.due,
  paid: r.paid,
  deferredUntil: r.deferred_until ? fromDbDate(r.deferred_until) : null,
  inArrears: r.in_arrears,
  citation: r.citation,
});

/** The ledger's columns for one member's months. */
const LEDGER_COLUMNS = Prisma.sql`member_id::text, month, organization_id::text, grp, base_amount, basis_month, rate ->> 'percent' AS percent, rate_amount::text,
  derivation, adjustment_percent, adjustment_id::text, due, paid, deferred_until, in_arrears, citation`;

/** Organisations in the subtree of `key` on each month's first day (the owed row's alias `p`). */
const inSubtreeOnMonth = (key: number) => Prisma.sql`EXISTS (SELECT 1 FROM organization_versions v WHERE v.organization_id = coalesce(p.temporary_organization_id, p.organization_id)
  AND v.valid_from <= mo.month AND (v.valid_to IS NULL OR v.valid_to > mo.month) AND v.path @> ARRAY[${key}]::int[])`;

/**
 * Đảng phí: each member's monthly dues reckoned from their basis by the regulation in force
 * that month (Quyết định 342-QĐ/TW until 31/1/2026, Quy định 01-QĐ/TW from 1/2/2026, as dated
 * rule data), with exemptions, reductions, deferrals and advances decided for some months, the
 * payments (cash to the branch or through the national portal), arrears, the members whose
 * unpaid months reach the removal rule, and what each level keeps and remits.
 */
export class DuesService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
  ) {}

  /** The basis of a member's dues from a month on (replacing one recorded for the same month). */
  async setBasis(input: DuesBasisInput): Promise<DuesBasis> {
    const problems: FieldProblem[] = [];
    if (!isMonth(input.fromMonth)) problems.push({ field: 'fromMonth', message: 'the first day of a month' });
    for (const field of ['baseAmount', 'setAmount'] as const) {
      const value = input[field];
      if (value != null && (!Number.isInteger(value) || value < 0 || value > 2_000_000_000)) problems.push({ field, message: 'whole đồng from 0 to 2,000,000,000' });
    }
    const note = input.note?.trim() || null;
    if (note && note.length > DUES_LIMITS.textLength) problems.push({ field: 'note', message: `at most ${DUES_LIMITS.textLength} characters` });
    throwIf(problems);
    const { role, memberPaths } = await authorizeSubjects(this.prisma, this.actor, 'manageDues', { memberIds: [input.memberId] });
    if (!memberPaths.has(input.memberId)) throw new NotFoundError('Member', input.memberId);
    const rates = (await this.rules.current()).at(DUES_RATES, input.fromMonth);
    const rate = rates.value.groups[input.group];
    if (rate.percent !== null && input.baseAmount == null) problems.push({ field: 'baseAmount', message: `${input.group} pays ${rate.percent}% of an amount: give it (${rates.citation})` });
    if (rate.percent === null && input.baseAmount != null) problems.push({ field: 'baseAmount', message: `${input.group} pays no percentage from ${input.fromMonth} (${rates.citation})` });
    if ((rate.fixed !== null || rate.exempt) && input.setAmount != null) problems.push({ field: 'setAmount', message: `${input.group} has ${rate.exempt ? 'no dues' : `a fixed amount of ${rate.fixed} đồng`} from ${input.fromMonth} (${rates.citation})` });
    if (rate.percent === null && rate.fixed === null && !rate.exempt) {
      if (input.setAmount == null) problems.push({ field: 'setAmount', message: `the branch sets the amount of ${input.group} (${rates.citation})` });
      else if (rate.setRange && (input.setAmount < rate.setRange[0] || input.setAmount > rate.setRange[1])) {
        problems.push({ field: 'setAmount', message: `from ${rate.setRange[0]} to ${rate.setRange[1]} đồng a month (${rates.citation})` });
      }
    }
    throwIf(problems);
    return inTransaction(this.prisma, async (tx) => {
      const before = await tx.duesBasis.findUnique({ where: { memberId_fromMonth: { memberId: input.memberId, fromMonth: toDbDate(input.fromMonth) } } });
      const data = { group: input.group, baseAmount: input.baseAmount ?? null, setAmount: input.setAmount ?? null, note, actorName: this.actor.name };
      const basis = before
        ? await tx.duesBasis.update({ where: { id: before.id }, data })
        : await tx.duesBasis.create({ data: { memberId: input.memberId, fromMonth: toDbDate(input.fromMonth), ...data } });
      await this.audit.record(tx, role, {
        action: 'dues.set_basis',
        entityType: 'Member',
        entityId: input.memberId,
        scopePath: memberPaths.get(input.memberId)!,
        before: before ? { fromMonth: input.fromMonth, group: before.group, baseAmount: before.baseAmount, setAmount: before.setAmount } : undefined,
        after: { fromMonth: input.fromMonth, group: input.group, baseAmount: input.baseAmount ?? null, setAmount: input.setAmount ?? null },
      });
      return basis;
    });
  }

  /** Miễn, giảm, chậm đóng, đóng trước: a decision for some months, checked against the rule of its first month. */
  async adjust(input: DuesAdjustmentInput): Promise<DuesAdjustment> {
    const problems: FieldProblem[] = [];
    checkRange(input.fromMonth, input.toMonth, problems);
    const reason = input.reason.trim();
    if (!reason) problems.push({ field: 'reason', message: 'must not be empty' });
    if (reason.length > DUES_LIMITS.textLength) problems.push({ field: 'reason', message: `at most ${DUES_LIMITS.textLength} characters` });
    if ((input.kind === 'REDUCTION') !== (input.percent != null)) problems.push({ field: 'percent', message: 'a reduction, and only a reduction, has a percentage' });
    if (input.percent != null && (!Number.isInteger(input.percent) || input.percent < 1 || input.percent > 99)) problems.push({ field: 'percent', message: 'a whole percentage from 1 to 99' });
    if (input.decidedOn > todayInVietnam()) problems.push({ field: 'decidedOn', message: `on or before today (${todayInVietnam()})` });
    throwIf(problems);
    const { role, memberPaths } = await authorizeSubjects(this.prisma, this.actor, 'manageDues', { memberIds: [input.memberId] });
    if (!memberPaths.has(input.memberId)) throw new NotFoundError('Member', input.memberId);
    if (!(await this.prisma.document.findUnique({ where: { id: input.decisionId }, select: { id: true } }))) throw new NotFoundError('Document', input.decisionId);
    const rule = (await this.rules.current()).at(DUES_EXEMPTIONS, input.fromMonth);
    const months = monthsBetween(input.fromMonth, input.toMonth) + 1;
    if (rule.value.adjustmentMaxMonths !== null && months > rule.value.adjustmentMaxMonths && input.kind !== 'DEFERRAL' && input.kind !== 'ADVANCE') {
      throw new RuleViolationError('DUES_ADJUSTMENT_TOO_LONG', `a decision exempts or reduces for at most ${rule.value.adjustmentMaxMonths} months, this one ${months} (${rule.citation})`);
    }
    if (input.kind === 'REDUCTION' && rule.value.reductionPercents && !rule.value.reductionPercents.includes(input.percent!)) {
      throw new RuleViolationError('DUES_REDUCTION_PERCENT', `a reduction is of ${rule.value.reductionPercents.join(', ')} percent, not ${input.percent} (${rule.citation})`);
    }
    if ((input.kind === 'DEFERRAL' || input.kind === 'ADVANCE') && rule.value.deferralNeedsActivityExemption) {
      // For at most the time the member is exempted from party activity.
      const [cover] = await this.prisma.$queryRaw<{ covered: boolean }[]>`
        SELECT count(*) = ${months} AS covered FROM generate_series(${toDbDate(input.fromMonth)}::date, ${toDbDate(input.toMonth)}::date, interval '1 month') g
        WHERE EXISTS (SELECT 1 FROM member_periods p WHERE p.member_id = ${input.memberId}::uuid AND p.exempted AND p.valid_from <= g::date AND (p.valid_to IS NULL OR p.valid_to > g::date))`;
      if (!cover!.covered) {
        throw new RuleViolationError('DUES_DEFERRAL_NEEDS_EXEMPTION', `a late or advance payment is for a member exempted from party activity, for at most that time: the member is not exempted in every month from ${input.fromMonth} to ${input.toMonth} (${rule.citation})`);
      }
    }
    return inTransaction(this.prisma, async (tx) => {
      if (input.kind === 'EXEMPTION' || input.kind === 'REDUCTION') {
        const overlapping = await tx.duesAdjustment.findFirst({
          where: { memberId: input.memberId, revokedOn: null, kind: { in: ['EXEMPTION', 'REDUCTION'] }, fromMonth: { lte: toDbDate(input.toMonth) }, toMonth: { gte: toDbDate(input.fromMonth) } },
        });
        if (overlapping) throw new ConflictError(`an ${overlapping.kind.toLowerCase()} from ${fromDbDate(overlapping.fromMonth)} to ${fromDbDate(overlapping.toMonth)} covers some of these months already`);
      }
      const adjustment = await tx.duesAdjustment.create({
        data: {
          memberId: input.memberId,
          kind: input.kind,
          percent: input.percent ?? null,
          fromMonth: toDbDate(input.fromMonth),
          toMonth: toDbDate(input.toMonth),
          reason,
          decisionId: input.decisionId,
          decidedOn: toDbDate(input.decidedOn),
          actorName: this.actor.name,
        },
      });
      await this.audit.record(tx, role, {
        action: 'dues.adjust',
        entityType: 'Member',
        entityId: input.memberId,
        scopePath: memberPaths.get(input.memberId)!,
        after: { kind: input.kind, percent: input.percent ?? null, fromMonth: input.fromMonth, toMonth: input.toMonth, decisionId: input.decisionId },
      });
      return adjustment;
    });
  }

  /**
   * Payments, all or nothing, every bad row named: the month owed (the member in the Party on
   * its first day), not ahead of the month paid in unless an advance is decided, a portal
   * payment with its reference (once). The collecting branch is the member's on the day paid.
   */
  async recordPayments(rows: readonly DuesPaymentInput[]): Promise<DuesPayment[]> {
    const problems: FieldProblem[] = [];
    if (rows.length === 0) problems.push({ field: 'payments', message: 'give at least one payment' });
    if (rows.length > DUES_LIMITS.paymentsPerCall) problems.push({ field: 'payments', message: `at most ${DUES_LIMITS.paymentsPerCall} in one call` });
    throwIf(problems);
    const today = todayInVietnam();
    const references = new Map<string, number>();
    rows.forEach((row, i) => {
      const at = `payments.${i}`;
      if (!isMonth(row.month)) problems.push({ field: `${at}.month`, message: 'the first day of a month' });
      if (!Number.isInteger(row.amount) || row.amount < 1 || row.amount > 100_000_000) problems.push({ field: `${at}.amount`, message: 'whole đồng from 1 to 100,000,000' });
      if (row.paidOn > today) problems.push({ field: `${at}.paidOn`, message: `on or before today (${today})` });
      const reference = row.reference?.trim() ?? '';
      if (row.channel === 'NATIONAL_PORTAL' && !reference) problems.push({ field: `${at}.reference`, message: 'a payment through the portal has its transaction reference' });
      if (reference && !REFERENCE.test(reference)) problems.push({ field: `${at}.reference`, message: 'letters, digits and - _ / . : (at most 100)' });
      if (row.channel === 'NATIONAL_PORTAL' && reference) {
        if (references.has(reference)) problems.push({ field: `${at}.reference`, message: `the same transaction as payments.${references.get(reference)}` });
        references.set(reference, i);
      }
    });
    throwIf(problems);
    const { role, memberPaths } = await authorizeSubjects(this.prisma, this.actor, 'manageDues', { memberIds: rows.map((r) => r.memberId) });
    const input = rows.map((row, i) => ({ i, memberId: row.memberId, month: row.month, paidOn: row.paidOn, reference: row.channel === 'NATIONAL_PORTAL' ? row.reference!.trim() : null }));
    const checks = await this.prisma.$queryRaw<{ i: number; owed: boolean; advance: boolean; collector: string | null; duplicate: boolean }[]>`
      SELECT x.i,
        EXISTS (SELECT 1 FROM member_periods p WHERE p.member_id = x."memberId" AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')
          AND p.valid_from <= x.month AND (p.valid_to IS NULL OR p.valid_to > x.month)) AS owed,
        EXISTS (SELECT 1 FROM dues_adjustments a WHERE a.member_id = x."memberId" AND a.kind = 'ADVANCE' AND a.revoked_on IS NULL AND a.from_month <= x.month AND a.to_month >= x.month) AS advance,
        (SELECT coalesce(p.temporary_organization_id, p.organization_id)::text FROM member_periods p WHERE p.member_id = x."memberId"
          AND p.valid_from <= x."paidOn" AND (p.valid_to IS NULL OR p.valid_to > x."paidOn") ORDER BY p.valid_from DESC LIMIT 1) AS collector,
        x.reference IS NOT NULL AND EXISTS (SELECT 1 FROM dues_payments y WHERE y.reference = x.reference AND y.channel = 'NATIONAL_PORTAL' AND y.reversed_on IS NULL) AS duplicate
      FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(i int, "memberId" uuid, month date, "paidOn" date, reference text)
      ORDER BY x.i`;
    for (const check of checks) {
      const row = rows[check.i]!;
      const at = `payments.${check.i}`;
      if (!check.owed) problems.push({ field: `${at}.month`, message: `the member was not in the Party on ${row.month}: nothing is owed for that month` });
      else if (row.month > monthOf(row.paidOn) && !check.advance) problems.push({ field: `${at}.month`, message: `${row.month.slice(0, 7)} is paid ahead of ${row.paidOn}: only with a decision allowing advance payment` });
      if (!check.collector) problems.push({ field: `${at}.paidOn`, message: `the member was not in the Party on ${row.paidOn}` });
      if (check.duplicate) problems.push({ field: `${at}.reference`, message: 'this portal transaction is recorded already' });
    }
    throwIf(problems);
    const records = rows.map((row, i) => ({
      id: uuidv7(),
      memberId: row.memberId,
      month: row.month,
      amount: row.amount,
      paidOn: row.paidOn,
      channel: row.channel,
      reference: row.reference?.trim() || null,
      organizationId: checks[i]!.collector!,
      actorName: this.actor.name,
    }));
    return inTransaction(
      this.prisma,
      async (tx) => {
        await insertRows(tx, 'dues_payments', records);
        await this.audit.recordMany(
          tx,
          role,
          records.map((r) => ({ action: 'dues.pay', entityType: 'Member', entityId: r.memberId, scopePath: memberPaths.get(r.memberId)!, after: { month: r.month, amount: r.amount, channel: r.channel, reference: r.reference, paidOn: r.paidOn } })),
        );
        return tx.duesPayment.findMany({ where: { id: { in: records.map((r) => r.id) } }, orderBy: { id: 'asc' } });
      },
      TRANSACTION.batch,
    );
  }

  /** A payment recorded by mistake: kept, marked reversed with its reason. */
  async reversePayment(paymentId: string, reversedOn: IsoDate, reasonText: string): Promise<DuesPayment> {
    const reason = reasonText.trim();
    if (!reason) throw ValidationError.field('reason', 'must not be empty');
    if (reason.length > DUES_LIMITS.textLength) throw ValidationError.field('reason', `at most ${DUES_LIMITS.textLength} characters`);
    if (reversedOn > todayInVietnam()) throw ValidationError.field('reversedOn', `on or before today (${todayInVietnam()})`);
    const [row] = await this.prisma.$queryRaw<{ member_id: string }[]>`SELECT member_id::text FROM dues_payments WHERE id = ${paymentId}::uuid`;
    const { role, memberPaths } = await authorizeSubjects(this.prisma, this.actor, 'manageDues', { memberIds: [row?.member_id ?? '00000000-0000-0000-0000-000000000000'] });
    const payment = row ? await this.prisma.duesPayment.findUnique({ where: { id: paymentId } }) : null;
    if (!payment) throw new NotFoundError('DuesPayment', paymentId);
    if (payment.reversedOn) throw new ConflictError(`the payment was reversed on ${fromDbDate(payment.reversedOn)}`);
    if (reversedOn < fromDbDate(payment.paidOn)) throw ValidationError.field('reversedOn', `on or after the day paid (${fromDbDate(payment.paidOn)})`);
    return inTransaction(this.prisma, async (tx) => {
      const { count } = await tx.duesPayment.updateMany({ where: { id: paymentId, reversedOn: null }, data: { reversedOn: toDbDate(reversedOn), reversalReason: reason } });
      if (count === 0) throw new ConflictError('the payment was reversed meanwhile');
      await this.audit.record(tx, role, { action: 'dues.reverse_payment', entityType: 'Member', entityId: payment.memberId, scopePath: memberPaths.get(payment.memberId)!, after: { paymentId, reversedOn, reason } });
      return (await tx.duesPayment.findUnique({ where: { id: paymentId } }))!;
    });
  }

  /** A member's months with how each amount was reckoned: their own, or a member of the caller's subtrees. */
  async ledgerOf(memberId: string, fromMonth: IsoDate, toMonth: IsoDate, asOf: IsoDate = todayInVietnam()): Promise<DuesMonth[]> {
    const problems: FieldProblem[] = [];
    checkRange(fromMonth, toMonth, problems, ['from', 'to']);
    throwIf(problems);
    if (memberId !== this.actor.memberId) {
      const { memberPaths } = await authorizeSubjects(this.prisma, this.actor, 'readDues', { memberIds: [memberId] });
      if (!memberPaths.has(memberId)) throw new NotFoundError('Member', memberId);
    }
    const rows = await this.prisma.$queryRaw<LedgerRow[]>`${ledgerSql({ from: fromMonth, to: toMonth }, Prisma.sql`p.member_id = ${memberId}::uuid`, asOf)}
      SELECT ${LEDGER_COLUMNS} FROM judged ORDER BY month`;
    return rows.map(toMonthView);
  }

  /** Sổ thu đảng phí: every member a branch collects from for a month, with the amount and what was paid. */
  async sheet(organizationId: string, month: IsoDate, asOf: IsoDate = todayInVietnam()): Promise<DuesMonth[]> {
    if (!isMonth(month)) throw ValidationError.field('month', 'the first day of a month');
    const { organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'readDues', { organizationIds: [organizationId] });
    if (!organizationPaths.has(organizationId)) throw new NotFoundError('Organization', organizationId);
    const rows = await this.prisma.$queryRaw<LedgerRow[]>`${ledgerSql({ from: month, to: month }, Prisma.sql`coalesce(p.temporary_organization_id, p.organization_id) = ${organizationId}::uuid`, asOf)}
      SELECT ${LEDGER_COLUMNS} FROM judged ORDER BY member_id LIMIT ${DUES_LIMITS.listed}`;
    return rows.map(toMonthView);
  }

  /**
   * Arrears of a subtree on `asOf`, from `from` (a month): each member's unpaid months and what
   * they owe, the members without a basis, and those whose unpaid months of a calendar year
   * reach the removal rule (counted from January of `from`'s year). One statement.
   */
  async arrears(organizationId: string, from: IsoDate, asOf: IsoDate = todayInVietnam()): Promise<DuesArrears> {
    const problems: FieldProblem[] = [];
    const today = todayInVietnam();
    if (!isMonth(from)) problems.push({ field: 'from', message: 'the first day of a month' });
    if (asOf > today) problems.push({ field: 'asOf', message: `arrears are of today or a day before (${today})` });
    else if (from > monthOf(asOf)) problems.push({ field: 'from', message: `on or before the month of asOf (${monthOf(asOf)})` });
    // Arrears are a current matter: two years back at most, so that a province's list stays quick.
    else if (monthsBetween(from, monthOf(asOf)) > ARREARS_MONTHS) problems.push({ field: 'from', message: `at most ${ARREARS_MONTHS} months before asOf` });
    throwIf(problems);
    const { organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'readDues', { organizationIds: [organizationId] });
    const path = organizationPaths.get(organizationId);
    if (!path) throw new NotFoundError('Organization', organizationId);
    const threshold = (await this.rules.current()).at(REMOVAL_THRESHOLDS, asOf);
    const lastMonth = addMonths(monthOf(asOf), -1);
    const yearStart = `${from.slice(0, 4)}-01-01`;
    if (lastMonth < yearStart) return { organizationId, asOf, from, members: [], withoutBasis: [], reachingThreshold: [], thresholdMonths: threshold.value.unpaidDuesMonths, thresholdConsecutive: threshold.value.consecutive, citation: threshold.citation };
    const [row] = await this.prisma.$queryRaw<Pick<DuesArrears, 'members' | 'withoutBasis' | 'reachingThreshold'>[]>`${ledgerSql({ from: yearStart, to: lastMonth }, inSubtreeOnMonth(path.at(-1)!), asOf, { unsettledOnly: true })}
      , unpaid AS (
        SELECT member_id, month, extract(year FROM month)::int AS year, organization_id, due - paid AS owed FROM judged WHERE in_arrears
      ), islands AS (
        SELECT member_id, year, count(*) AS length FROM (
          SELECT member_id, year, (extract(year FROM month) * 12 + extract(month FROM month))::int - row_number() OVER (PARTITION BY member_id, year ORDER BY month)::int AS island FROM unpaid) s
        GROUP BY member_id, year, island
      ), reaching AS (
        SELECT u.member_id, u.year, (array_agg(u.organization_id ORDER BY u.month DESC))[1] AS organization_id, array_agg(u.month ORDER BY u.month) AS months
        FROM unpaid u GROUP BY u.member_id, u.year
        HAVING CASE WHEN ${threshold.value.consecutive}
          THEN (SELECT max(i.length) FROM islands i WHERE i.member_id = u.member_id AND i.year = u.year) >= ${threshold.value.unpaidDuesMonths}
          ELSE count(*) >= ${threshold.value.unpaidDuesMonths} END
      )
      SELECT
        coalesce((SELECT json_agg(json_build_object('memberId', member_id, 'organizationId', organization_id, 'months', months, 'owed', owed) ORDER BY member_id)
          FROM (SELECT member_id, (array_agg(organization_id ORDER BY month DESC))[1] AS organization_id, array_agg(month ORDER BY month) AS months, sum(owed) AS owed
            FROM unpaid WHERE month >= ${toDbDate(from)} GROUP BY member_id ORDER BY member_id LIMIT ${DUES_LIMITS.listed}) m), '[]') AS members,
        coalesce((SELECT json_agg(json_build_object('memberId', member_id, 'organizationId', organization_id, 'months', months) ORDER BY member_id)
          FROM (SELECT member_id, (array_agg(organization_id ORDER BY month DESC))[1] AS organization_id, array_agg(month ORDER BY month) AS months
            FROM judged WHERE due IS NULL AND month >= ${toDbDate(from)} GROUP BY member_id ORDER BY member_id LIMIT ${DUES_LIMITS.listed}) m), '[]') AS "withoutBasis",
        coalesce((SELECT json_agg(json_build_object('memberId', member_id, 'organizationId', organization_id, 'year', year, 'months', months) ORDER BY year, member_id)
          FROM (SELECT * FROM reaching ORDER BY year, member_id LIMIT ${DUES_LIMITS.listed}) r), '[]') AS "reachingThreshold"`;
    return {
      organizationId,
      asOf,
      from,
      ...row!,
      members: row!.members.map((m) => ({ ...m, owed: Number(m.owed) })),
      thresholdMonths: threshold.value.unpaidDuesMonths,
      thresholdConsecutive: threshold.value.consecutive,
      citation: threshold.citation,
    };
  }

  /**
   * Trích, nộp: the dues collected in a period by the organisations of a subtree, passed up the
   * tree, each level keeping its share of what it receives (own collection and what comes from
   * below) by the sharing rule in force at the period's end. One statement, then the tree in
   * memory from the leaves up.
   */
  async remittance(organizationId: string, from: IsoDate, to: IsoDate): Promise<DuesRemittance> {
    if (from > to) throw ValidationError.field('to', 'on or after from');
    const { organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'readDues', { organizationIds: [organizationId] });
    const path = organizationPaths.get(organizationId);
    if (!path) throw new NotFoundError('Organization', organizationId);
    const sharing = (await this.rules.current()).at(DUES_SHARING, to);
    const rows = await this.prisma.$queryRaw<{ id: string; parentId: string | null; kindCode: string; grassroots: boolean; communeWard: boolean; depth: number; collected: number }[]>`
      SELECT v.organization_id::text AS id, v.parent_id::text AS "parentId", v.kind_code AS "kindCode", k.is_grassroots AS grassroots,
        v.sector = 'COMMUNE_WARD' AS "communeWard", cardinality(v.path) AS depth,
        coalesce((SELECT sum(y.amount) FROM dues_payments y WHERE y.organization_id = v.organization_id AND y.reversed_on IS NULL
          AND y.paid_on BETWEEN ${toDbDate(from)} AND ${toDbDate(to)}), 0)::float8 AS collected
      FROM organization_versions v JOIN organization_kinds k ON k.code = v.kind_code
      WHERE v.valid_to IS NULL AND v.path @> ARRAY[${path.at(-1)!}]::int[]
      ORDER BY cardinality(v.path) DESC, v.organization_id`;
    const received = new Map<string, number>();
    const result: DuesRemittance['organizations'] = [];
    let remittedAbove = 0;
    for (const org of rows) {
      const keepPercent = org.grassroots && org.communeWard ? sharing.value.grassrootsCommuneWardKeepPercent : (sharing.value.keepPercentByKind[org.kindCode] ?? 0);
      const fromBelow = received.get(org.id) ?? 0;
      const total = org.collected + fromBelow;
      const kept = Math.round((total * keepPercent) / 100);
      const remitted = total - kept;
      result.push({ organizationId: org.id, parentId: org.parentId, kindCode: org.kindCode, collected: org.collected, received: fromBelow, keepPercent, kept, remitted });
      if (org.id === organizationId || !org.parentId) remittedAbove += remitted;
      else received.set(org.parentId, (received.get(org.parentId) ?? 0) + remitted);
    }
    result.reverse();
    return { organizationId, from, to, organizations: result, remittedAbove, citation: sharing.citation };
  }

  /** A member's bases, decisions and payments (for the member's page). */
  async recordsOf(memberId: string) {
    if (memberId !== this.actor.memberId) await authorizeSubjects(this.prisma, this.actor, 'readDues', { memberIds: [memberId] });
    const bases = await this.prisma.duesBasis.findMany({ where: { memberId }, orderBy: { fromMonth: 'asc' } });
    const adjustments = await this.prisma.duesAdjustment.findMany({ where: { memberId }, orderBy: { fromMonth: 'asc' } });
    const payments = await this.prisma.duesPayment.findMany({ where: { memberId }, orderBy: [{ month: 'asc' }, { id: 'asc' }], take: DUES_LIMITS.listed });
    return { bases, adjustments, payments };
  }
}
