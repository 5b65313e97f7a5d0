-- Party dues (đảng phí, issue 17): each member's basis by month, decisions of exemption,
-- reduction, deferral and advance, and payments (reversed, never deleted). The rates, the
-- exemptions and the sharing between levels are dated rows of regulation_values (below):
-- Quyết định 342-QĐ/TW until 31/1/2026, Quy định 01-QĐ/TW from 1/2/2026.
-- CreateEnum
CREATE TYPE "DuesGroup" AS ENUM ('SOCIAL_INSURANCE_SALARY', 'SICKNESS_MATERNITY_ALLOWANCE', 'PENSION', 'SOCIAL_PENSION', 'STUDENT', 'OTHER_DOMESTIC', 'MISSION_ABROAD', 'OTHER_ABROAD');
-- CreateEnum
CREATE TYPE "DuesAdjustmentKind" AS ENUM ('EXEMPTION', 'REDUCTION', 'DEFERRAL', 'ADVANCE');
-- CreateEnum
CREATE TYPE "DuesChannel" AS ENUM ('CASH', 'NATIONAL_PORTAL');
-- CreateTable
CREATE TABLE "dues_bases" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "from_month" DATE NOT NULL,
    "group" "DuesGroup" NOT NULL,
    "base_amount" INTEGER,
    "set_amount" INTEGER,
    "note" TEXT,
    "actor_name" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dues_bases_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "dues_adjustments" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "kind" "DuesAdjustmentKind" NOT NULL,
    "percent" INTEGER,
    "from_month" DATE NOT NULL,
    "to_month" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "decision_id" UUID NOT NULL,
    "decided_on" DATE NOT NULL,
    "revoked_on" DATE,
    "actor_name" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dues_adjustments_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "dues_payments" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "amount" INTEGER NOT NULL,
    "paid_on" DATE NOT NULL,
    "channel" "DuesChannel" NOT NULL,
    "reference" TEXT,
    "organization_id" UUID NOT NULL,
    "reversed_on" DATE,
    "reversal_reason" TEXT,
    "actor_name" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dues_payments_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE UNIQUE INDEX "dues_bases_member_id_from_month_key" ON "dues_bases"("member_id", "from_month");
-- CreateIndex
CREATE INDEX "dues_adjustments_member_id_from_month_idx" ON "dues_adjustments"("member_id", "from_month");
-- CreateIndex
CREATE INDEX "dues_payments_member_id_month_idx" ON "dues_payments"("member_id", "month");
-- CreateIndex
CREATE INDEX "dues_payments_organization_id_paid_on_idx" ON "dues_payments"("organization_id", "paid_on");
-- AddForeignKey
ALTER TABLE "dues_bases" ADD CONSTRAINT "dues_bases_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "dues_adjustments" ADD CONSTRAINT "dues_adjustments_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "dues_adjustments" ADD CONSTRAINT "dues_adjustments_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "dues_bases" ADD CONSTRAINT "dues_bases_month" CHECK (extract(day FROM "from_month") = 1);
ALTER TABLE "dues_bases" ADD CONSTRAINT "dues_bases_amounts" CHECK (("base_amount" IS NULL OR "base_amount" >= 0) AND ("set_amount" IS NULL OR "set_amount" >= 0));
ALTER TABLE "dues_adjustments" ADD CONSTRAINT "dues_adjustments_months" CHECK (extract(day FROM "from_month") = 1 AND extract(day FROM "to_month") = 1 AND "to_month" >= "from_month");
ALTER TABLE "dues_adjustments" ADD CONSTRAINT "dues_adjustments_percent" CHECK (("kind" = 'REDUCTION') = ("percent" IS NOT NULL) AND ("percent" IS NULL OR "percent" BETWEEN 1 AND 99));
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_month" CHECK (extract(day FROM "month") = 1);
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_amount" CHECK ("amount" > 0);
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_portal_reference" CHECK ("channel" <> 'NATIONAL_PORTAL' OR "reference" IS NOT NULL);
-- A portal transaction is recorded once.
CREATE UNIQUE INDEX "dues_payments_portal_reference_key" ON "dues_payments"("reference") WHERE "channel" = 'NATIONAL_PORTAL' AND "reversed_on" IS NULL;

INSERT INTO "regulation_values" ("id", "key", "value", "effective_from", "effective_to", "source", "confirmed", "note") VALUES
  (gen_random_uuid(), 'dues.rates', '{"groups":{"SOCIAL_INSURANCE_SALARY":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"SICKNESS_MATERNITY_ALLOWANCE":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"PENSION":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"SOCIAL_PENSION":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"STUDENT":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"OTHER_DOMESTIC":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"MISSION_ABROAD":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"OTHER_ABROAD":{"percent":null,"fixed":null,"setRange":null,"exempt":false}},"baseFromPreviousMonth":false}'::jsonb, '1930-01-01', '2001-09-24', 'rules before Quyết định 09-QĐ/TW (2001): applied as under 09-QĐ/TW', false, NULL),
  (gen_random_uuid(), 'dues.rates', '{"groups":{"SOCIAL_INSURANCE_SALARY":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"SICKNESS_MATERNITY_ALLOWANCE":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"PENSION":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"SOCIAL_PENSION":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"STUDENT":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"OTHER_DOMESTIC":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"MISSION_ABROAD":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"OTHER_ABROAD":{"percent":null,"fixed":null,"setRange":null,"exempt":false}},"baseFromPreviousMonth":false}'::jsonb, '2001-09-24', '2011-04-01', 'Quyết định 09-QĐ/TW (24/9/2001) về chế độ đảng phí: 1% of salary, 1% of a pension (as reported when 342-QĐ/TW lowered it)', false, 'Amounts of the other groups not found: the branch sets them.'),
  (gen_random_uuid(), 'dues.rates', '{"groups":{"SOCIAL_INSURANCE_SALARY":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"SICKNESS_MATERNITY_ALLOWANCE":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"PENSION":{"percent":0.5,"fixed":null,"setRange":null,"exempt":false},"SOCIAL_PENSION":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"STUDENT":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"OTHER_DOMESTIC":{"percent":null,"fixed":null,"setRange":[2000,30000],"exempt":false},"MISSION_ABROAD":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"OTHER_ABROAD":{"percent":null,"fixed":null,"setRange":null,"exempt":false}},"baseFromPreviousMonth":false}'::jsonb, '2011-04-01', '2026-02-01', 'Quyết định 342-QĐ/TW (28/12/2010, in force 1/4/2011), phần B điểm 1–3: 1% of salary and allowances, 0.5% of a social-insurance pension — Công văn 141-CV/VPTW (17/3/2011), Hướng dẫn 03-HD/VPTW (6/7/2016)', false, 'Quoted by law portals. The fixed amounts of the other groups (2,000 to 30,000 đồng, half outside working age) were not found per group: the branch sets them within that range.'),
  (gen_random_uuid(), 'dues.rates', '{"groups":{"SOCIAL_INSURANCE_SALARY":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"SICKNESS_MATERNITY_ALLOWANCE":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"PENSION":{"percent":0.5,"fixed":null,"setRange":null,"exempt":false},"SOCIAL_PENSION":{"percent":null,"fixed":null,"setRange":null,"exempt":true},"STUDENT":{"percent":null,"fixed":5000,"setRange":null,"exempt":false},"OTHER_DOMESTIC":{"percent":null,"fixed":null,"setRange":null,"exempt":false},"MISSION_ABROAD":{"percent":1,"fixed":null,"setRange":null,"exempt":false},"OTHER_ABROAD":{"percent":null,"fixed":null,"setRange":[30000,400000],"exempt":false}},"baseFromPreviousMonth":true}'::jsonb, '2026-02-01', NULL, 'Quy định 01-QĐ/TW (Bộ Chính trị, 3/2/2026, in force 1/2/2026), replacing 342-QĐ/TW: 1% of the compulsory social-insurance salary of the month before, 1% of a sickness or maternity allowance, 0.5% of a pension, 5,000 đồng for pupils and students, social pensions exempt', false, 'Reported by the national press (thanhnien, dantri, vietnamnet), the text not read. Members outside social insurance without a pension: rate not found, the branch sets it. Abroad: 1% of the living allowance and 30,000 to 400,000 đồng are from one translation.'),
  (gen_random_uuid(), 'dues.exemptions', '{"exemptPartyAgeYears":null,"reductionPercents":null,"adjustmentMaxMonths":null,"deferralNeedsActivityExemption":false}'::jsonb, '1930-01-01', '2026-02-01', 'Quyết định 342-QĐ/TW (2010) — Hướng dẫn 03-HD/VPTW (6/7/2016) mục II điểm 12: special hardship on application, the grassroots committee decides, no fixed percentages', false, 'No exemption by party age was found before 01-QĐ/TW.'),
  (gen_random_uuid(), 'dues.exemptions', '{"exemptPartyAgeYears":50,"reductionPercents":[30,50,70],"adjustmentMaxMonths":12,"deferralNeedsActivityExemption":true}'::jsonb, '2026-02-01', NULL, 'Quy định 01-QĐ/TW (3/2/2026), Điều 5: exempt from 50 full years of party age, on a social pension, or in special hardship on application — other hardship exempt or reduced by 30, 50 or 70 percent, each time for at most 12 months — late or advance payment for members temporarily exempted from activity', false, 'Reported by phapluatvacuocsong.vn, baogialai.com.vn and a university notice, the text not read. The service exempts from the month whose first day finds the member at 50 years.'),
  (gen_random_uuid(), 'dues.sharing', '{"keepPercentByKind":{"BRANCH":50,"SUB_COMMITTEE":0,"GRASSROOTS_BRANCH":70,"GRASSROOTS_COMMITTEE":70,"UPPER_GRASSROOTS_COMMITTEE":50,"PROVINCIAL_COMMITTEE":50},"grassrootsCommuneWardKeepPercent":90}'::jsonb, '1930-01-01', '2026-02-01', 'Quyết định 342-QĐ/TW (2010) as summarised by one law portal (thuvienphapluat, 17/02/2024): branches keep 30 to 50 percent, grassroots organisations 70 (90 in communes and wards), each level above 50', false, 'A branch keeps between 30 and 50 percent as its grassroots committee decides: 50 here. A sub-committee (đảng bộ bộ phận) keeps nothing (not found).'),
  (gen_random_uuid(), 'dues.sharing', '{"keepPercentByKind":{"BRANCH":50,"SUB_COMMITTEE":0,"GRASSROOTS_BRANCH":70,"GRASSROOTS_COMMITTEE":70,"UPPER_GRASSROOTS_COMMITTEE":50,"PROVINCIAL_COMMITTEE":50},"grassrootsCommuneWardKeepPercent":90}'::jsonb, '2026-02-01', NULL, 'Quy định 01-QĐ/TW (3/2/2026): the shares were NOT FOUND — the shares of 342-QĐ/TW are carried until the text is read', false, 'Replace these values when the text of 01-QĐ/TW or its guidance is read.');
