import type { FastifyInstance, FastifyRequest } from 'fastify';
import ical from 'ical-generator';
import { Type, type Static } from 'typebox';
import { dateSchema, enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromGlobalId, toGlobalId, type EntityType } from '../../shared/ids.js';
import { dueItemKindLabels } from './due-items.labels.js';
import { DUE_ITEMS_LIMITS, type DueItem } from './due-items.service.js';

const Kind = enumSchema('DueItemKind', dueItemKindLabels);
const Query = Type.Object(
  { days: Type.Integer({ minimum: 0, maximum: DUE_ITEMS_LIMITS.days, examples: [30] }), asOf: Type.Optional(dateSchema({ description: 'Today when omitted.' })) },
  { additionalProperties: false },
);
const ItemSchema = Type.Object({
  date: dateSchema(),
  kind: Kind,
  overdue: Type.Boolean({ description: 'The date has passed and the matter is still open.' }),
  organizationId: Type.String(),
  memberId: Type.Union([Type.String(), Type.Null()]),
  subjectType: Type.String(),
  subjectId: Type.String({ description: 'The global id of the record it is about.' }),
  title: Type.String(),
  rule: Type.Union([Type.String(), Type.Null()], { description: 'The source of the rule that sets the date, marked when unconfirmed.' }),
});

const itemDto = (i: DueItem) => ({
  ...i,
  organizationId: toGlobalId('Organization', i.organizationId),
  memberId: i.memberId ? toGlobalId('Member', i.memberId) : null,
  subjectId: toGlobalId(i.subjectType as EntityType, i.subjectId),
});

const organizationOf = (request: FastifyRequest) => fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');

export async function dueItemRoutes(app: FastifyInstance) {
  app.get(
    '/organizations/:id/due-items',
    {
      schema: {
        tags: ['due-items'],
        operationId: 'listDueItems',
        summary: 'What comes due in a subtree within some days, with the rule behind each date (overdue matters included)',
        params: idParam,
        querystring: Query,
        response: {
          200: Type.Object({ asOf: dateSchema(), until: dateSchema(), truncated: Type.Boolean(), items: Type.Array(ItemSchema) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const q = request.query as Static<typeof Query>;
      const result = await request.services.dueItems.within(organizationOf(request), q.days, q.asOf);
      return { asOf: result.asOf, until: result.until, truncated: result.truncated, items: result.items.map(itemDto) };
    },
  );
  app.get(
    '/organizations/:id/due-items.ics',
    {
      schema: {
        tags: ['due-items'],
        operationId: 'getDueItemsCalendar',
        summary: 'The same items as an iCalendar feed for officials’ calendars: authenticate with an API key (X-API-Key, or HTTP Basic with the key as the password)',
        params: idParam,
        querystring: Query,
        response: { 200: { description: 'An iCalendar (RFC 5545) feed: one all-day event per item.', content: { 'text/calendar': { schema: Type.String() } } }, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const q = request.query as Static<typeof Query>;
      const organizationId = organizationOf(request);
      const result = await request.services.dueItems.within(organizationId, q.days, q.asOf);
      const names = await request.services.dueItems.namesOf(organizationId, result.items);
      const calendar = ical({ name: `Việc đến hạn — ${names.get(organizationId) ?? ''}`.trim(), prodId: { company: 'party-building-service', product: 'due-items', language: 'VI' } });
      for (const item of result.items) {
        const who = item.memberId ? names.get(item.memberId) : names.get(item.organizationId);
        // Noon UTC: the same calendar day in every time zone from UTC−11 to UTC+11.
        calendar.createEvent({
          id: `${item.kind}-${item.subjectId}-${item.date}@party-building-service`,
          start: new Date(`${item.date}T12:00:00Z`),
          allDay: true,
          summary: `${item.overdue ? '[Quá hạn] ' : ''}${item.title}${who ? `: ${who}` : ''}`,
          description: [dueItemKindLabels[item.kind], item.rule ? `Căn cứ: ${item.rule}` : null].filter(Boolean).join('\n'),
        });
      }
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store').send(calendar.toString());
    },
  );
}
