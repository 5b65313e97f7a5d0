-- Membership as Quy định 24-QĐ/TW (2021) has it (issue 14, item 3): readmission (kết nạp lại)
-- is its own event, once only, after 36 months outside, through probation again, party age from
-- the first admission less the time outside. Restoration (khôi phục đảng tịch) keeps party age
-- continuous. The admission ceremony is recorded: probation counts from it.
-- AlterEnum
ALTER TYPE "MemberEventType" ADD VALUE 'READMITTED';

-- AlterTable
ALTER TABLE "members" ADD COLUMN     "admission_ceremony_on" DATE;


INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'membership.readmission', '{"minimumMonthsOutside":36,"fromStatuses":["REMOVED_FROM_ROLL","EXPELLED"]}'::jsonb, '1930-01-01', '2016-07-25',
   'before Quy định 29-QĐ/TW (25/7/2016): the later rule carried back', false, NULL),
  (gen_random_uuid(), 'membership.readmission', '{"minimumMonthsOutside":36,"fromStatuses":["REMOVED_FROM_ROLL","EXPELLED"]}'::jsonb, '2016-07-25', '2021-07-30',
   'Quy định 29-QĐ/TW (25/7/2016), 3.5', false, 'Reported with the same wording as Quy định 24.'),
  (gen_random_uuid(), 'membership.readmission', '{"minimumMonthsOutside":36,"fromStatuses":["REMOVED_FROM_ROLL","EXPELLED"]}'::jsonb, '2021-07-30', NULL,
   'Quy định 24-QĐ/TW (30/7/2021), 3.5.1 b, 3.5.3 and 3.5.4', true,
   'At least 36 months outside (60 after a conviction for a less serious crime: not modelled), once only, probation again. The reasons that exclude readmission (3.5.2: leaving of one''s own accord, corruption) are not recorded here.'),
  (gen_random_uuid(), 'membership.admission_ceremony_working_days', '30'::jsonb, '1930-01-01', NULL,
   'Quy định 24-QĐ/TW (30/7/2021), 4.1 - Điều lệ Đảng Điều 5: the ceremony within 30 working days, probation from it', false,
   'Counted here from the decision day (the day the branch received the decision is not recorded).');
