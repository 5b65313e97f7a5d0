import DataLoader from 'dataloader';
import type { Services } from '../services.js';
import { createCommitteeLoaders } from '../modules/committees/committees.loaders.js';
import { createMemberLoaders } from '../modules/members/members.loaders.js';
import { createOrganizationLoaders } from '../modules/organizations/organizations.loaders.js';

/** The loaders of one module, made together: a group's loaders prime each other. */
const GROUPS = {
  organizations: (services: Services) => createOrganizationLoaders(services.organizations),
  members: (services: Services) => createMemberLoaders(services.members),
  committees: (services: Services) => createCommitteeLoaders(services.committees, services.candidates, services.massOrganizations),
  records: (services: Services) => ({
    documents: new DataLoader(async (ids: readonly string[]) => {
      const found = await services.documents.byIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    disciplineRecords: new DataLoader(async (ids: readonly string[]) => {
      const found = await services.discipline.byIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    inspectionCases: new DataLoader(async (ids: readonly string[]) => {
      const found = await services.inspections.casesByIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
  }),
  meetings: (services: Services) => ({
    meetings: new DataLoader(async (ids: readonly string[]) => {
      const found = await services.meetings.byIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    meetingParticipants: new DataLoader(async (ids: readonly string[]) => {
      const found = await services.meetings.participantsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    meetingDocuments: new DataLoader(async (ids: readonly string[]) => {
      const found = await services.meetings.documentsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
  }),
};
type Group = keyof typeof GROUPS;
type Union<T> = (T extends unknown ? (k: T) => void : never) extends (k: infer I) => void ? I : never;
export type Loaders = Union<{ [G in Group]: ReturnType<(typeof GROUPS)[G]> }[Group]>;

/** Which group holds each loader: learnt from the first request's groups, made whole. */
let groupOf: Map<PropertyKey, Group> | null = null;

/**
 * Per-request batching: every nested field that is not a Prisma relation loads through one
 * of these, so a level of a query costs one statement however many parents it has. A group is
 * made when a field first asks for one of its loaders: a request asks for a few of some thirty
 * (making them all was a fortieth of a small query's time).
 */
export function createLoaders(services: Services): Loaders {
  const made = new Map<Group, Record<PropertyKey, unknown>>();
  const group = (name: Group) => {
    let loaders = made.get(name);
    if (!loaders) made.set(name, (loaders = GROUPS[name](services) as Record<PropertyKey, unknown>));
    return loaders;
  };
  if (!groupOf) {
    const names = Object.keys(GROUPS) as Group[];
    groupOf = new Map(names.flatMap((name) => Object.keys(group(name)).map((key) => [key, name] as const)));
  }
  const known = groupOf;
  return new Proxy({} as Loaders, {
    get: (_target, key) => {
      const name = known.get(key);
      return name === undefined ? undefined : group(name)[key];
    },
  });
}
