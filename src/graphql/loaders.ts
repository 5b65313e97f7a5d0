import DataLoader from 'dataloader';
import type { Services } from '../services.js';
import { createCommitteeLoaders } from '../modules/committees/committees.loaders.js';
import { createMemberLoaders } from '../modules/members/members.loaders.js';
import { createOrganizationLoaders } from '../modules/organizations/organizations.loaders.js';

/**
 * Per-request batching: every nested field that is not a Prisma relation loads through one
 * of these, so a level of a query costs one statement however many parents it has.
 */
export function createLoaders(services: Services) {
  return {
    ...createOrganizationLoaders(services.organizations),
    ...createMemberLoaders(services.members),
    ...createCommitteeLoaders(services.committees, services.candidates, services.massOrganizations),
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
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
