import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { CalendarDay } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, problemResponses } from '../../http/schemas.js';
import { fromDbDate } from '../../shared/dates.js';
import { calendarDayKindLabels } from './calendar.labels.js';

const CalendarDayKind = enumSchema('CalendarDayKind', calendarDayKindLabels);

const CalendarDaySchema = Type.Object(
  { date: dateSchema(), kind: CalendarDayKind, name: Type.String(), updatedAt: Type.String({ format: 'date-time' }) },
  { $id: 'CalendarDay' },
);

const YearParams = Type.Object({ year: Type.Integer({ minimum: 1930, maximum: 2200 }) });
const DateParams = Type.Object({ date: dateSchema() });
const SetBody = Type.Object({ kind: CalendarDayKind, name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const DeadlineQuery = Type.Object(
  { start: dateSchema(), days: Type.Integer({ minimum: 1, maximum: 3650, description: 'Working days.', examples: [30] }) },
  { additionalProperties: false },
);
const BetweenQuery = Type.Object({ from: dateSchema(), to: dateSchema() }, { additionalProperties: false });

function calendarDayDto(day: CalendarDay) {
  return { date: fromDbDate(day.date), kind: day.kind, name: day.name, updatedAt: day.updatedAt.toISOString() };
}

export async function calendarRoutes(app: FastifyInstance) {
  app.addSchema(CalendarDaySchema);

  app.get(
    '/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        operationId: 'getCalendarYear',
        summary: 'Holidays and make-up working days of a year',
        params: YearParams,
        response: { 200: Type.Array(Type.Ref('CalendarDay')), ...problemResponses(400) },
      },
    },
    async (request) => (await request.services.calendar.year((request.params as Static<typeof YearParams>).year)).map(calendarDayDto),
  );

  app.put(
    '/calendar/days/:date',
    {
      schema: {
        tags: ['calendar'],
        operationId: 'setCalendarDay',
        summary: 'Record or correct a holiday or make-up working day',
        params: DateParams,
        body: SetBody,
        response: { 200: Type.Ref('CalendarDay'), ...problemResponses(400, 403) },
      },
    },
    async (request) => {
      const { date } = request.params as Static<typeof DateParams>;
      return calendarDayDto(await request.services.calendar.setDay({ date, ...(request.body as Static<typeof SetBody>) }));
    },
  );

  app.get(
    '/public-holidays/:year',
    {
      schema: {
        tags: ['calendar'],
        operationId: 'getPublicHolidays',
        summary: 'The public holidays of a year, computed from the labour law in force',
        params: YearParams,
        response: { 200: Type.Array(Type.Object({ date: dateSchema(), name: Type.String() })), ...problemResponses(400) },
      },
    },
    async (request) => request.services.calendar.holidays((request.params as Static<typeof YearParams>).year),
  );
  app.get(
    '/working-days/deadline',
    {
      schema: {
        tags: ['calendar'],
        operationId: 'workingDayDeadline',
        summary: 'The day a limit of N working days from a start date ends',
        querystring: DeadlineQuery,
        response: { 200: Type.Object({ start: dateSchema(), days: Type.Integer(), deadline: dateSchema() }), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { start, days } = request.query as Static<typeof DeadlineQuery>;
      return { start, days, deadline: await request.services.calendar.workingDaysAfter(start, days) };
    },
  );

  app.get(
    '/working-days/count',
    {
      schema: {
        tags: ['calendar'],
        operationId: 'workingDaysBetween',
        summary: 'Working days after one date up to and including another',
        querystring: BetweenQuery,
        response: { 200: Type.Object({ from: dateSchema(), to: dateSchema(), workingDays: Type.Integer() }), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { from, to } = request.query as Static<typeof BetweenQuery>;
      return { from, to, workingDays: await request.services.calendar.workingDaysBetween(from, to) };
    },
  );
}
