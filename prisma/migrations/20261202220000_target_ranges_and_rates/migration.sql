-- Targets as resolutions write them: a range ("from 1 to 2") and a rate of another quantity
-- ("admissions of 3 to 4 percent of the membership at the start of the year").
ALTER TABLE "indicator_targets" ADD COLUMN     "base_indicator_code" TEXT,
ADD COLUMN     "target_max" DECIMAL(20,4);

ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_base_indicator_code_fkey" FOREIGN KEY ("base_indicator_code") REFERENCES "indicators"("code") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_range" CHECK ("target_max" IS NULL OR "target_max" >= "target_value");
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_base_not_self" CHECK ("base_indicator_code" IS NULL OR "base_indicator_code" <> "indicator_code");

-- The membership of a subtree on the first day of the period: the usual base of a rate target.
INSERT INTO "indicators" ("code", "name_vi", "name_en", "unit", "value_kind", "direction", "rollup", "source", "computation", "rank") VALUES
  ('MEMBERSHIP_AT_START', 'Tổng số đảng viên đầu kỳ', 'Members at the start of the period', 'đảng viên', 'COUNT', 'AT_LEAST', 'SUM', 'COMPUTED', 'MEMBERSHIP_AT_START', 5);
