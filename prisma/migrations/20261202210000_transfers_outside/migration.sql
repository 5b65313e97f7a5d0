-- Transfers out of the tree and arrivals from outside it (chuyển sinh hoạt đảng chính thức ra
-- ngoài đảng bộ, tiếp nhận từ nơi khác đến): a member leaves with an introduction letter and is
-- kept as TRANSFERRED_OUT, and arrives with the sending organisation and the letter, not as an admission.
ALTER TYPE "MemberEventType" ADD VALUE 'TRANSFERRED_OUT';
ALTER TYPE "MemberEventType" ADD VALUE 'TRANSFERRED_IN';
ALTER TYPE "MemberStatus" ADD VALUE 'TRANSFERRED_OUT';

-- The introduction letter is presented to the receiving committee within this time of the day it
-- was written. Past it the arrival is still recorded (the member is in the Party) with a warning
-- naming the rule, for the competent committee to consider the reason.
INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'membership.transfer_presentation', '{"days":30,"workingDays":false}'::jsonb, '1930-01-01', '2016-07-25',
   'no earlier text found: the 2016 value carried back', false, NULL),
  (gen_random_uuid(), 'membership.transfer_presentation', '{"days":30,"workingDays":false}'::jsonb, '2016-07-25', '2021-07-30',
   'Quy định 29-QĐ/TW (25/7/2016), 6.3, as Hướng dẫn 09-HD/BTCTW (5/6/2017) reports it: within 30 days of the introduction', false,
   'Reported in guidance extracts, not read in the regulation itself.'),
  (gen_random_uuid(), 'membership.transfer_presentation', '{"days":30,"workingDays":true}'::jsonb, '2021-07-30', '2025-07-01',
   'Quy định 24-QĐ/TW (30/7/2021), Điều 6 (chuyển sinh hoạt đảng chính thức): within 30 working days of the introduction', true, NULL),
  (gen_random_uuid(), 'membership.transfer_presentation', '{"days":30,"workingDays":true}'::jsonb, '2025-07-01', NULL,
   'Quy định 294-QĐ/TW (26/5/2025), 6.3.1: within 30 working days of the introduction', true, NULL);
