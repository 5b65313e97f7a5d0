-- One current rating per subject and period, held by the database against concurrent batches.
-- Duplicates left by earlier concurrent batches are superseded first, keeping the latest.
UPDATE "quality_ratings" q SET "superseded_at" = now()
WHERE q."superseded_at" IS NULL AND EXISTS (
  SELECT 1 FROM "quality_ratings" r
  WHERE r."superseded_at" IS NULL AND r."subject" = q."subject" AND r."period_type" = q."period_type" AND r."period_key" = q."period_key"
    AND coalesce(r."member_id", r."organization_id") = coalesce(q."member_id", q."organization_id") AND r."id" > q."id");

ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_one_current"
  EXCLUDE USING gist ("subject" WITH =, (coalesce("member_id", "organization_id")) WITH =, "period_type" WITH =, "period_key" WITH =)
  WHERE ("superseded_at" IS NULL);
