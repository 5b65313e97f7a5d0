-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED', 'REMOVED_FROM_ROLL', 'EXPELLED', 'DECEASED');

-- CreateEnum
CREATE TYPE "MemberEventType" AS ENUM ('ADMITTED', 'RECOGNIZED_OFFICIAL', 'PROBATION_REMOVED', 'TRANSFERRED', 'TEMPORARY_TRANSFER', 'TEMPORARY_RETURN', 'EXEMPTED', 'EXEMPTION_ENDED', 'SUSPENDED', 'REINSTATED', 'REMOVED_FROM_ROLL', 'EXPELLED', 'DECEASED', 'RESTORED');

-- CreateEnum
CREATE TYPE "CommitteeRole" AS ENUM ('SECRETARY', 'DEPUTY_SECRETARY', 'STANDING_COMMITTEE_MEMBER', 'COMMITTEE_MEMBER', 'INSPECTION_COMMITTEE_CHAIR', 'INSPECTION_COMMITTEE_DEPUTY', 'INSPECTION_COMMITTEE_MEMBER');

-- CreateEnum
CREATE TYPE "CandidateStatus" AS ENUM ('PROPOSED', 'ADMITTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "TrainingClassType" AS ENUM ('PARTY_AWARENESS', 'NEW_MEMBER', 'ELEMENTARY_POLITICAL_THEORY', 'INTERMEDIATE_POLITICAL_THEORY', 'ADVANCED_POLITICAL_THEORY');

-- CreateEnum
CREATE TYPE "AttendanceResult" AS ENUM ('ENROLLED', 'COMPLETED', 'NOT_COMPLETED');

-- AlterTable
ALTER TABLE "organization_kinds" ADD COLUMN     "holds_members" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "members" (
    "id" UUID NOT NULL,
    "full_name" TEXT NOT NULL,
    "gender" "Gender" NOT NULL,
    "date_of_birth" DATE NOT NULL,
    "ethnicity" TEXT NOT NULL DEFAULT 'Kinh',
    "religion" TEXT,
    "hometown" TEXT,
    "permanent_address" TEXT,
    "national_id" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "education_level" TEXT,
    "professional_qualification" TEXT,
    "political_theory_level" TEXT,
    "occupation" TEXT,
    "workplace" TEXT,
    "party_card_number" TEXT,
    "file_number" TEXT,
    "search_name" TEXT NOT NULL,
    "sort_key" TEXT NOT NULL,
    "admitted_on" DATE NOT NULL,
    "recognized_official_on" DATE,
    "candidate_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_events" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "type" "MemberEventType" NOT NULL,
    "occurred_on" DATE NOT NULL,
    "effective_on" DATE NOT NULL,
    "decision_id" UUID,
    "organization_id" UUID,
    "details" JSONB NOT NULL DEFAULT '{}',
    "note" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_periods" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "status" "MemberStatus" NOT NULL,
    "standing" "MemberStatus" NOT NULL,
    "exempted" BOOLEAN NOT NULL DEFAULT false,
    "organization_id" UUID NOT NULL,
    "temporary_organization_id" UUID,
    "party_age_from" DATE NOT NULL,
    "party_age_to" DATE,
    "event_id" UUID NOT NULL,

    CONSTRAINT "member_periods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terms" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "congress_on" DATE NOT NULL,
    "congress_decision_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "terms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "committee_positions" (
    "id" UUID NOT NULL,
    "term_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "role" "CommitteeRole" NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE,
    "decision_id" UUID,
    "end_decision_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "committee_positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candidates" (
    "id" UUID NOT NULL,
    "full_name" TEXT NOT NULL,
    "gender" "Gender" NOT NULL,
    "date_of_birth" DATE NOT NULL,
    "ethnicity" TEXT NOT NULL DEFAULT 'Kinh',
    "occupation" TEXT,
    "workplace" TEXT,
    "organization_id" UUID NOT NULL,
    "proposed_on" DATE NOT NULL,
    "status" "CandidateStatus" NOT NULL DEFAULT 'PROPOSED',
    "search_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "candidates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_classes" (
    "id" UUID NOT NULL,
    "type" "TrainingClassType" NOT NULL,
    "name" TEXT NOT NULL,
    "organizer_id" UUID NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_classes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "class_attendances" (
    "id" UUID NOT NULL,
    "class_id" UUID NOT NULL,
    "candidate_id" UUID,
    "member_id" UUID,
    "result" "AttendanceResult" NOT NULL DEFAULT 'ENROLLED',
    "certificate_number" TEXT,

    CONSTRAINT "class_attendances_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "members_national_id_key" ON "members"("national_id");

-- CreateIndex
CREATE UNIQUE INDEX "members_party_card_number_key" ON "members"("party_card_number");

-- CreateIndex
CREATE UNIQUE INDEX "members_candidate_id_key" ON "members"("candidate_id");

-- CreateIndex
CREATE INDEX "members_search_name_idx" ON "members" USING GIN ("search_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "members_sort_key_id_idx" ON "members"("sort_key", "id");

-- CreateIndex
CREATE INDEX "members_date_of_birth_idx" ON "members"("date_of_birth");

-- CreateIndex
CREATE INDEX "members_admitted_on_idx" ON "members"("admitted_on");

-- CreateIndex
CREATE INDEX "member_events_member_id_effective_on_idx" ON "member_events"("member_id", "effective_on");

-- CreateIndex
CREATE INDEX "member_events_type_effective_on_idx" ON "member_events"("type", "effective_on");

-- CreateIndex
CREATE INDEX "member_periods_organization_id_valid_from_idx" ON "member_periods"("organization_id", "valid_from");

-- CreateIndex
CREATE INDEX "member_periods_member_id_valid_from_idx" ON "member_periods"("member_id", "valid_from");

-- CreateIndex
CREATE INDEX "member_periods_temporary_organization_id_idx" ON "member_periods"("temporary_organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "terms_organization_id_starts_on_key" ON "terms"("organization_id", "starts_on");

-- CreateIndex
CREATE INDEX "committee_positions_term_id_idx" ON "committee_positions"("term_id");

-- CreateIndex
CREATE INDEX "committee_positions_member_id_idx" ON "committee_positions"("member_id");

-- CreateIndex
CREATE INDEX "candidates_organization_id_proposed_on_idx" ON "candidates"("organization_id", "proposed_on");

-- CreateIndex
CREATE INDEX "training_classes_organizer_id_starts_on_idx" ON "training_classes"("organizer_id", "starts_on");

-- CreateIndex
CREATE INDEX "training_classes_type_starts_on_idx" ON "training_classes"("type", "starts_on");

-- CreateIndex
CREATE INDEX "class_attendances_candidate_id_idx" ON "class_attendances"("candidate_id");

-- CreateIndex
CREATE INDEX "class_attendances_member_id_idx" ON "class_attendances"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "class_attendances_class_id_candidate_id_key" ON "class_attendances"("class_id", "candidate_id");

-- CreateIndex
CREATE UNIQUE INDEX "class_attendances_class_id_member_id_key" ON "class_attendances"("class_id", "member_id");

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_events" ADD CONSTRAINT "member_events_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_events" ADD CONSTRAINT "member_events_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_events" ADD CONSTRAINT "member_events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_periods" ADD CONSTRAINT "member_periods_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_periods" ADD CONSTRAINT "member_periods_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_periods" ADD CONSTRAINT "member_periods_temporary_organization_id_fkey" FOREIGN KEY ("temporary_organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_periods" ADD CONSTRAINT "member_periods_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "member_events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terms" ADD CONSTRAINT "terms_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terms" ADD CONSTRAINT "terms_congress_decision_id_fkey" FOREIGN KEY ("congress_decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "committee_positions" ADD CONSTRAINT "committee_positions_term_id_fkey" FOREIGN KEY ("term_id") REFERENCES "terms"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "committee_positions" ADD CONSTRAINT "committee_positions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "committee_positions" ADD CONSTRAINT "committee_positions_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "committee_positions" ADD CONSTRAINT "committee_positions_end_decision_id_fkey" FOREIGN KEY ("end_decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_organizer_id_fkey" FOREIGN KEY ("organizer_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_attendances" ADD CONSTRAINT "class_attendances_class_id_fkey" FOREIGN KEY ("class_id") REFERENCES "training_classes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_attendances" ADD CONSTRAINT "class_attendances_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "class_attendances" ADD CONSTRAINT "class_attendances_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Members are kept in branches: chi bộ trực thuộc and chi bộ cơ sở (Charter Art. 24).
UPDATE "organization_kinds" SET "holds_members" = true WHERE "code" IN ('BRANCH', 'GRASSROOTS_BRANCH');

-- The periods of one member never overlap, and each ends after it starts.
ALTER TABLE "member_periods" ADD CONSTRAINT "member_periods_no_overlap"
  EXCLUDE USING gist ("member_id" WITH =, daterange("valid_from", "valid_to") WITH &&);
ALTER TABLE "member_periods" ADD CONSTRAINT "member_periods_valid_range"
  CHECK ("valid_to" IS NULL OR "valid_to" > "valid_from");

-- An attendee is a candidate or a member, not both.
ALTER TABLE "class_attendances" ADD CONSTRAINT "class_attendances_one_attendee"
  CHECK (("candidate_id" IS NULL) <> ("member_id" IS NULL));

ALTER TABLE "terms" ADD CONSTRAINT "terms_valid_range" CHECK ("ends_on" > "starts_on");
ALTER TABLE "committee_positions" ADD CONSTRAINT "committee_positions_valid_range"
  CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on");
