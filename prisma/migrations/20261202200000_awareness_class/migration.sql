-- A candidate admitted from candidacy has completed the class on awareness of the Party (lớp bồi
-- dưỡng nhận thức về Đảng), the class having ended within the validity of its certificate.
INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'membership.awareness_class', '{"required":true,"validMonths":60}'::jsonb, '1930-01-01', NULL,
   'Điều lệ Đảng Điều 4 - Quy định 24-QĐ/TW (30/7/2021), 3.1 - Hướng dẫn 12-HD/BTCTW (2022): the class before admission, its certificate valid 60 months', false,
   'The validity of 60 months is as reported, not quoted. Admissions recorded without a candidate (history brought in) are not checked.');
