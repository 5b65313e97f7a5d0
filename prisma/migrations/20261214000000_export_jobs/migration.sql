-- The file an export run as a job made, kept for the one who asked until a day after the job ends.
-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "output" BYTEA;
