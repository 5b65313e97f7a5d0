import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * Depth limits that know the shape of introspection. The data a query reaches is held to
 * `maxDepth` (each level is a batch of statements); introspection (`__schema`, `__type`) reads
 * the schema, whose standard query nests `ofType` a dozen levels deep, so it is held apart to
 * its own bound: code generators and GraphiQL load the schema, and a query cannot hide deep
 * data under it because nothing under an introspection field reaches data.
 */
export const INTROSPECTION_MAX_DEPTH = 24;

type Depths = { data: number; total: number };

export function depthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const memo = new Map<string, Depths>();

    /** The deepest data path and the deepest path of any kind under a selection set. */
    const measure = (set: SelectionSetNode | undefined, visiting: Set<string>): Depths => {
      let data = 0;
      let total = 0;
      for (const selection of set?.selections ?? []) {
        let inner: Depths;
        if (selection.kind === Kind.FIELD) {
          // Every field is a level, leaves too ({ a } is 1 deep), as Mercurius counted before.
          const below = measure(selection.selectionSet, visiting);
          // Nothing under an introspection field is data: it counts toward the total only
          // (__typename, a leaf, is no level of data either).
          inner = selection.name.value.startsWith('__') ? { data: 0, total: below.total + 1 } : { data: below.data + 1, total: below.total + 1 };
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = measure(selection.selectionSet, visiting);
        } else {
          const name = selection.name.value;
          // A cycle is reported by graphql-js's own rule; here it only must not loop.
          if (visiting.has(name)) continue;
          const cached = memo.get(name);
          if (cached) inner = cached;
          else {
            visiting.add(name);
            inner = measure(fragments.get(name)?.selectionSet, visiting);
            visiting.delete(name);
            memo.set(name, inner);
          }
        }
        data = Math.max(data, inner.data);
        total = Math.max(total, inner.total);
      }
      return { data, total };
    };

    return {
      OperationDefinition(node) {
        const { data, total } = measure(node.selectionSet, new Set());
        const name = node.name?.value ?? 'the operation';
        if (data > maxDepth) {
          context.reportError(new GraphQLError(`${name} is ${data} levels deep: the depth allowed is at most ${maxDepth}`, { nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
        } else if (total > INTROSPECTION_MAX_DEPTH) {
          context.reportError(new GraphQLError(`${name} is ${total} levels deep in introspection: the depth allowed is at most ${INTROSPECTION_MAX_DEPTH}`, { nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
        }
      },
    };
  };
}
