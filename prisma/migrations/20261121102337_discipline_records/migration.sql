-- CreateEnum
CREATE TYPE "DisciplineSubject" AS ENUM ('ORGANIZATION', 'MEMBER');

-- CreateEnum
CREATE TYPE "DisciplineForm" AS ENUM ('REPRIMAND', 'WARNING', 'DISMISSAL', 'EXPULSION', 'DISSOLUTION');

-- CreateEnum
CREATE TYPE "ViolationCategory" AS ENUM ('GENERAL', 'INTERNAL_POLITICAL', 'DEFENSE_SECURITY_FOREIGN_AFFAIRS', 'ILLEGAL_DEGREE');

-- CreateTable
CREATE TABLE "discipline_records" (
    "id" UUID NOT NULL,
    "subject" "DisciplineSubject" NOT NULL,
    "organization_id" UUID NOT NULL,
    "member_id" UUID,
    "form" "DisciplineForm" NOT NULL,
    "category" "ViolationCategory" NOT NULL,
    "violation_summary" TEXT NOT NULL,
    "violated_on" DATE NOT NULL,
    "decided_on" DATE NOT NULL,
    "effective_from" DATE NOT NULL,
    "decision_id" UUID NOT NULL,
    "authority_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "discipline_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "discipline_records_organization_id_effective_from_idx" ON "discipline_records"("organization_id", "effective_from");

-- CreateIndex
CREATE INDEX "discipline_records_member_id_idx" ON "discipline_records"("member_id");

-- CreateIndex
CREATE INDEX "discipline_records_effective_from_idx" ON "discipline_records"("effective_from");

-- AddForeignKey
ALTER TABLE "discipline_records" ADD CONSTRAINT "discipline_records_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discipline_records" ADD CONSTRAINT "discipline_records_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discipline_records" ADD CONSTRAINT "discipline_records_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discipline_records" ADD CONSTRAINT "discipline_records_authority_id_fkey" FOREIGN KEY ("authority_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "discipline_records" ADD CONSTRAINT "discipline_records_subject" CHECK (("subject" = 'MEMBER') = ("member_id" IS NOT NULL));
ALTER TABLE "discipline_records" ADD CONSTRAINT "discipline_records_dates" CHECK ("violated_on" <= "decided_on" AND "decided_on" <= "effective_from");

INSERT INTO "indicators" ("code", "name_vi", "name_en", "unit", "value_kind", "direction", "rollup", "source", "computation", "rank") VALUES
  ('MEMBERS_DISCIPLINED', 'Đảng viên bị thi hành kỷ luật', 'Members disciplined', 'đảng viên', 'COUNT', 'AT_MOST', 'SUM', 'COMPUTED', 'MEMBERS_DISCIPLINED', 55);
