-- One target and one value in force per organisation, indicator and period, held by the
-- database against concurrent writers. Duplicates left by earlier concurrent writes are
-- superseded first, keeping the latest.
UPDATE "indicator_targets" t SET "superseded_at" = now()
WHERE t."superseded_at" IS NULL AND EXISTS (
  SELECT 1 FROM "indicator_targets" r
  WHERE r."superseded_at" IS NULL AND r."organization_id" = t."organization_id" AND r."indicator_code" = t."indicator_code"
    AND r."period_key" = t."period_key" AND r."id" > t."id");

UPDATE "indicator_values" v SET "superseded_at" = now()
WHERE v."superseded_at" IS NULL AND EXISTS (
  SELECT 1 FROM "indicator_values" r
  WHERE r."superseded_at" IS NULL AND r."organization_id" = v."organization_id" AND r."indicator_code" = v."indicator_code"
    AND r."period_key" = v."period_key" AND r."id" > v."id");

ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_one_in_force"
  EXCLUDE USING btree ("organization_id" WITH =, "indicator_code" WITH =, "period_key" WITH =)
  WHERE ("superseded_at" IS NULL);

ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_one_in_force"
  EXCLUDE USING btree ("organization_id" WITH =, "indicator_code" WITH =, "period_key" WITH =)
  WHERE ("superseded_at" IS NULL);
