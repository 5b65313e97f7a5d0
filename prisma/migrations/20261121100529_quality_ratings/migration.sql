-- CreateEnum
CREATE TYPE "RatingLevel" AS ENUM ('EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED');

-- CreateEnum
CREATE TYPE "RatingSubject" AS ENUM ('ORGANIZATION', 'MEMBER');

-- CreateTable
CREATE TABLE "quality_ratings" (
    "id" UUID NOT NULL,
    "subject" "RatingSubject" NOT NULL,
    "organization_id" UUID NOT NULL,
    "member_id" UUID,
    "period_type" "PeriodType" NOT NULL,
    "period_key" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "level" "RatingLevel" NOT NULL,
    "score" DECIMAL(5,2),
    "rated_by_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "superseded_at" TIMESTAMPTZ(3),

    CONSTRAINT "quality_ratings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "quality_ratings_organization_id_period_key_idx" ON "quality_ratings"("organization_id", "period_key");

-- CreateIndex
CREATE INDEX "quality_ratings_member_id_period_key_idx" ON "quality_ratings"("member_id", "period_key");

-- CreateIndex
CREATE INDEX "quality_ratings_period_key_subject_idx" ON "quality_ratings"("period_key", "subject");

-- AddForeignKey
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_rated_by_id_fkey" FOREIGN KEY ("rated_by_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_score" CHECK ("score" IS NULL OR ("score" >= 0 AND "score" <= 100));
ALTER TABLE "quality_ratings" ADD CONSTRAINT "quality_ratings_subject" CHECK (("subject" = 'MEMBER') = ("member_id" IS NOT NULL));

-- Shares of grassroots organisations and of members rated GOOD or above, from the ratings of the year.
INSERT INTO "indicators" ("code", "name_vi", "name_en", "unit", "value_kind", "direction", "rollup", "source", "computation", "rank") VALUES
  ('ORGANIZATIONS_GOOD_OR_ABOVE', 'Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên', 'Grassroots organisations rated GOOD or above', '%', 'PERCENTAGE', 'AT_LEAST', 'RATIO_OF_SUMS', 'COMPUTED', 'ORGANIZATIONS_GOOD_OR_ABOVE', 45),
  ('MEMBERS_GOOD_OR_ABOVE', 'Đảng viên hoàn thành tốt nhiệm vụ trở lên', 'Members rated GOOD or above', '%', 'PERCENTAGE', 'AT_LEAST', 'RATIO_OF_SUMS', 'COMPUTED', 'MEMBERS_GOOD_OR_ABOVE', 46);
