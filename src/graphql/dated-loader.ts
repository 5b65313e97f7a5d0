import DataLoader from 'dataloader';
import type { IsoDate } from '../shared/dates.js';

/** What an "as of" loader is keyed by: an id and the date of the view. */
export type DatedKey = { id: string; asOf: IsoDate };

export const datedKey = (key: DatedKey) => `${key.asOf}|${key.id}`;

/**
 * A per-request loader for views of records as of a date: keys of one date are loaded in one
 * call (one statement or two), and every query of the tree is "as of" one date.
 */
export function datedLoader<K extends DatedKey, V>(load: (keys: K[], asOf: IsoDate) => Promise<Map<string, V>>, missing: V) {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const groups = new Map<IsoDate, K[]>();
      for (const key of keys) {
        const group = groups.get(key.asOf);
        if (group) group.push(key);
        else groups.set(key.asOf, [key]);
      }
      const found = new Map<string, V>();
      for (const [asOf, group] of groups) {
        for (const [id, value] of await load(group, asOf)) found.set(datedKey({ id, asOf }), value);
      }
      return keys.map((key) => found.get(datedKey(key)) ?? missing);
    },
    { cacheKeyFn: datedKey },
  );
}
