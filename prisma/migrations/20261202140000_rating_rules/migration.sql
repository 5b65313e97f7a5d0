-- Rating rules as dated data (issue 14, item 6).
-- The EXCELLENT quota is a share of those rated GOOD (not GOOD or above), for members and for
-- organisations, counted over every current rating of one committee and period: the reported
-- figures 17 of 85 (2021) and 19 of 95 (2022) are exactly 20 % of those rated GOOD.
UPDATE "regulation_values"
SET "key" = 'ratings.excellent_quota',
    "value" = '{"share":0.2,"base":["GOOD"],"subjects":["MEMBER","ORGANIZATION"]}'::jsonb,
    "source" = 'Hướng dẫn 21-HD/BTCTW (18/10/2019) — Quy định 124-QĐ/TW (4/10/2023): EXCELLENT at most 20 % of those rated GOOD',
    "note" = 'The wording reported: không vượt quá 20 % số được xếp loại Hoàn thành tốt nhiệm vụ.'
WHERE "key" = 'ratings.excellent_member_quota';

INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'ratings.rated_member_statuses', '["PROBATIONARY","OFFICIAL","SUSPENDED"]'::jsonb, '1930-01-01', '2019-10-18',
   'Hướng dẫn 16-HD/BTCTW (24/9/2018): every member is rated except those exempted from work and party activity', false, 'Carried back to the years before 2018.'),
  (gen_random_uuid(), 'ratings.rated_member_statuses', '["PROBATIONARY","OFFICIAL"]'::jsonb, '2019-10-18', NULL,
   'Hướng dẫn 21-HD/BTCTW (18/10/2019): members suspended from party activity are not rated', false, 'Reported in summaries of the guidance, not quoted.'),
  (gen_random_uuid(), 'ratings.discipline_caps', '{"memberHighestLevel":"NOT_COMPLETED","organizationHighestLevel":"NOT_COMPLETED","excellentBlockedBy":["SUBORDINATE_ORGANIZATION","COMMITTEE_MEMBER"]}'::jsonb, '1930-01-01', '2019-10-18',
   'Hướng dẫn 16-HD/BTCTW (24/9/2018), II.B: a member disciplined in the year is NOT_COMPLETED', false, 'Carried back to the years before 2018.'),
  (gen_random_uuid(), 'ratings.discipline_caps', '{"memberHighestLevel":"NOT_COMPLETED","organizationHighestLevel":"NOT_COMPLETED","excellentBlockedBy":["SUBORDINATE_ORGANIZATION","COMMITTEE_MEMBER"]}'::jsonb, '2019-10-18', '2023-10-04',
   'Hướng dẫn 21-HD/BTCTW (18/10/2019), II.B.2 - a member disciplined in the year is NOT_COMPLETED (one violation counted once)', false,
   'The member clause is quoted in secondary sources. The organisation clauses (own discipline, a unit under it or a member of its committee disciplined) are unconfirmed.'),
  (gen_random_uuid(), 'ratings.discipline_caps', '{"memberHighestLevel":"NOT_COMPLETED","organizationHighestLevel":"NOT_COMPLETED","excellentBlockedBy":["SUBORDINATE_ORGANIZATION","COMMITTEE_MEMBER"]}'::jsonb, '2023-10-04', NULL,
   'Quy định 124-QĐ/TW (4/10/2023) - disciplined, or a member disciplined, in the year: NOT_COMPLETED unless found and remedied by itself', false,
   'The exception for violations found and remedied by the organisation itself is not modelled.'),
  (gen_random_uuid(), 'ratings.member_rater', '"GRASSROOTS"'::jsonb, '1930-01-01', NULL,
   'Hướng dẫn 21-HD/BTCTW (18/10/2019): the grassroots committee decides the ratings of members', false, NULL);
