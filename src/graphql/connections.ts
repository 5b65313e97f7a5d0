import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
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

/**
 * `loadMany` of a Node type from a service's lookup by id (which leaves out what the caller may
 * not read): the rows in the order asked, null for the others.
 */
export function loadFound<T extends { id: string }, Context>(lookup: (ids: readonly string[], ctx: Context) => Promise<Map<string, T> | readonly T[]>) {
  return async (ids: readonly string[], ctx: Context) => {
    const found = await lookup(ids, ctx);
    const byId = found instanceof Map ? found : new Map(found.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  };
}

/** Whether the field being resolved selects `name` right below it (directly or in a fragment). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (selections: readonly SelectionNode[]): boolean =>
    selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet.selections);
      return visit(info.fragments[selection.name.value]?.selectionSet.selections ?? []);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet?.selections ?? []));
}

/** Whether the connection being resolved selects `totalCount` (directly or in a fragment). */
export const selectsTotalCount = (info: GraphQLResolveInfo) => selectsField(info, 'totalCount');
