import type { Database } from './db/database.js';
import type { Actor } from './modules/auth/access.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthService, type PrincipalRow, type TokenSettings } from './modules/auth/auth.service.js';
import type { PrincipalCache } from './modules/auth/principal-cache.js';
import { CandidateService } from './modules/candidates/candidates.service.js';
import { CommitteeService } from './modules/committees/committees.service.js';
import { DocumentService } from './modules/documents/documents.service.js';
import { IndicatorService } from './modules/indicators/indicators.service.js';
import { RatingService } from './modules/ratings/ratings.service.js';
import { MassOrganizationService } from './modules/mass-organizations/mass-organizations.service.js';
import { CalendarService } from './modules/calendar/calendar.service.js';
import { DisciplineService } from './modules/discipline/discipline.service.js';
import { MemberService } from './modules/members/members.service.js';
import { OrganizationService } from './modules/organizations/organizations.service.js';
import { ComplaintService } from './modules/complaints/complaints.service.js';
import { InspectionService } from './modules/inspections/inspections.service.js';
import { InspectionStatisticsService } from './modules/inspections/statistics.service.js';
import { CommendationService } from './modules/commendations/commendations.service.js';
import { PartyBadgeService } from './modules/commendations/badges.service.js';
import { MeetingService } from './modules/meetings/meetings.service.js';
import { MeetingStatisticsService } from './modules/meetings/meetings.statistics.js';
import { DuesService } from './modules/dues/dues.service.js';
import { DueItemService } from './modules/due-items/due-items.service.js';
import { RemovalService } from './modules/removals/removals.service.js';
import { RegulationService } from './modules/regulations/regulations.service.js';
import { JobService } from './modules/jobs/jobs.service.js';
import type { Sealer } from './shared/sealing.js';
import type { RuleBook } from './rules/rule.js';
import { ReportFormService } from './modules/reports/forms.service.js';
import { PeriodReportService } from './modules/reports/period-report.service.js';

/**
 * The module services for one actor: GraphQL and REST both call these, so both always
 * agree, and every read is scoped and every write checked and audited for that actor.
 */
export type Services = {
  actor: Actor;
  audit: AuditService;
  auth: AuthService;
  organizations: OrganizationService;
  documents: DocumentService;
  members: MemberService;
  committees: CommitteeService;
  candidates: CandidateService;
  indicators: IndicatorService;
  ratings: RatingService;
  massOrganizations: MassOrganizationService;
  discipline: DisciplineService;
  calendar: CalendarService;
  complaints: ComplaintService;
  inspections: InspectionService;
  inspectionStatistics: InspectionStatisticsService;
  commendations: CommendationService;
  partyBadges: PartyBadgeService;
  regulations: RegulationService;
  meetings: MeetingService;
  meetingStatistics: MeetingStatisticsService;
  dues: DuesService;
  dueItems: DueItemService;
  removals: RemovalService;
  jobs: JobService;
  reportForms: ReportFormService;
  periodReports: PeriodReportService;
};

export function createServices(
  db: Database,
  actor: Actor,
  tokens: TokenSettings,
  sealer: Sealer,
  rules: RuleBook,
  principals?: PrincipalCache<PrincipalRow[]>,
): Services {
  const audit = new AuditService(db.prisma, actor);
  const organizations = new OrganizationService(db.prisma, actor, audit, db.reader);
  const calendar = new CalendarService(db.prisma, actor, audit, rules);
  const members = new MemberService(db.prisma, actor, audit, rules, calendar, db.reader);
  const discipline = new DisciplineService(db.prisma, actor, audit, members, organizations, rules);
  const indicators = new IndicatorService(db.prisma, actor, audit, organizations);
  const ratings = new RatingService(db.prisma, actor, audit, rules);
  const inspectionStatistics = new InspectionStatisticsService(db.prisma, actor);
  const commendations = new CommendationService(db.prisma, actor, audit, rules);
  return {
    actor,
    audit,
    auth: new AuthService(db.prisma, actor, audit, tokens, db.reader, principals),
    organizations,
    documents: new DocumentService(db.prisma, actor, audit),
    members,
    committees: new CommitteeService(db.prisma, actor, audit, rules),
    candidates: new CandidateService(db.prisma, actor, audit),
    indicators,
    ratings,
    massOrganizations: new MassOrganizationService(db.prisma, actor, audit),
    discipline,
    calendar,
    complaints: new ComplaintService(db.prisma, actor, audit, sealer, calendar, discipline, rules),
    inspections: new InspectionService(db.prisma, actor, audit, rules),
    inspectionStatistics,
    commendations,
    partyBadges: new PartyBadgeService(db.prisma, actor, audit, rules),
    regulations: new RegulationService(db.prisma, actor, audit, rules),
    meetings: new MeetingService(db.prisma, actor, audit, rules),
    meetingStatistics: new MeetingStatisticsService(db.prisma, actor, rules),
    dues: new DuesService(db.prisma, actor, audit, rules),
    dueItems: new DueItemService(db.prisma, actor, rules),
    removals: new RemovalService(db.prisma, actor, audit, rules, members),
    jobs: new JobService(db.prisma, actor),
    reportForms: new ReportFormService(db.prisma, actor, rules, members, organizations),
    periodReports: new PeriodReportService(db.prisma, actor, members, organizations, indicators, ratings, inspectionStatistics, commendations),
  };
}
