-- Regulations as dated data: every value a rule of the Party's regulations sets, with the
-- period it applies to, its source and whether that source was checked. The rows below are
-- the values the service applied until now (src/rules/), with the citations corrected
-- after checking the texts (issue 14). The texts use dashes, not semicolons: the
-- migration runner splits statements at every semicolon.
CREATE TABLE "regulation_values" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "source" TEXT NOT NULL,
    "confirmed" BOOLEAN NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "regulation_values_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "regulation_values_key_effective_from_idx" ON "regulation_values"("key", "effective_from");

-- The periods of one rule do not overlap, and each ends after it begins.
ALTER TABLE "regulation_values" ADD CONSTRAINT "regulation_values_no_overlap"
  EXCLUDE USING gist ("key" WITH =, daterange("effective_from", "effective_to") WITH &&);
ALTER TABLE "regulation_values" ADD CONSTRAINT "regulation_values_period"
  CHECK ("effective_to" IS NULL OR "effective_to" > "effective_from");

INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'membership.probation_months', '12'::jsonb, '1930-01-01', NULL, 'Điều lệ Đảng (2011), Điều 5', true, 'Điều 5.1 counts the twelve months from the admission ceremony (lễ kết nạp) — the service counts from the admission decision until the ceremony is recorded.'),
  (gen_random_uuid(), 'membership.minimum_admission_age', '18'::jsonb, '1930-01-01', NULL, 'Điều lệ Đảng (2011), Điều 1', true, 'Quy định 24-QĐ/TW (30/7/2021) §1.1: from 18 to 60 (in months) when the branch considers the candidate.'),
  (gen_random_uuid(), 'membership.temporary_transfer_months', '{"min":3,"max":12,"maxForStudy":24}'::jsonb, '1930-01-01', '2021-07-30', 'Hướng dẫn thi hành Điều lệ Đảng trước 2021 (Quy định 29-QĐ/TW 2016 và các văn bản trước)', false, NULL),
  (gen_random_uuid(), 'membership.temporary_transfer_months', '{"min":3,"max":12,"maxForStudy":24}'::jsonb, '2021-07-30', NULL, 'Quy định 24-QĐ/TW (30/7/2021) thi hành Điều lệ Đảng — Hướng dẫn 12-HD/BTCTW (2022) về chuyển sinh hoạt đảng', false, NULL),
  (gen_random_uuid(), 'discipline.member_suspension_days', '{"initial":90,"maxTotal":180}'::jsonb, '1930-01-01', '2016-07-26', 'Quy định 14-QĐ/TW (2001) §39.2 and earlier: 3 months, at most 6 (counted here as 90 and 180 days)', false, NULL),
  (gen_random_uuid(), 'discipline.member_suspension_days', '{"initial":90,"maxTotal":180}'::jsonb, '2016-07-26', '2021-07-28', 'Quy định 30-QĐ/TW (26/7/2016), Điều 40: 90 working days, at most 180 (counted here as calendar days)', false, NULL),
  (gen_random_uuid(), 'discipline.member_suspension_days', '{"initial":90,"maxTotal":180}'::jsonb, '2021-07-28', '2025-05-30', 'Quy định 22-QĐ/TW (28/7/2021), Điều 31.1', true, NULL),
  (gen_random_uuid(), 'discipline.member_suspension_days', '{"initial":90,"maxTotal":180}'::jsonb, '2025-05-30', NULL, 'Quy định 296-QĐ/TW (30/5/2025), which replaced 22-QĐ/TW: the same limits assumed', false, NULL),
  (gen_random_uuid(), 'discipline.organization_suspension_days', '90'::jsonb, '1930-01-01', '2016-07-26', 'Quy định 14-QĐ/TW (2001) and earlier: 3 months (counted here as 90 days)', false, NULL),
  (gen_random_uuid(), 'discipline.organization_suspension_days', '90'::jsonb, '2016-07-26', '2021-07-28', 'Quy định 30-QĐ/TW (26/7/2016), Điều 40: at most 90 working days (counted here as calendar days)', false, NULL),
  (gen_random_uuid(), 'discipline.organization_suspension_days', '90'::jsonb, '2021-07-28', '2025-05-30', 'Quy định 22-QĐ/TW (28/7/2021), Điều 31.1', true, NULL),
  (gen_random_uuid(), 'discipline.organization_suspension_days', '90'::jsonb, '2025-05-30', NULL, 'Quy định 296-QĐ/TW (30/5/2025), which replaced 22-QĐ/TW: the same limit assumed', false, NULL),
  (gen_random_uuid(), 'discipline.member_statute_of_limitations', '{"years":{"REPRIMAND":5,"WARNING":10,"DISMISSAL":10,"EXPULSION":null,"DISSOLUTION":null},"unlimitedCategories":["INTERNAL_POLITICAL","DEFENSE_SECURITY_FOREIGN_AFFAIRS","ILLEGAL_DEGREE"]}'::jsonb, '1930-01-01', '2022-07-06', 'Quy định 102-QĐ/TW (2017) and earlier', false, NULL),
  (gen_random_uuid(), 'discipline.member_statute_of_limitations', '{"years":{"REPRIMAND":5,"WARNING":10,"DISMISSAL":10,"EXPULSION":null,"DISSOLUTION":null},"unlimitedCategories":["INTERNAL_POLITICAL","DEFENSE_SECURITY_FOREIGN_AFFAIRS","ILLEGAL_DEGREE"]}'::jsonb, '2022-07-06', NULL, 'Quy định 69-QĐ/TW (6/7/2022), Điều 4', true, NULL),
  (gen_random_uuid(), 'complaints.appeal_limits', '{"filingMonths":1,"resolutionWorkingDays":{"PROVINCIAL_AND_BELOW":90,"CENTRAL":180}}'::jsonb, '1930-01-01', '2016-07-26', 'earlier regulations', false, NULL),
  (gen_random_uuid(), 'complaints.appeal_limits', '{"filingMonths":1,"resolutionWorkingDays":{"PROVINCIAL_AND_BELOW":90,"CENTRAL":180}}'::jsonb, '2016-07-26', '2021-07-28', 'Điều lệ Đảng (2011), Điều 39.7 (filing within one month) — Quy định 30-QĐ/TW (26/7/2016), Điều 32, 5.2.1 (90 / 180 working days)', true, NULL),
  (gen_random_uuid(), 'complaints.appeal_limits', '{"filingMonths":1,"resolutionWorkingDays":{"PROVINCIAL_AND_BELOW":90,"CENTRAL":180}}'::jsonb, '2021-07-28', NULL, 'Điều lệ Đảng (2011), Điều 39.7 (filing within one month) — Quy định 22-QĐ/TW (28/7/2021), then 296-QĐ/TW (30/5/2025): resolution limits assumed unchanged', false, NULL),
  (gen_random_uuid(), 'complaints.denunciation_limits', '{"resolutionDays":{"PROVINCIAL_AND_BELOW":90,"CENTRAL":180},"extensionWorkingDays":30}'::jsonb, '1930-01-01', '2021-07-28', 'earlier regulations', false, NULL),
  (gen_random_uuid(), 'complaints.denunciation_limits', '{"resolutionDays":{"PROVINCIAL_AND_BELOW":90,"CENTRAL":180},"extensionWorkingDays":30}'::jsonb, '2021-07-28', NULL, 'Quy định 22-QĐ/TW (28/7/2021), then 296-QĐ/TW (30/5/2025): article not found — a bloc handbook gives 90 working days and an extension of at most 30 working days', false, NULL),
  (gen_random_uuid(), 'committees.branch_committee_max', '9'::jsonb, '1930-01-01', '2025-07-01', 'no cap found before Quy định 294-QĐ/TW (9 is the number of official members a branch needs to elect a committee, Điều lệ Đảng Điều 24.4)', false, NULL),
  (gen_random_uuid(), 'committees.branch_committee_max', '7'::jsonb, '2025-07-01', NULL, 'Quy định 294-QĐ/TW (26/5/2025, in force 1/7/2025)', true, NULL),
  (gen_random_uuid(), 'ratings.score_bands', '{"EXCELLENT":90,"GOOD":70,"COMPLETED":50,"NOT_COMPLETED":0}'::jsonb, '1930-01-01', '2023-10-04', 'Quy định 132-QĐ/TW (2018) — Hướng dẫn 21-HD/BTCTW (2019): scores were not part of these — bands applied as later', false, NULL),
  (gen_random_uuid(), 'ratings.score_bands', '{"EXCELLENT":90,"GOOD":70,"COMPLETED":50,"NOT_COMPLETED":0}'::jsonb, '2023-10-04', '2025-08-30', 'Quy định 124-QĐ/TW (4/10/2023) — Hướng dẫn 25-HD/BTCTW', false, NULL),
  (gen_random_uuid(), 'ratings.score_bands', '{"EXCELLENT":90,"GOOD":70,"COMPLETED":50,"NOT_COMPLETED":0}'::jsonb, '2025-08-30', NULL, 'Quy định 366-QĐ/TW (30/8/2025) — Hướng dẫn 43-HD/BTCTW (NOT_COMPLETED < 50 unconfirmed for the Party)', false, NULL),
  (gen_random_uuid(), 'ratings.excellent_member_quota', '0.2'::jsonb, '2019-01-01', NULL, 'Hướng dẫn 21-HD/BTCTW (2019)', false, NULL),
  (gen_random_uuid(), 'commendations.party_badges', '{"milestones":[30,40,45,50,55,60,65,70,75,80,85,90],"awardDays":["02-03","05-19","09-02","11-07"],"seriousIllness":{"upTo":65,"months":12,"laterMonths":24},"posthumousMonths":12,"posthumousConsiderationMonths":12,"disciplineWaitMonths":{"REPRIMAND":6,"WARNING":9,"DISMISSAL":12}}'::jsonb, '1930-01-01', '2021-08-30', 'Hướng dẫn 01-HD/TW (20/9/2016) and earlier rules: applied as in 2021', false, NULL),
  (gen_random_uuid(), 'commendations.party_badges', '{"milestones":[30,40,45,50,55,60,65,70,75,80,85,90],"awardDays":["02-03","05-19","09-02","11-07"],"seriousIllness":{"upTo":65,"months":12,"laterMonths":24},"posthumousMonths":12,"posthumousConsiderationMonths":12,"disciplineWaitMonths":{"REPRIMAND":6,"WARNING":9,"DISMISSAL":12}}'::jsonb, '2021-08-30', NULL, 'Hướng dẫn 01-HD/TW (2021), mục 18: milestones, award days and the serious-illness months — the posthumous award and the waits after discipline not found', false, NULL),
  (gen_random_uuid(), 'commendations.title_requirements', '{"EXEMPLARY_CLEAN_STRONG":{"subject":"ORGANIZATION","excellentYears":1,"grassrootsOnly":true},"EXEMPLARY_CLEAN_STRONG_FIVE_YEARS":{"subject":"ORGANIZATION","excellentYears":5,"grassrootsOnly":true},"EXCELLENT_FIVE_YEARS_RUNNING":{"subject":"MEMBER","excellentYears":5,"grassrootsOnly":false}}'::jsonb, '2016-07-25', NULL, 'Quy định 29-QĐ/TW (2016) §27 — Hướng dẫn 01-HD/TW (2021)', true, NULL);
