import type { Database } from './db/database.js';
import { CandidateService } from './modules/candidates/candidates.service.js';
import { CommitteeService } from './modules/committees/committees.service.js';
import { DocumentService } from './modules/documents/documents.service.js';
import { MemberService } from './modules/members/members.service.js';
import { OrganizationService } from './modules/organizations/organizations.service.js';

/** One instance of each module's service, shared by GraphQL and REST so both always agree. */
export type Services = {
  organizations: OrganizationService;
  documents: DocumentService;
  members: MemberService;
  committees: CommitteeService;
  candidates: CandidateService;
};

export function createServices(db: Database): Services {
  return {
    organizations: new OrganizationService(db.prisma),
    documents: new DocumentService(db.prisma),
    members: new MemberService(db.prisma),
    committees: new CommitteeService(db.prisma),
    candidates: new CandidateService(db.prisma),
  };
}
