import { fromGlobalId } from '../../shared/ids.js';
import type { AdvanceCaseInput, ConcludeSupervisionInput, CreatePlanInput, OpenCaseInput, StartSupervisionInput, SubjectInput, TeamMemberInput } from './inspections.service.js';

/** Inputs as GraphQL and REST receive them (global ids), decoded for the service. */
const subjects = (list: SubjectInput[]) =>
  list.map((s, i) => ({
    memberId: s.memberId ? fromGlobalId('Member', s.memberId, `subjects.${i}.memberId`) : null,
    organizationId: s.organizationId ? fromGlobalId('Organization', s.organizationId, `subjects.${i}.organizationId`) : null,
  }));
const team = (list: TeamMemberInput[] | null | undefined) =>
  list?.map((m, i) => ({ ...m, memberId: m.memberId ? fromGlobalId('Member', m.memberId, `team.${i}.memberId`) : null })) ?? null;
const optionalDocument = (id: string | null | undefined, field: string) => (id ? fromGlobalId('Document', id, field) : null);
const optionalPlan = (id: string | null | undefined) => (id ? fromGlobalId('InspectionPlan', id, 'planId') : null);

export const decodeCreatePlan = (input: CreatePlanInput): CreatePlanInput => ({
  ...input,
  organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId'),
  documentId: optionalDocument(input.documentId, 'documentId'),
});

export const decodeOpenCase = (input: OpenCaseInput): OpenCaseInput => ({
  ...input,
  authorityId: fromGlobalId('Organization', input.authorityId, 'authorityId'),
  planId: optionalPlan(input.planId),
  decisionId: optionalDocument(input.decisionId, 'decisionId'),
  subjects: subjects(input.subjects),
  team: team(input.team),
});

export const decodeAdvanceCase = (caseId: string, input: Omit<AdvanceCaseInput, 'caseId'>): AdvanceCaseInput => ({
  ...input,
  caseId: fromGlobalId('InspectionCase', caseId, 'caseId'),
  documentId: optionalDocument(input.documentId, 'documentId'),
  team: team(input.team),
});

export const decodeStartSupervision = (input: StartSupervisionInput): StartSupervisionInput => ({
  ...input,
  authorityId: fromGlobalId('Organization', input.authorityId, 'authorityId'),
  planId: optionalPlan(input.planId),
  documentId: optionalDocument(input.documentId, 'documentId'),
  subjects: subjects(input.subjects),
});

export const decodeConcludeSupervision = (supervisionId: string, input: Omit<ConcludeSupervisionInput, 'supervisionId'>): ConcludeSupervisionInput => ({
  ...input,
  supervisionId: fromGlobalId('Supervision', supervisionId, 'supervisionId'),
});
