import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import '../modules/documents/documents.graphql.js';
import '../modules/organizations/organizations.graphql.js';
import '../modules/members/members.graphql.js';
import '../modules/committees/committees.graphql.js';
import '../modules/candidates/candidates.graphql.js';
import '../modules/auth/auth.graphql.js';
import '../modules/indicators/indicators.graphql.js';
import '../modules/ratings/ratings.graphql.js';
import '../modules/mass-organizations/mass-organizations.graphql.js';
import '../modules/discipline/discipline.graphql.js';
import '../modules/calendar/calendar.graphql.js';
import '../modules/complaints/complaints.graphql.js';
import '../modules/inspections/inspections.graphql.js';
import '../modules/commendations/commendations.graphql.js';
import '../modules/regulations/regulations.graphql.js';
import '../modules/meetings/meetings.graphql.js';
import '../modules/dues/dues.graphql.js';
import '../modules/due-items/due-items.graphql.js';
import '../modules/removals/removals.graphql.js';
import '../modules/imports/imports.graphql.js';
import '../modules/reports/reports.graphql.js';

export const schema = builder.toSchema({ sortSchema: false });

/** The SDL committed as schema.graphql (sorted, so that diffs stay small). */
export function printSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
