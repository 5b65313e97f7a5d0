-- Thời hiệu kỷ luật tổ chức đảng: 5 years for a reprimand, 10 for a warning, no limit for a
-- dissolution (Quy định 69-QĐ/TW of 6/7/2022, Điều 4). The years are confirmed, the categories
-- without a limit are taken from the members' rule (not confirmed for organisations).
INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'discipline.organization_statute_of_limitations',
   '{"years":{"REPRIMAND":5,"WARNING":10,"DISMISSAL":null,"EXPULSION":null,"DISSOLUTION":null},"unlimitedCategories":["INTERNAL_POLITICAL","DEFENSE_SECURITY_FOREIGN_AFFAIRS","ILLEGAL_DEGREE"]}'::jsonb,
   '1930-01-01', '2022-07-06', 'Quy định 07-QĐi/TW (2018) and earlier', false, 'Applied as in 2022.'),
  (gen_random_uuid(), 'discipline.organization_statute_of_limitations',
   '{"years":{"REPRIMAND":5,"WARNING":10,"DISMISSAL":null,"EXPULSION":null,"DISSOLUTION":null},"unlimitedCategories":["INTERNAL_POLITICAL","DEFENSE_SECURITY_FOREIGN_AFFAIRS","ILLEGAL_DEGREE"]}'::jsonb,
   '2022-07-06', NULL, 'Quy định 69-QĐ/TW (6/7/2022), Điều 4', false, 'The years are in Điều 4 - the categories without a limit are the members'' (not confirmed for organisations).');
