import { fromGlobalId } from '../../shared/ids.js';

/** A row of values as GraphQL and REST receive it (global ids). */
type ValueRowArg = { organizationId: string; indicatorCode: string; period: { year?: number | null; quarter?: number | null; termId?: string | null }; value?: number | null; numerator?: number | null; denominator?: number | null; sourceDocumentId?: string | null };

/** Decodes the global ids of value rows, naming the row of a bad one. */
export function decodeValueRows(rows: ValueRowArg[]) {
  return rows.map((row, index) => ({
    ...row,
    organizationId: fromGlobalId('Organization', row.organizationId, `rows.${index}.organizationId`),
    period: { ...row.period, termId: row.period.termId ? fromGlobalId('Term', row.period.termId, `rows.${index}.period.termId`) : null },
    sourceDocumentId: row.sourceDocumentId ? fromGlobalId('Document', row.sourceDocumentId, `rows.${index}.sourceDocumentId`) : null,
  }));
}
