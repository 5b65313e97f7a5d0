import { builder } from './builder.js';

/** A GraphQL enum whose values carry their Vietnamese label as description. */
export function labelledEnum<T extends string>(name: string, labels: Record<T, string>, description: string) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(
      Object.entries<string>(labels).map(([value, label]) => [value, { value, description: label }]),
    ) as { [K in T]: { value: K; description: string } },
  });
}
