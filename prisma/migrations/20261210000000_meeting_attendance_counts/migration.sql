-- The attendance of a held meeting counted on the meeting (issue 17): a province's meeting
-- statistics for a year add up some 40,000 meetings instead of reading a million and more
-- invitations; only the absences without a reason (a few percent) are read row by row, through
-- a partial index. The service recounts in the transaction that holds or corrects a meeting.
-- AlterTable
ALTER TABLE "meetings" ADD COLUMN     "excused_count" INTEGER,
ADD COLUMN     "exempt_count" INTEGER,
ADD COLUMN     "expected_count" INTEGER,
ADD COLUMN     "present_count" INTEGER,
ADD COLUMN     "unexcused_count" INTEGER;

UPDATE "meetings" m SET
  "expected_count" = c.expected, "present_count" = c.present, "excused_count" = c.excused, "unexcused_count" = c.unexcused, "exempt_count" = c.exempt
FROM (
  SELECT "meeting_id",
    count(*) FILTER (WHERE "attendance" <> 'EXEMPT')::int AS expected,
    count(*) FILTER (WHERE "attendance" = 'PRESENT')::int AS present,
    count(*) FILTER (WHERE "attendance" = 'ABSENT_WITH_REASON')::int AS excused,
    count(*) FILTER (WHERE "attendance" = 'ABSENT_WITHOUT_REASON')::int AS unexcused,
    count(*) FILTER (WHERE "attendance" = 'EXEMPT')::int AS exempt
  FROM "meeting_participants" WHERE "role" <> 'HIGHER_COMMITTEE' GROUP BY "meeting_id"
) c
WHERE m."id" = c."meeting_id" AND m."status" = 'HELD';

CREATE INDEX "meeting_participants_unexcused_idx" ON "meeting_participants"("meeting_id") WHERE "attendance" = 'ABSENT_WITHOUT_REASON';
