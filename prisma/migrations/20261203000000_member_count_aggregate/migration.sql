-- As-of member counts from an aggregate kept with the periods (issue 16).
-- CreateTable
CREATE TABLE "member_count_buckets" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" UUID NOT NULL,
    "temporary_organization_id" UUID,
    "status" "MemberStatus" NOT NULL,
    "exempted" BOOLEAN NOT NULL,
    "counts_from" DATE NOT NULL,
    "counts_to" DATE,

    CONSTRAINT "member_count_buckets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_count_runs" (
    "id" BIGSERIAL NOT NULL,
    "bucket_id" BIGINT NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "members" INTEGER NOT NULL,

    CONSTRAINT "member_count_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "member_count_buckets_organization_id_idx" ON "member_count_buckets"("organization_id");

-- CreateIndex
CREATE INDEX "member_count_buckets_temporary_organization_id_idx" ON "member_count_buckets"("temporary_organization_id");

-- CreateIndex
CREATE INDEX "member_count_runs_bucket_id_valid_from_idx" ON "member_count_runs"("bucket_id", "valid_from");

-- AddForeignKey
ALTER TABLE "member_count_runs" ADD CONSTRAINT "member_count_runs_bucket_id_fkey" FOREIGN KEY ("bucket_id") REFERENCES "member_count_buckets"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Recounts the given organisations from their member periods: for each kind of member an
-- organisation counts (status, exemption, temporary host) the runs of days over which the
-- count held. Writers of the same organisation are serialised by a transaction-scoped lock,
-- taken in id order (no deadlock between two), so the recount, a statement run after the
-- lock, sees what the other committed: the counts never miss a concurrent change.
CREATE FUNCTION "refresh_member_counts"(organizations UUID[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  organization UUID;
BEGIN
  FOR organization IN SELECT DISTINCT o FROM unnest(organizations) AS o WHERE o IS NOT NULL ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('member_counts:' || organization::text, 0));
  END LOOP;
  DELETE FROM "member_count_buckets" WHERE "organization_id" = ANY(organizations);
  WITH daily AS (
    SELECT p."organization_id" AS org, p."temporary_organization_id" AS other, p."status", p."exempted", e."day", sum(e."change") AS "change"
    FROM "member_periods" p
    CROSS JOIN LATERAL (VALUES (p."valid_from", 1), (p."valid_to", -1)) AS e("day", "change")
    WHERE p."organization_id" = ANY(organizations) AND e."day" IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
  ),
  runs AS (
    SELECT d.*, lead(d."day") OVER w AS "until", (sum(d."change") OVER (w ROWS UNBOUNDED PRECEDING))::int AS "members"
    FROM daily d
    WINDOW w AS (PARTITION BY d.org, d.other, d."status", d."exempted" ORDER BY d."day")
  ),
  counted AS (SELECT * FROM runs WHERE "members" <> 0),
  buckets AS (
    INSERT INTO "member_count_buckets" ("organization_id", "temporary_organization_id", "status", "exempted", "counts_from", "counts_to")
    SELECT org, other, "status", "exempted", min("day"), CASE WHEN bool_or("until" IS NULL) THEN NULL ELSE max("until") END
    FROM counted
    GROUP BY 1, 2, 3, 4
    RETURNING *
  )
  INSERT INTO "member_count_runs" ("bucket_id", "valid_from", "valid_to", "members")
  SELECT b."id", c."day", c."until", c."members"
  FROM counted c
  JOIN buckets b ON b."organization_id" = c.org AND b."temporary_organization_id" IS NOT DISTINCT FROM c.other AND b."status" = c."status" AND b."exempted" = c."exempted";
END
$$;

CREATE FUNCTION "member_periods_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "refresh_member_counts"(ARRAY(SELECT DISTINCT "organization_id" FROM new_periods));
  RETURN NULL;
END
$$;

CREATE FUNCTION "member_periods_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "refresh_member_counts"(ARRAY(SELECT DISTINCT "organization_id" FROM old_periods));
  RETURN NULL;
END
$$;

CREATE FUNCTION "member_periods_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "refresh_member_counts"(ARRAY(SELECT "organization_id" FROM new_periods UNION SELECT "organization_id" FROM old_periods));
  RETURN NULL;
END
$$;

-- A DELETE, not a TRUNCATE: the aggregate may be in the same TRUNCATE (an interrupted demo load
-- is undone by emptying every table it wrote), which a nested TRUNCATE of it would refuse.
CREATE FUNCTION "member_periods_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "member_count_runs";
  DELETE FROM "member_count_buckets";
  RETURN NULL;
END
$$;

CREATE TRIGGER "member_periods_counted_on_insert" AFTER INSERT ON "member_periods"
  REFERENCING NEW TABLE AS new_periods FOR EACH STATEMENT EXECUTE FUNCTION "member_periods_inserted"();
CREATE TRIGGER "member_periods_counted_on_delete" AFTER DELETE ON "member_periods"
  REFERENCING OLD TABLE AS old_periods FOR EACH STATEMENT EXECUTE FUNCTION "member_periods_deleted"();
CREATE TRIGGER "member_periods_counted_on_update" AFTER UPDATE ON "member_periods"
  REFERENCING OLD TABLE AS old_periods NEW TABLE AS new_periods FOR EACH STATEMENT EXECUTE FUNCTION "member_periods_updated"();
CREATE TRIGGER "member_periods_counted_on_truncate" AFTER TRUNCATE ON "member_periods"
  FOR EACH STATEMENT EXECUTE FUNCTION "member_periods_truncated"();

-- The counts of what is there already.
SELECT "refresh_member_counts"(ARRAY(SELECT DISTINCT "organization_id" FROM "member_periods"));
