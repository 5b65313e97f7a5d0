-- Appeals and denunciations screened, not refused unrecorded: late, not competent, pending above,
-- and the reasons judged on reading (Quy định 30-QĐ/TW 2016 Điều 32 5.1.1, Quy định 22-QĐ/TW 2021).
-- A letter withdrawn by its sender keeps its history (status WITHDRAWN).
-- AlterEnum


ALTER TYPE "ComplaintRejection" ADD VALUE 'FILED_LATE';
ALTER TYPE "ComplaintRejection" ADD VALUE 'NOT_COMPETENT';
ALTER TYPE "ComplaintRejection" ADD VALUE 'PENDING_AT_HIGHER_LEVEL';
ALTER TYPE "ComplaintRejection" ADD VALUE 'CONTENT_NOT_SPECIFIC';
ALTER TYPE "ComplaintRejection" ADD VALUE 'NO_DENUNCIATION_CONTENT';
ALTER TYPE "ComplaintRejection" ADD VALUE 'NO_LEGAL_CAPACITY';
ALTER TYPE "ComplaintRejection" ADD VALUE 'BEFORE_CONGRESS';

-- AlterEnum
ALTER TYPE "ComplaintStatus" ADD VALUE 'WITHDRAWN';

-- AlterTable
ALTER TABLE "complaints" ADD COLUMN     "withdrawn_on" DATE;

