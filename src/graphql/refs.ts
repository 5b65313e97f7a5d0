import type {
  Candidate,
  ClassAttendance,
  CommitteePosition,
  DisciplineRecord,
  Document,
  MemberEvent,
  OrganizationEvent,
  OrganizationEventParticipant,
  Term,
  TrainingClass,
} from '../generated/prisma/client.js';
import type { InspectionCaseView } from '../modules/inspections/inspections.service.js';
import type { MemberView } from '../modules/members/members.service.js';
import type { OrganizationKindWithParents, OrganizationView } from '../modules/organizations/organizations.service.js';
import { builder } from './builder.js';

// Object refs shared across modules, declared apart from their fields so that modules can
// point at each other's types without import cycles.
export const OrganizationRef = builder.objectRef<OrganizationView>('Organization');
export const OrganizationKindRef = builder.objectRef<OrganizationKindWithParents>('OrganizationKind');
export const OrganizationEventRef = builder.objectRef<OrganizationEvent>('OrganizationEvent');
export const EventParticipantRef = builder.objectRef<OrganizationEventParticipant>('OrganizationEventParticipant');
export const DocumentRef = builder.objectRef<Document>('Document');
export const MemberRef = builder.objectRef<MemberView>('Member');
export const MemberEventRef = builder.objectRef<MemberEvent>('MemberEvent');
export const TermRef = builder.objectRef<Term>('Term');
export const CommitteePositionRef = builder.objectRef<CommitteePosition>('CommitteePosition');
export const CandidateRef = builder.objectRef<Candidate>('Candidate');
export const TrainingClassRef = builder.objectRef<TrainingClass>('TrainingClass');
export const ClassAttendanceRef = builder.objectRef<ClassAttendance>('ClassAttendance');
export const DisciplineRecordRef = builder.objectRef<DisciplineRecord>('DisciplineRecord');
export const InspectionCaseRef = builder.objectRef<InspectionCaseView>('InspectionCase');
