import type { IsoDate } from '../shared/dates.js';
import { RuleViolationError } from '../shared/errors.js';

/**
 * A value set by a regulation. Values that have changed before are kept as a list of
 * versions with the date each took effect, so that past dates are judged by the rule of
 * their time. `confirmed: false` marks values DOMAIN.md could not confirm (configurable).
 */
export type RuleVersion<T> = { value: T; effectiveFrom: IsoDate; source: string; confirmed?: boolean };
export type Rule<T> = { name: string; versions: RuleVersion<T>[] };

export function ruleAt<T>(rule: Rule<T>, date: IsoDate): RuleVersion<T> {
  const version = [...rule.versions]
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))
    .find((candidate) => candidate.effectiveFrom <= date);
  // A date before the first version is a caller's date the regulations do not reach: an
  // expected refusal naming the rule, not an internal error.
  if (!version) {
    const first = rule.versions.map((candidate) => candidate.effectiveFrom).sort()[0];
    throw new RuleViolationError('NO_RULE_IN_FORCE', `no version of the rule ${rule.name} was in force on ${date} (the first took effect on ${first})`);
  }
  return version;
}
