import type { CalendarDayKind } from '../../generated/prisma/client.js';

export const calendarDayKindLabels: Record<CalendarDayKind, string> = {
  HOLIDAY: 'Ngày nghỉ lễ, tết (a day off, also when it falls on a weekday)',
  WORKING_DAY: 'Ngày làm bù (a Saturday or Sunday worked in exchange for a bridged day off)',
  NORMAL: 'Ngày thường (a day restored to the usual rule: Monday–Friday work, weekend off)',
};
