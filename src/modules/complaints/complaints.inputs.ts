import { fromGlobalId } from '../../shared/ids.js';
import type { ExtendComplaintInput, ReceiveComplaintInput, ResolveComplaintInput } from './complaints.service.js';

/** Inputs as GraphQL and REST receive them (global ids), decoded for the service. */
type Received = Omit<ReceiveComplaintInput, 'sender'> & { sender?: ReceiveComplaintInput['sender'] | null };

export function decodeReceiveComplaint(input: Received): ReceiveComplaintInput {
  return {
    ...input,
    handlerId: fromGlobalId('Organization', input.handlerId, 'handlerId'),
    concerningMemberId: input.concerningMemberId ? fromGlobalId('Member', input.concerningMemberId, 'concerningMemberId') : null,
    concerningOrganizationId: input.concerningOrganizationId ? fromGlobalId('Organization', input.concerningOrganizationId, 'concerningOrganizationId') : null,
    disciplineRecordId: input.disciplineRecordId ? fromGlobalId('DisciplineRecord', input.disciplineRecordId, 'disciplineRecordId') : null,
  };
}

export function decodeExtendComplaint(complaintId: string, input: Omit<ExtendComplaintInput, 'complaintId'>): ExtendComplaintInput {
  return { ...input, complaintId: fromGlobalId('Complaint', complaintId, 'complaintId'), decisionId: fromGlobalId('Document', input.decisionId, 'decisionId') };
}

export function decodeResolveComplaint(complaintId: string, input: Omit<ResolveComplaintInput, 'complaintId'>): ResolveComplaintInput {
  return { ...input, complaintId: fromGlobalId('Complaint', complaintId, 'complaintId'), decisionId: fromGlobalId('Document', input.decisionId, 'decisionId') };
}
