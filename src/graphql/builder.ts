import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { IsoDate } from '../shared/dates.js';
import { ValidationError } from '../shared/errors.js';
import { parseGlobalId } from '../shared/ids.js';
import type { GraphQLContext } from './context.js';

/** The schema builder: plugins and scalars only. Types live in src/modules/<name>/<name>.graphql.ts. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: IsoDate; Output: IsoDate | Date };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [ErrorsPlugin, RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    // The same encoding as toGlobalId; an id of the wrong shape is the client's error, told
    // before any lookup (never sent to the database).
    decodeGlobalID: (globalID) => {
      const parsed = parseGlobalId(globalID);
      if (!parsed) throw ValidationError.field('id', `"${globalID}" is not a valid id`);
      return { typename: parsed.type, id: parsed.id.toLowerCase() };
    },
    cursorType: 'String',
    nodeQueryOptions: { description: 'Any object by its global id.' },
    nodesQueryOptions: {
      description: 'Objects by their global ids, in the same order (null where not found); at most 100 ids.',
      resolve: (_root, args, _ctx, _info, resolveNodes) => {
        // Each id is a lookup: a list of thousands would hold the request for seconds.
        if (args.ids.length > 100) throw ValidationError.field('ids', `at most 100 ids, not ${args.ids.length}`);
        return resolveNodes(args.ids);
      },
    },
  },
  errors: {
    directResult: true,
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({ description: 'Live updates over a WebSocket (graphql-transport-ws); authenticate in connection_init with `{ authorization: "Bearer <token>" }` or `{ apiKey }`.' });

/** The builder's type parameters, for helpers that build fields outside a type's `fields`. */
export type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
