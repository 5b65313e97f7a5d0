import { GraphQLError, Kind } from 'graphql';
import { dateProblem, fromDbDate, SUPPORTED_DATES, type IsoDate } from '../shared/dates.js';
import { builder } from './builder.js';

function parseDate(value: unknown): IsoDate {
  const problem = dateProblem(value);
  if (problem) throw new GraphQLError(`Date: ${problem}`, { extensions: { code: 'VALIDATION_FAILED' } });
  return value as IsoDate;
}

builder.scalarType('Date', {
  description: `A calendar date, "YYYY-MM-DD", from ${SUPPORTED_DATES.from} to ${SUPPORTED_DATES.to} (dates of decisions and events are days, not instants).`,
  // Output dates are computed ones too (a deadline after 2100), so only their form is checked.
  serialize: (value) => (value instanceof Date ? fromDbDate(value) : String(value)),
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
