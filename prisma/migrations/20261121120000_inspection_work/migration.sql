-- Appeals, suspension of organisations, inspections, supervision, complaints and denunciations (issue 6).

-- CreateEnum
CREATE TYPE "DisciplineStatus" AS ENUM ('IN_FORCE', 'CHANGED', 'ANNULLED');

-- CreateEnum
CREATE TYPE "InspectionType" AS ENUM ('ON_SIGNS_OF_VIOLATION', 'INSPECTION_SUPERVISION_WORK', 'DISCIPLINE_ENFORCEMENT', 'PARTY_FINANCES');

-- CreateEnum
CREATE TYPE "InspectionStage" AS ENUM ('PLANNED', 'DECIDED', 'IN_PROGRESS', 'REPORTED', 'CONCLUDED');

-- CreateEnum
CREATE TYPE "ViolationGravity" AS ENUM ('LESS_SERIOUS', 'SERIOUS', 'VERY_SERIOUS', 'EXTREMELY_SERIOUS');

-- CreateEnum
CREATE TYPE "InspectionTeamRole" AS ENUM ('LEADER', 'DEPUTY', 'MEMBER');

-- CreateEnum
CREATE TYPE "SupervisionKind" AS ENUM ('REGULAR', 'THEMATIC');

-- CreateEnum
CREATE TYPE "ComplaintKind" AS ENUM ('APPEAL', 'DENUNCIATION');

-- CreateEnum
CREATE TYPE "ComplaintStatus" AS ENUM ('PROCESSING', 'NOT_PROCESSED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "ComplaintRejection" AS ENUM ('ANONYMOUS', 'NO_ADDRESS', 'UNSIGNED', 'SIGNED_BY_SEVERAL', 'REPEATED_WITHOUT_NEW_EVIDENCE');

-- CreateEnum
CREATE TYPE "ResolutionLevel" AS ENUM ('PROVINCIAL_AND_BELOW', 'CENTRAL');

-- CreateEnum
CREATE TYPE "ComplaintOutcome" AS ENUM ('UPHELD', 'CHANGED', 'ANNULLED', 'WELL_FOUNDED', 'PARTLY_FOUNDED', 'UNFOUNDED');

-- AlterTable
ALTER TABLE "discipline_records" ADD COLUMN     "ended_on" DATE,
ADD COLUMN     "inspection_case_id" UUID,
ADD COLUMN     "status" "DisciplineStatus" NOT NULL DEFAULT 'IN_FORCE',
ADD COLUMN     "supersedes_id" UUID;

-- CreateTable
CREATE TABLE "organization_suspensions" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "decision_id" UUID NOT NULL,
    "reinstated_on" DATE,
    "reinstatement_decision_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_suspensions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inspection_plans" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "document_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inspection_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inspection_cases" (
    "id" UUID NOT NULL,
    "plan_id" UUID,
    "authority_id" UUID NOT NULL,
    "type" "InspectionType" NOT NULL,
    "title" TEXT NOT NULL,
    "stage" "InspectionStage" NOT NULL,
    "decided_on" DATE,
    "concluded_on" DATE,
    "violation_found" BOOLEAN,
    "gravity" "ViolationGravity",
    "discipline_warranted" BOOLEAN,
    "conclusion_summary" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inspection_cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inspection_subjects" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "member_id" UUID,

    CONSTRAINT "inspection_subjects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inspection_team_members" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "member_id" UUID,
    "name" TEXT NOT NULL,
    "role" "InspectionTeamRole" NOT NULL,

    CONSTRAINT "inspection_team_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inspection_stage_events" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "stage" "InspectionStage" NOT NULL,
    "occurred_on" DATE NOT NULL,
    "document_id" UUID,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inspection_stage_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supervisions" (
    "id" UUID NOT NULL,
    "authority_id" UUID NOT NULL,
    "plan_id" UUID,
    "kind" "SupervisionKind" NOT NULL,
    "topic" TEXT NOT NULL,
    "starts_on" DATE NOT NULL,
    "document_id" UUID,
    "concluded_on" DATE,
    "findings" TEXT,
    "signs_of_violation" BOOLEAN,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "supervisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supervision_subjects" (
    "id" UUID NOT NULL,
    "supervision_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "member_id" UUID,

    CONSTRAINT "supervision_subjects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "complaints" (
    "id" UUID NOT NULL,
    "kind" "ComplaintKind" NOT NULL,
    "received_on" DATE NOT NULL,
    "handler_id" UUID NOT NULL,
    "level" "ResolutionLevel" NOT NULL,
    "summary" TEXT NOT NULL,
    "concerning_organization_id" UUID,
    "concerning_member_id" UUID,
    "discipline_record_id" UUID,
    "notified_on" DATE,
    "signed" BOOLEAN NOT NULL,
    "signatories" INTEGER NOT NULL,
    "new_evidence" BOOLEAN NOT NULL,
    "sender_fingerprint" TEXT,
    "status" "ComplaintStatus" NOT NULL,
    "rejection" "ComplaintRejection",
    "due_on" DATE,
    "extended_due_on" DATE,
    "extension_decision_id" UUID,
    "resolved_on" DATE,
    "outcome" "ComplaintOutcome",
    "result_summary" TEXT,
    "resolution_decision_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "complaints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "complaint_senders" (
    "complaint_id" UUID NOT NULL,
    "sealed" BYTEA NOT NULL,

    CONSTRAINT "complaint_senders_pkey" PRIMARY KEY ("complaint_id")
);

-- CreateIndex
CREATE INDEX "organization_suspensions_organization_id_starts_on_idx" ON "organization_suspensions"("organization_id", "starts_on");

-- CreateIndex
CREATE INDEX "organization_suspensions_starts_on_idx" ON "organization_suspensions"("starts_on");

-- CreateIndex
CREATE UNIQUE INDEX "inspection_plans_organization_id_year_key" ON "inspection_plans"("organization_id", "year");

-- CreateIndex
CREATE INDEX "inspection_cases_authority_id_decided_on_idx" ON "inspection_cases"("authority_id", "decided_on");

-- CreateIndex
CREATE INDEX "inspection_cases_decided_on_idx" ON "inspection_cases"("decided_on");

-- CreateIndex
CREATE INDEX "inspection_subjects_case_id_idx" ON "inspection_subjects"("case_id");

-- CreateIndex
CREATE INDEX "inspection_subjects_organization_id_idx" ON "inspection_subjects"("organization_id");

-- CreateIndex
CREATE INDEX "inspection_subjects_member_id_idx" ON "inspection_subjects"("member_id");

-- CreateIndex
CREATE INDEX "inspection_team_members_case_id_idx" ON "inspection_team_members"("case_id");

-- CreateIndex
CREATE INDEX "inspection_stage_events_case_id_idx" ON "inspection_stage_events"("case_id");

-- CreateIndex
CREATE INDEX "supervisions_authority_id_starts_on_idx" ON "supervisions"("authority_id", "starts_on");

-- CreateIndex
CREATE INDEX "supervisions_starts_on_idx" ON "supervisions"("starts_on");

-- CreateIndex
CREATE INDEX "supervision_subjects_supervision_id_idx" ON "supervision_subjects"("supervision_id");

-- CreateIndex
CREATE INDEX "complaints_handler_id_received_on_idx" ON "complaints"("handler_id", "received_on");

-- CreateIndex
CREATE INDEX "complaints_received_on_idx" ON "complaints"("received_on");

-- CreateIndex
CREATE INDEX "complaints_discipline_record_id_idx" ON "complaints"("discipline_record_id");

-- CreateIndex
CREATE INDEX "complaints_sender_fingerprint_idx" ON "complaints"("sender_fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "discipline_records_supersedes_id_key" ON "discipline_records"("supersedes_id");

-- AddForeignKey
ALTER TABLE "discipline_records" ADD CONSTRAINT "discipline_records_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "discipline_records"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discipline_records" ADD CONSTRAINT "discipline_records_inspection_case_id_fkey" FOREIGN KEY ("inspection_case_id") REFERENCES "inspection_cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_suspensions" ADD CONSTRAINT "organization_suspensions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_suspensions" ADD CONSTRAINT "organization_suspensions_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_suspensions" ADD CONSTRAINT "organization_suspensions_reinstatement_decision_id_fkey" FOREIGN KEY ("reinstatement_decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_cases" ADD CONSTRAINT "inspection_cases_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "inspection_plans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_cases" ADD CONSTRAINT "inspection_cases_authority_id_fkey" FOREIGN KEY ("authority_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_subjects" ADD CONSTRAINT "inspection_subjects_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "inspection_cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_subjects" ADD CONSTRAINT "inspection_subjects_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_subjects" ADD CONSTRAINT "inspection_subjects_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_team_members" ADD CONSTRAINT "inspection_team_members_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "inspection_cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_team_members" ADD CONSTRAINT "inspection_team_members_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_stage_events" ADD CONSTRAINT "inspection_stage_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "inspection_cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection_stage_events" ADD CONSTRAINT "inspection_stage_events_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supervisions" ADD CONSTRAINT "supervisions_authority_id_fkey" FOREIGN KEY ("authority_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supervisions" ADD CONSTRAINT "supervisions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "inspection_plans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supervisions" ADD CONSTRAINT "supervisions_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supervision_subjects" ADD CONSTRAINT "supervision_subjects_supervision_id_fkey" FOREIGN KEY ("supervision_id") REFERENCES "supervisions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supervision_subjects" ADD CONSTRAINT "supervision_subjects_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supervision_subjects" ADD CONSTRAINT "supervision_subjects_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_handler_id_fkey" FOREIGN KEY ("handler_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_concerning_organization_id_fkey" FOREIGN KEY ("concerning_organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_concerning_member_id_fkey" FOREIGN KEY ("concerning_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_discipline_record_id_fkey" FOREIGN KEY ("discipline_record_id") REFERENCES "discipline_records"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_extension_decision_id_fkey" FOREIGN KEY ("extension_decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_resolution_decision_id_fkey" FOREIGN KEY ("resolution_decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "complaint_senders" ADD CONSTRAINT "complaint_senders_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- An appeal names the decision appealed and the day its subject was notified of it
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_appeal_names_decision"
  CHECK ("kind" <> 'APPEAL' OR ("discipline_record_id" IS NOT NULL AND "notified_on" IS NOT NULL));
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_signatories_count" CHECK ("signatories" >= 0);
ALTER TABLE "organization_suspensions" ADD CONSTRAINT "organization_suspensions_dates" CHECK ("ends_on" >= "starts_on");
