-- CreateEnum
CREATE TYPE "MassOrganizationType" AS ENUM ('TRADE_UNION', 'YOUTH_UNION', 'VETERANS_ASSOCIATION', 'WOMENS_UNION');

-- CreateTable
CREATE TABLE "mass_organizations" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "type" "MassOrganizationType" NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mass_organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mass_organization_assessments" (
    "id" UUID NOT NULL,
    "mass_organization_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "strong" BOOLEAN NOT NULL,
    "decision_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "superseded_at" TIMESTAMPTZ(3),

    CONSTRAINT "mass_organization_assessments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "mass_organizations_organization_id_idx" ON "mass_organizations"("organization_id");

-- CreateIndex
CREATE INDEX "mass_organization_assessments_mass_organization_id_year_idx" ON "mass_organization_assessments"("mass_organization_id", "year");

-- AddForeignKey
ALTER TABLE "mass_organizations" ADD CONSTRAINT "mass_organizations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mass_organization_assessments" ADD CONSTRAINT "mass_organization_assessments_mass_organization_id_fkey" FOREIGN KEY ("mass_organization_id") REFERENCES "mass_organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mass_organization_assessments" ADD CONSTRAINT "mass_organization_assessments_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "mass_organization_assessments" ADD CONSTRAINT "mass_organization_assessments_year" CHECK ("year" BETWEEN 1930 AND 2100);

INSERT INTO "indicators" ("code", "name_vi", "name_en", "unit", "value_kind", "direction", "rollup", "source", "computation", "rank") VALUES
  ('STRONG_MASS_ORGANIZATIONS', 'Tổ chức đoàn thể được đánh giá vững mạnh', 'Mass organisations assessed strong', '%', 'PERCENTAGE', 'AT_LEAST', 'RATIO_OF_SUMS', 'COMPUTED', 'STRONG_MASS_ORGANIZATIONS', 47);
