-- Jobs (issue 18): long work (imports) queued, leased by one runner at a time, taken over when a
-- runner dies, with progress, problems and result.
-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');
-- CreateTable
CREATE TABLE "jobs" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "phase" TEXT NOT NULL DEFAULT 'QUEUED',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER,
    "params" JSONB NOT NULL,
    "input" BYTEA,
    "result" JSONB,
    "problems" JSONB,
    "problem_count" INTEGER NOT NULL DEFAULT 0,
    "user_id" UUID,
    "api_key_id" UUID,
    "actor_name" TEXT NOT NULL,
    "scope_path" INTEGER[],
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "jobs_status_created_at_idx" ON "jobs"("status", "created_at");
-- CreateIndex
CREATE INDEX "jobs_user_id_created_at_idx" ON "jobs"("user_id", "created_at");
-- The queue as a runner reads it: the jobs still to run, oldest first.
CREATE INDEX "jobs_runnable_idx" ON "jobs"("created_at") WHERE "status" IN ('QUEUED', 'RUNNING');
