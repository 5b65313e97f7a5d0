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
  inspectionCaseId?: string | null;
  gravity?: DisciplineRecord['gravity'];
  membersTransferredToId?: string | null;
};

export function decodeDisciplineInput(input: InputArg) {
  return {
    ...input,
    memberId: input.memberId ? fromGlobalId('Member', input.memberId, 'memberId') : null,
    organizationId: input.organizationId ? fromGlobalId('Organization', input.organizationId, 'organizationId') : null,
    decisionId: fromGlobalId('Document', input.decisionId, 'decisionId'),
    authorityId: fromGlobalId('Organization', input.authorityId, 'authorityId'),
    inspectionCaseId: input.inspectionCaseId ? fromGlobalId('InspectionCase', input.inspectionCaseId, 'inspectionCaseId') : null,
    membersTransferredToId: input.membersTransferredToId ? fromGlobalId('Organization', input.membersTransferredToId, 'membersTransferredToId') : null,
  };
}

export function decodeSuspendOrganization(input: { organizationId: string; startsOn: string; endsOn?: string | null; reason: string; decisionId: string }) {
  return { ...input, organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId'), decisionId: fromGlobalId('Document', input.decisionId, 'decisionId') };
}

export function decodeReinstateOrganization(input: { suspensionId: string; reinstatedOn: string; decisionId: string }) {
  return { ...input, suspensionId: fromGlobalId('OrganizationSuspension', input.suspensionId, 'suspensionId'), decisionId: fromGlobalId('Document', input.decisionId, 'decisionId') };
}
