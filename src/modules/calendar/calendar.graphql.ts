import type { CalendarDay } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { calendarDayKindLabels } from './calendar.labels.js';

const CalendarDayKindEnum = labelledEnum('CalendarDayKind', calendarDayKindLabels, 'How a day departs from the usual Monday–Friday working week.');

const CalendarDayRef = builder.objectRef<CalendarDay>('CalendarDay').implement({
  description: 'A holiday or make-up working day: the exceptions that working-day time limits count around.',
  fields: (t) => ({
    date: t.field({ type: 'Date', resolve: (day) => day.date }),
    kind: t.field({ type: CalendarDayKindEnum, resolve: (day) => day.kind }),
    name: t.exposeString('name', { description: 'e.g. "Tết Nguyên đán".' }),
    updatedAt: t.field({ type: 'DateTime', resolve: (day) => day.updatedAt }),
  }),
});

const PublicHolidayRef = builder.objectRef<{ date: string; name: string }>('PublicHoliday').implement({
  description: 'A public holiday the labour law in force gives (a day off in lieu included), before declared days are applied.',
  fields: (t) => ({ date: t.field({ type: 'Date', resolve: (day) => day.date }), name: t.exposeString('name') }),
});

builder.queryFields((t) => ({
  publicHolidays: t.field({
    type: [PublicHolidayRef],
    description: 'The public holidays of a year computed from the labour law in force (Tết and Giỗ Tổ from the lunar calendar, days in lieu), in date order.',
    args: { year: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.calendar.holidays(args.year),
  }),
  calendar: t.field({
    type: [CalendarDayRef],
    description: 'The days declared for a year on top of the computed public holidays (the yearly schedules: a longer Tết, swapped days), in date order.',
    args: { year: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.calendar.year(args.year),
  }),
  workingDayDeadline: t.field({
    type: 'Date',
    description: 'The day a limit of `days` working days counted from `start` ends (counting begins the next day).',
    args: { start: t.arg({ type: 'Date', required: true }), days: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.calendar.workingDaysAfter(args.start, args.days),
  }),
  workingDaysBetween: t.int({
    description: 'Working days after `from` up to and including `to`.',
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => ctx.services.calendar.workingDaysBetween(args.from, args.to),
  }),
}));

const SetCalendarDayInput = builder.inputType('SetCalendarDayInput', {
  fields: (t) => ({
    date: t.field({ type: 'Date', required: true }),
    kind: t.field({ type: CalendarDayKindEnum, required: true }),
    name: t.string({ required: true, description: 'e.g. "Nghỉ bù Quốc khánh".' }),
  }),
});

const SetCalendarDayPayload = builder.objectRef<{ day: CalendarDay }>('SetCalendarDayPayload').implement({
  fields: (t) => ({ day: t.field({ type: CalendarDayRef, resolve: (payload) => payload.day }) }),
});

builder.mutationFields((t) => ({
  setCalendarDay: t.field({
    type: SetCalendarDayPayload,
    description: 'Records or corrects a holiday or make-up working day (national administrators only).',
    errors: { ...mutationErrors, union: { name: 'SetCalendarDayResult' } },
    args: { input: t.arg({ type: SetCalendarDayInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ day: await ctx.services.calendar.setDay(input) }),
  }),
}));
