import DataLoader from 'dataloader';
import { datedLoader } from '../../graphql/dated-loader.js';
import type { OrganizationView } from '../organizations/organizations.service.js';
import type { MemberCounts, MemberService, MemberView } from './members.service.js';

export function createMemberLoaders(service: MemberService) {
  const member = datedLoader<{ id: string; asOf: string }, MemberView | null>((keys, asOf) => service.byIds(keys.map((key) => key.id), asOf), null);

  const memberEvents = new DataLoader(async (memberIds: readonly string[]) => {
    const found = await service.eventsOf(memberIds);
    return memberIds.map((id) => found.get(id) ?? []);
  });

  const memberEvent = new DataLoader(async (ids: readonly string[]) => {
    const found = await service.eventsByIds(ids);
    return ids.map((id) => found.get(id) ?? null);
  });

  /** Counts for many organisations of one date in one statement. */
  const memberCounts = datedLoader<OrganizationView, MemberCounts | null>(
    (views, asOf) => service.counts(views.map((view) => ({ id: view.id, pathKey: view.pathKey })), asOf),
    null,
  );

  /** Members with their events in one statement (a member's page); the events loader is primed with them. */
  const memberWithEvents = datedLoader<{ id: string; asOf: string }, MemberView | null>(async (keys, asOf) => {
    const { members, events } = await service.byIdsWithEvents(
      keys.map((key) => key.id),
      asOf,
    );
    for (const [id, list] of events) memberEvents.prime(id, list);
    return members;
  }, null);

  return { member, memberWithEvents, memberEvents, memberEvent, memberCounts };
}
