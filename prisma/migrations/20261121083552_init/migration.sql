-- Extensions: pg_trgm for trigram search on names, btree_gist for the exclusion constraint
-- that keeps the versions of an organisation from overlapping in time.
-- (The JS schema engine splits scripts on semicolons even inside comments: keep them out.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- CreateEnum
CREATE TYPE "DocumentType" AS ENUM ('RESOLUTION', 'DIRECTIVE', 'CONCLUSION', 'PLAN', 'DECISION', 'GUIDANCE', 'REGULATION', 'REPORT', 'NOTICE');

-- CreateEnum
CREATE TYPE "Sector" AS ENUM ('PARTY_AGENCY', 'STATE_AGENCY', 'PUBLIC_SERVICE_UNIT', 'STATE_ENTERPRISE', 'PRIVATE_ENTERPRISE', 'FOREIGN_INVESTED_ENTERPRISE', 'MASS_ORGANIZATION', 'COMMUNE_WARD', 'ARMED_FORCES', 'OTHER');

-- CreateEnum
CREATE TYPE "OrganizationStatus" AS ENUM ('ACTIVE', 'DISSOLVED', 'MERGED');

-- CreateEnum
CREATE TYPE "OrganizationEventType" AS ENUM ('ESTABLISHED', 'RENAMED', 'MOVED', 'MERGED', 'SPLIT', 'DISSOLVED');

-- CreateEnum
CREATE TYPE "EventRole" AS ENUM ('SUBJECT', 'SOURCE', 'TARGET', 'RESULT', 'PARENT_BEFORE', 'PARENT_AFTER');

-- CreateTable
CREATE TABLE "documents" (
    "id" UUID NOT NULL,
    "type" "DocumentType" NOT NULL,
    "number" TEXT NOT NULL,
    "issued_on" DATE NOT NULL,
    "issuer_id" UUID,
    "issuer_name" TEXT,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "search_text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_kinds" (
    "code" TEXT NOT NULL,
    "name_vi" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "is_grassroots" BOOLEAN NOT NULL,
    "rank" INTEGER NOT NULL,

    CONSTRAINT "organization_kinds_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "organization_kind_parents" (
    "kind_code" TEXT NOT NULL,
    "parent_kind_code" TEXT NOT NULL,

    CONSTRAINT "organization_kind_parents_pkey" PRIMARY KEY ("kind_code","parent_kind_code")
);

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "path_key" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "established_on" DATE NOT NULL,
    "ended_on" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_versions" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "parent_id" UUID,
    "path" INTEGER[],
    "name" TEXT NOT NULL,
    "short_name" TEXT,
    "kind_code" TEXT NOT NULL,
    "sector" "Sector" NOT NULL,
    "address" TEXT,
    "status" "OrganizationStatus" NOT NULL,
    "search_name" TEXT NOT NULL,
    "event_id" UUID NOT NULL,

    CONSTRAINT "organization_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_events" (
    "id" UUID NOT NULL,
    "type" "OrganizationEventType" NOT NULL,
    "effective_on" DATE NOT NULL,
    "decision_id" UUID NOT NULL,
    "note" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization_event_participants" (
    "event_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "role" "EventRole" NOT NULL,

    CONSTRAINT "organization_event_participants_pkey" PRIMARY KEY ("event_id","organization_id","role")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status_code" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("key","scope")
);

-- CreateIndex
CREATE INDEX "documents_issued_on_idx" ON "documents"("issued_on");

-- CreateIndex
CREATE INDEX "documents_search_text_idx" ON "documents" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "documents_issuer_id_number_issued_on_key" ON "documents"("issuer_id", "number", "issued_on");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_path_key_key" ON "organizations"("path_key");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_code_key" ON "organizations"("code");

-- CreateIndex
CREATE INDEX "organization_versions_organization_id_valid_from_idx" ON "organization_versions"("organization_id", "valid_from");

-- CreateIndex
CREATE INDEX "organization_versions_parent_id_valid_from_idx" ON "organization_versions"("parent_id", "valid_from");

-- CreateIndex
CREATE INDEX "organization_versions_path_idx" ON "organization_versions" USING GIN ("path");

-- CreateIndex
CREATE INDEX "organization_versions_search_name_idx" ON "organization_versions" USING GIN ("search_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "organization_events_effective_on_idx" ON "organization_events"("effective_on");

-- CreateIndex
CREATE INDEX "organization_event_participants_organization_id_idx" ON "organization_event_participants"("organization_id");

-- CreateIndex
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"("created_at");

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_issuer_id_fkey" FOREIGN KEY ("issuer_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_kind_parents" ADD CONSTRAINT "organization_kind_parents_kind_code_fkey" FOREIGN KEY ("kind_code") REFERENCES "organization_kinds"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_kind_parents" ADD CONSTRAINT "organization_kind_parents_parent_kind_code_fkey" FOREIGN KEY ("parent_kind_code") REFERENCES "organization_kinds"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_versions" ADD CONSTRAINT "organization_versions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_versions" ADD CONSTRAINT "organization_versions_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_versions" ADD CONSTRAINT "organization_versions_kind_code_fkey" FOREIGN KEY ("kind_code") REFERENCES "organization_kinds"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_versions" ADD CONSTRAINT "organization_versions_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "organization_events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_events" ADD CONSTRAINT "organization_events_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_event_participants" ADD CONSTRAINT "organization_event_participants_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "organization_events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_event_participants" ADD CONSTRAINT "organization_event_participants_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Versions of one organisation never overlap, and at most one is open-ended.
ALTER TABLE "organization_versions" ADD CONSTRAINT "organization_versions_no_overlap"
  EXCLUDE USING gist ("organization_id" WITH =, daterange("valid_from", "valid_to") WITH &&);
ALTER TABLE "organization_versions" ADD CONSTRAINT "organization_versions_valid_range"
  CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from");
ALTER TABLE "organization_versions" ADD CONSTRAINT "organization_versions_path_not_empty"
  CHECK (cardinality("path") >= 1);
ALTER TABLE "documents" ADD CONSTRAINT "documents_has_issuer"
  CHECK ("issuer_id" IS NOT NULL OR "issuer_name" IS NOT NULL);

-- The kind catalogue (DOMAIN.md, Charter Art. 21 and 24). Kinds are data: later regulations
-- add rows through migrations, not code changes.
INSERT INTO "organization_kinds" ("code", "name_vi", "name_en", "is_grassroots", "rank") VALUES
  ('PROVINCIAL_COMMITTEE', 'Đảng bộ tỉnh (Tỉnh ủy)', 'Provincial Party committee', false, 1),
  ('UPPER_GRASSROOTS_COMMITTEE', 'Đảng bộ cấp trên cơ sở', 'Upper-grassroots Party committee', false, 2),
  ('GRASSROOTS_COMMITTEE', 'Đảng bộ cơ sở', 'Grassroots Party committee', true, 3),
  ('GRASSROOTS_BRANCH', 'Chi bộ cơ sở', 'Grassroots Party branch', true, 3),
  ('SUB_COMMITTEE', 'Đảng bộ bộ phận', 'Party sub-committee', false, 4),
  ('BRANCH', 'Chi bộ trực thuộc', 'Party branch', false, 5);

INSERT INTO "organization_kind_parents" ("kind_code", "parent_kind_code") VALUES
  ('UPPER_GRASSROOTS_COMMITTEE', 'PROVINCIAL_COMMITTEE'),
  ('GRASSROOTS_COMMITTEE', 'UPPER_GRASSROOTS_COMMITTEE'),
  ('GRASSROOTS_COMMITTEE', 'PROVINCIAL_COMMITTEE'),
  ('GRASSROOTS_BRANCH', 'UPPER_GRASSROOTS_COMMITTEE'),
  ('GRASSROOTS_BRANCH', 'PROVINCIAL_COMMITTEE'),
  ('SUB_COMMITTEE', 'GRASSROOTS_COMMITTEE'),
  ('BRANCH', 'GRASSROOTS_COMMITTEE'),
  ('BRANCH', 'SUB_COMMITTEE');
