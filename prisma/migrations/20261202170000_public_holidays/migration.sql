-- Public holidays computed for every year from the labour law in force (issue 14, item 10):
-- the fixed solar days, Tết and Giỗ Tổ from the lunar calendar, the second day of Quốc khánh,
-- and days off in lieu (nghỉ bù). The declared days of calendar_days stay on top of them: the
-- yearly schedules the Prime Minister approves. 2025: Tết was 25/1 to 2/2 (declared), so the
-- day in lieu the law alone gives for Saturday 1/2 (Monday 3/2) was not taken.
INSERT INTO "calendar_days" ("date", "kind", "name", "updated_at") VALUES
  ('2025-02-03', 'NORMAL', 'Ngày làm việc (lịch nghỉ Tết Ất Tỵ 25/1 - 2/2 đã gồm ngày nghỉ bù)', now())
ON CONFLICT ("date") DO NOTHING;

INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'calendar.public_holidays',
   '{"solar":[{"month":1,"day":1,"name":"Tết Dương lịch"},{"month":4,"day":30,"name":"Ngày Giải phóng miền Nam, thống nhất đất nước"},{"month":5,"day":1,"name":"Ngày Quốc tế Lao động"},{"month":9,"day":2,"name":"Quốc khánh"}],"tet":{"daysBefore":1,"daysFrom":3},"hungKings":false,"nationalDaySecondDay":false,"nationalDayAfterOn":[],"compensate":true}'::jsonb,
   '1900-01-01', '2007-01-01', 'Bộ luật Lao động 1994, Điều 73 (Tết 4 days), carried back to earlier years (from 1900, the first day the service accepts)', false, NULL),
  (gen_random_uuid(), 'calendar.public_holidays',
   '{"solar":[{"month":1,"day":1,"name":"Tết Dương lịch"},{"month":4,"day":30,"name":"Ngày Giải phóng miền Nam, thống nhất đất nước"},{"month":5,"day":1,"name":"Ngày Quốc tế Lao động"},{"month":9,"day":2,"name":"Quốc khánh"}],"tet":{"daysBefore":1,"daysFrom":3},"hungKings":true,"nationalDaySecondDay":false,"nationalDayAfterOn":[],"compensate":true}'::jsonb,
   '2007-01-01', '2013-05-01', 'Bộ luật Lao động 1994 as amended in 2007, Điều 73 (Giỗ Tổ Hùng Vương added)', false, NULL),
  (gen_random_uuid(), 'calendar.public_holidays',
   '{"solar":[{"month":1,"day":1,"name":"Tết Dương lịch"},{"month":4,"day":30,"name":"Ngày Giải phóng miền Nam, thống nhất đất nước"},{"month":5,"day":1,"name":"Ngày Quốc tế Lao động"},{"month":9,"day":2,"name":"Quốc khánh"}],"tet":{"daysBefore":1,"daysFrom":4},"hungKings":true,"nationalDaySecondDay":false,"nationalDayAfterOn":[],"compensate":true}'::jsonb,
   '2013-05-01', '2021-01-01', 'Bộ luật Lao động 2012, Điều 115 (Tết 5 days)', false, NULL),
  (gen_random_uuid(), 'calendar.public_holidays',
   '{"solar":[{"month":1,"day":1,"name":"Tết Dương lịch"},{"month":4,"day":30,"name":"Ngày Giải phóng miền Nam, thống nhất đất nước"},{"month":5,"day":1,"name":"Ngày Quốc tế Lao động"},{"month":9,"day":2,"name":"Quốc khánh"}],"tet":{"daysBefore":1,"daysFrom":4},"hungKings":true,"nationalDaySecondDay":true,"nationalDayAfterOn":[1,4],"compensate":true}'::jsonb,
   '2021-01-01', NULL, 'Bộ luật Lao động 2019, Điều 112 (2/9 with the day before or after) and Điều 111.3 (nghỉ bù)', true,
   'Which day goes with 2/9 is decided each year: the day after when 2/9 is a Monday or a Thursday (as in 2021 and 2024), the day before otherwise (2022, 2023, 2025), and declared days correct it.');
