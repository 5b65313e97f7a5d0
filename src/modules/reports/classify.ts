import type { Classification, ClassificationRow } from '../../rules/reports.js';
import { searchKey } from '../../shared/text.js';

/** What one recorded text counts as: a row of the form, "none" (no religion…), or nothing known. */
export type Classified = { kind: 'ROW'; row: ClassificationRow } | { kind: 'NONE' } | { kind: 'UNCLASSIFIED' };

/**
 * Sorts the texts offices typed into a form's rows. Texts are compared as search keys (no case,
 * diacritics or punctuation: "H'Mông", "Hmông" and "HMÔNG" are one), first by the whole text,
 * then by the prefixes a row lists (at a word boundary); the first row that matches (and whose
 * sectors, if it names any, include the member's branch's) wins.
 */
export class Classifier {
  private readonly exact = new Map<string, ClassificationRow[]>();
  private readonly prefixes: [string, ClassificationRow][] = [];
  private readonly none: Set<string>;

  constructor(readonly classification: Classification) {
    for (const row of classification.rows) {
      for (const value of row.values) {
        const key = searchKey(value);
        this.exact.set(key, [...(this.exact.get(key) ?? []), row]);
      }
      for (const prefix of row.prefixes ?? []) this.prefixes.push([searchKey(prefix), row]);
    }
    // Longest prefixes first: "cao dang" before "cao".
    this.prefixes.sort((a, b) => b[0].length - a[0].length);
    this.none = new Set(classification.none.map((value) => searchKey(value)));
  }

  /** `sector`: of the member's branch, for rows that apply to some sectors only. */
  classify(text: string | null, sector: string | null = null): Classified {
    const key = searchKey(text ?? '');
    const fits = (row: ClassificationRow) => !row.sectors || (sector !== null && (row.sectors as string[]).includes(sector));
    const row = this.exact.get(key)?.find(fits) ?? this.prefixes.find(([prefix, candidate]) => (key === prefix || key.startsWith(`${prefix} `)) && fits(candidate))?.[1];
    if (row) return { kind: 'ROW', row };
    return this.none.has(key) ? { kind: 'NONE' } : { kind: 'UNCLASSIFIED' };
  }
}
