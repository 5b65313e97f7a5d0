-- Removal from the roll (xóa tên, issue 17): the branch's proposal naming the months of missed
-- meetings or unpaid dues that reached the rule, and the committee's decision or rejection.
-- CreateEnum
CREATE TYPE "RemovalGround" AS ENUM ('MISSED_ACTIVITY', 'UNPAID_DUES');
-- CreateEnum
CREATE TYPE "RemovalProposalStatus" AS ENUM ('PROPOSED', 'DECIDED', 'REJECTED');
-- CreateTable
CREATE TABLE "removal_proposals" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "ground" "RemovalGround" NOT NULL,
    "year" INTEGER NOT NULL,
    "months" DATE[],
    "organization_id" UUID NOT NULL,
    "proposed_on" DATE NOT NULL,
    "note" TEXT,
    "status" "RemovalProposalStatus" NOT NULL DEFAULT 'PROPOSED',
    "decision_id" UUID,
    "decided_on" DATE,
    "rejection_reason" TEXT,
    "member_event_id" UUID,
    "actor_name" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "removal_proposals_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "removal_proposals_member_id_idx" ON "removal_proposals"("member_id");
-- CreateIndex
CREATE INDEX "removal_proposals_organization_id_proposed_on_idx" ON "removal_proposals"("organization_id", "proposed_on");
-- AddForeignKey
ALTER TABLE "removal_proposals" ADD CONSTRAINT "removal_proposals_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "removal_proposals" ADD CONSTRAINT "removal_proposals_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "removal_proposals" ADD CONSTRAINT "removal_proposals_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One open proposal of a member, ground and year at a time.
CREATE UNIQUE INDEX "removal_proposals_open_key" ON "removal_proposals"("member_id", "ground", "year") WHERE "status" = 'PROPOSED';
ALTER TABLE "removal_proposals" ADD CONSTRAINT "removal_proposals_months" CHECK (cardinality("months") BETWEEN 1 AND 12);
