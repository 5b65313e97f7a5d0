import DataLoader from 'dataloader';
import type { IsoDate } from '../../shared/dates.js';
import type { OrganizationService, OrganizationView } from './organizations.service.js';

type DatedKey = { id: string; asOf: IsoDate };

const datedKey = (key: DatedKey) => `${key.asOf}|${key.id}`;

/** Groups keys by date, since every query of the tree is "as of" one date. */
function byDate<K extends { asOf: IsoDate }>(keys: readonly K[]): Map<IsoDate, K[]> {
  const groups = new Map<IsoDate, K[]>();
  for (const key of keys) groups.set(key.asOf, [...(groups.get(key.asOf) ?? []), key]);
  return groups;
}

export function createOrganizationLoaders(service: OrganizationService) {
  const organization = new DataLoader<DatedKey, OrganizationView | null, string>(
    async (keys) => {
      const found = new Map<string, OrganizationView>();
      for (const [asOf, group] of byDate(keys)) {
        for (const [id, view] of await service.byIds(group.map((key) => key.id), asOf)) found.set(datedKey({ id, asOf }), view);
      }
      return keys.map((key) => found.get(datedKey(key)) ?? null);
    },
    { cacheKeyFn: datedKey },
  );

  const children = new DataLoader<DatedKey, OrganizationView[], string>(
    async (keys) => {
      const found = new Map<string, OrganizationView[]>();
      for (const [asOf, group] of byDate(keys)) {
        for (const [id, list] of await service.childrenOf(group.map((key) => key.id), asOf)) found.set(datedKey({ id, asOf }), list);
      }
      return keys.map((key) => found.get(datedKey(key)) ?? []);
    },
    { cacheKeyFn: datedKey },
  );

  const ancestors = new DataLoader<OrganizationView, OrganizationView[], string>(
    async (views) => {
      const found = new Map<string, OrganizationView[]>();
      for (const [asOf, group] of byDate(views)) {
        const lists = await service.ancestorsOf(group, asOf);
        group.forEach((view, index) => found.set(datedKey(view), lists[index]!));
      }
      return views.map((view) => found.get(datedKey(view)) ?? []);
    },
    { cacheKeyFn: datedKey },
  );

  const history = new DataLoader(async (ids: readonly string[]) => {
    const found = await service.historyOf(ids);
    return ids.map((id) => found.get(id) ?? []);
  });

  // The kind catalogue is a handful of rows: loaded whole, once per request.
  const kinds = new DataLoader(async (codes: readonly string[]) => {
    const found = new Map((await service.kinds()).map((kind) => [kind.code, kind]));
    return codes.map((code) => found.get(code) ?? new Error(`unknown kind ${code}`));
  });

  const events = new DataLoader(async (ids: readonly string[]) => {
    const found = await service.eventsByIds(ids);
    return ids.map((id) => found.get(id) ?? null);
  });

  const participants = new DataLoader(async (eventIds: readonly string[]) => {
    const found = await service.participantsOf(eventIds);
    return eventIds.map((id) => found.get(id) ?? []);
  });

  return {
    organization,
    children,
    ancestors,
    organizationHistory: history,
    organizationKinds: kinds,
    organizationEvents: events,
    eventParticipants: participants,
  };
}
