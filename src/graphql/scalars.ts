import { GraphQLError, Kind } from 'graphql';
import { fromDbDate, isIsoDate, type IsoDate } from '../shared/dates.js';
import { builder } from './builder.js';

function parseDate(value: unknown): IsoDate {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new GraphQLError(`Date must be a calendar date "YYYY-MM-DD", got ${JSON.stringify(value)}`, {
      extensions: { code: 'VALIDATION_FAILED' },
    });
  }
  return value;
}

builder.scalarType('Date', {
  description: 'A calendar date, "YYYY-MM-DD" (dates of decisions and events are days, not instants).',
  serialize: (value) => (value instanceof Date ? fromDbDate(value) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 with time zone.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
      throw new GraphQLError('DateTime must be an ISO 8601 instant', { extensions: { code: 'VALIDATION_FAILED' } });
    }
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'Structured details whose shape depends on the record (documented where it is used).',
  serialize: (value) => value,
  parseValue: (value) => value,
});
