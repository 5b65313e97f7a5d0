-- Branch meetings (sinh hoạt chi bộ, issue 17): meetings planned, held once, assessed, with
-- their invitations and attendance, documents and an append-only history of every step and
-- correction. The rules they are judged by are dated rows of regulation_values (below).
-- CreateEnum
CREATE TYPE "MeetingKind" AS ENUM ('REGULAR', 'THEMATIC', 'EXTRAORDINARY', 'COMMITTEE');
-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('PLANNED', 'HELD', 'CANCELLED');
-- CreateEnum
CREATE TYPE "MeetingParticipantRole" AS ENUM ('MEMBER', 'HOSTED', 'HIGHER_COMMITTEE');
-- CreateEnum
CREATE TYPE "MeetingAttendance" AS ENUM ('PRESENT', 'ABSENT_WITH_REASON', 'ABSENT_WITHOUT_REASON', 'EXEMPT');
-- CreateEnum
CREATE TYPE "MeetingQuality" AS ENUM ('GOOD', 'FAIR', 'AVERAGE', 'POOR');
-- CreateEnum
CREATE TYPE "MeetingEventType" AS ENUM ('PLANNED', 'RESCHEDULED', 'DOCUMENTS_ATTACHED', 'HELD', 'CORRECTED', 'ASSESSED', 'CANCELLED');
-- CreateTable
CREATE TABLE "meetings" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "kind" "MeetingKind" NOT NULL,
    "status" "MeetingStatus" NOT NULL DEFAULT 'PLANNED',
    "month" DATE NOT NULL,
    "planned_on" DATE NOT NULL,
    "start_time" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "topic" TEXT,
    "agenda" TEXT[],
    "combined_with_regular" BOOLEAN NOT NULL DEFAULT false,
    "chair_member_id" UUID,
    "secretary_member_id" UUID,
    "held_on" DATE,
    "duration_minutes" INTEGER,
    "minutes" TEXT,
    "resolutions" TEXT[],
    "quality" "MeetingQuality",
    "quality_note" TEXT,
    "assessed_on" DATE,
    "cancelled_reason" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "meetings_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "meeting_participants" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "role" "MeetingParticipantRole" NOT NULL,
    "votes" BOOLEAN NOT NULL,
    "attendance" "MeetingAttendance",
    "absence_reason" TEXT,
    CONSTRAINT "meeting_participants_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "meeting_documents" (
    "meeting_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "sent_on" DATE NOT NULL,
    CONSTRAINT "meeting_documents_pkey" PRIMARY KEY ("meeting_id","document_id")
);
-- CreateTable
CREATE TABLE "meeting_events" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "type" "MeetingEventType" NOT NULL,
    "revision" INTEGER NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "actor_name" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "meeting_events_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "meetings_organization_id_month_idx" ON "meetings"("organization_id", "month");
-- CreateIndex
CREATE INDEX "meetings_month_kind_idx" ON "meetings"("month", "kind");
-- CreateIndex
CREATE INDEX "meeting_participants_member_id_idx" ON "meeting_participants"("member_id");
-- CreateIndex
CREATE UNIQUE INDEX "meeting_participants_meeting_id_member_id_key" ON "meeting_participants"("meeting_id", "member_id");
-- CreateIndex
CREATE INDEX "meeting_documents_document_id_idx" ON "meeting_documents"("document_id");
-- CreateIndex
CREATE INDEX "meeting_events_meeting_id_recorded_at_idx" ON "meeting_events"("meeting_id", "recorded_at");
-- AddForeignKey
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_chair_member_id_fkey" FOREIGN KEY ("chair_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_secretary_member_id_fkey" FOREIGN KEY ("secretary_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "meeting_participants" ADD CONSTRAINT "meeting_participants_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "meeting_participants" ADD CONSTRAINT "meeting_participants_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "meeting_documents" ADD CONSTRAINT "meeting_documents_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "meeting_documents" ADD CONSTRAINT "meeting_documents_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "meeting_events" ADD CONSTRAINT "meeting_events_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One regular meeting of an organisation a month (a cancelled one does not count): a second
-- is refused whoever writes. An exclusion constraint (equality on btree) because it is partial.
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_one_regular_a_month"
  EXCLUDE USING btree ("organization_id" WITH =, "month" WITH =) WHERE ("kind" = 'REGULAR' AND "status" <> 'CANCELLED');
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_month_is_first_day" CHECK (extract(day FROM "month") = 1);
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_start_time" CHECK ("start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_held" CHECK (("status" = 'HELD') = ("held_on" IS NOT NULL AND "duration_minutes" IS NOT NULL));
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_duration" CHECK ("duration_minutes" IS NULL OR "duration_minutes" BETWEEN 1 AND 1440);
ALTER TABLE "meeting_participants" ADD CONSTRAINT "meeting_participants_reason" CHECK (("attendance" = 'ABSENT_WITH_REASON') = ("absence_reason" IS NOT NULL));

-- Attendance by member and meeting, for the months a member missed.
CREATE INDEX "meeting_participants_absences_idx" ON "meeting_participants"("member_id", "meeting_id") WHERE "attendance" = 'ABSENT_WITHOUT_REASON';

INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'meetings.requirements', '{"thematicPerQuarter":1,"minDurationMinutes":90,"combinedMinDurationMinutes":120}'::jsonb, '1930-01-01', '2018-07-06', 'Điều lệ Đảng (2011), Điều 24.2 (chi bộ, chi ủy họp thường lệ mỗi tháng một lần) — Chỉ thị 10-CT/TW (30/3/2007), Hướng dẫn 09-HD/BTCTW (2/3/2012): durations applied as in 12-HD/BTCTW', false, 'The thematic meeting at least once a quarter and the minimum durations are known from Hướng dẫn 12-HD/BTCTW (2018) only.'),
  (gen_random_uuid(), 'meetings.requirements', '{"thematicPerQuarter":1,"minDurationMinutes":90,"combinedMinDurationMinutes":120}'::jsonb, '2018-07-06', '2025-10-28', 'Điều lệ Đảng (2011), Điều 24.2 — Hướng dẫn 12-HD/BTCTW (6/7/2018), tiết 3.3 mục 2: từ 90 phút trở lên, kết hợp chuyên đề tối thiểu 120 phút', false, 'Quoted by secondary pages, the official text not read. A committee may set a shorter time for a branch with very few members.'),
  (gen_random_uuid(), 'meetings.requirements', '{"thematicPerQuarter":1,"minDurationMinutes":90,"combinedMinDurationMinutes":120}'::jsonb, '2025-10-28', NULL, 'Điều lệ Đảng (2011), Điều 24.2 — Chỉ thị 50-CT/TW (23/7/2025) — Hướng dẫn 42-HD/BTCTW (28/10/2025): thời lượng tối thiểu 90 phút, 120 phút khi kết hợp chuyên đề', false, 'Quoted by luatvietnam.vn, the official text not read. Thematic at least once a quarter: clause not seen.'),
  (gen_random_uuid(), 'meetings.quality_criteria', '{"attendancePercentAbove":85,"unexcusedAbsencesAllowed":0,"excusedAbsencesInARowAllowed":3,"documentsDaysAhead":null,"goodRequiresAll":true}'::jsonb, '1930-01-01', '2018-07-06', 'Hướng dẫn 09-HD/BTCTW (2/3/2012) and earlier: criteria applied as in Hướng dẫn 12-HD/BTCTW (2018)', false, NULL),
  (gen_random_uuid(), 'meetings.quality_criteria', '{"attendancePercentAbove":85,"unexcusedAbsencesAllowed":0,"excusedAbsencesInARowAllowed":3,"documentsDaysAhead":null,"goodRequiresAll":true}'::jsonb, '2018-07-06', '2025-10-28', 'Hướng dẫn 12-HD/BTCTW (6/7/2018), tiêu chí khung: tỷ lệ dự trên 85%, không có đảng viên vắng mặt không lý do hoặc vắng có lý do quá 03 lần liên tiếp trong năm', false, 'Quoted by llct.tnut.edu.vn and thukyluat.vn. The grades (tốt, khá, trung bình, kém) and their points are set by provincial committees, not found centrally.'),
  (gen_random_uuid(), 'meetings.quality_criteria', '{"attendancePercentAbove":85,"unexcusedAbsencesAllowed":0,"excusedAbsencesInARowAllowed":3,"documentsDaysAhead":1,"goodRequiresAll":true}'::jsonb, '2025-10-28', NULL, 'Hướng dẫn 42-HD/BTCTW (28/10/2025): tài liệu đăng tải trên Sổ tay đảng viên điện tử ít nhất 01 ngày trước khi sinh hoạt — attendance criteria of 12-HD/BTCTW (2018) assumed kept', false, 'Whether 42-HD keeps the 85 percent attendance test is not confirmed.'),
  (gen_random_uuid(), 'membership.removal_thresholds', '{"missedActivityMonths":3,"unpaidDuesMonths":3,"consecutive":false,"meetingKinds":["REGULAR","THEMATIC","EXTRAORDINARY"]}'::jsonb, '1930-01-01', '2016-07-25', 'Điều lệ Đảng (2011), Điều 8.2 and the implementing rules before Quy định 29-QĐ/TW (2016)', false, NULL),
  (gen_random_uuid(), 'membership.removal_thresholds', '{"missedActivityMonths":3,"unpaidDuesMonths":3,"consecutive":false,"meetingKinds":["REGULAR","THEMATIC","EXTRAORDINARY"]}'::jsonb, '2016-07-25', '2021-07-30', 'Điều lệ Đảng (2011), Điều 8.2 — Quy định 29-QĐ/TW (25/7/2016), điểm 8.1: bỏ sinh hoạt đảng hoặc không đóng đảng phí ba tháng trong năm mà không có lý do chính đáng', false, 'Whether the three months must be consecutive is not settled by any text found: counted in the calendar year, consecutive or not (configurable).'),
  (gen_random_uuid(), 'membership.removal_thresholds', '{"missedActivityMonths":3,"unpaidDuesMonths":3,"consecutive":false,"meetingKinds":["REGULAR","THEMATIC","EXTRAORDINARY"]}'::jsonb, '2021-07-30', '2025-07-01', 'Điều lệ Đảng (2011), Điều 8.2 — Quy định 24-QĐ/TW (30/7/2021), điểm 8.1 (same wording)', false, NULL),
  (gen_random_uuid(), 'membership.removal_thresholds', '{"missedActivityMonths":3,"unpaidDuesMonths":3,"consecutive":false,"meetingKinds":["REGULAR","THEMATIC","EXTRAORDINARY"]}'::jsonb, '2025-07-01', NULL, 'Điều lệ Đảng (2011), Điều 8.2 — Quy định 294-QĐ/TW (26/5/2025, in force 1/7/2025) and Hướng dẫn 06-HD/TW (9/6/2025): wording assumed unchanged', false, 'The branch considers and proposes, the competent committee decides: the list is where a proposal starts, never an automatic removal.');
