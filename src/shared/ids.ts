import { ValidationError } from './errors.js';

/**
 * Public ids are opaque global ids ("Organization:<uuid>" in base64), the same in GraphQL
 * and REST, so a client can pass an id from one to the other.
 */
export type EntityType =
  | 'Organization'
  | 'Document'
  | 'OrganizationEvent'
  | 'Member'
  | 'MemberEvent'
  | 'Term'
  | 'CommitteePosition'
  | 'Candidate'
  | 'TrainingClass'
  | 'DisciplineRecord'
  | 'OrganizationSuspension'
  | 'Complaint'
  | 'InspectionPlan'
  | 'InspectionCase'
  | 'Supervision'
  | 'CommendationAuthority'
  | 'RegulationValue'
  | 'DisciplineAuthority'
  | 'Commendation'
  | 'PartyBadge'
  | 'SeriousIllnessCertification';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toGlobalId(type: EntityType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
}

export function parseGlobalId(globalId: string): { type: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  if (!UUID.test(id) || Buffer.from(decoded, 'utf8').toString('base64') !== globalId) return null;
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
