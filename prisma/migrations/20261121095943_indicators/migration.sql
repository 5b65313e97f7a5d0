-- CreateEnum
CREATE TYPE "IndicatorValueKind" AS ENUM ('COUNT', 'PERCENTAGE', 'RATIO', 'MONEY_VND', 'MONEY_USD');

-- CreateEnum
CREATE TYPE "IndicatorDirection" AS ENUM ('AT_LEAST', 'AT_MOST', 'EXACTLY');

-- CreateEnum
CREATE TYPE "IndicatorRollup" AS ENUM ('SUM', 'RATIO_OF_SUMS', 'NONE');

-- CreateEnum
CREATE TYPE "IndicatorSource" AS ENUM ('MANUAL', 'COMPUTED');

-- CreateEnum
CREATE TYPE "PeriodType" AS ENUM ('TERM', 'YEAR', 'QUARTER');

-- CreateTable
CREATE TABLE "indicators" (
    "code" TEXT NOT NULL,
    "name_vi" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "value_kind" "IndicatorValueKind" NOT NULL,
    "direction" "IndicatorDirection" NOT NULL,
    "rollup" "IndicatorRollup" NOT NULL,
    "source" "IndicatorSource" NOT NULL,
    "computation" TEXT,
    "rank" INTEGER NOT NULL,

    CONSTRAINT "indicators_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "indicator_targets" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "indicator_code" TEXT NOT NULL,
    "period_type" "PeriodType" NOT NULL,
    "period_key" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "target_value" DECIMAL(20,4) NOT NULL,
    "resolution_id" UUID NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "superseded_at" TIMESTAMPTZ(3),

    CONSTRAINT "indicator_targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "indicator_values" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "indicator_code" TEXT NOT NULL,
    "period_type" "PeriodType" NOT NULL,
    "period_key" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "value" DECIMAL(20,4) NOT NULL,
    "numerator" DECIMAL(20,4),
    "denominator" DECIMAL(20,4),
    "source_document_id" UUID,
    "entered_by" TEXT NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "superseded_at" TIMESTAMPTZ(3),

    CONSTRAINT "indicator_values_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "indicator_targets_organization_id_period_key_idx" ON "indicator_targets"("organization_id", "period_key");

-- CreateIndex
CREATE INDEX "indicator_values_organization_id_period_key_idx" ON "indicator_values"("organization_id", "period_key");

-- CreateIndex
CREATE INDEX "indicator_values_indicator_code_period_key_idx" ON "indicator_values"("indicator_code", "period_key");

-- AddForeignKey
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_indicator_code_fkey" FOREIGN KEY ("indicator_code") REFERENCES "indicators"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_resolution_id_fkey" FOREIGN KEY ("resolution_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_code_fkey" FOREIGN KEY ("indicator_code") REFERENCES "indicators"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_source_document_id_fkey" FOREIGN KEY ("source_document_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_period" CHECK ("period_end" >= "period_start");
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_period" CHECK ("period_end" >= "period_start");
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_ratio_parts"
  CHECK (("numerator" IS NULL) = ("denominator" IS NULL) AND ("denominator" IS NULL OR "denominator" > 0));

-- The indicator catalogue. Computed indicators are derived from the data of the period,
-- the others are entered with their source report. Later modules add rows here.
INSERT INTO "indicators" ("code", "name_vi", "name_en", "unit", "value_kind", "direction", "rollup", "source", "computation", "rank") VALUES
  ('MEMBERS_ADMITTED', 'Kết nạp đảng viên mới', 'New members admitted', 'đảng viên', 'COUNT', 'AT_LEAST', 'SUM', 'COMPUTED', 'MEMBERS_ADMITTED', 10),
  ('MEMBERS_RECOGNIZED', 'Công nhận đảng viên chính thức', 'Members recognised official', 'đảng viên', 'COUNT', 'AT_LEAST', 'SUM', 'COMPUTED', 'MEMBERS_RECOGNIZED', 20),
  ('MEMBERS_TRANSFERRED', 'Chuyển sinh hoạt đảng chính thức', 'Members transferred', 'đảng viên', 'COUNT', 'AT_LEAST', 'SUM', 'COMPUTED', 'MEMBERS_TRANSFERRED', 30),
  ('PRIVATE_SECTOR_ORGANIZATIONS', 'Thành lập tổ chức cơ sở đảng trong doanh nghiệp ngoài khu vực nhà nước', 'Grassroots organisations established in private enterprises', 'tổ chức', 'COUNT', 'AT_LEAST', 'SUM', 'COMPUTED', 'PRIVATE_SECTOR_ORGANIZATIONS', 40),
  ('CANDIDATES_TRAINED', 'Quần chúng ưu tú được bồi dưỡng nhận thức về Đảng', 'Candidates trained', 'quần chúng', 'COUNT', 'AT_LEAST', 'SUM', 'COMPUTED', 'CANDIDATES_TRAINED', 50),
  ('TASKS_COMPLETED', 'Nhiệm vụ được giao đã hoàn thành', 'Assigned tasks completed', '%', 'RATIO', 'AT_LEAST', 'RATIO_OF_SUMS', 'MANUAL', NULL, 60),
  ('CULTURE_REGISTERED', 'Đơn vị đăng ký xây dựng chuẩn văn hóa', 'Units registered for the cultural standard', '%', 'RATIO', 'AT_LEAST', 'RATIO_OF_SUMS', 'MANUAL', NULL, 70),
  ('CULTURE_RECOGNIZED', 'Đơn vị được công nhận đạt chuẩn văn hóa', 'Units recognised to the cultural standard', '%', 'RATIO', 'AT_LEAST', 'RATIO_OF_SUMS', 'MANUAL', NULL, 80),
  ('CULTURE_MODEL', 'Đơn vị văn hóa kiểu mẫu', 'Model cultural units', '%', 'RATIO', 'AT_LEAST', 'RATIO_OF_SUMS', 'MANUAL', NULL, 90),
  ('POLITICAL_STANDARD_CHECKS', 'Thẩm tra tiêu chuẩn chính trị', 'Political standard checks', 'lượt', 'COUNT', 'AT_LEAST', 'SUM', 'MANUAL', NULL, 100),
  ('REVENUE', 'Doanh thu của doanh nghiệp', 'Enterprise revenue', 'tỷ đồng', 'MONEY_VND', 'AT_LEAST', 'SUM', 'MANUAL', NULL, 110),
  ('EXPORT_TURNOVER', 'Kim ngạch xuất khẩu', 'Export turnover', 'triệu USD', 'MONEY_USD', 'AT_LEAST', 'SUM', 'MANUAL', NULL, 120),
  ('PROFIT', 'Lợi nhuận', 'Profit', 'tỷ đồng', 'MONEY_VND', 'AT_LEAST', 'SUM', 'MANUAL', NULL, 130),
  ('BUDGET_CONTRIBUTION', 'Nộp ngân sách', 'Budget contribution', 'tỷ đồng', 'MONEY_VND', 'AT_LEAST', 'SUM', 'MANUAL', NULL, 140),
  ('AVERAGE_INCOME', 'Thu nhập bình quân người lao động', 'Average monthly income of workers', 'triệu đồng/tháng', 'MONEY_VND', 'AT_LEAST', 'NONE', 'MANUAL', NULL, 150);
