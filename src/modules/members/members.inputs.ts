import type { SuspensionGround } from '../../generated/prisma/client.js';
import { ValidationError } from '../../shared/errors.js';
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

/** One decision admitting many: the decision, its day and the branch, given once; each row may name its own branch or ceremony. */
export type AdmitManyArg = {
  decisionId: string;
  admittedOn: string;
  organizationId?: string | null;
  ceremonyOn?: string | null;
  rows: { person: PersonalDataArg; organizationId?: string | null; candidateId?: string | null; ceremonyOn?: string | null; note?: string | null }[];
};

export function fromAdmitManyInput(input: AdmitManyArg): AdmitInput[] {
  const decisionId = fromGlobalId('Document', input.decisionId, 'decisionId');
  const common = input.organizationId ? fromGlobalId('Organization', input.organizationId, 'organizationId') : null;
  return input.rows.map((row, index) => {
    const organizationId = row.organizationId ? fromGlobalId('Organization', row.organizationId, `rows.${index}.organizationId`) : common;
    if (!organizationId) throw ValidationError.field(`rows.${index}.organizationId`, 'name the admitting branch, on the row or for the whole decision');
    return {
      ...(row.person as PersonalData),
      organizationId,
      admittedOn: input.admittedOn,
      decisionId,
      candidateId: row.candidateId ? fromGlobalId('Candidate', row.candidateId, `rows.${index}.candidateId`) : null,
      note: row.note ?? null,
      ceremonyOn: row.ceremonyOn ?? input.ceremonyOn ?? null,
    };
  });
}

/** One decision recognising many members official. */
export type RecognizeManyArg = { decisionId: string; occurredOn: string; memberIds: string[]; note?: string | null };

export function fromRecognizeManyInput(input: RecognizeManyArg): (EventInput & { memberId: string })[] {
  const decisionId = fromGlobalId('Document', input.decisionId, 'decisionId');
  return input.memberIds.map((id, index) => ({ memberId: fromGlobalId('Member', id, `memberIds.${index}`), occurredOn: input.occurredOn, decisionId, note: input.note ?? null }));
}

/** One decision transferring many members to one branch, each with their introduction letter. */
export type TransferManyArg = { decisionId: string; occurredOn: string; organizationId: string; rows: { memberId: string; letter: IntroductionLetter; note?: string | null }[] };

export function fromTransferManyInput(input: TransferManyArg): (EventInput & { memberId: string })[] {
  const decisionId = fromGlobalId('Document', input.decisionId, 'decisionId');
  const organizationId = fromGlobalId('Organization', input.organizationId, 'organizationId');
  return input.rows.map((row, index) => ({
    memberId: fromGlobalId('Member', row.memberId, `rows.${index}.memberId`),
    occurredOn: input.occurredOn,
    decisionId,
    organizationId,
    letter: row.letter,
    note: row.note ?? null,
  }));
}
