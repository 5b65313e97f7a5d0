import { ValidationError } from './errors.js';

/**
 * Public ids are opaque global ids ("Organization:<uuid>" in base64), the same in GraphQL
 * and REST, so a client can pass an id from one to the other.
 */
export const ENTITY_TYPES = [
  'Organization',
  'Document',
  'OrganizationEvent',
  'Member',
  'MemberEvent',
  'Term',
  'CommitteePosition',
  'Candidate',
  'TrainingClass',
  'DisciplineRecord',
  'OrganizationSuspension',
  'Complaint',
  'InspectionPlan',
  'InspectionCase',
  'Supervision',
  'CommendationAuthority',
  'RegulationValue',
  'DisciplineAuthority',
  'Commendation',
  'PartyBadge',
  'SeriousIllnessCertification',
  'ClassAttendance',
  'MassOrganization',
  'IndicatorTarget',
  'User',
  'RoleGrant',
  'ApiKey',
  'AuditEvent',
  'Meeting',
  'DuesPayment',
  'DuesAdjustment',
  'RemovalProposal',
  'QualityRating',
  'Job',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Audit events are numbered (bigint), everything else has a uuid. */
const SERIAL = /^[1-9][0-9]{0,17}$/;

/** Whether `id` has the shape of a database id of `type`: what may be sent to the database. */
export function isDatabaseId(type: string, id: string): boolean {
  return type === 'AuditEvent' ? SERIAL.test(id) : UUID.test(id);
}

export function toGlobalId(type: EntityType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
}

export function parseGlobalId(globalId: string): { type: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  if (!isDatabaseId(type, id) || Buffer.from(decoded, 'utf8').toString('base64') !== globalId) return null;
  return { type, id };
}

/** The database id inside a global id of `type`, or a ValidationError naming `field`. */
export function fromGlobalId(type: EntityType, globalId: string, field: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw ValidationError.field(field, `"${globalId}" is not a valid ${type} id`);
  return parsed.id.toLowerCase();
}

/** A plain database id (uuid) given by a client, or a ValidationError naming `field`. */
export function requireUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw ValidationError.field(field, `"${value}" is not a valid id`);
  return value.toLowerCase();
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(ENTITY_TYPES);

/**
 * The public form of an id recorded with its type (the audit trail's entity ids): the global
 * id where the type has one, the recorded value otherwise (e.g. a calendar day's date).
 */
export function publicId(type: string, id: string): string {
  return KNOWN_TYPES.has(type) && isDatabaseId(type, id) ? toGlobalId(type as EntityType, id) : id;
}

/** The recorded value behind a public id given by a client: the inverse of publicId. */
export function recordedId(id: string): { type: string | null; id: string } {
  const parsed = parseGlobalId(id);
  return parsed && KNOWN_TYPES.has(parsed.type) ? { type: parsed.type, id: parsed.id.toLowerCase() } : { type: null, id };
}
