import { Value } from 'typebox/value';
import type { Prisma, PrismaClient, RegulationValue } from '../../generated/prisma/client.js';
import { inTransaction } from '../../db/transactions.js';
import { RULES, type Rule, type RuleBook } from '../../rules/rule.js';
import { fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { authorize, authorizeAnywhere, type Actor } from '../auth/access.js';

export type AddRegulationValueInput = {
  key: string;
  value: unknown;
  effectiveFrom: IsoDate;
  /** The first day it no longer applies; none while in force. */
  effectiveTo?: IsoDate | null;
  source: string;
  confirmed: boolean;
  note?: string | null;
};

const MAX_SOURCE = 1_000;
const MAX_NOTE = 2_000;

/** Every global grant's path: regulations are national, so only a global grant changes them. */
const NATIONAL: number[][] = [[]];

/**
 * The values of the regulations' rules (regulation_values): everyone signed in reads them;
 * only a global administrator adds a value or ends one, audited, and the rule book of this
 * process is reloaded at once (other instances within its time to live).
 */
export class RegulationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
  ) {}

  /** The rules the service applies: key, name and the shape of a value (JSON Schema). */
  catalogue(): Rule<unknown>[] {
    authorizeAnywhere(this.actor, 'read');
    return [...RULES.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** The values of one rule (or of all), in force on `asOf` or every one, in key and date order. */
  async values(filter: { key?: string | null; asOf?: IsoDate | null }): Promise<RegulationValue[]> {
    authorizeAnywhere(this.actor, 'read');
    const day = filter.asOf ? toDbDate(filter.asOf) : null;
    const where: Prisma.RegulationValueWhereInput[] = [];
    if (filter.key) where.push({ key: filter.key });
    if (day) where.push({ effectiveFrom: { lte: day }, OR: [{ effectiveTo: null }, { effectiveTo: { gt: day } }] });
    return this.prisma.regulationValue.findMany({ where: { AND: where }, orderBy: [{ key: 'asc' }, { effectiveFrom: 'asc' }] });
  }

  async valuesByIds(ids: readonly string[]): Promise<Map<string, RegulationValue>> {
    authorizeAnywhere(this.actor, 'read');
    const rows = await this.prisma.regulationValue.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Adds a value of a rule for a period, open (in force until ended) or closed (a past
   * period): the value must have the rule's shape and its period must not overlap another
   * value of the rule.
   */
  async add(input: AddRegulationValueInput): Promise<RegulationValue> {
    const role = authorize(this.actor, 'manageRegulations', NATIONAL);
    const rule = RULES.get(input.key);
    if (!rule) throw ValidationError.field('key', `there is no rule ${input.key}; the rules are: ${[...RULES.keys()].sort().join(', ')}`);
    const problems: FieldProblem[] = [];
    if (!Value.Check(rule.schema, input.value)) {
      for (const error of Value.Errors(rule.schema, input.value)) problems.push({ field: `value${error.instancePath.replaceAll('/', '.')}`, message: error.message });
      if (problems.length === 0) problems.push({ field: 'value', message: `does not have the shape of ${rule.key}` });
    }
    const effectiveTo = input.effectiveTo ?? null;
    if (effectiveTo && effectiveTo <= input.effectiveFrom) problems.push({ field: 'effectiveTo', message: 'is after effectiveFrom (the first day the value no longer applies)' });
    const source = input.source.trim();
    if (!source || source.length > MAX_SOURCE) problems.push({ field: 'source', message: `name the document and article (1–${MAX_SOURCE} characters)` });
    const note = input.note?.trim() || null;
    if (note && note.length > MAX_NOTE) problems.push({ field: 'note', message: `at most ${MAX_NOTE} characters` });
    if (problems.length > 0) throw new ValidationError(problems);
    const from = toDbDate(input.effectiveFrom);
    const to = effectiveTo ? toDbDate(effectiveTo) : null;
    const created = await inTransaction(this.prisma, async (tx) => {
      const overlapping = await tx.regulationValue.findFirst({
        where: { key: rule.key, ...(to ? { effectiveFrom: { lt: to } } : {}), OR: [{ effectiveTo: null }, { effectiveTo: { gt: from } }] },
        orderBy: { effectiveFrom: 'asc' },
      });
      if (overlapping) {
        const period = `${fromDbDate(overlapping.effectiveFrom)} – ${overlapping.effectiveTo ? fromDbDate(overlapping.effectiveTo) : '…'}`;
        throw new ConflictError(`the value of ${rule.key} for ${period} overlaps: end it first, or give a period around it`, 'effectiveFrom');
      }
      const row = await tx.regulationValue.create({
        data: { key: rule.key, value: input.value as Prisma.InputJsonValue, effectiveFrom: from, effectiveTo: to, source, confirmed: input.confirmed, note },
      });
      await this.audit.record(tx, role, {
        action: 'regulation.add',
        entityType: 'RegulationValue',
        entityId: row.id,
        scopePath: [],
        after: { key: rule.key, value: input.value, effectiveFrom: input.effectiveFrom, effectiveTo, source, confirmed: input.confirmed, note },
      });
      return row;
    });
    this.rules.invalidate();
    return created;
  }

  /** Ends a value from `effectiveTo` (the first day it no longer applies); the value stays. */
  async end(id: string, effectiveTo: IsoDate): Promise<RegulationValue> {
    const role = authorize(this.actor, 'manageRegulations', NATIONAL);
    const ended = await inTransaction(this.prisma, async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM regulation_values WHERE id = ${id}::uuid FOR UPDATE`;
      const row = await tx.regulationValue.findUnique({ where: { id } });
      if (!row) throw new NotFoundError('RegulationValue', id);
      if (row.effectiveTo) throw new ConflictError(`the value already ends on ${fromDbDate(row.effectiveTo)}`, 'effectiveTo');
      if (effectiveTo <= fromDbDate(row.effectiveFrom)) throw ValidationError.field('effectiveTo', `is after the value began (${fromDbDate(row.effectiveFrom)})`);
      const updated = await tx.regulationValue.update({ where: { id }, data: { effectiveTo: toDbDate(effectiveTo) } });
      await this.audit.record(tx, role, { action: 'regulation.end', entityType: 'RegulationValue', entityId: id, scopePath: [], before: { effectiveTo: null }, after: { key: row.key, effectiveTo } });
      return updated;
    });
    this.rules.invalidate();
    return ended;
  }
}
