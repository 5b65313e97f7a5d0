import { Type } from 'typebox';
import { defineRule } from './rule.js';

/**
 * Public holidays as the labour law of the time sets them: fixed solar days, Tết (the last day
 * of the lunar year and the first days of the next), Giỗ Tổ Hùng Vương (10th day of the 3rd
 * lunar month), whether Quốc khánh has a second day (the day after 2/9 when 2/9 falls on one of
 * `nationalDayAfterOn`, the day before otherwise), and whether a holiday on a weekend gives a
 * day off on the next working day (nghỉ bù). The yearly schedules the Prime Minister approves
 * (days swapped, a longer Tết) are declared days of the calendar, which take precedence.
 */
export type PublicHolidays = {
  solar: { month: number; day: number; name: string }[];
  tet: { daysBefore: number; daysFrom: number };
  hungKings: boolean;
  nationalDaySecondDay: boolean;
  /** Weekdays of 2/9 (0 Sunday … 6 Saturday) on which the second day is 3/9 rather than 1/9. */
  nationalDayAfterOn: number[];
  compensate: boolean;
};

const Day = Type.Integer({ minimum: 0, maximum: 6 });

export const PUBLIC_HOLIDAYS = defineRule<PublicHolidays>(
  'calendar.public_holidays',
  'public holidays (ngày nghỉ lễ, tết)',
  Type.Object(
    {
      solar: Type.Array(
        Type.Object({ month: Type.Integer({ minimum: 1, maximum: 12 }), day: Type.Integer({ minimum: 1, maximum: 31 }), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        { maxItems: 30 },
      ),
      tet: Type.Object({ daysBefore: Type.Integer({ minimum: 0, maximum: 5 }), daysFrom: Type.Integer({ minimum: 1, maximum: 10 }) }, { additionalProperties: false }),
      hungKings: Type.Boolean(),
      nationalDaySecondDay: Type.Boolean(),
      nationalDayAfterOn: Type.Array(Day, { uniqueItems: true }),
      compensate: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
);
