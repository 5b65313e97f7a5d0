-- Người vào Đảng: "Tại thời điểm chi bộ xét kết nạp, người vào Đảng phải đủ 18 tuổi đến đủ 60
-- tuổi (tính theo tháng)" (Quy định 24-QĐ/TW of 30/7/2021, 1.1), above that only a committee
-- directly under the Central Committee decides. The service checks the age on the admission
-- day (the day the branch considers the person is not recorded).
INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'membership.maximum_admission_age', '{"maximum":null,"exceptionDecidedBy":[]}'::jsonb,
   '1930-01-01', '2016-07-25', 'no upper age limit recorded before Quy định 29-QĐ/TW (25/7/2016)', false, NULL),
  (gen_random_uuid(), 'membership.maximum_admission_age', '{"maximum":60,"exceptionDecidedBy":["PROVINCIAL_COMMITTEE"]}'::jsonb,
   '2016-07-25', '2021-07-30', 'Quy định 29-QĐ/TW (25/7/2016), 1.1', false, 'The same wording as Quy định 24-QĐ/TW, reported, not quoted.'),
  (gen_random_uuid(), 'membership.maximum_admission_age', '{"maximum":60,"exceptionDecidedBy":["PROVINCIAL_COMMITTEE"]}'::jsonb,
   '2021-07-30', '2025-01-20', 'Quy định 24-QĐ/TW (30/7/2021), 1.1', true, 'Above 60: a committee directly under the Central Committee decides (here: a provincial committee).'),
  (gen_random_uuid(), 'membership.maximum_admission_age', '{"maximum":60,"exceptionDecidedBy":["PROVINCIAL_COMMITTEE"]}'::jsonb,
   '2025-01-20', NULL, 'Quy định 232-QĐ/TW (20/1/2025), then 294-QĐ/TW (26/5/2025), 1.1', false, 'The same wording reported.');
