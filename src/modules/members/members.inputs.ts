import type { SuspensionGround } from '../../generated/prisma/client.js';
import { fromGlobalId } from '../../shared/ids.js';
import type { AdmitInput, ArrivalInput, EventInput, IntroductionLetter, PersonalData } from './members.service.js';

/** Inputs as GraphQL and REST both receive them (global ids), decoded for the service. */
export type PersonalDataArg = { [K in keyof PersonalData]: PersonalData[K] | null };

export type AdmitInputArg = {
  person: PersonalDataArg;
  organizationId: string;
  admittedOn: string;
  decisionId: string;
  candidateId?: string | null;
  note?: string | null;
  ceremonyOn?: string | null;
};

export type EventInputArg = {
  occurredOn: string;
  decisionId?: string | null;
  organizationId?: string | null;
  note?: string | null;
  letter?: IntroductionLetter | null;
  destination?: string | null;
  reason?: EventInput['reason'];
  expectedReturnOn?: string | null;
  ground?: SuspensionGround | null;
  days?: number | null;
  until?: string | null;
};

export function fromAdmitInput(input: AdmitInputArg): AdmitInput {
  return {
    ...(input.person as PersonalData),
    organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId'),
    admittedOn: input.admittedOn,
    decisionId: fromGlobalId('Document', input.decisionId, 'decisionId'),
    candidateId: input.candidateId ? fromGlobalId('Candidate', input.candidateId, 'candidateId') : null,
    note: input.note,
    ceremonyOn: input.ceremonyOn ?? null,
  };
}

export function fromEventInput(input: EventInputArg): EventInput {
  return {
    occurredOn: input.occurredOn,
    decisionId: input.decisionId ? fromGlobalId('Document', input.decisionId, 'decisionId') : null,
    organizationId: input.organizationId ? fromGlobalId('Organization', input.organizationId, 'organizationId') : null,
    note: input.note,
    letter: input.letter ?? null,
    destination: input.destination ?? null,
    reason: input.reason ?? null,
    expectedReturnOn: input.expectedReturnOn ?? null,
    suspension: input.ground || input.days || input.until ? { ground: input.ground ?? null, days: input.days ?? null, until: input.until ?? null } : null,
  };
}

export type ArrivalInputArg = Omit<ArrivalInput, 'person' | 'organizationId' | 'decisionId'> & {
  person: PersonalDataArg;
  organizationId: string;
  decisionId?: string | null;
};

export function fromArrivalInput(input: ArrivalInputArg): ArrivalInput {
  return {
    ...input,
    person: input.person as PersonalData,
    organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId'),
    decisionId: input.decisionId ? fromGlobalId('Document', input.decisionId, 'decisionId') : null,
    ceremonyOn: input.ceremonyOn ?? null,
    recognizedOfficialOn: input.recognizedOfficialOn ?? null,
    partyAgeFrom: input.partyAgeFrom ?? null,
  };
}
