-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('HOLIDAY', 'WORKING_DAY', 'NORMAL');

-- CreateTable
CREATE TABLE "calendar_days" (
    "date" DATE NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calendar_days_pkey" PRIMARY KEY ("date")
);

-- Public holidays of 2025 and 2026 (Bộ luật Lao động 2019, Điều 112, and the yearly notices of
-- the Ministry of Home Affairs). Administrators correct and extend them.
INSERT INTO "calendar_days" ("date", "kind", "name", "updated_at") VALUES
  ('2025-01-01', 'HOLIDAY', 'Tết Dương lịch', now()),
  ('2025-01-25', 'HOLIDAY', 'Tết Nguyên đán', now()), ('2025-01-26', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2025-01-27', 'HOLIDAY', 'Tết Nguyên đán', now()), ('2025-01-28', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2025-01-29', 'HOLIDAY', 'Tết Nguyên đán', now()), ('2025-01-30', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2025-01-31', 'HOLIDAY', 'Tết Nguyên đán', now()), ('2025-02-01', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2025-02-02', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2025-04-07', 'HOLIDAY', 'Giỗ Tổ Hùng Vương', now()),
  ('2025-04-30', 'HOLIDAY', 'Ngày Giải phóng miền Nam', now()), ('2025-05-01', 'HOLIDAY', 'Quốc tế Lao động', now()),
  ('2025-09-01', 'HOLIDAY', 'Quốc khánh', now()), ('2025-09-02', 'HOLIDAY', 'Quốc khánh', now()),
  ('2026-01-01', 'HOLIDAY', 'Tết Dương lịch', now()),
  ('2026-02-14', 'HOLIDAY', 'Tết Nguyên đán', now()), ('2026-02-15', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2026-02-16', 'HOLIDAY', 'Tết Nguyên đán', now()), ('2026-02-17', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2026-02-18', 'HOLIDAY', 'Tết Nguyên đán', now()), ('2026-02-19', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2026-02-20', 'HOLIDAY', 'Tết Nguyên đán', now()), ('2026-02-21', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2026-02-22', 'HOLIDAY', 'Tết Nguyên đán', now()),
  ('2026-04-26', 'HOLIDAY', 'Giỗ Tổ Hùng Vương', now()),
  ('2026-04-30', 'HOLIDAY', 'Ngày Giải phóng miền Nam', now()), ('2026-05-01', 'HOLIDAY', 'Quốc tế Lao động', now()),
  ('2026-09-01', 'HOLIDAY', 'Quốc khánh', now()), ('2026-09-02', 'HOLIDAY', 'Quốc khánh', now());
