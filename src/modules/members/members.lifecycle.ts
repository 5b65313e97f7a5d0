import type { MemberEventType, MemberStatus, SuspensionGround } from '../../generated/prisma/client.js';
import { addDays, addMonths, daysBetween, type IsoDate } from '../../shared/dates.js';
import { MEMBER_SUSPENSION_DAYS, READMISSION } from '../../rules/membership.js';
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
  /** Suspensions: the ground, the days asked (review) or the day the legal period ends. */
  suspension?: SuspensionDetails | null;
  /** Arrivals from outside the tree: the standing and party age the introduction letter gives. */
  arrival?: ArrivalDetails | null;
};

export type ArrivalDetails = { standing: 'PROBATIONARY' | 'OFFICIAL'; partyAgeFrom?: IsoDate | null };

export type SuspensionDetails = { ground?: SuspensionGround | null; days?: number | null; until?: IsoDate | null };

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
  /** Readmitted once already (kết nạp lại happens once only). */
  readmitted: boolean;
  /** The suspension in force: its ground, when it began, the day it ends. */
  suspension: { ground: SuspensionGround; from: IsoDate; endsOn: IsoDate } | null;
};

export type Period = Omit<MemberState, 'diedOn' | 'suspension' | 'readmitted'> & {
  validFrom: IsoDate;
  validTo: IsoDate | null;
  eventId: string;
  suspensionGround: SuspensionGround | null;
  suspensionFrom: IsoDate | null;
  suspensionEndsOn: IsoDate | null;
};

const IN_PARTY: MemberStatus[] = ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'];
/** No longer kept here: out of the Party, or kept by an organisation outside the tree. */
const ENDED: MemberStatus[] = ['REMOVED_FROM_ROLL', 'EXPELLED', 'DECEASED', 'TRANSFERRED_OUT'];

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
      readmitted: false,
    };
  }
  if (event.type === 'TRANSFERRED_IN') return arrive(state, event);
  if (!state) refuse(state, event, 'the first event of a member is the admission, or the arrival from outside the tree');
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
    case 'TRANSFERRED_OUT':
      // Still in the Party, kept from now on by the organisation the letter names, outside the tree.
      if (!active) refuse(state, event, 'only an active member is transferred');
      if (state.temporaryOrganizationId) refuse(state, event, 'the member must return from the temporary transfer first');
      return { ...state, status: 'TRANSFERRED_OUT', exempted: false, temporaryOrganizationId: null };
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
      const ground = event.suspension?.ground ?? 'DISCIPLINE_REVIEW';
      if (ground !== 'DISCIPLINE_REVIEW') {
        // Prosecution or detention: for the legal period the deciding body sets.
        const until = event.suspension?.until;
        if (!until || until <= event.effectiveOn) throw new RuleViolationError('SUSPENSION_LIMIT', `a suspension for ${ground} runs to the end of the legal period: give that day, after ${event.effectiveOn}`);
        return { ...state, status: 'SUSPENDED', suspension: { ground, from: event.effectiveOn, endsOn: until } };
      }
      const limits = rules.at(MEMBER_SUSPENSION_DAYS, event.effectiveOn);
      const days = event.suspension?.days ?? limits.value.initial;
      if (days < 1 || days > limits.value.initial) {
        throw new RuleViolationError('SUSPENSION_LIMIT', `a suspension while a violation is examined is from 1 to ${limits.value.initial} days at first (${limits.citation}): ${days} asked`);
      }
      return { ...state, status: 'SUSPENDED', suspension: { ground, from: event.effectiveOn, endsOn: addDays(event.effectiveOn, days) } };
    }
    case 'SUSPENSION_EXTENDED': {
      if (state.status !== 'SUSPENDED' || !state.suspension) refuse(state, event, 'only a suspension in force is extended');
      const { ground, from, endsOn } = state.suspension;
      if (event.effectiveOn > endsOn) {
        throw new RuleViolationError('SUSPENSION_LIMIT', `the suspension from ${from} ended on ${endsOn}: an extension must be decided by then`);
      }
      if (ground !== 'DISCIPLINE_REVIEW') {
        const until = event.suspension?.until;
        if (!until || until <= endsOn) throw new RuleViolationError('SUSPENSION_LIMIT', `the suspension for ${ground} runs to ${endsOn}: an extension gives a later end of the legal period`);
        return { ...state, suspension: { ground, from, endsOn: until } };
      }
      // Several extensions may follow one another, up to the most allowed in all.
      const limits = rules.at(MEMBER_SUSPENSION_DAYS, from);
      const left = limits.value.maxTotal - daysBetween(from, endsOn);
      const days = event.suspension?.days ?? left;
      if (left <= 0) {
        throw new RuleViolationError('SUSPENSION_LIMIT', `the suspension from ${from} already runs to ${endsOn}, the most allowed (${limits.value.maxTotal} days in all, ${limits.citation})`);
      }
      if (days < 1 || days > left) {
        throw new RuleViolationError('SUSPENSION_LIMIT', `the suspension from ${from} runs to ${endsOn}: it can be extended by 1 to ${left} days (${limits.value.maxTotal} days in all, ${limits.citation}), not ${days}`);
      }
      return { ...state, suspension: { ground, from, endsOn: addDays(endsOn, days) } };
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
      // Khôi phục đảng tịch: a member put out wrongly (an expulsion annulled, a removal found
      // wrong) is restored as if never out: party age is continuous (Hướng dẫn 01-HD/TW, 28/9/2021).
      if (state.status !== 'REMOVED_FROM_ROLL' && state.status !== 'EXPELLED') {
        refuse(state, event, 'only a member removed from the roll or expelled is restored');
      }
      // An annulled posthumous expulsion: the member died in the Party.
      if (state.diedOn) return { ...state, status: 'DECEASED' };
      return { ...state, status: state.standing, partyAgeTo: null };
    }
    case 'READMITTED': {
      // Kết nạp lại (Quy định 24-QĐ/TW 3.5, 4.5.2): once only, after the time outside the rule
      // requires, through probation again; party age from the first admission, less the time outside.
      if (state.status !== 'REMOVED_FROM_ROLL' && state.status !== 'EXPELLED') {
        refuse(state, event, 'only a person who left the Party (removed from the roll or expelled) is readmitted');
      }
      const rule = rules.at(READMISSION, event.effectiveOn);
      if (state.readmitted) throw new RuleViolationError('READMISSION_ONCE', `the member was readmitted once already: readmission happens once only (${rule.citation})`);
      if (!rule.value.fromStatuses.includes(state.status)) {
        throw new RuleViolationError('READMISSION_NOT_ALLOWED', `a person who left the Party as ${state.status} is not readmitted (${rule.citation})`);
      }
      const left = state.partyAgeTo ?? event.effectiveOn;
      const earliest = addMonths(left, rule.value.minimumMonthsOutside);
      if (event.effectiveOn < earliest) {
        throw new RuleViolationError('READMISSION_TOO_EARLY', `out of the Party since ${left}: readmitted ${rule.value.minimumMonthsOutside} months after at the earliest, on ${earliest} (${rule.citation})`);
      }
      const outside = daysBetween(left, event.effectiveOn);
      return {
        ...state,
        status: 'PROBATIONARY',
        standing: 'PROBATIONARY',
        organizationId: event.organizationId!,
        partyAgeFrom: addDays(state.partyAgeFrom, outside),
        partyAgeTo: null,
        readmitted: true,
      };
    }
  }
}

/**
 * Tiếp nhận đảng viên from outside the tree: a member never kept here (the first event), or one
 * who left with an introduction letter and comes back. Party age runs on from the admission
 * (the member stayed in the Party), unless the letter gives another start (a readmission elsewhere).
 */
function arrive(state: MemberState | null, event: LifecycleEvent): MemberState {
  const arrival = event.arrival;
  if (!arrival) refuse(state, event, 'an arrival needs the standing the introduction letter gives');
  if (state && state.status !== 'TRANSFERRED_OUT') {
    refuse(state, event, 'the member is kept in this tree already: a move inside it is a transfer (TRANSFERRED)');
  }
  if (state && state.standing === 'OFFICIAL' && arrival.standing === 'PROBATIONARY') {
    refuse(state, event, 'the member left as an official member and cannot come back probationary');
  }
  const partyAgeFrom = arrival.partyAgeFrom ?? state?.partyAgeFrom;
  if (!partyAgeFrom) refuse(state, event, 'an arrival from outside needs the day party age counts from');
  return {
    status: arrival.standing,
    standing: arrival.standing,
    exempted: false,
    organizationId: event.organizationId!,
    temporaryOrganizationId: null,
    partyAgeFrom,
    partyAgeTo: null,
    diedOn: null,
    suspension: null,
    readmitted: state?.readmitted ?? false,
  };
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
    const { suspension, diedOn: _diedOn, readmitted: _readmitted, ...period } = next;
    periods.push({
      ...period,
      validFrom: event.effectiveOn,
      validTo: null,
      eventId: event.id,
      suspensionGround: suspension?.ground ?? null,
      suspensionFrom: suspension?.from ?? null,
      suspensionEndsOn: suspension?.endsOn ?? null,
    });
  }
  return periods;
}

/** Party age on `date` from the period valid then: it runs while in the Party and stops outside. */
export function partyAgeEnd(period: Pick<Period, 'partyAgeTo'>, date: IsoDate): IsoDate {
  return period.partyAgeTo && period.partyAgeTo < date ? period.partyAgeTo : date;
}
