import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from '../shared/pagination.js';
import type { builder, SchemaTypes } from './builder.js';

type ArgBuilder = Parameters<Parameters<typeof builder.queryField>[1]>[0]['arg'];

/** Forward pagination only: `first` (≤ 100) and `after`, the same contract as REST. */
export function pageArgs(arg: ArgBuilder) {
  return {
    first: arg.int({ description: `Page size, 1–${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when omitted.` }),
    after: arg.string({ description: 'The `endCursor` of the previous page.' }),
  };
}

export function toConnection<T, Extra extends object = object>(page: Page<T>, extra?: Extra) {
  return {
    totalCount: page.total,
    edges: page.items.map((node, index) => ({ node, cursor: page.cursors[index]! })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.endCursor,
    },
    ...(extra as Extra),
  };
}

type ConnectionFields = PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, object>;

/** `totalCount` on a connection: the whole list's size, one count statement, only when selected. */
export function totalCountField(t: ConnectionFields) {
  return {
    totalCount: t.int({
      description: 'How many there are in the whole list (every page), with the same filters: one count, computed only when asked.',
      resolve: (connection) => (connection as { totalCount: () => Promise<number> }).totalCount(),
    }),
  };
}
