import type { MemberEventType, MemberStatus } from '../../generated/prisma/client.js';
import { addDays, daysBetween, type IsoDate } from '../../shared/dates.js';
import { MEMBER_SUSPENSION_DAYS } from '../../rules/membership.js';
import type { RuleSnapshot } from '../../rules/rule.js';
import { InvalidTransitionError, RuleViolationError } from '../../shared/errors.js';

/**
 * The membership lifecycle as a pure function: events in, dated states out. The service
 * stores events (append-only) and the periods this computes from them, so a member's
 * status, organisation and party age on any date are a lookup, and a back-dated event is
 * accepted only if every later event still makes sense after it.
 */

export type LifecycleEvent = {
  id: string;
  type: MemberEventType;
  effectiveOn: IsoDate;
  /** Target of an admission, a transfer or a temporary transfer. */
  organizationId?: string | null;
  /** Order among events of the same day (recording order). */
  sequence: number;
};

export type MemberState = {
  status: MemberStatus;
  /** PROBATIONARY or OFFICIAL: what a suspension keeps and a restoration returns to. */
  standing: 'PROBATIONARY' | 'OFFICIAL';
  exempted: boolean;
  organizationId: string;
  temporaryOrganizationId: string | null;
  /** Party age counts from here (the admission date, later by the time spent outside)… */
  partyAgeFrom: IsoDate;
  /** …until here, when the member left the Party (null while in it). */
  partyAgeTo: IsoDate | null;
  /** Set by a death: an annulled posthumous expulsion returns the member to DECEASED. */
  diedOn: IsoDate | null;
  /** The suspension in force: when it began, the day it ends, whether it was extended. */
  suspension: { from: IsoDate; endsOn: IsoDate; extended: boolean } | null;
};

export type Period = Omit<MemberState, 'diedOn' | 'suspension'> & { validFrom: IsoDate; validTo: IsoDate | null; eventId: string };

const IN_PARTY: MemberStatus[] = ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'];
const ENDED: MemberStatus[] = ['REMOVED_FROM_ROLL', 'EXPELLED', 'DECEASED'];

export const isInParty = (status: MemberStatus) => IN_PARTY.includes(status);

function refuse(state: MemberState | null, event: LifecycleEvent, why: string): never {
  const current = state ? describe(state) : 'NOT_A_MEMBER';
  throw new InvalidTransitionError(
    `a member who is ${current} cannot be ${event.type} on ${event.effectiveOn}: ${why}`,
    current,
    event.type,
  );
}

function describe(state: MemberState): string {
  if (state.status === 'SUSPENDED') return `SUSPENDED (${state.standing})`;
  if (state.exempted) return `${state.status} (EXEMPTED)`;
  if (state.temporaryOrganizationId) return `${state.status} (TEMPORARILY_TRANSFERRED)`;
  return state.status;
}

/** The state after `event`, or an error naming the state and the event. */
function apply(state: MemberState | null, event: LifecycleEvent, rules: RuleSnapshot): MemberState {
  if (event.type === 'ADMITTED') {
    if (state) refuse(state, event, 'the member was already admitted');
    return {
      status: 'PROBATIONARY',
      standing: 'PROBATIONARY',
      exempted: false,
      organizationId: event.organizationId!,
      temporaryOrganizationId: null,
      partyAgeFrom: event.effectiveOn,
      partyAgeTo: null,
      diedOn: null,
      suspension: null,
    };
  }
  if (!state) refuse(state, event, 'the first event of a member is the admission');
  const active = state.status === 'PROBATIONARY' || state.status === 'OFFICIAL';
  const ended = ENDED.includes(state.status);
  switch (event.type) {
    case 'RECOGNIZED_OFFICIAL':
      if (state.status !== 'PROBATIONARY') refuse(state, event, 'only a probationary member is recognised official');
      return { ...state, status: 'OFFICIAL', standing: 'OFFICIAL' };
    case 'PROBATION_REMOVED':
      if (state.status !== 'PROBATIONARY') refuse(state, event, 'only a probationary member is removed from the probationary list');
      return { ...state, status: 'REMOVED_FROM_ROLL', exempted: false, temporaryOrganizationId: null };
    case 'TRANSFERRED':
      if (!active) refuse(state, event, 'only an active member is transferred');
      if (state.temporaryOrganizationId) refuse(state, event, 'the member must return from the temporary transfer first');
      if (event.organizationId === state.organizationId) refuse(state, event, 'the member is already there');
      return { ...state, organizationId: event.organizationId! };
    case 'TEMPORARY_TRANSFER':
      if (!active) refuse(state, event, 'only an active member is transferred');
      if (state.temporaryOrganizationId) refuse(state, event, 'the member is already temporarily transferred');
      if (event.organizationId === state.organizationId) refuse(state, event, 'that is the member’s own organisation');
      return { ...state, temporaryOrganizationId: event.organizationId! };
    case 'TEMPORARY_RETURN':
      if (!state.temporaryOrganizationId || ended) refuse(state, event, 'the member is not temporarily transferred');
      return { ...state, temporaryOrganizationId: null };
    case 'EXEMPTED':
      if (state.status !== 'OFFICIAL' || state.exempted) refuse(state, event, 'only an official member not yet exempted is exempted');
      return { ...state, exempted: true };
    case 'EXEMPTION_ENDED':
      if (!state.exempted || ended) refuse(state, event, 'the member is not exempted');
      return { ...state, exempted: false };
    case 'SUSPENDED': {
      if (!active) refuse(state, event, 'only an active member is suspended');
      const days = rules.at(MEMBER_SUSPENSION_DAYS, event.effectiveOn).value;
      return { ...state, status: 'SUSPENDED', suspension: { from: event.effectiveOn, endsOn: addDays(event.effectiveOn, days.initial), extended: false } };
    }
    case 'SUSPENSION_EXTENDED': {
      if (state.status !== 'SUSPENDED' || !state.suspension) refuse(state, event, 'only a suspension in force is extended');
      const { from, endsOn, extended } = state.suspension;
      const days = rules.at(MEMBER_SUSPENSION_DAYS, from).value;
      if (extended) {
        throw new RuleViolationError('SUSPENSION_LIMIT', `the suspension from ${from} was already extended to ${endsOn}, the most allowed (${days.maxTotal} days in all)`);
      }
      if (event.effectiveOn > endsOn) {
        throw new RuleViolationError('SUSPENSION_LIMIT', `the suspension from ${from} ended on ${endsOn}: an extension must be decided by then`);
      }
      return { ...state, suspension: { from, endsOn: addDays(from, days.maxTotal), extended: true } };
    }
    case 'REINSTATED':
      if (state.status !== 'SUSPENDED') refuse(state, event, 'only a suspended member is reinstated');
      return { ...state, status: state.standing, suspension: null };
    case 'REMOVED_FROM_ROLL':
      if (!isInParty(state.status)) refuse(state, event, 'the member is no longer in the Party');
      return { ...state, status: 'REMOVED_FROM_ROLL', exempted: false, temporaryOrganizationId: null };
    case 'EXPELLED':
      // Khai trừ is a discipline form for official members only (Charter Art. 35); it may be
      // decided after death (discipline applies to deceased members: Quy định 69-QĐ/TW).
      if (state.standing !== 'OFFICIAL') {
        throw new RuleViolationError('EXPULSION_OF_PROBATIONARY', 'a probationary member cannot be expelled: remove them from the probationary list instead');
      }
      if (!isInParty(state.status) && state.status !== 'DECEASED') refuse(state, event, 'the member is no longer in the Party');
      return { ...state, status: 'EXPELLED', exempted: false, temporaryOrganizationId: null };
    case 'DECEASED':
      if (ended) refuse(state, event, 'the membership has already ended');
      return { ...state, status: 'DECEASED', exempted: false, temporaryOrganizationId: null, diedOn: event.effectiveOn };
    case 'RESTORED': {
      if (state.status !== 'REMOVED_FROM_ROLL' && state.status !== 'EXPELLED') {
        refuse(state, event, 'only a member removed from the roll or expelled is restored');
      }
      // An annulled posthumous expulsion: the member died in the Party.
      if (state.diedOn) return { ...state, status: 'DECEASED' };
      // The time outside the Party does not count towards party age.
      const outside = daysBetween(state.partyAgeTo ?? event.effectiveOn, event.effectiveOn);
      return { ...state, status: state.standing, partyAgeFrom: addDays(state.partyAgeFrom, outside), partyAgeTo: null };
    }
  }
}

/** The periods of a member's history, or the error of the first event that does not fit. */
export function replay(events: readonly LifecycleEvent[], rules: RuleSnapshot): Period[] {
  const ordered = [...events].sort((a, b) =>
    a.effectiveOn === b.effectiveOn ? a.sequence - b.sequence : a.effectiveOn < b.effectiveOn ? -1 : 1,
  );
  const periods: Period[] = [];
  let state: MemberState | null = null;
  for (const event of ordered) {
    const next = apply(state, event, rules);
    // Leaving the Party stops party age; a posthumous expulsion does not move that day.
    if (!isInParty(next.status) && next.partyAgeTo === null) next.partyAgeTo = event.effectiveOn;
    state = next;
    const last = periods.at(-1);
    // Two events on one day: the day's last state is the one that holds.
    if (last && last.validFrom === event.effectiveOn) periods.pop();
    else if (last) last.validTo = event.effectiveOn;
    const { suspension: _suspension, ...period } = next;
    periods.push({ ...period, validFrom: event.effectiveOn, validTo: null, eventId: event.id });
  }
  return periods;
}

/** Party age on `date` from the period valid then: it runs while in the Party and stops outside. */
export function partyAgeEnd(period: Pick<Period, 'partyAgeTo'>, date: IsoDate): IsoDate {
  return period.partyAgeTo && period.partyAgeTo < date ? period.partyAgeTo : date;
}
