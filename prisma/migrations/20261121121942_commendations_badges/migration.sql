-- CreateEnum
CREATE TYPE "CommendationForm" AS ENUM ('PRAISE', 'CERTIFICATE_OF_MERIT', 'DIPLOMA_OF_MERIT', 'EMULATION_FLAG');

-- CreateEnum
CREATE TYPE "AwardForm" AS ENUM ('PRAISE', 'CERTIFICATE_OF_MERIT', 'DIPLOMA_OF_MERIT', 'EMULATION_FLAG', 'PARTY_BADGE');

-- CreateEnum
CREATE TYPE "CommendationSubject" AS ENUM ('ORGANIZATION', 'MEMBER');

-- CreateEnum
CREATE TYPE "CommendationTitle" AS ENUM ('EXEMPLARY_CLEAN_STRONG', 'EXEMPLARY_CLEAN_STRONG_FIVE_YEARS', 'EXCELLENT_FIVE_YEARS_RUNNING');

-- CreateEnum
CREATE TYPE "PartyBadgeBasis" AS ENUM ('REGULAR', 'EARLY_SERIOUS_ILLNESS', 'POSTHUMOUS');

-- CreateTable
CREATE TABLE "commendation_authorities" (
    "id" UUID NOT NULL,
    "organization_kind" TEXT NOT NULL,
    "form" "AwardForm" NOT NULL,
    "subject" "CommendationSubject" NOT NULL,
    "title" "CommendationTitle",
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commendation_authorities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commendations" (
    "id" UUID NOT NULL,
    "subject" "CommendationSubject" NOT NULL,
    "organization_id" UUID NOT NULL,
    "member_id" UUID,
    "form" "CommendationForm" NOT NULL,
    "title" "CommendationTitle",
    "reason" TEXT NOT NULL,
    "from_year" INTEGER NOT NULL,
    "to_year" INTEGER NOT NULL,
    "awarded_by_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "decided_on" DATE NOT NULL,
    "authority_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commendations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "party_badges" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "milestone" INTEGER NOT NULL,
    "milestone_on" DATE NOT NULL,
    "award_date" DATE NOT NULL,
    "basis" "PartyBadgeBasis" NOT NULL,
    "organization_id" UUID NOT NULL,
    "awarded_by_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "authority_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "party_badges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "serious_illness_certifications" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "certified_on" DATE NOT NULL,
    "evidence" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "serious_illness_certifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "commendation_authorities_organization_kind_form_subject_idx" ON "commendation_authorities"("organization_kind", "form", "subject");

-- CreateIndex
CREATE INDEX "commendations_organization_id_decided_on_idx" ON "commendations"("organization_id", "decided_on");

-- CreateIndex
CREATE INDEX "commendations_member_id_idx" ON "commendations"("member_id");

-- CreateIndex
CREATE INDEX "commendations_decided_on_idx" ON "commendations"("decided_on");

-- CreateIndex
CREATE INDEX "party_badges_organization_id_award_date_idx" ON "party_badges"("organization_id", "award_date");

-- CreateIndex
CREATE INDEX "party_badges_award_date_idx" ON "party_badges"("award_date");

-- CreateIndex
CREATE UNIQUE INDEX "party_badges_member_id_milestone_key" ON "party_badges"("member_id", "milestone");

-- CreateIndex
CREATE INDEX "serious_illness_certifications_member_id_idx" ON "serious_illness_certifications"("member_id");

-- CreateIndex
CREATE INDEX "member_periods_party_age_from_idx" ON "member_periods"("party_age_from");

-- AddForeignKey
ALTER TABLE "commendation_authorities" ADD CONSTRAINT "commendation_authorities_organization_kind_fkey" FOREIGN KEY ("organization_kind") REFERENCES "organization_kinds"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_awarded_by_id_fkey" FOREIGN KEY ("awarded_by_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_authority_id_fkey" FOREIGN KEY ("authority_id") REFERENCES "commendation_authorities"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "party_badges" ADD CONSTRAINT "party_badges_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "party_badges" ADD CONSTRAINT "party_badges_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "party_badges" ADD CONSTRAINT "party_badges_awarded_by_id_fkey" FOREIGN KEY ("awarded_by_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "party_badges" ADD CONSTRAINT "party_badges_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "party_badges" ADD CONSTRAINT "party_badges_authority_id_fkey" FOREIGN KEY ("authority_id") REFERENCES "commendation_authorities"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "serious_illness_certifications" ADD CONSTRAINT "serious_illness_certifications_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Checks the service also makes, kept here so that no other writer can break them
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_subject_member" CHECK (("subject" = 'MEMBER') = ("member_id" IS NOT NULL));
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_years" CHECK ("from_year" <= "to_year");
ALTER TABLE "commendation_authorities" ADD CONSTRAINT "commendation_authorities_dates" CHECK ("effective_to" IS NULL OR "effective_to" > "effective_from");
ALTER TABLE "commendation_authorities" ADD CONSTRAINT "commendation_authorities_badge_members" CHECK ("form" <> 'PARTY_BADGE' OR ("subject" = 'MEMBER' AND "title" IS NULL));
ALTER TABLE "party_badges" ADD CONSTRAINT "party_badges_milestone" CHECK ("milestone" BETWEEN 30 AND 90);

-- Who may award what, from Quy định 29-QĐ/TW (2016) §27.2. The upper-grassroots level (a bloc
-- committee) awards Giấy khen as the Nam Định bloc did in 2021. The allocation after the 2025
-- reforms is not settled: administrators end and add rules through the API.
INSERT INTO "commendation_authorities" ("id", "organization_kind", "form", "subject", "title", "effective_from", "source")
SELECT gen_random_uuid(), kind, form::"AwardForm", subject::"CommendationSubject", title::"CommendationTitle", DATE '2016-07-25', source
FROM (VALUES
  ('BRANCH', 'PRAISE', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: chi bộ biểu dương đảng viên'),
  ('SUB_COMMITTEE', 'PRAISE', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: đảng bộ bộ phận biểu dương'),
  ('SUB_COMMITTEE', 'PRAISE', 'ORGANIZATION', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: đảng bộ bộ phận biểu dương'),
  ('GRASSROOTS_BRANCH', 'PRAISE', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: chi bộ cơ sở biểu dương, tặng giấy khen đảng viên'),
  ('GRASSROOTS_BRANCH', 'CERTIFICATE_OF_MERIT', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: chi bộ cơ sở biểu dương, tặng giấy khen đảng viên'),
  ('GRASSROOTS_COMMITTEE', 'PRAISE', 'ORGANIZATION', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: đảng ủy cơ sở'),
  ('GRASSROOTS_COMMITTEE', 'PRAISE', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: đảng ủy cơ sở'),
  ('GRASSROOTS_COMMITTEE', 'CERTIFICATE_OF_MERIT', 'ORGANIZATION', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: đảng ủy cơ sở tặng giấy khen tổ chức đảng và đảng viên'),
  ('GRASSROOTS_COMMITTEE', 'CERTIFICATE_OF_MERIT', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: đảng ủy cơ sở tặng giấy khen tổ chức đảng và đảng viên'),
  ('UPPER_GRASSROOTS_COMMITTEE', 'CERTIFICATE_OF_MERIT', 'ORGANIZATION', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: cấp ủy cấp trên cơ sở tặng giấy khen (unconfirmed after 2025)'),
  ('UPPER_GRASSROOTS_COMMITTEE', 'CERTIFICATE_OF_MERIT', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: cấp ủy cấp trên cơ sở tặng giấy khen (unconfirmed after 2025)'),
  ('UPPER_GRASSROOTS_COMMITTEE', 'CERTIFICATE_OF_MERIT', 'ORGANIZATION', 'EXEMPLARY_CLEAN_STRONG', 'Quy định 29-QĐ/TW (2016) §27.2: giấy khen tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu'),
  ('UPPER_GRASSROOTS_COMMITTEE', 'CERTIFICATE_OF_MERIT', 'MEMBER', 'EXCELLENT_FIVE_YEARS_RUNNING', 'Quy định 29-QĐ/TW (2016) §27.2: giấy khen đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền'),
  ('PROVINCIAL_COMMITTEE', 'DIPLOMA_OF_MERIT', 'ORGANIZATION', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: tỉnh ủy tặng bằng khen'),
  ('PROVINCIAL_COMMITTEE', 'DIPLOMA_OF_MERIT', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: tỉnh ủy tặng bằng khen'),
  ('PROVINCIAL_COMMITTEE', 'DIPLOMA_OF_MERIT', 'ORGANIZATION', 'EXEMPLARY_CLEAN_STRONG_FIVE_YEARS', 'Quy định 29-QĐ/TW (2016) §27.2: bằng khen tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu 5 năm liền'),
  ('PROVINCIAL_COMMITTEE', 'EMULATION_FLAG', 'ORGANIZATION', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: tỉnh ủy tặng cờ'),
  ('PROVINCIAL_COMMITTEE', 'PARTY_BADGE', 'MEMBER', NULL, 'Quy định 29-QĐ/TW (2016) §27.2: ban thường vụ tỉnh ủy tặng Huy hiệu Đảng')
) AS rules (kind, form, subject, title, source);
