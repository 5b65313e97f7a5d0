import type { Role } from '../../generated/prisma/client.js';
import { ForbiddenError } from '../../shared/errors.js';

/**
 * Who is acting, and with which grants. Every service is built for one actor per request
 * (`createServices(db, actor)`), so every read is filtered and every write is checked and
 * audited where the data is, whichever interface called.
 */
export type Grant = {
  role: Role;
  /** null: a global grant (the whole service). */
  organizationId: string | null;
  /** The granted organisation's path key, and its current path (its ancestors, then itself). */
  pathKey: number | null;
  path: number[];
};

export type Actor = {
  kind: 'user' | 'apiKey' | 'system';
  userId: string | null;
  name: string;
  apiKeyId: string | null;
  /** The member this user is: they may read their own record. */
  memberId: string | null;
  grants: Grant[];
  requestId: string | null;
  clientAddress: string | null;
};

/** The service itself (migrations of data, the demo dataset): every right, audited as "system". */
export const SYSTEM_ACTOR: Actor = {
  kind: 'system',
  userId: null,
  name: 'system',
  apiKeyId: null,
  memberId: null,
  grants: [{ role: 'ADMIN', organizationId: null, pathKey: null, path: [] }],
  requestId: null,
  clientAddress: null,
};

/**
 * What each role may do, declared once and used by every module. A capability is exercised
 * within the subtrees of the grants that carry it.
 */
export const CAPABILITIES = {
  /** The tree, documents, terms: every signed-in role. */
  read: ['ADMIN', 'ORGANIZATION_OFFICER', 'INSPECTION_OFFICER', 'BRANCH_SECRETARY', 'VIEWER'],
  /** Lists of members (without sensitive fields). */
  readMembers: ['ADMIN', 'ORGANIZATION_OFFICER', 'INSPECTION_OFFICER', 'BRANCH_SECRETARY', 'VIEWER'],
  /** National ID, phone, e-mail, address. */
  readSensitive: ['ADMIN', 'ORGANIZATION_OFFICER', 'BRANCH_SECRETARY'],
  manageStructure: ['ADMIN', 'ORGANIZATION_OFFICER'],
  manageMembers: ['ADMIN', 'ORGANIZATION_OFFICER'],
  manageCommittees: ['ADMIN', 'ORGANIZATION_OFFICER'],
  proposeCandidates: ['ADMIN', 'ORGANIZATION_OFFICER', 'BRANCH_SECRETARY'],
  manageTraining: ['ADMIN', 'ORGANIZATION_OFFICER'],
  recordDocuments: ['ADMIN', 'ORGANIZATION_OFFICER', 'INSPECTION_OFFICER'],
  /** Targets (chỉ tiêu) and the values reported against them. */
  manageIndicators: ['ADMIN', 'ORGANIZATION_OFFICER'],
  /** Quality ratings decided by a committee (a branch secretary records their branch's). */
  manageRatings: ['ADMIN', 'ORGANIZATION_OFFICER', 'BRANCH_SECRETARY'],
  /** Discipline decisions (kỷ luật) and their details. */
  manageDiscipline: ['ADMIN', 'INSPECTION_OFFICER'],
  readDiscipline: ['ADMIN', 'INSPECTION_OFFICER'],
  /** Inspection plans and cases, supervision: the inspection committee's work. */
  manageInspections: ['ADMIN', 'INSPECTION_OFFICER'],
  readInspections: ['ADMIN', 'INSPECTION_OFFICER'],
  /**
   * Complaints and denunciations, and who sent them: only these two roles ever see a letter,
   * and its sender is sealed in the database and read back only through them.
   */
  manageComplaints: ['ADMIN', 'INSPECTION_OFFICER'],
  readComplaints: ['ADMIN', 'INSPECTION_OFFICER'],
  /** Counts of discipline, inspections and complaints (no names): for reports. */
  readInspectionStatistics: ['ADMIN', 'ORGANIZATION_OFFICER', 'INSPECTION_OFFICER', 'VIEWER'],
  /** Commendations and Party badges awarded: public honours, readable by every role. */
  readCommendations: ['ADMIN', 'ORGANIZATION_OFFICER', 'INSPECTION_OFFICER', 'BRANCH_SECRETARY', 'VIEWER'],
  /** Recording commendations, Party badges and the serious-illness certificates that bring a badge early. */
  manageCommendations: ['ADMIN', 'ORGANIZATION_OFFICER'],
  /** Badge lists name who waits after discipline and who is seriously ill: the organisation department only. */
  prepareBadges: ['ADMIN', 'ORGANIZATION_OFFICER'],
  /** Which level may award which form (configurable data). */
  manageCommendationRules: ['ADMIN'],
  /**
   * Branch meetings: their plans, attendance, minutes and statistics. A member also reads the
   * meetings they are invited to, with their own attendance only (see MeetingService).
   */
  readMeetings: ['ADMIN', 'ORGANIZATION_OFFICER', 'INSPECTION_OFFICER', 'BRANCH_SECRETARY', 'VIEWER'],
  /** Planning, holding, correcting and assessing meetings: the branch secretary's daily work. */
  manageMeetings: ['ADMIN', 'ORGANIZATION_OFFICER', 'BRANCH_SECRETARY'],
  /**
   * Party dues: each member's basis (a salary or pension: personal), decisions, payments,
   * arrears and remittances. The inspection committee checks them; a member reads their own.
   */
  readDues: ['ADMIN', 'ORGANIZATION_OFFICER', 'INSPECTION_OFFICER', 'BRANCH_SECRETARY'],
  /** Recording bases, payments and decisions on dues: the branch collects them. */
  manageDues: ['ADMIN', 'ORGANIZATION_OFFICER', 'BRANCH_SECRETARY'],
  /** Xóa tên: the branch considers and proposes (Điều lệ Đảng Điều 8.2); the committee decides (manageMembers). */
  proposeRemoval: ['ADMIN', 'ORGANIZATION_OFFICER', 'BRANCH_SECRETARY'],
  /** The values of the regulations' rules: national data, so only a global grant changes them. */
  manageRegulations: ['ADMIN'],
  /** Holidays and make-up working days of the calendar, which every time limit counts in. */
  manageCalendar: ['ADMIN'],
  manageAccess: ['ADMIN'],
  readAudit: ['ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

function grantsFor(actor: Actor, capability: Capability): Grant[] {
  const roles: readonly Role[] = CAPABILITIES[capability];
  return actor.grants.filter((grant) => roles.includes(grant.role));
}

/**
 * The subtrees an actor may use a capability in: `null` when unrestricted (a global grant),
 * else the path keys of the granted organisations (possibly none).
 */
export function scopeOf(actor: Actor, capability: Capability): number[] | null {
  const grants = grantsFor(actor, capability);
  if (grants.some((grant) => grant.organizationId === null)) return null;
  return grants.map((grant) => grant.pathKey!);
}

/** Path keys of the organisations above the actor's grants, visible for navigation up the tree. */
export function ancestorKeysOf(actor: Actor, capability: Capability): number[] {
  return [...new Set(grantsFor(actor, capability).flatMap((grant) => grant.path.slice(0, -1)))];
}

/**
 * Checks that the actor may use `capability` on organisations with these paths (all of them),
 * and returns the role that allows it (recorded in the audit trail). Refused with FORBIDDEN.
 */
export function authorize(actor: Actor, capability: Capability, paths: readonly (readonly number[])[]): Role {
  const grants = grantsFor(actor, capability);
  const global = grants.find((grant) => grant.organizationId === null);
  if (global) return global.role;
  let role: Role | undefined;
  for (const path of paths) {
    const grant = grants.find((candidate) => path.includes(candidate.pathKey!));
    if (!grant) throw new ForbiddenError();
    role ??= grant.role;
  }
  if (!role) {
    if (grants.length === 0) throw new ForbiddenError();
    role = grants[0]!.role;
  }
  return role;
}

/** A capability that needs no organisation (managing users, reading the audit trail). */
export function authorizeAnywhere(actor: Actor, capability: Capability): Role {
  const grants = grantsFor(actor, capability);
  if (grants.length === 0) throw new ForbiddenError();
  return grants.find((grant) => grant.organizationId === null)?.role ?? grants[0]!.role;
}

/** Whether the actor may use `capability` on an organisation with this path (no error). */
export function may(actor: Actor, capability: Capability, path: readonly number[]): boolean {
  const grants = grantsFor(actor, capability);
  return grants.some((grant) => grant.organizationId === null || path.includes(grant.pathKey!));
}

/** The current path of an organisation, for authorising a change to it. */
export async function currentPath(
  tx: { organizationVersion: { findFirst(args: object): Promise<{ path: number[] } | null> } },
  organizationId: string,
): Promise<number[]> {
  const version = await tx.organizationVersion.findFirst({ where: { organizationId, validTo: null }, select: { path: true } });
  return version?.path ?? [];
}

type RawQuerier = { $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<T> };

/**
 * The current path of each member's branch (the organisation of their latest period): what a
 * change to a member is authorised on, whatever day the change is dated. A member who has
 * since left the caller's subtree is out of reach, even for a back-dated record. One statement.
 */
export async function memberPaths(db: RawQuerier, memberIds: readonly string[]): Promise<Map<string, number[]>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ member_id: string; path: number[] }[]>`
    SELECT p.member_id::text, v.path
    FROM member_periods p
    JOIN organization_versions v ON v.organization_id = p.organization_id AND v.valid_to IS NULL
    WHERE p.member_id = ANY(${[...new Set(memberIds)]}::uuid[]) AND p.valid_to IS NULL`;
  return new Map(rows.map((row) => [row.member_id, row.path]));
}

/** The current paths of organisations, in one statement. */
export async function organizationPaths(db: RawQuerier, organizationIds: readonly string[]): Promise<Map<string, number[]>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ organization_id: string; path: number[] }[]>`
    SELECT organization_id::text, path FROM organization_versions
    WHERE organization_id = ANY(${[...new Set(organizationIds)]}::uuid[]) AND valid_to IS NULL`;
  return new Map(rows.map((row) => [row.organization_id, row.path]));
}

/**
 * Authorises a change to these members and organisations before anything else about them is
 * read: each must exist and lie in the actor's subtrees for `capability`. An id that does not
 * exist is refused like one outside the subtrees, so a refusal tells nothing about either.
 */
export async function authorizeSubjects(
  db: RawQuerier,
  actor: Actor,
  capability: Capability,
  subjects: { memberIds?: readonly string[]; organizationIds?: readonly string[] },
): Promise<{ role: Role; memberPaths: Map<string, number[]>; organizationPaths: Map<string, number[]> }> {
  // One after the other: inside a transaction both would share one connection.
  const members = await memberPaths(db, subjects.memberIds ?? []);
  const organizations = await organizationPaths(db, subjects.organizationIds ?? []);
  const paths: number[][] = [];
  for (const id of subjects.memberIds ?? []) paths.push(members.get(id) ?? UNKNOWN);
  for (const id of subjects.organizationIds ?? []) paths.push(organizations.get(id) ?? UNKNOWN);
  return { role: authorize(actor, capability, paths), memberPaths: members, organizationPaths: organizations };
}

// A path no grant holds: an unknown subject passes only for a global grant, and is then
// reported as not found by the service's own checks.
const UNKNOWN: number[] = [-1];
