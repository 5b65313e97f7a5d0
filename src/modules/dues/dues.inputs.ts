import type { DuesAdjustmentKind, DuesChannel, DuesGroup } from '../../generated/prisma/client.js';
import { fromGlobalId } from '../../shared/ids.js';
import type { DuesAdjustmentInput, DuesBasisInput, DuesPaymentInput } from './dues.service.js';

/** Dues inputs as GraphQL and REST receive them (global ids), decoded for the service. */
export function decodeBasis(input: { memberId: string; fromMonth: string; group: DuesGroup; baseAmount?: number | null; setAmount?: number | null; note?: string | null }): DuesBasisInput {
  return { ...input, memberId: fromGlobalId('Member', input.memberId, 'memberId') };
}

export function decodeAdjustment(input: {
  memberId: string;
  kind: DuesAdjustmentKind;
  percent?: number | null;
  fromMonth: string;
  toMonth: string;
  reason: string;
  decisionId: string;
  decidedOn: string;
}): DuesAdjustmentInput {
  return { ...input, memberId: fromGlobalId('Member', input.memberId, 'memberId'), decisionId: fromGlobalId('Document', input.decisionId, 'decisionId') };
}

export function decodePayments(rows: readonly { memberId: string; month: string; amount: number; paidOn: string; channel: DuesChannel; reference?: string | null }[]): DuesPaymentInput[] {
  return rows.map((row, i) => ({ ...row, memberId: fromGlobalId('Member', row.memberId, `payments.${i}.memberId`) }));
}
