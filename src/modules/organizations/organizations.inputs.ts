import { fromGlobalId } from '../../shared/ids.js';
import type { NewOrganization } from './organizations.service.js';

/** An organisation to establish, as GraphQL and REST both receive it (global ids, `kind`). */
export type NewOrganizationInput = {
  code: string;
  name: string;
  shortName?: string | null;
  kind: string;
  sector: NewOrganization['sector'];
  address?: string | null;
  parentId?: string | null;
};

export const organizationId = (value: string, field: string) => fromGlobalId('Organization', value, field);

export function fromNewOrganizationInput(input: NewOrganizationInput, field: string): NewOrganization {
  return {
    code: input.code,
    name: input.name,
    shortName: input.shortName,
    kindCode: input.kind,
    sector: input.sector,
    address: input.address,
    parentId: input.parentId ? organizationId(input.parentId, `${field}.parentId`) : null,
  };
}

export function fromDecisionInput(input: { effectiveOn: string; decisionId: string; note?: string | null }) {
  return {
    effectiveOn: input.effectiveOn,
    decisionId: fromGlobalId('Document', input.decisionId, 'decisionId'),
    note: input.note,
  };
}
