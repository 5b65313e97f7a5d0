import DataLoader from 'dataloader';
import { datedLoader } from '../../graphql/dated-loader.js';
import type { OrganizationService, OrganizationView } from './organizations.service.js';

export function createOrganizationLoaders(service: OrganizationService) {
  const ancestors = datedLoader<OrganizationView, OrganizationView[]>(async (views, asOf) => {
    const lists = await service.ancestorsOf(views, asOf);
    return new Map(views.map((view, index) => [view.id, lists[index]!]));
  }, []);
  // An organisation is loaded with its ancestors (a handful of rows shared by a page), which
  // then need no round trip of their own: a page of members with their organisations and
  // ancestors is one statement for both.
  const organization = datedLoader<{ id: string; asOf: string }, OrganizationView | null>(async (keys, asOf) => {
    const { found, ancestors: lists } = await service.byIdsWithAncestors(
      keys.map((key) => key.id),
      asOf,
    );
    for (const [id, list] of lists) ancestors.prime(found.get(id)!, list);
    return found;
  }, null);
  const children = datedLoader<{ id: string; asOf: string }, OrganizationView[]>(
    (keys, asOf) => service.childrenOf(keys.map((key) => key.id), asOf),
    [],
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
