import { Prisma, type Indicator, type IndicatorTarget, type IndicatorValue, type PrismaClient } from '../../generated/prisma/client.js';
import { fromDbDate, toDbDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { uniqueViolation } from '../../db/errors.js';
import { authorize, currentPath, organizationPaths, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OrganizationService } from '../organizations/organizations.service.js';
import { resolvePeriod, yearEarlier, yearToDate, type Period, type PeriodInput } from './periods.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';
import { insertRows } from '../../db/bulk.js';
import { decodeCursor, pageSize, toPage, type Page, type PageArgs } from '../../shared/pagination.js';
import { v7 as uuidv7 } from 'uuid';
import type { ImportSource } from '../ratings/ratings.service.js';

export type NewIndicatorInput = {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  valueKind: Indicator['valueKind'];
  direction: Indicator['direction'];
  rollup: Indicator['rollup'];
};

export type TargetInput = {
  organizationId: string;
  indicatorCode: string;
  period: PeriodInput;
  /** The target, or the low end of a range; a percentage of the base's result when a base is given. */
  targetValue: number;
  /** The high end of a range ("from 1 to 2"). */
  targetMax?: number | null;
  /** A rate target: targetValue (and targetMax) are percentages of this indicator's result. */
  baseIndicatorCode?: string | null;
  resolutionId: string;
  note?: string | null;
};

export type ValueInput = {
  organizationId: string;
  indicatorCode: string;
  period: PeriodInput;
  /** The value itself; for a RATIO, give numerator and denominator instead ("87 of 121"). */
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  sourceDocumentId?: string | null;
};

/** A target or a value read from a spreadsheet: its organisation, period and document resolved. */
export type ImportedTarget = Omit<TargetInput, 'period'> & { period: Period };
export type ImportedValue = Omit<ValueInput, 'period'> & { period: Period };

/** Targets and values in force, of the organisations of a subtree, for a year (periods starting in it). */
export type IndicatorRowFilter = { underId?: string | null; year?: number | null; indicatorCode?: string | null };

/** At most this many targets and values in one import: a province's year with room to spare. */
export const MAX_IMPORTED_INDICATOR_ROWS = 50_000;

/** An indicator's result for an organisation's subtree and a period. */
export type IndicatorResult = {
  indicator: Indicator;
  /** The period of the results… */
  period: Period;
  /** …and of the target they are measured against (a quarter's results against the year's target); null: values without a target. */
  targetPeriod: string | null;
  /** The target (the low end of a range), as a quantity: a rate target is worked out on its base. */
  target: number | null;
  /** The high end of a range, as a quantity; null for a single value. */
  targetMax: number | null;
  /** A rate target: the percentages the resolution set, of which indicator, and its result. */
  rate: TargetRate | null;
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  /** actual ÷ target, in percent, to two decimals ("181 of 600 → 30.17"). */
  achievement: number | null;
  met: boolean | null;
  /** For a quarter: the year so far against the year's target, in percent. */
  yearToDate: number | null;
  yearTarget: number | null;
  yearProgress: number | null;
  /** The same period a year earlier, and the change from it in percent ("+26.09"). */
  previous: number | null;
  change: number | null;
  resolutionId: string | null;
};

export type TargetRate = { base: Indicator; baseValue: number | null; from: number; to: number | null };

type Windows = { current: Period; previous: Period | null; ytd: Period | null };
type Measured = { value: number | null; numerator: number | null; denominator: number | null };

const round2 = (value: number) => Math.round(value * 100) / 100;
const percentOf = (part: number, whole: number) => (whole === 0 ? null : round2((part / whole) * 100));
const decimal = (value: Prisma.Decimal | null) => (value === null ? null : Number(value));

/**
 * Chỉ tiêu: targets set by resolutions, values entered from reports, and results computed
 * from the data of the period (admissions, recognitions, transfers, new organisations in
 * private enterprises, candidates trained) for an organisation's whole subtree.
 */
export class IndicatorService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationService,
  ) {}

  /** A year, a quarter, or a term (nhiệm kỳ) of an organisation: exactly one of year or termId. */
  async periodOf(input: PeriodInput, field = 'period'): Promise<Period> {
    if (input.adHoc) throw ValidationError.field(`${field}.adHoc`, 'targets and values are for a year, a quarter or a term');
    return resolvePeriod(this.prisma, input, field);
  }

  /**
   * Adds an indicator an office reports on to the national catalogue (entered values, not
   * computed ones): only a national administrator, audited; a code is never reused.
   */
  async addIndicator(input: NewIndicatorInput): Promise<Indicator> {
    const role = authorize(this.actor, 'manageIndicators', [[]]);
    const problems: FieldProblem[] = [];
    const code = input.code.trim();
    if (!/^[A-Z][A-Z0-9_]{1,59}$/.test(code)) problems.push({ field: 'code', message: 'upper-case letters, digits and _, from 2 to 60, starting with a letter (e.g. BRANCH_MEETINGS_HELD)' });
    const text = (field: 'nameVi' | 'nameEn' | 'unit', max: number) => {
      const value = input[field].trim();
      if (!value) problems.push({ field, message: 'must not be empty' });
      else if (value.length > max) problems.push({ field, message: `at most ${max} characters` });
      return value;
    };
    const nameVi = text('nameVi', 300);
    const nameEn = text('nameEn', 300);
    const unit = text('unit', 50);
    if (input.valueKind === 'RATIO' && input.rollup === 'SUM') problems.push({ field: 'rollup', message: 'a ratio rolls up as RATIO_OF_SUMS (or NONE), not as a SUM' });
    if (input.valueKind !== 'RATIO' && input.rollup === 'RATIO_OF_SUMS') problems.push({ field: 'rollup', message: 'only a RATIO rolls up as RATIO_OF_SUMS' });
    if (problems.length > 0) throw new ValidationError(problems);
    try {
      return await inTransaction(this.prisma, async (tx) => {
        const rank = ((await tx.indicator.aggregate({ _max: { rank: true } }))._max.rank ?? 0) + 10;
        const indicator = await tx.indicator.create({
          data: { code, nameVi, nameEn, unit, valueKind: input.valueKind, direction: input.direction, rollup: input.rollup, source: 'MANUAL', computation: null, rank },
        });
        await this.audit.record(tx, role, { action: 'indicator.add', entityType: 'Indicator', entityId: code, scopePath: [], after: { code, nameVi, nameEn, unit, valueKind: input.valueKind, direction: input.direction, rollup: input.rollup } });
        return indicator;
      });
    } catch (error) {
      if (uniqueViolation(error)) throw new ConflictError(`the catalogue has an indicator ${code} already`, 'code');
      throw error;
    }
  }

  async catalogue(): Promise<Indicator[]> {
    return this.prisma.indicator.findMany({ orderBy: { rank: 'asc' } });
  }

  private async indicator(code: string, field: string): Promise<Indicator> {
    const found = await this.prisma.indicator.findUnique({ where: { code } });
    if (!found) throw ValidationError.field(field, `unknown indicator "${code}"`);
    return found;
  }

  // ---------------------------------------------------------------- targets and values

  /** Targets by id (replaced ones too: their history), of organisations within the actor's subtrees. */
  async targetsByIds(ids: readonly string[]): Promise<IndicatorTarget[]> {
    const scope = scopeOf(this.actor, 'read');
    return this.prisma.indicatorTarget.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { organization: { versions: { some: { validTo: null, path: { hasSome: scope } } } } } : {}) },
    });
  }

  async setTarget(input: TargetInput): Promise<IndicatorTarget> {
    // The organisation and the caller's right first: a refusal reveals nothing of its terms.
    const scopePath = await this.requireOrganization(input.organizationId);
    const role = authorize(this.actor, 'manageIndicators', [scopePath]);
    const indicator = await this.indicator(input.indicatorCode, 'indicatorCode');
    const period = await this.periodOf(input.period);
    const base = input.baseIndicatorCode ? await this.indicator(input.baseIndicatorCode, 'baseIndicatorCode') : null;
    checkTarget(indicator, base, input);
    if (!(await this.prisma.document.findUnique({ where: { id: input.resolutionId } }))) throw new NotFoundError('Document', input.resolutionId);
    return inTransaction(this.prisma, async (tx) => {
      await lockInForce(tx, [`indicator_target:${input.organizationId}:${indicator.code}:${period.key}`]);
      const replaced = await tx.indicatorTarget.findFirst({
        where: { organizationId: input.organizationId, indicatorCode: indicator.code, periodKey: period.key, supersededAt: null },
      });
      if (replaced) await tx.indicatorTarget.update({ where: { id: replaced.id }, data: { supersededAt: new Date() } });
      const target = await tx.indicatorTarget.create({
        data: {
          organizationId: input.organizationId,
          indicatorCode: indicator.code,
          periodType: period.type,
          periodKey: period.key,
          periodStart: toDbDate(period.start),
          periodEnd: toDbDate(period.end),
          targetValue: input.targetValue,
          targetMax: input.targetMax ?? null,
          baseIndicatorCode: base?.code ?? null,
          resolutionId: input.resolutionId,
          note: input.note?.trim() || null,
        },
      });
      await this.audit.record(tx, role, {
        action: 'indicator.target',
        entityType: 'IndicatorTarget',
        entityId: target.id,
        scopePath,
        before: replaced ? { targetValue: Number(replaced.targetValue), targetMax: decimal(replaced.targetMax), baseIndicatorCode: replaced.baseIndicatorCode } : null,
        after: { indicator: indicator.code, period: period.key, targetValue: input.targetValue, targetMax: input.targetMax ?? null, baseIndicatorCode: base?.code ?? null, resolutionId: input.resolutionId },
      });
      return target;
    });
  }

  /**
   * Values entered from reports, in one all-or-nothing request: every row is checked first and
   * all problems are reported by row; nothing is written unless all rows are good.
   */
  async enterValues(rows: readonly ValueInput[]): Promise<IndicatorValue[]> {
    if (rows.length === 0) throw ValidationError.field('rows', 'give at least one value');
    const problems: FieldProblem[] = [];
    const checked: { row: ValueInput; indicator: Indicator; period: Period; value: number; scopePath: number[] }[] = [];
    const catalogue = new Map((await this.catalogue()).map((indicator) => [indicator.code, indicator]));
    for (const [index, row] of rows.entries()) {
      const field = rows.length > 1 ? `rows.${index}` : 'value';
      try {
        const indicator = catalogue.get(row.indicatorCode);
        if (!indicator) throw ValidationError.field(`${field}.indicatorCode`, `unknown indicator "${row.indicatorCode}"`);
        if (indicator.source === 'COMPUTED') {
          throw ValidationError.field(`${field}.indicatorCode`, `${indicator.code} is computed from the data: it is not entered`);
        }
        const period = await this.periodOf(row.period, `${field}.period`);
        const value = ratioOrValue(indicator, row, field);
        const scopePath = await this.requireOrganization(row.organizationId);
        checked.push({ row, indicator, period, value, scopePath });
      } catch (error) {
        if (error instanceof ValidationError) problems.push(...error.problems);
        else if (error instanceof RuleViolationError || error instanceof NotFoundError) problems.push({ field, message: error.message });
        else throw error;
      }
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const role = authorize(this.actor, 'manageIndicators', checked.map((c) => c.scopePath));
    for (const { row } of checked) {
      if (row.sourceDocumentId && !(await this.prisma.document.findUnique({ where: { id: row.sourceDocumentId } }))) {
        throw new NotFoundError('Document', row.sourceDocumentId);
      }
    }
    return inTransaction(this.prisma, async (tx) => {
      await lockInForce(tx, checked.map(({ row, indicator, period }) => `indicator_value:${row.organizationId}:${indicator.code}:${period.key}`));
      const written: IndicatorValue[] = [];
      for (const { row, indicator, period, value } of checked) {
        await tx.indicatorValue.updateMany({
          where: { organizationId: row.organizationId, indicatorCode: indicator.code, periodKey: period.key, supersededAt: null },
          data: { supersededAt: new Date() },
        });
        written.push(
          await tx.indicatorValue.create({
            data: {
              organizationId: row.organizationId,
              indicatorCode: indicator.code,
              periodType: period.type,
              periodKey: period.key,
              periodStart: toDbDate(period.start),
              periodEnd: toDbDate(period.end),
              value,
              numerator: row.numerator ?? null,
              denominator: row.denominator ?? null,
              sourceDocumentId: row.sourceDocumentId ?? null,
              enteredBy: this.actor.name,
            },
          }),
        );
      }
      await this.audit.record(tx, role, {
        action: 'indicator.values',
        entityType: 'IndicatorValue',
        entityId: written[0]!.id,
        scopePath: checked[0]!.scopePath,
        after: { rows: checked.map((c) => ({ organizationId: c.row.organizationId, indicator: c.indicator.code, period: c.period.key, value: c.value })) },
      });
      return written;
    });
  }

  /**
   * Targets and values of a spreadsheet (the indicators import), all or nothing: the caller's
   * right over every organisation first, then every row checked as `setTarget` and
   * `enterValues` check them (problems named `targets.3.targetValue`, `values.7.value`), the
   * same organisation, indicator and period given twice refused; a validation stops there. A
   * commit replaces (and keeps) the targets and values in force for the same organisation,
   * indicator and period, records the new documents the file cites, and is one audit event.
   */
  async importRows(targets: readonly ImportedTarget[], values: readonly ImportedValue[], from: ImportSource): Promise<{ targetsReplaced: number; valuesReplaced: number }> {
    if (targets.length + values.length === 0) throw ValidationError.field('rows', 'give at least one target or value');
    if (targets.length + values.length > MAX_IMPORTED_INDICATOR_ROWS) throw ValidationError.field('rows', `at most ${MAX_IMPORTED_INDICATOR_ROWS} targets and values in one import`);
    const organizationIds = [...new Set([...targets, ...values].map((row) => row.organizationId))];
    const paths = await organizationPaths(this.prisma, organizationIds);
    const role = authorize(this.actor, 'manageIndicators', organizationIds.map((id) => paths.get(id) ?? [-1]));
    const catalogue = new Map((await this.catalogue()).map((indicator) => [indicator.code, indicator]));
    const documents = new Set([...targets.map((t) => t.resolutionId), ...values.flatMap((v) => (v.sourceDocumentId ? [v.sourceDocumentId] : []))]);
    for (const document of from.documents) documents.delete(document.id!);
    const recorded = new Set((await this.prisma.document.findMany({ where: { id: { in: [...documents] } }, select: { id: true } })).map((d) => d.id));
    const problems: FieldProblem[] = [];
    const check = (field: string, work: () => void) => {
      try {
        work();
      } catch (error) {
        if (error instanceof ValidationError) problems.push(...error.problems.map((p) => (p.field.startsWith(`${field}.`) ? p : { ...p, field: `${field}.${p.field}` })));
        else if (error instanceof RuleViolationError || error instanceof NotFoundError) problems.push({ field, message: error.message });
        else throw error;
      }
    };
    const now = new Date();
    const seen = new Map<string, number>();
    const repeated = (kind: string, index: number, row: { organizationId: string; indicatorCode: string; period: Period }) => {
      const key = `${kind} ${row.organizationId} ${row.indicatorCode} ${row.period.key}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) throw ValidationError.field('period', `the same organisation, indicator and period as ${kind}.${earlier}`);
      seen.set(key, index);
    };
    const period = (p: Period) => ({ periodType: p.type, periodKey: p.key, periodStart: toDbDate(p.start), periodEnd: toDbDate(p.end) });
    const targetRows: Prisma.IndicatorTargetCreateManyInput[] = [];
    targets.forEach((row, index) =>
      check(`targets.${index}`, () => {
        if (row.period.type === 'AD_HOC') throw ValidationError.field('period', 'targets are for a year, a quarter or a term');
        const indicator = catalogue.get(row.indicatorCode);
        if (!indicator) throw ValidationError.field('indicatorCode', `unknown indicator "${row.indicatorCode}"`);
        const base = row.baseIndicatorCode ? catalogue.get(row.baseIndicatorCode) : null;
        if (base === undefined) throw ValidationError.field('baseIndicatorCode', `unknown indicator "${row.baseIndicatorCode}"`);
        checkTarget(indicator, base, { ...row, period: {} });
        if (!recorded.has(row.resolutionId) && !from.documents.some((d) => d.id === row.resolutionId)) throw new NotFoundError('Document', row.resolutionId);
        repeated('targets', index, row);
        targetRows.push({
          id: uuidv7(), organizationId: row.organizationId, indicatorCode: indicator.code, ...period(row.period), targetValue: row.targetValue, targetMax: row.targetMax ?? null,
          baseIndicatorCode: base?.code ?? null, resolutionId: row.resolutionId, note: row.note?.trim() || null, createdAt: now,
        });
      }),
    );
    const valueRows: Prisma.IndicatorValueCreateManyInput[] = [];
    values.forEach((row, index) =>
      check(`values.${index}`, () => {
        if (row.period.type === 'AD_HOC') throw ValidationError.field('period', 'values are for a year, a quarter or a term');
        const indicator = catalogue.get(row.indicatorCode);
        if (!indicator) throw ValidationError.field('indicatorCode', `unknown indicator "${row.indicatorCode}"`);
        if (indicator.source === 'COMPUTED') throw ValidationError.field('indicatorCode', `${indicator.code} is computed from the data: it is not entered`);
        const value = ratioOrValue(indicator, { ...row, period: {} }, `values.${index}`);
        if (row.sourceDocumentId && !recorded.has(row.sourceDocumentId) && !from.documents.some((d) => d.id === row.sourceDocumentId)) throw new NotFoundError('Document', row.sourceDocumentId);
        repeated('values', index, row);
        valueRows.push({
          id: uuidv7(), organizationId: row.organizationId, indicatorCode: indicator.code, ...period(row.period), value, numerator: row.numerator ?? null,
          denominator: row.denominator ?? null, sourceDocumentId: row.sourceDocumentId ?? null, enteredBy: this.actor.name, enteredAt: now,
        });
      }),
    );
    if (problems.length > 0) throw new ValidationError(problems);
    const keysOf = (rows: readonly { organizationId: string; indicatorCode: string; periodKey: string }[]) => ({
      organizations: rows.map((r) => r.organizationId),
      indicators: rows.map((r) => r.indicatorCode),
      periods: rows.map((r) => r.periodKey),
    });
    const t = keysOf(targetRows as { organizationId: string; indicatorCode: string; periodKey: string }[]);
    const v = keysOf(valueRows as { organizationId: string; indicatorCode: string; periodKey: string }[]);
    if (!from.commit) {
      // What a commit would replace, told by the validation.
      const [counted] = await this.prisma.$queryRaw<{ targets: number; values: number }[]>`
        SELECT (SELECT count(*)::int FROM indicator_targets x JOIN unnest(${t.organizations}::uuid[], ${t.indicators}::text[], ${t.periods}::text[]) AS r(o, i, p)
                  ON x.organization_id = r.o AND x.indicator_code = r.i AND x.period_key = r.p WHERE x.superseded_at IS NULL) AS targets,
               (SELECT count(*)::int FROM indicator_values x JOIN unnest(${v.organizations}::uuid[], ${v.indicators}::text[], ${v.periods}::text[]) AS r(o, i, p)
                  ON x.organization_id = r.o AND x.indicator_code = r.i AND x.period_key = r.p WHERE x.superseded_at IS NULL) AS values`;
      return { targetsReplaced: counted!.targets, valuesReplaced: counted!.values };
    }
    return inTransaction(
      this.prisma,
      async (tx) => {
        await insertRows(tx, 'documents', from.documents.map((document) => ({ ...document, createdAt: now })));
        await lockInForce(tx, [...t.organizations.map((o, i) => `indicator_target:${o}:${t.indicators[i]}:${t.periods[i]}`), ...v.organizations.map((o, i) => `indicator_value:${o}:${v.indicators[i]}:${v.periods[i]}`)]);
        const targetsReplaced = await tx.$executeRaw`
          UPDATE indicator_targets x SET superseded_at = ${now} FROM unnest(${t.organizations}::uuid[], ${t.indicators}::text[], ${t.periods}::text[]) AS r(o, i, p)
          WHERE x.superseded_at IS NULL AND x.organization_id = r.o AND x.indicator_code = r.i AND x.period_key = r.p`;
        const valuesReplaced = await tx.$executeRaw`
          UPDATE indicator_values x SET superseded_at = ${now} FROM unnest(${v.organizations}::uuid[], ${v.indicators}::text[], ${v.periods}::text[]) AS r(o, i, p)
          WHERE x.superseded_at IS NULL AND x.organization_id = r.o AND x.indicator_code = r.i AND x.period_key = r.p`;
        await insertRows(tx, 'indicator_targets', targetRows);
        await insertRows(tx, 'indicator_values', valueRows);
        await this.audit.record(tx, role, {
          action: 'indicator.import',
          entityType: 'Import',
          entityId: from.importId,
          scopePath: from.scopePath,
          after: { ...from.file, targets: targetRows.length, values: valueRows.length, targetsReplaced, valuesReplaced, documentsCreated: from.documents.length },
        });
        return { targetsReplaced, valuesReplaced };
      },
      TRANSACTION.batch,
    );
  }

  /** The targets in force of organisations in the caller's subtrees (a subtree, a year, an indicator), by id. */
  async listTargets(filter: IndicatorRowFilter, args: PageArgs): Promise<Page<IndicatorTarget & { indicator: Indicator }>> {
    const where = await this.rowsWhere(filter);
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const rows = await this.prisma.indicatorTarget.findMany({ where: { ...where, ...(after ? { id: { gt: after } } : {}) }, include: { indicator: true }, orderBy: { id: 'asc' }, take: size + 1 });
    return toPage(rows, size, (row) => row.id, () => this.prisma.indicatorTarget.count({ where }));
  }

  /** The values in force of organisations in the caller's subtrees, by id. */
  async listValues(filter: IndicatorRowFilter, args: PageArgs): Promise<Page<IndicatorValue & { indicator: Indicator }>> {
    const where = await this.rowsWhere(filter);
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const rows = await this.prisma.indicatorValue.findMany({ where: { ...where, ...(after ? { id: { gt: after } } : {}) }, include: { indicator: true }, orderBy: { id: 'asc' }, take: size + 1 });
    return toPage(rows, size, (row) => row.id, () => this.prisma.indicatorValue.count({ where }));
  }

  private async rowsWhere(filter: IndicatorRowFilter) {
    const scope = scopeOf(this.actor, 'read');
    const organizations: Prisma.OrganizationWhereInput[] = scope ? [{ versions: { some: { validTo: null, path: { hasSome: scope } } } }] : [];
    if (filter.underId) {
      const under = await this.prisma.organization.findUnique({ where: { id: filter.underId } });
      if (!under) throw new NotFoundError('Organization', filter.underId);
      organizations.push({ versions: { some: { validTo: null, path: { has: under.pathKey } } } });
    }
    if (filter.year !== null && filter.year !== undefined && (!Number.isInteger(filter.year) || filter.year < 1930 || filter.year > 2100)) throw ValidationError.field('year', 'is a year from 1930 to 2100');
    return {
      supersededAt: null,
      ...(organizations.length ? { organization: { AND: organizations } } : {}),
      ...(filter.year ? { periodStart: { gte: toDbDate(`${filter.year}-01-01`), lte: toDbDate(`${filter.year}-12-31`) } } : {}),
      ...(filter.indicatorCode ? { indicatorCode: filter.indicatorCode } : {}),
    };
  }

  private async requireOrganization(organizationId: string): Promise<number[]> {
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    return path;
  }

  // ---------------------------------------------------------------- results

  /**
   * Results of every target the organisation has for the period, for its whole subtree. For a
   * quarter, the year's targets are reported too, against the quarter's results ("181 admitted
   * in Q1: 30.17 % of the year's 600"), unless the quarter has its own target.
   */
  async results(organizationId: string, input: PeriodInput): Promise<IndicatorResult[]> {
    const period = await this.periodOf(input);
    const organization = await this.organizations.get(organizationId, period.end);
    const year = period.start.slice(0, 4);
    const candidates = await this.prisma.indicatorTarget.findMany({
      where: { organizationId, periodKey: { in: period.type === 'QUARTER' ? [period.key, year] : [period.key] }, supersededAt: null },
      include: { indicator: true, base: true },
      orderBy: { indicator: { rank: 'asc' } },
    });
    const targets = candidates.filter(
      (target) => target.periodKey === period.key || !candidates.some((other) => other.indicatorCode === target.indicatorCode && other.periodKey === period.key),
    );
    // Values the organisation entered for the period without a target are reported too.
    const untargeted = await this.prisma.indicator.findMany({
      where: {
        source: 'MANUAL',
        code: { notIn: targets.map((target) => target.indicatorCode) },
        values: { some: { organizationId, periodKey: period.key, supersededAt: null } },
      },
      orderBy: { rank: 'asc' },
    });
    if (targets.length === 0 && untargeted.length === 0) return [];
    const windows: Windows = { current: period, previous: yearEarlier(period), ytd: yearToDate(period) };
    const yearTargets = candidates.filter((target) => target.periodKey === year && period.type === 'QUARTER');
    // What is measured: the targets' indicators, and the bases of rate targets.
    const measured = new Map<string, Indicator>();
    for (const target of [...targets, ...yearTargets]) {
      measured.set(target.indicator.code, target.indicator);
      if (target.base) measured.set(target.base.code, target.base);
    }
    const computed = new Set([...measured.values()].filter((i) => i.source === 'COMPUTED').map((i) => i.computation!));
    const manual = [...[...measured.values()].filter((i) => i.source === 'MANUAL'), ...untargeted];
    const [counts, values] = await Promise.all([
      this.computeAll([...computed], organization.pathKey, windows),
      this.manualValues(manual, organization.pathKey, organization.id, windows),
    ]);
    const rows: { indicator: Indicator; target: (typeof targets)[number] | null }[] = [
      ...targets.map((target) => ({ indicator: target.indicator, target })),
      ...untargeted.map((indicator) => ({ indicator, target: null })),
    ];
    const measure = (indicator: Indicator, window: keyof Windows): Measured =>
      (indicator.source === 'COMPUTED' ? counts.get(indicator.computation!)?.[window] : values.get(indicator.code)?.[window]) ?? {
        value: null,
        numerator: null,
        denominator: null,
      };
    // A target as quantities: a rate target is worked out on its base's result in the target's
    // own period (a year's target read against a quarter: the year so far, from the year's start).
    const quantities = (target: (typeof candidates)[number], window: keyof Windows) => {
      const low = Number(target.targetValue);
      const high = decimal(target.targetMax);
      if (!target.base) return { low, high, rate: null };
      const baseValue = measure(target.base, window).value;
      const of = (percent: number) => (baseValue === null ? null : round2((baseValue * percent) / 100));
      return { low: of(low), high: high === null ? null : of(high), rate: { base: target.base, baseValue, from: low, to: high } };
    };
    return rows.map(({ indicator, target }) => {
      const current = measure(indicator, 'current');
      const previous = windows.previous ? measure(indicator, 'previous').value : null;
      const ytd = windows.ytd ? measure(indicator, 'ytd').value : null;
      const own = target ? quantities(target, target.periodKey === period.key || !windows.ytd ? 'current' : 'ytd') : null;
      const yearTarget = yearTargets.find((t) => t.indicatorCode === indicator.code);
      const year = yearTarget ? quantities(yearTarget, 'ytd') : null;
      const targetValue = own?.low ?? null;
      return {
        indicator,
        period,
        targetPeriod: target?.periodKey ?? null,
        target: targetValue,
        targetMax: own?.high ?? null,
        rate: own?.rate ?? null,
        actual: current.value,
        numerator: current.numerator,
        denominator: current.denominator,
        achievement: current.value === null || targetValue === null ? null : percentOf(current.value, targetValue),
        met: current.value === null || targetValue === null ? null : meets(indicator, current.value, targetValue, own?.high ?? null),
        yearToDate: ytd,
        yearTarget: year?.low ?? null,
        yearProgress: ytd !== null && year?.low != null ? percentOf(ytd, year.low) : null,
        previous,
        change: previous !== null && current.value !== null && previous !== 0 ? round2(((current.value - previous) / previous) * 100) : null,
        resolutionId: target?.resolutionId ?? null,
      };
    });
  }

  /**
   * Counts derived from the data, for the subtree of `key`, in each window: one statement per
   * computation however large the subtree. An event counts where it happened, in the tree of
   * its day.
   */
  private async computeAll(computations: string[], key: number, windows: Windows): Promise<Map<string, Record<keyof Windows, Measured | null>>> {
    const list = (Object.entries(windows) as [keyof Windows, Period | null][]).filter((entry): entry is [keyof Windows, Period] => !!entry[1]);
    const from = toDbDate(list.reduce((min, [, p]) => (p.start < min ? p.start : min), list[0]![1].start));
    const to = toDbDate(list.reduce((max, [, p]) => (p.end > max ? p.end : max), list[0]![1].end));
    const results = await Promise.all(
      computations.map(async (computation) => {
        if (computation in RATING_SHARES) return [computation, await this.ratingShare(computation, key, windows)] as const;
        if (computation === 'STRONG_MASS_ORGANIZATIONS') return [computation, await this.strongMassOrganizations(key, windows)] as const;
        if (computation === 'MEMBERSHIP_AT_START') return [computation, await this.membershipAtStart(key, windows)] as const;
        const rows = await this.prisma.$queryRaw<{ day: Date }[]>(COMPUTATIONS[computation]!(key, from, to));
        const days = rows.map((row) => fromDbDate(row.day));
        const counted = Object.fromEntries(
          (Object.keys(windows) as (keyof Windows)[]).map((name) => {
            const window = windows[name];
            return [name, window ? { value: days.filter((day) => day >= window.start && day <= window.end).length, numerator: null, denominator: null } : null];
          }),
        ) as Record<keyof Windows, Measured | null>;
        return [computation, counted] as const;
      }),
    );
    return new Map(results);
  }

  /** The share rated GOOD or above among the ratings of each window's period, in one statement. */
  private async ratingShare(computation: string, key: number, windows: Windows): Promise<Record<keyof Windows, Measured | null>> {
    const { subject, grassrootsOnly } = RATING_SHARES[computation]!;
    const keys = Object.values(windows).filter((w): w is Period => !!w).map((w) => w.key);
    const rows = await this.prisma.$queryRaw<{ period_key: string; good: number; total: number }[]>`
      SELECT r.period_key, count(*) FILTER (WHERE r.level IN ('EXCELLENT', 'GOOD'))::int AS good, count(*)::int AS total
      FROM quality_ratings r
      JOIN organization_versions v ON v.organization_id = r.organization_id
        AND v.valid_from <= r.period_end AND (v.valid_to IS NULL OR v.valid_to > r.period_end)
      JOIN organization_kinds k ON k.code = v.kind_code
      WHERE r.subject = ${subject}::"RatingSubject" AND r.superseded_at IS NULL AND r.period_key = ANY(${keys})
        AND v.path @> ARRAY[${key}]::int[] AND (${!grassrootsOnly} OR k.is_grassroots)
      GROUP BY r.period_key`;
    return Object.fromEntries(
      (Object.keys(windows) as (keyof Windows)[]).map((name) => {
        const row = windows[name] ? rows.find((r) => r.period_key === windows[name]!.key) : undefined;
        return [name, row ? { value: percentOf(row.good, row.total), numerator: row.good, denominator: row.total } : null];
      }),
    ) as Record<keyof Windows, Measured | null>;
  }

  /** Members in the Party in the subtree on the first day of each window, in one statement. */
  private async membershipAtStart(key: number, windows: Windows): Promise<Record<keyof Windows, Measured | null>> {
    const named = (Object.entries(windows) as [keyof Windows, Period | null][]).filter((entry): entry is [keyof Windows, Period] => !!entry[1]);
    const rows = await this.prisma.$queryRaw<{ name: keyof Windows; n: number }[]>`
      SELECT w.name, count(p.member_id)::int AS n
      FROM unnest(${named.map(([name]) => name)}::text[], ${named.map(([, p]) => toDbDate(p.start))}::date[]) AS w(name, day)
      LEFT JOIN member_periods p ON p.valid_from <= w.day AND (p.valid_to IS NULL OR p.valid_to > w.day)
        AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')
        AND EXISTS (SELECT 1 FROM organization_versions v WHERE v.organization_id = p.organization_id
          AND v.valid_from <= w.day AND (v.valid_to IS NULL OR v.valid_to > w.day) AND v.path @> ARRAY[${key}]::int[])
      GROUP BY w.name`;
    return Object.fromEntries(
      (Object.keys(windows) as (keyof Windows)[]).map((name) => {
        const row = rows.find((r) => r.name === name);
        return [name, row ? { value: row.n, numerator: null, denominator: null } : null];
      }),
    ) as Record<keyof Windows, Measured | null>;
  }

  /** Mass organisations of the subtree assessed strong, among those assessed, for each window's year. */
  private async strongMassOrganizations(key: number, windows: Windows): Promise<Record<keyof Windows, Measured | null>> {
    const years = [...new Set(Object.values(windows).filter((w): w is Period => !!w).map((w) => Number(w.start.slice(0, 4))))];
    const rows = await this.prisma.$queryRaw<{ year: number; strong: number; total: number }[]>`
      SELECT a.year, count(*) FILTER (WHERE a.strong)::int AS strong, count(*)::int AS total
      FROM mass_organization_assessments a
      JOIN mass_organizations m ON m.id = a.mass_organization_id
      JOIN organization_versions v ON v.organization_id = m.organization_id
        AND v.valid_from <= make_date(a.year, 12, 31) AND (v.valid_to IS NULL OR v.valid_to > make_date(a.year, 12, 31))
      WHERE a.superseded_at IS NULL AND a.year = ANY(${years}) AND v.path @> ARRAY[${key}]::int[]
      GROUP BY a.year`;
    return Object.fromEntries(
      (Object.keys(windows) as (keyof Windows)[]).map((name) => {
        const window = windows[name];
        // Assessments are yearly: only whole years have a share.
        const row = window?.type === 'YEAR' ? rows.find((r) => r.year === Number(window.start.slice(0, 4))) : undefined;
        return [name, row ? { value: percentOf(row.strong, row.total), numerator: row.strong, denominator: row.total } : null];
      }),
    ) as Record<keyof Windows, Measured | null>;
  }

  /**
   * Entered values of the subtree, rolled up: the organisation's own value when it has one,
   * else the values of the highest organisations below it that have one (summed, or as a
   * ratio of summed parts).
   */
  private async manualValues(indicators: Indicator[], key: number, organizationId: string, windows: Windows) {
    const result = new Map<string, Record<keyof Windows, Measured>>();
    if (indicators.length === 0) return result;
    const ytdKeys = windows.ytd ? Array.from({ length: Number(windows.current.key.slice(-1)) }, (_, q) => `${windows.current.key.slice(0, 4)}-Q${q + 1}`) : [];
    const keys = [windows.current.key, windows.previous?.key, ...ytdKeys].filter((k): k is string => !!k);
    const rows = await this.prisma.indicatorValue.findMany({
      where: {
        indicatorCode: { in: indicators.map((i) => i.code) },
        periodKey: { in: keys },
        supersededAt: null,
        organization: { versions: { some: { validTo: null, path: { has: key } } } },
      },
      include: { organization: { select: { pathKey: true, versions: { where: { validTo: null }, select: { path: true } } } } },
    });
    for (const indicator of indicators) {
      const of = (periodKeys: string[]): Measured => {
        const entries = rows
          .filter((row) => row.indicatorCode === indicator.code && periodKeys.includes(row.periodKey))
          .map((row) => ({ row, path: row.organization.versions[0]?.path ?? [] }));
        const own = entries.filter((e) => e.row.organizationId === organizationId);
        const chosen = own.length > 0 || indicator.rollup === 'NONE' ? own : entries.filter((e) => !entries.some((other) => other !== e && e.path.includes(other.row.organization.pathKey) && other.path.length < e.path.length));
        if (chosen.length === 0) return { value: null, numerator: null, denominator: null };
        if (indicator.rollup === 'RATIO_OF_SUMS' || indicator.valueKind === 'RATIO') {
          const numerator = chosen.reduce((sum, e) => sum + (decimal(e.row.numerator) ?? 0), 0);
          const denominator = chosen.reduce((sum, e) => sum + (decimal(e.row.denominator) ?? 0), 0);
          return { value: percentOf(numerator, denominator), numerator, denominator };
        }
        return { value: round2(chosen.reduce((sum, e) => sum + Number(e.row.value), 0)), numerator: null, denominator: null };
      };
      result.set(indicator.code, {
        current: of([windows.current.key]),
        previous: windows.previous ? of([windows.previous.key]) : { value: null, numerator: null, denominator: null },
        ytd: windows.ytd ? of(ytdKeys) : { value: null, numerator: null, denominator: null },
      });
    }
    return result;
  }
}

/** Shares of ratings: grassroots organisations, or members, rated GOOD or above. */
const RATING_SHARES: Record<string, { subject: 'ORGANIZATION' | 'MEMBER'; grassrootsOnly: boolean }> = {
  ORGANIZATIONS_GOOD_OR_ABOVE: { subject: 'ORGANIZATION', grassrootsOnly: true },
  MEMBERS_GOOD_OR_ABOVE: { subject: 'MEMBER', grassrootsOnly: false },
};

/** Each computation returns the days its events happened, for the subtree of `key`, between `from` and `to`. */
export const COMPUTATIONS: Record<string, (key: number, from: Date, to: Date) => Prisma.Sql> = {
  // Members admitted, recognised official or transferred in: counted by the organisation the
  // member belongs to right after the event.
  MEMBERS_ADMITTED: (key, from, to) => memberEvents(['ADMITTED'], key, from, to),
  MEMBERS_RECOGNIZED: (key, from, to) => memberEvents(['RECOGNIZED_OFFICIAL'], key, from, to),
  // Transfers into an organisation of the subtree, from inside the tree or from outside it.
  MEMBERS_TRANSFERRED: (key, from, to) => memberEvents(['TRANSFERRED', 'TRANSFERRED_IN'], key, from, to),
  // Members disciplined (any form), by the branch they belonged to when decided, by the decisions
  // in force at the end of the period: a later annulment does not change the period's figure.
  MEMBERS_DISCIPLINED: (key, from, to) => Prisma.sql`
    SELECT d.effective_from AS day
    FROM discipline_records d
    JOIN organization_versions v ON v.organization_id = d.organization_id
      AND v.valid_from <= d.effective_from AND (v.valid_to IS NULL OR v.valid_to > d.effective_from)
    WHERE d.subject = 'MEMBER' AND (d.status = 'IN_FORCE' OR d.ended_on > ${to}) AND d.effective_from BETWEEN ${from} AND ${to} AND v.path @> ARRAY[${key}]::int[]`,
  PRIVATE_SECTOR_ORGANIZATIONS: (key, from, to) => Prisma.sql`
    SELECT e.effective_on AS day
    FROM organization_events e
    JOIN organization_versions v ON v.event_id = e.id
    JOIN organization_kinds k ON k.code = v.kind_code
    WHERE e.type = 'ESTABLISHED' AND e.effective_on BETWEEN ${from} AND ${to}
      AND k.is_grassroots AND v.sector IN ('PRIVATE_ENTERPRISE', 'FOREIGN_INVESTED_ENTERPRISE')
      AND v.path @> ARRAY[${key}]::int[]`,
  // Candidates who completed an awareness class that ended in the period, by their branch.
  CANDIDATES_TRAINED: (key, from, to) => Prisma.sql`
    SELECT c.ends_on AS day
    FROM class_attendances a
    JOIN training_classes c ON c.id = a.class_id
    JOIN candidates q ON q.id = a.candidate_id
    JOIN organization_versions v ON v.organization_id = q.organization_id
      AND v.valid_from <= c.ends_on AND (v.valid_to IS NULL OR v.valid_to > c.ends_on)
    WHERE c.type = 'PARTY_AWARENESS' AND a.result = 'COMPLETED' AND c.ends_on BETWEEN ${from} AND ${to}
      AND v.path @> ARRAY[${key}]::int[]`,
};

function memberEvents(types: string[], key: number, from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT e.effective_on AS day
    FROM member_events e
    JOIN member_periods p ON p.member_id = e.member_id
      AND p.valid_from <= e.effective_on AND (p.valid_to IS NULL OR p.valid_to > e.effective_on)
    JOIN organization_versions v ON v.organization_id = p.organization_id
      AND v.valid_from <= e.effective_on AND (v.valid_to IS NULL OR v.valid_to > e.effective_on)
    WHERE e.type = ANY(${types}::"MemberEventType"[]) AND e.effective_on BETWEEN ${from} AND ${to}
      AND v.path @> ARRAY[${key}]::int[]`;
}

/** Met: at least the low end, at most the high end (or the single value), or within the range. */
function meets(indicator: Indicator, actual: number, target: number, max: number | null): boolean {
  if (indicator.direction === 'AT_LEAST') return actual >= target;
  if (indicator.direction === 'AT_MOST') return actual <= (max ?? target);
  return max === null ? actual === target : actual >= target && actual <= max;
}

/** A target's numbers fit its indicator; a rate target's are percentages of a quantity. */
/**
 * Writers of the same targets or values in force take turns (locks in key order: no deadlock);
 * the constraints indicator_targets_one_in_force and indicator_values_one_in_force hold the
 * invariant whatever else writes.
 */
async function lockInForce(tx: Prisma.TransactionClient, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(${sorted}::text[]) AS k`;
}

function checkTarget(indicator: Indicator, base: Indicator | null, input: TargetInput) {
  const max = input.targetMax ?? null;
  if (base) {
    const problems: FieldProblem[] = [];
    const quantity = (i: Indicator) => i.valueKind === 'COUNT' || i.valueKind === 'MONEY_VND' || i.valueKind === 'MONEY_USD';
    if (base.code === indicator.code) problems.push({ field: 'baseIndicatorCode', message: 'a target is not a rate of its own indicator' });
    else if (!quantity(base)) problems.push({ field: 'baseIndicatorCode', message: `${base.code} is a ${base.valueKind}: a rate is of a quantity (a count or an amount)` });
    if (!quantity(indicator)) problems.push({ field: 'indicatorCode', message: `${indicator.code} is a ${indicator.valueKind}: only a count or an amount is set as a rate of another quantity` });
    for (const [field, value] of [['targetValue', input.targetValue], ['targetMax', max]] as const) {
      if (value !== null && (!Number.isFinite(value) || value <= 0 || value > 100)) problems.push({ field, message: `a rate is a percentage above 0 and at most 100, got ${value}` });
      else if (value !== null) checkPlaces(value, field);
    }
    if (problems.length > 0) throw new ValidationError(problems);
  } else {
    checkNumber(indicator, input.targetValue, 'targetValue');
    if (max !== null) checkNumber(indicator, max, 'targetMax');
  }
  if (max !== null && max <= input.targetValue) throw ValidationError.field('targetMax', `the high end of a range must be above its low end (${input.targetValue})`);
}

/** Figures are kept to four decimal places (numeric(20, 4)): a finer one would be rounded, a tiny denominator to 0. */
function checkPlaces(value: number, field: string) {
  if (Number.isFinite(value) && Math.abs(value * 1e4 - Math.round(value * 1e4)) > 1e-6) throw ValidationError.field(field, `has more than four decimal places (${value})`);
}

function checkNumber(indicator: Indicator, value: number, field: string) {
  if (!Number.isFinite(value)) throw ValidationError.field(field, 'must be a number');
  checkPlaces(value, field);
  if (indicator.valueKind === 'COUNT' && (!Number.isInteger(value) || value < 0)) throw ValidationError.field(field, 'a count is a whole number, 0 or more');
  if ((indicator.valueKind === 'PERCENTAGE' || indicator.valueKind === 'RATIO') && (value < 0 || value > 100)) {
    throw ValidationError.field(field, `a percentage is between 0 and 100, got ${value}`);
  }
}

/** The value of a row: given, or for a ratio computed from its parts. */
function ratioOrValue(indicator: Indicator, row: ValueInput, field: string): number {
  if (indicator.valueKind === 'RATIO') {
    if (row.numerator === null || row.numerator === undefined || row.denominator === null || row.denominator === undefined) {
      throw ValidationError.field(`${field}.numerator`, `${indicator.code} is a ratio: give numerator and denominator ("87 of 121")`);
    }
    checkPlaces(row.numerator, `${field}.numerator`);
    checkPlaces(row.denominator, `${field}.denominator`);
    if (!(row.denominator > 0) || row.numerator < 0 || row.numerator > row.denominator) {
      throw ValidationError.field(`${field}.numerator`, `${row.numerator} of ${row.denominator} is not a ratio of parts`);
    }
    return round2((row.numerator / row.denominator) * 100);
  }
  if (row.value === null || row.value === undefined) throw ValidationError.field(`${field}.value`, 'is required');
  checkNumber(indicator, row.value, `${field}.value`);
  return row.value;
}

