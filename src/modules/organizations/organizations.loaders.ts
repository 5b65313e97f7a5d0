import DataLoader from 'dataloader';
import { datedLoader } from '../../graphql/dated-loader.js';
import type { OrganizationService, OrganizationView } from './organizations.service.js';

export function createOrganizationLoaders(service: OrganizationService) {
  const organization = datedLoader<{ id: string; asOf: string }, OrganizationView | null>(
    (keys, asOf) => service.byIds(keys.map((key) => key.id), asOf),
    null,
  );
  const children = datedLoader<{ id: string; asOf: string }, OrganizationView[]>(
    (keys, asOf) => service.childrenOf(keys.map((key) => key.id), asOf),
    [],
  );
  const ancestors = datedLoader<OrganizationView, OrganizationView[]>(async (views, asOf) => {
    const lists = await service.ancestorsOf(views, asOf);
    return new Map(views.map((view, index) => [view.id, lists[index]!]));
  }, []);

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
