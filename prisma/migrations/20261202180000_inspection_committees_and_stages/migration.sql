-- Inspection committees exist from the grassroots Party committee up (Điều lệ Đảng Điều 32):
-- a branch, a grassroots branch or a sub-committee does not open inspection cases or plans.
-- The stages of an inspection (Quy định 22-QĐ/TW, the procedure of each kind): the subjects
-- report on themselves, the team verifies, and the conclusion is notified. Which stages each
-- kind of inspection goes through is a regulation value (inspections.procedure).
-- AlterEnum


ALTER TYPE "InspectionStage" ADD VALUE 'SELF_REPORTED';
ALTER TYPE "InspectionStage" ADD VALUE 'VERIFIED';
ALTER TYPE "InspectionStage" ADD VALUE 'NOTIFIED';

-- AlterTable
ALTER TABLE "organization_kinds" ADD COLUMN     "has_inspection_committee" BOOLEAN NOT NULL DEFAULT false;


UPDATE "organization_kinds" SET "has_inspection_committee" = true
WHERE "code" IN ('PROVINCIAL_COMMITTEE', 'UPPER_GRASSROOTS_COMMITTEE', 'GRASSROOTS_COMMITTEE');

INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'inspections.procedure',
   '{"ON_SIGNS_OF_VIOLATION":["PLANNED","DECIDED","IN_PROGRESS","SELF_REPORTED","VERIFIED","REPORTED","CONCLUDED","NOTIFIED"],"INSPECTION_SUPERVISION_WORK":["PLANNED","DECIDED","IN_PROGRESS","SELF_REPORTED","REPORTED","CONCLUDED","NOTIFIED"],"DISCIPLINE_ENFORCEMENT":["PLANNED","DECIDED","IN_PROGRESS","SELF_REPORTED","REPORTED","CONCLUDED","NOTIFIED"],"PARTY_FINANCES":["PLANNED","DECIDED","IN_PROGRESS","SELF_REPORTED","VERIFIED","REPORTED","CONCLUDED","NOTIFIED"]}'::jsonb,
   '1930-01-01', NULL, 'Quy định 22-QĐ/TW (28/7/2021) and Hướng dẫn 02-HD/TW (2021): the procedures of inspection', false,
   'Preparation (decision, plan), conduct (the subjects report and explain in writing, the team verifies, reports), conclusion (the inspection committee concludes and notifies). Stages as summarised, not quoted.');
