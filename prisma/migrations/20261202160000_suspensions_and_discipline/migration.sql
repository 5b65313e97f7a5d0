-- Suspensions as the regulations have them (issue 14, item 4): a ground (review for discipline,
-- prosecution, detention), extensions of any number of days up to the total allowed, and the
-- end of each suspension kept on the member period. The gravity of a violation, which decides
-- whether a member who died is disciplined (Quy định 69-QĐ/TW Điều 2.14).
-- CreateEnum
CREATE TYPE "SuspensionGround" AS ENUM ('DISCIPLINE_REVIEW', 'PROSECUTION', 'DETENTION');

-- AlterTable
ALTER TABLE "discipline_records" ADD COLUMN     "gravity" "ViolationGravity";

-- AlterTable
ALTER TABLE "member_periods" ADD COLUMN     "suspension_ends_on" DATE,
ADD COLUMN     "suspension_from" DATE,
ADD COLUMN     "suspension_ground" "SuspensionGround";


-- Periods already suspended: the ground is a review, from the last suspension, ending after the
-- first period or, once extended, after the total allowed, by the rule of the suspension's day.
UPDATE "member_periods" p
SET "suspension_ground" = 'DISCIPLINE_REVIEW', "suspension_from" = s.starts_on,
    "suspension_ends_on" = s.starts_on + CASE WHEN s.extended THEN (r.value ->> 'maxTotal')::int ELSE (r.value ->> 'initial')::int END
FROM (
  SELECT p2.id, e.starts_on,
    EXISTS (SELECT 1 FROM "member_events" x WHERE x.member_id = p2.member_id AND x.type = 'SUSPENSION_EXTENDED' AND x.effective_on >= e.starts_on AND x.effective_on <= p2.valid_from) AS extended
  FROM "member_periods" p2
  CROSS JOIN LATERAL (SELECT max(e.effective_on) AS starts_on FROM "member_events" e WHERE e.member_id = p2.member_id AND e.type = 'SUSPENDED' AND e.effective_on <= p2.valid_from) e
  WHERE p2.status = 'SUSPENDED'
) s
JOIN "regulation_values" r ON r.key = 'discipline.member_suspension_days' AND r.effective_from <= s.starts_on AND (r.effective_to IS NULL OR r.effective_to > s.starts_on)
WHERE p.id = s.id;

INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'discipline.deceased_member', '{"minimumGravity":"EXTREMELY_SERIOUS"}'::jsonb, '1930-01-01', '2017-11-15',
   'before Quy định 102-QĐ/TW (15/11/2017): the later rule carried back', false, NULL),
  (gen_random_uuid(), 'discipline.deceased_member', '{"minimumGravity":"EXTREMELY_SERIOUS"}'::jsonb, '2017-11-15', '2022-07-06',
   'Quy định 102-QĐ/TW (15/11/2017), Điều 5.2 - Hướng dẫn 04-HD/UBKTTW (2018)', false, 'Reported: a member who died is examined and concluded, disciplined only for a violation especially serious.'),
  (gen_random_uuid(), 'discipline.deceased_member', '{"minimumGravity":"EXTREMELY_SERIOUS"}'::jsonb, '2022-07-06', NULL,
   'Quy định 69-QĐ/TW (6/7/2022), Điều 2.14', true, 'Đảng viên vi phạm đã qua đời thì tổ chức đảng xem xét, kết luận nhưng không quyết định kỷ luật, trừ trường hợp có vi phạm đặc biệt nghiêm trọng.');
