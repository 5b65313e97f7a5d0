import DataLoader from 'dataloader';
import type { CandidateService } from '../candidates/candidates.service.js';
import type { CommitteeService } from './committees.service.js';
import type { MassOrganizationService } from '../mass-organizations/mass-organizations.service.js';

/** Batches by id or by owner: one statement per level of a query. */
function byKey<V>(load: (keys: readonly string[]) => Promise<Map<string, V>>, missing: V) {
  return new DataLoader(async (keys: readonly string[]) => {
    const found = await load(keys);
    return keys.map((key) => found.get(key) ?? missing);
  });
}

export function createCommitteeLoaders(committees: CommitteeService, candidates: CandidateService, massOrganizations: MassOrganizationService) {
  return {
    massOrganizations: byKey((ids) => massOrganizations.ofOrganizations(ids), []),
    termsOfOrganization: byKey((ids) => committees.termsOf(ids), []),
    term: byKey((ids) => committees.termsByIds(ids), null),
    positionsOfTerm: byKey((ids) => committees.positionsOfTerms(ids), []),
    positionsOfMember: byKey((ids) => committees.positionsOfMembers(ids), []),
    position: byKey((ids) => committees.positionsByIds(ids), null),
    candidate: byKey((ids) => candidates.candidatesByIds(ids), null),
    trainingClass: byKey((ids) => candidates.classesByIds(ids), null),
    attendancesOfClass: byKey((ids) => candidates.attendancesOfClasses(ids), []),
    attendancesOfCandidate: byKey((ids) => candidates.attendancesOfCandidates(ids), []),
    attendancesOfMember: byKey((ids) => candidates.attendancesOfMembers(ids), []),
  };
}
