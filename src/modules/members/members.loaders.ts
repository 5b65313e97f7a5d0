import DataLoader from 'dataloader';
import type { IsoDate } from '../../shared/dates.js';
import type { OrganizationView } from '../organizations/organizations.service.js';
import type { MemberCounts, MemberService, MemberView } from './members.service.js';

type DatedKey = { id: string; asOf: IsoDate };
const datedKey = (key: DatedKey) => `${key.asOf}|${key.id}`;

function byDate<K extends { asOf: IsoDate }>(keys: readonly K[]): Map<IsoDate, K[]> {
  const groups = new Map<IsoDate, K[]>();
  for (const key of keys) groups.set(key.asOf, [...(groups.get(key.asOf) ?? []), key]);
  return groups;
}

export function createMemberLoaders(service: MemberService) {
  const member = new DataLoader<DatedKey, MemberView | null, string>(
    async (keys) => {
      const found = new Map<string, MemberView>();
      for (const [asOf, group] of byDate(keys)) {
        for (const [id, view] of await service.byIds(group.map((key) => key.id), asOf)) found.set(datedKey({ id, asOf }), view);
      }
      return keys.map((key) => found.get(datedKey(key)) ?? null);
    },
    { cacheKeyFn: datedKey },
  );

  const memberEvents = new DataLoader(async (memberIds: readonly string[]) => {
    const found = await service.eventsOf(memberIds);
    return memberIds.map((id) => found.get(id) ?? []);
  });

  /** Counts for many organisations of one date in one statement. */
  const memberCounts = new DataLoader<OrganizationView, MemberCounts, string>(
    async (views) => {
      const found = new Map<string, MemberCounts>();
      for (const [asOf, group] of byDate(views)) {
        for (const [id, counts] of await service.counts(group.map((v) => ({ id: v.id, pathKey: v.pathKey })), asOf)) {
          found.set(datedKey({ id, asOf }), counts);
        }
      }
      return views.map((view) => found.get(datedKey(view))!);
    },
    { cacheKeyFn: datedKey },
  );

  const memberEvent = new DataLoader(async (ids: readonly string[]) => {
    const found = await service.eventsByIds(ids);
    return ids.map((id) => found.get(id) ?? null);
  });

  return { member, memberEvents, memberEvent, memberCounts };
}
