import { v7 as uuidv7 } from 'uuid';
import type { DocumentType, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { toDbDate, type IsoDate } from '../../shared/dates.js';
import { searchKey } from '../../shared/text.js';

/**
 * A decision (or a resolution, a report) as a spreadsheet names it: its number, its issuer, and
 * the day of the event it decides (or the day it was issued); a decision unless a type is given.
 */
export type DecisionRef = { number: string; issuer: string | null; on: IsoDate; type?: DocumentType };

const TITLES: Partial<Record<DocumentType, string>> = { DECISION: 'Quyết định', RESOLUTION: 'Nghị quyết', REPORT: 'Báo cáo' };

/**
 * Decisions by number and issuer: an existing document (its issuer's name matched without
 * case or diacritics; by number alone when only one has it), or a new one to record, once per
 * number and issuer, dated by the first event that cites it.
 */
export async function decisionResolver(prisma: PrismaClient, refs: readonly (DecisionRef | null)[]) {
  const numbers = [...new Set(refs.flatMap((ref) => (ref ? [ref.number] : [])))];
  const existing = numbers.length
    ? await prisma.$queryRaw<{ id: string; number: string; issuer: string | null }[]>`
        SELECT d.id::text, d.number, coalesce(d.issuer_name, v.name) AS issuer
        FROM documents d LEFT JOIN organization_versions v ON v.organization_id = d.issuer_id AND v.valid_to IS NULL
        WHERE d.number = ANY(${numbers}::text[])`
    : [];
  const byNumber = new Map<string, typeof existing>();
  for (const row of existing) byNumber.set(row.number, [...(byNumber.get(row.number) ?? []), row]);
  const fresh = new Map<string, Prisma.DocumentCreateManyInput>();
  return {
    resolve(ref: DecisionRef): { id: string } | { problem: string; code: string } {
      const candidates = byNumber.get(ref.number) ?? [];
      const matching = ref.issuer ? candidates.filter((c) => c.issuer && searchKey(c.issuer) === searchKey(ref.issuer)) : candidates;
      if (matching.length === 1) return { id: matching[0]!.id };
      if (matching.length > 1) return { code: 'AMBIGUOUS_DECISION', problem: `${matching.length} recorded decisions have this number${ref.issuer ? ' and issuer' : ''}: name the issuer (Cấp quyết định)` };
      if (!ref.issuer) return { code: 'DECISION_ISSUER_REQUIRED', problem: 'this decision is not recorded yet: give its issuer (Cấp quyết định) to record it' };
      const key = `${ref.number}\u0000${searchKey(ref.issuer)}`;
      const known = fresh.get(key);
      if (known) {
        if (ref.on < fromDb(known.issuedOn)) known.issuedOn = toDbDate(ref.on);
        return { id: known.id! };
      }
      const type = ref.type ?? 'DECISION';
      const title = `${TITLES[type] ?? 'Văn bản'} số ${ref.number}`;
      const document: Prisma.DocumentCreateManyInput = { id: uuidv7(), type, number: ref.number, issuedOn: toDbDate(ref.on), issuerName: ref.issuer, title, searchText: searchKey(ref.number, title) };
      fresh.set(key, document);
      return { id: document.id! };
    },
    created: () => [...fresh.values()],
  };
}

const fromDb = (value: Date | string): IsoDate => (value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10));
