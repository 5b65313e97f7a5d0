-- Thẩm quyền thi hành kỷ luật: who may decide which form for whom, as dated data (issue 14).
-- Confirmed: a chi bộ (grassroots or not) reprimands and warns its own members (Điều lệ Đảng
-- Điều 36.1, Quy định 22-QĐ/TW Điều 11). The other rows follow the Charter as the service
-- understood it without the full text at hand and are marked unconfirmed: administrators end
-- and add rows through the API. A đảng ủy bộ phận decides no discipline (it proposes).
CREATE TABLE "discipline_authorities" (
    "id" UUID NOT NULL,
    "organization_kind" TEXT NOT NULL,
    "subject" "DisciplineSubject" NOT NULL,
    "form" "DisciplineForm" NOT NULL,
    "levels_below" INTEGER,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "source" TEXT NOT NULL,
    "confirmed" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "discipline_authorities_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "discipline_authorities_organization_kind_subject_form_idx" ON "discipline_authorities"("organization_kind", "subject", "form");

ALTER TABLE "discipline_authorities" ADD CONSTRAINT "discipline_authorities_organization_kind_fkey" FOREIGN KEY ("organization_kind") REFERENCES "organization_kinds"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "discipline_authorities" ADD CONSTRAINT "discipline_authorities_period" CHECK ("effective_to" IS NULL OR "effective_to" > "effective_from");
ALTER TABLE "discipline_authorities" ADD CONSTRAINT "discipline_authorities_levels" CHECK (("subject" = 'MEMBER') = ("levels_below" IS NULL));

INSERT INTO "discipline_authorities" ("id", "organization_kind", "subject", "form", "levels_below", "effective_from", "source", "confirmed") VALUES
  (gen_random_uuid(), 'BRANCH', 'MEMBER'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36.1 - Quy định 22-QĐ/TW (28/7/2021), Điều 11: chi bộ quyết định khiển trách, cảnh cáo đảng viên trong chi bộ', true),
  (gen_random_uuid(), 'BRANCH', 'MEMBER'::"DisciplineSubject", 'WARNING'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36.1 - Quy định 22-QĐ/TW (28/7/2021), Điều 11: chi bộ quyết định khiển trách, cảnh cáo đảng viên trong chi bộ', true),
  (gen_random_uuid(), 'GRASSROOTS_BRANCH', 'MEMBER'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36.1 - Quy định 22-QĐ/TW (28/7/2021), Điều 11: chi bộ quyết định khiển trách, cảnh cáo đảng viên trong chi bộ', true),
  (gen_random_uuid(), 'GRASSROOTS_BRANCH', 'MEMBER'::"DisciplineSubject", 'WARNING'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36.1 - Quy định 22-QĐ/TW (28/7/2021), Điều 11: chi bộ quyết định khiển trách, cảnh cáo đảng viên trong chi bộ', true),
  (gen_random_uuid(), 'GRASSROOTS_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (đảng ủy cơ sở: expulsion where authorised to admit members, not its own committee members)', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (cấp ủy cấp trên cơ sở, as a district-level committee)', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (tỉnh ủy)', false),
  (gen_random_uuid(), 'GRASSROOTS_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'WARNING'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (đảng ủy cơ sở: expulsion where authorised to admit members, not its own committee members)', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'WARNING'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (cấp ủy cấp trên cơ sở, as a district-level committee)', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'WARNING'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (tỉnh ủy)', false),
  (gen_random_uuid(), 'GRASSROOTS_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'DISMISSAL'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (đảng ủy cơ sở: expulsion where authorised to admit members, not its own committee members)', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'DISMISSAL'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (cấp ủy cấp trên cơ sở, as a district-level committee)', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'DISMISSAL'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (tỉnh ủy)', false),
  (gen_random_uuid(), 'GRASSROOTS_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'EXPULSION'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (đảng ủy cơ sở: expulsion where authorised to admit members, not its own committee members)', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'EXPULSION'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (cấp ủy cấp trên cơ sở, as a district-level committee)', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'MEMBER'::"DisciplineSubject", 'EXPULSION'::"DisciplineForm", NULL, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36 (tỉnh ủy)', false),
  (gen_random_uuid(), 'GRASSROOTS_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", 1, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'GRASSROOTS_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'WARNING'::"DisciplineForm", 1, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", 1, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'WARNING'::"DisciplineForm", 1, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", 2, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'WARNING'::"DisciplineForm", 2, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", 1, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'WARNING'::"DisciplineForm", 1, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", 2, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'WARNING'::"DisciplineForm", 2, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'REPRIMAND'::"DisciplineForm", 3, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'WARNING'::"DisciplineForm", 3, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: cấp ủy cấp trên quyết định khiển trách, cảnh cáo tổ chức đảng cấp dưới', false),
  (gen_random_uuid(), 'UPPER_GRASSROOTS_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'DISSOLUTION'::"DisciplineForm", 2, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: giải tán - cấp ủy cấp trên trực tiếp đề nghị, cấp ủy cấp trên cách một cấp quyết định', false),
  (gen_random_uuid(), 'PROVINCIAL_COMMITTEE', 'ORGANIZATION'::"DisciplineSubject", 'DISSOLUTION'::"DisciplineForm", 2, DATE '1930-01-01', 'Điều lệ Đảng (2011), Điều 36: giải tán - cấp ủy cấp trên trực tiếp đề nghị, cấp ủy cấp trên cách một cấp quyết định', false);
