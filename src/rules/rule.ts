import type { IsoDate } from '../shared/dates.js';

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
  if (!version) throw new Error(`rule ${rule.name} has no version in force on ${date}`);
  return version;
}
