import type { TSchema } from 'typebox';
import type { PrismaClient } from '../generated/prisma/client.js';
import { fromDbDate, fromDbDateOrNull, type IsoDate } from '../shared/dates.js';
import { RuleViolationError } from '../shared/errors.js';

/**
 * A rule of the Party's regulations whose values are dated data: the `regulation_values`
 * table holds each value with the period it applies to, its source and whether the source was
 * checked, so past dates are judged by the rule of their time and an office corrects a value
 * without a release. The code knows only the rule's key, its name and the shape of its value.
 */
export type Rule<T> = { key: string; name: string; schema: TSchema; readonly _value?: T };

/** One value of a rule over [effectiveFrom, effectiveTo). */
export type RuleVersion<T> = {
  id: string;
  key: string;
  value: T;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  source: string;
  confirmed: boolean;
  /** The source as refusals and warnings name it: marked when it was not confirmed. */
  citation: string;
};

/** Every rule the service applies, by key: what administrators may give values for. */
export const RULES = new Map<string, Rule<unknown>>();

export function defineRule<T>(key: string, name: string, schema: TSchema): Rule<T> {
  if (RULES.has(key)) throw new Error(`the rule ${key} is defined twice`);
  const rule: Rule<T> = { key, name, schema };
  RULES.set(key, rule as Rule<unknown>);
  return rule;
}

export function citationOf(source: string, confirmed: boolean): string {
  return confirmed ? source : `${source}; unconfirmed`;
}

/** The values of every rule as loaded at one moment: what a request judges by. */
export class RuleSnapshot {
  constructor(private readonly versions: ReadonlyMap<string, readonly RuleVersion<unknown>[]>) {}

  /** The value of `rule` in force on `date`; a date no value reaches is refused, naming the rule. */
  at<T>(rule: Rule<T>, date: IsoDate): RuleVersion<T> {
    const versions = this.versions.get(rule.key) ?? [];
    const version = versions.find((candidate) => candidate.effectiveFrom <= date && (!candidate.effectiveTo || date < candidate.effectiveTo));
    if (!version) {
      const periods = versions.map((v) => `${v.effectiveFrom} – ${v.effectiveTo ?? '…'}`).join(', ') || 'none';
      throw new RuleViolationError('NO_RULE_IN_FORCE', `no value of the rule ${rule.name} (${rule.key}) was in force on ${date} (values: ${periods})`);
    }
    return version as RuleVersion<T>;
  }
}

/**
 * The rule values of one process: loaded in one statement, kept for `ttlMs` (so another
 * instance's change reaches this one within that time) and reloaded at once after a change made
 * here. Services ask for `current()` at the start of the work that applies rules.
 */
export class RuleBook {
  private snapshot: RuleSnapshot | null = null;
  private loadedAt = 0;
  private loading: Promise<RuleSnapshot> | null = null;
  /** Moves on every invalidation: a load begun before a change does not keep its stale result. */
  private generation = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs = 30_000,
  ) {}

  async current(): Promise<RuleSnapshot> {
    if (this.snapshot && Date.now() - this.loadedAt < this.ttlMs) return this.snapshot;
    if (!this.loading) {
      const loading = this.load().finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  /** Forgets the loaded values: the next `current()` reads them again. */
  invalidate(): void {
    this.snapshot = null;
    this.loading = null;
    this.generation++;
  }

  private async load(): Promise<RuleSnapshot> {
    const generation = this.generation;
    const rows = await this.prisma.regulationValue.findMany({ orderBy: [{ key: 'asc' }, { effectiveFrom: 'asc' }] });
    const versions = new Map<string, RuleVersion<unknown>[]>();
    for (const row of rows) {
      const version: RuleVersion<unknown> = {
        id: row.id,
        key: row.key,
        value: row.value,
        effectiveFrom: fromDbDate(row.effectiveFrom),
        effectiveTo: fromDbDateOrNull(row.effectiveTo),
        source: row.source,
        confirmed: row.confirmed,
        citation: citationOf(row.source, row.confirmed),
      };
      versions.set(row.key, [...(versions.get(row.key) ?? []), version]);
    }
    const snapshot = new RuleSnapshot(versions);
    if (generation === this.generation) {
      this.snapshot = snapshot;
      this.loadedAt = Date.now();
    }
    return snapshot;
  }
}
