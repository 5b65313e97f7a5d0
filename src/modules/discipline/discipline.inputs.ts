import type { DisciplineRecord } from '../../generated/prisma/client.js';
import { fromGlobalId } from '../../shared/ids.js';

/** A discipline decision as GraphQL and REST receive it (global ids). */
type InputArg = {
  memberId?: string | null;
  organizationId?: string | null;
  form: DisciplineRecord['form'];
  category: DisciplineRecord['category'];
  violationSummary: string;
  violatedOn: string;
  decidedOn: string;
  effectiveFrom?: string | null;
  decisionId: string;
  authorityId: string;
};

export function decodeDisciplineInput(input: InputArg) {
  return {
    ...input,
    memberId: input.memberId ? fromGlobalId('Member', input.memberId, 'memberId') : null,
    organizationId: input.organizationId ? fromGlobalId('Organization', input.organizationId, 'organizationId') : null,
    decisionId: fromGlobalId('Document', input.decisionId, 'decisionId'),
    authorityId: fromGlobalId('Organization', input.authorityId, 'authorityId'),
  };
}
