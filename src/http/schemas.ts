import { Type } from 'typebox';
import { SUPPORTED_DATES } from '../shared/dates.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/pagination.js';

/** Pieces of route schemas shared by every module. */

/** A calendar day within SUPPORTED_DATES: the pattern holds the years, `format: date` the day. */
export const dateSchema = (options: { description?: string; examples?: string[] } = {}) =>
  Type.String({
    format: 'date',
    pattern: '^(19\\d\\d|20\\d\\d|2100)-\\d{2}-\\d{2}$',
    examples: ['2025-07-01'],
    ...options,
    description: `${options.description ? `${options.description} ` : ''}A day from ${SUPPORTED_DATES.from} to ${SUPPORTED_DATES.to}.`,
  });

/** A year a caller names (a plan's, a rating's, a report's): the years the service covers. */
export const yearSchema = (options: { description?: string } = {}) => Type.Integer({ minimum: 1930, maximum: 2100, examples: [2025], ...options });

/** An instant a caller sends (filters of the audit trail), within the supported years. */
export const dateTimeSchema = (options: { description?: string } = {}) =>
  Type.String({ format: 'date-time', pattern: '^(19\\d\\d|20\\d\\d|2100)-', ...options });

export const idParam = Type.Object({ id: Type.String({ description: 'Global id.' }) });

export const pageQuery = {
  first: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `Page size; ${DEFAULT_PAGE_SIZE} when omitted.` }),
  ),
  after: Type.Optional(Type.String({ description: 'The `pageInfo.endCursor` of the previous page.' })),
};

export const PageInfoSchema = Type.Object(
  { hasNextPage: Type.Boolean(), endCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'PageInfo' },
);

export function pageOf(ref: string) {
  return Type.Object({ items: Type.Array(Type.Ref(ref)), pageInfo: Type.Ref('PageInfo') });
}

/** A string enum whose values carry their Vietnamese label in the description. */
export function enumSchema<T extends string>(name: string, labels: Record<T, string>) {
  const values = Object.keys(labels) as T[];
  return Type.Unsafe<T>({
    type: 'string',
    enum: values,
    title: name,
    description: values.map((value) => `${value}: ${labels[value]}`).join('; '),
  });
}

export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { ...Type.Ref('Problem'), description: 'Problem details (application/problem+json)' },
    ]),
  );
}

/**
 * Exactly one of these properties must be given: said by the schema (so the OpenAPI document
 * and the validation agree), refused with one message naming them (ajv-errors).
 */
export function exactlyOneOf(...names: string[]) {
  return { oneOf: names.map((name) => ({ required: [name] })), errorMessage: { oneOf: `give exactly one of ${names.join(', ')}` } };
}

/** A period of indicators: a year (and a quarter of it), or a term (which has no quarters). */
export const yearOrTerm = {
  oneOf: [{ required: ['year'] }, { required: ['termId'], properties: { quarter: false } }],
  errorMessage: { oneOf: 'give a year (and a quarter of it) or a termId (a term has no quarters)' },
};
