-- As-of member counts kept per subtree (issue 16): an as-of count of any subtree is one index
-- probe, instead of one per kind of member each organisation of the subtree counts (a province
-- of the national shape has 5,700 organisations: 90 ms).

-- The per-organisation aggregate it replaces.
DROP TRIGGER "member_periods_counted_on_insert" ON "member_periods";
DROP TRIGGER "member_periods_counted_on_delete" ON "member_periods";
DROP TRIGGER "member_periods_counted_on_update" ON "member_periods";
DROP TRIGGER "member_periods_counted_on_truncate" ON "member_periods";
DROP FUNCTION "member_periods_inserted"();
DROP FUNCTION "member_periods_deleted"();
DROP FUNCTION "member_periods_updated"();
DROP FUNCTION "member_periods_truncated"();
DROP FUNCTION "refresh_member_counts"(UUID[]);

-- DropForeignKey
ALTER TABLE "member_count_runs" DROP CONSTRAINT "member_count_runs_bucket_id_fkey";

-- DropTable
DROP TABLE "member_count_buckets";

-- DropTable
DROP TABLE "member_count_runs";

-- CreateTable
CREATE TABLE "member_subtree_counts" (
    "subtree_key" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "probationary" INTEGER NOT NULL,
    "official" INTEGER NOT NULL,
    "suspended" INTEGER NOT NULL,
    "exempted" INTEGER NOT NULL,
    "away" INTEGER NOT NULL,
    "hosted" INTEGER NOT NULL,
    "removed_from_roll" INTEGER NOT NULL,
    "expelled" INTEGER NOT NULL,
    "deceased" INTEGER NOT NULL,
    "transferred_out" INTEGER NOT NULL,

    CONSTRAINT "member_subtree_counts_pkey" PRIMARY KEY ("subtree_key","day")
);

-- CreateTable
CREATE TABLE "member_count_pending" (
    "id" BIGSERIAL NOT NULL,
    "transaction" BIGINT NOT NULL,
    "subtree_key" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "probationary" INTEGER NOT NULL,
    "official" INTEGER NOT NULL,
    "suspended" INTEGER NOT NULL,
    "exempted" INTEGER NOT NULL,
    "away" INTEGER NOT NULL,
    "hosted" INTEGER NOT NULL,
    "removed_from_roll" INTEGER NOT NULL,
    "expelled" INTEGER NOT NULL,
    "deceased" INTEGER NOT NULL,
    "transferred_out" INTEGER NOT NULL,

    CONSTRAINT "member_count_pending_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member_count_flushes" (
    "transaction" BIGINT NOT NULL,

    CONSTRAINT "member_count_flushes_pkey" PRIMARY KEY ("transaction")
);

-- CreateIndex
CREATE INDEX "member_count_pending_transaction_idx" ON "member_count_pending"("transaction");

-- A change to the counts of one subtree from one day on.
CREATE TYPE "member_count_change" AS (
  "subtree_key" INTEGER, "day" DATE,
  "probationary" INTEGER, "official" INTEGER, "suspended" INTEGER, "exempted" INTEGER, "away" INTEGER, "hosted" INTEGER,
  "removed_from_roll" INTEGER, "expelled" INTEGER, "deceased" INTEGER, "transferred_out" INTEGER
);

-- What these periods add to the counts of the subtrees they fall in (sign 1), or take from them
-- (sign -1), day by day. A period counts in every subtree on its organisation's path on each
-- day (the tree is versioned: an organisation moved counts under its old parent until the
-- move), and, for a member in the Party temporarily active elsewhere, as hosted in the subtrees
-- of the host that do not hold their own organisation. The organisations' versions are read from
-- the table, except that those of the `replaced` organisations are `versions` (the tree as it was
-- before a statement changed it).
CREATE FUNCTION "member_count_changes"(periods "member_periods"[], replaced UUID[], versions "organization_versions"[], sign INTEGER)
-- PL/pgSQL rather than SQL: its plan is kept by the session (a SQL function's is made again at
-- every call: 5 ms of each write).
RETURNS SETOF "member_count_change" LANGUAGE plpgsql STABLE SET jit = off AS $$
BEGIN
  RETURN QUERY
  WITH p AS (
    SELECT p."organization_id", p."temporary_organization_id", p."status", p."exempted", p."valid_from", p."valid_to",
           p."status" IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED') AS in_party
    FROM unnest(periods) p
  ),
  v AS (
    SELECT v."organization_id", v."path", v."valid_from", v."valid_to" FROM "organization_versions" v
    WHERE v."organization_id" IN (SELECT "organization_id" FROM p UNION SELECT "temporary_organization_id" FROM p)
      AND NOT v."organization_id" = ANY(replaced)
    UNION ALL
    SELECT v."organization_id", v."path", v."valid_from", v."valid_to" FROM unnest(versions) v
  ),
  ends AS (
    SELECT k.key, e.day, e.change, p."status", p.in_party AND p."exempted" AS exempted,
           p.in_party AND p."temporary_organization_id" IS NOT NULL AS away, false AS hosted
    FROM p
    JOIN v ON v."organization_id" = p."organization_id"
      AND v."valid_from" < coalesce(p."valid_to", 'infinity') AND p."valid_from" < coalesce(v."valid_to", 'infinity')
    CROSS JOIN unnest(v."path") AS k(key)
    -- LEAST and GREATEST skip NULLs: an open end stays open.
    CROSS JOIN LATERAL (VALUES (greatest(p."valid_from", v."valid_from"), 1), (least(p."valid_to", v."valid_to"), -1)) AS e(day, change)
    WHERE e.day IS NOT NULL
    UNION ALL
    SELECT k.key, e.day, e.change, p."status", false, false, true
    FROM p
    JOIN v host ON host."organization_id" = p."temporary_organization_id"
      AND host."valid_from" < coalesce(p."valid_to", 'infinity') AND p."valid_from" < coalesce(host."valid_to", 'infinity')
    JOIN v own ON own."organization_id" = p."organization_id"
      AND own."valid_from" < coalesce(least(p."valid_to", host."valid_to"), 'infinity')
      AND greatest(p."valid_from", host."valid_from") < coalesce(own."valid_to", 'infinity')
    CROSS JOIN unnest(host."path") AS k(key)
    CROSS JOIN LATERAL (VALUES (greatest(p."valid_from", host."valid_from", own."valid_from"), 1), (least(p."valid_to", host."valid_to", own."valid_to"), -1)) AS e(day, change)
    WHERE p.in_party AND e.day IS NOT NULL AND NOT k.key = ANY(own."path")
  )
  SELECT key, day,
    (sign * coalesce(sum(change) FILTER (WHERE NOT hosted AND "status" = 'PROBATIONARY'), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE NOT hosted AND "status" = 'OFFICIAL'), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE NOT hosted AND "status" = 'SUSPENDED'), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE exempted), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE away), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE hosted), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE NOT hosted AND "status" = 'REMOVED_FROM_ROLL'), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE NOT hosted AND "status" = 'EXPELLED'), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE NOT hosted AND "status" = 'DECEASED'), 0))::int,
    (sign * coalesce(sum(change) FILTER (WHERE NOT hosted AND "status" = 'TRANSFERRED_OUT'), 0))::int
  FROM ends
  GROUP BY key, day;
END
$$;

-- Adds changes to the running totals (at commit, the transaction's changes summed: a member's
-- periods rewritten from their admission on but changed only from last month cost last month's
-- rows, not thirty years'): a row is made for a day that had none (from the row
-- before it), the rows from each change's day on take the change, and a row left equal to the
-- one before it is removed (the table holds a row only where a count changed, as a recount
-- would). Writers of the same subtree take their turns (advisory locks in key order, no
-- deadlock between two statements; a statement touching many subtrees, such as an import,
-- locks the table against other writers instead), so a row made from the one before it never
-- misses a concurrent change. Readers are never blocked.
-- Without JIT: the planner cannot know how few rows a change touches, and compiling its guess
-- cost 25 ms a commit.
CREATE FUNCTION "apply_member_count_changes"(changes "member_count_change"[]) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  summed "member_count_change"[];
  subtree INTEGER;
BEGIN
  summed := ARRAY(
    SELECT ROW(c."subtree_key", c."day",
      sum(c."probationary"), sum(c."official"), sum(c."suspended"), sum(c."exempted"), sum(c."away"), sum(c."hosted"),
      sum(c."removed_from_roll"), sum(c."expelled"), sum(c."deceased"), sum(c."transferred_out"))::"member_count_change"
    FROM unnest(changes) c
    GROUP BY c."subtree_key", c."day"
    HAVING (sum(c."probationary"), sum(c."official"), sum(c."suspended"), sum(c."exempted"), sum(c."away"), sum(c."hosted"),
            sum(c."removed_from_roll"), sum(c."expelled"), sum(c."deceased"), sum(c."transferred_out")) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  );
  IF cardinality(summed) = 0 THEN
    RETURN;
  END IF;
  IF (SELECT count(DISTINCT s."subtree_key") FROM unnest(summed) s) > 64 THEN
    LOCK TABLE "member_subtree_counts" IN SHARE ROW EXCLUSIVE MODE;
  ELSE
    FOR subtree IN SELECT DISTINCT s."subtree_key" FROM unnest(summed) s ORDER BY 1 LOOP
      PERFORM pg_advisory_xact_lock(hashtext('member_subtree_counts'), subtree);
    END LOOP;
  END IF;

  INSERT INTO "member_subtree_counts"
  SELECT s."subtree_key", s."day",
    coalesce(b."probationary", 0), coalesce(b."official", 0), coalesce(b."suspended", 0), coalesce(b."exempted", 0),
    coalesce(b."away", 0), coalesce(b."hosted", 0), coalesce(b."removed_from_roll", 0), coalesce(b."expelled", 0),
    coalesce(b."deceased", 0), coalesce(b."transferred_out", 0)
  FROM unnest(summed) s
  LEFT JOIN LATERAL (
    SELECT * FROM "member_subtree_counts" c WHERE c."subtree_key" = s."subtree_key" AND c."day" < s."day" ORDER BY c."day" DESC LIMIT 1
  ) b ON true
  ON CONFLICT DO NOTHING;

  UPDATE "member_subtree_counts" c SET
    "probationary" = c."probationary" + d."probationary", "official" = c."official" + d."official",
    "suspended" = c."suspended" + d."suspended", "exempted" = c."exempted" + d."exempted", "away" = c."away" + d."away",
    "hosted" = c."hosted" + d."hosted", "removed_from_roll" = c."removed_from_roll" + d."removed_from_roll",
    "expelled" = c."expelled" + d."expelled", "deceased" = c."deceased" + d."deceased",
    "transferred_out" = c."transferred_out" + d."transferred_out"
  FROM (
    SELECT c."subtree_key", c."day",
      sum(s."probationary") AS "probationary", sum(s."official") AS "official", sum(s."suspended") AS "suspended",
      sum(s."exempted") AS "exempted", sum(s."away") AS "away", sum(s."hosted") AS "hosted",
      sum(s."removed_from_roll") AS "removed_from_roll", sum(s."expelled") AS "expelled", sum(s."deceased") AS "deceased",
      sum(s."transferred_out") AS "transferred_out"
    FROM unnest(summed) s
    JOIN "member_subtree_counts" c ON c."subtree_key" = s."subtree_key" AND c."day" >= s."day"
    GROUP BY 1, 2
  ) d
  WHERE c."subtree_key" = d."subtree_key" AND c."day" = d."day";

  DELETE FROM "member_subtree_counts" c
  USING unnest(summed) s
  LEFT JOIN LATERAL (
    SELECT * FROM "member_subtree_counts" b WHERE b."subtree_key" = s."subtree_key" AND b."day" < s."day" ORDER BY b."day" DESC LIMIT 1
  ) b ON true
  WHERE c."subtree_key" = s."subtree_key" AND c."day" = s."day"
    AND (c."probationary", c."official", c."suspended", c."exempted", c."away", c."hosted", c."removed_from_roll", c."expelled", c."deceased", c."transferred_out")
      = (coalesce(b."probationary", 0), coalesce(b."official", 0), coalesce(b."suspended", 0), coalesce(b."exempted", 0),
         coalesce(b."away", 0), coalesce(b."hosted", 0), coalesce(b."removed_from_roll", 0), coalesce(b."expelled", 0),
         coalesce(b."deceased", 0), coalesce(b."transferred_out", 0));
END
$$;

-- The counts recounted from all periods (a migration, a bulk load with the triggers off): set-based,
-- a thousand organisations' periods at a time, the running totals summed in memory (1,000,000
-- members: 7 million daily changes, 5 million rows; 67 s on the 2-core machine).
CREATE FUNCTION "rebuild_member_subtree_counts"() RETURNS void LANGUAGE plpgsql SET work_mem = '256MB' AS $$
DECLARE
  chunk UUID[];
BEGIN
  LOCK TABLE "member_subtree_counts" IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM "member_subtree_counts";
  DELETE FROM "member_count_pending" WHERE "transaction" = txid_current();
  CREATE TEMPORARY TABLE "member_count_daily" OF "member_count_change";
  FOR chunk IN
    SELECT array_agg(o."id") FROM (SELECT "id", (row_number() OVER (ORDER BY "id") - 1) / 1000 AS batch FROM "organizations") o GROUP BY o.batch
  LOOP
    INSERT INTO "member_count_daily"
    SELECT * FROM "member_count_changes"(ARRAY(SELECT p FROM "member_periods" p WHERE p."organization_id" = ANY(chunk)), '{}', '{}', 1);
  END LOOP;
  INSERT INTO "member_subtree_counts"
  SELECT "subtree_key", "day",
    sum(sum("probationary")) OVER w, sum(sum("official")) OVER w, sum(sum("suspended")) OVER w, sum(sum("exempted")) OVER w,
    sum(sum("away")) OVER w, sum(sum("hosted")) OVER w, sum(sum("removed_from_roll")) OVER w, sum(sum("expelled")) OVER w,
    sum(sum("deceased")) OVER w, sum(sum("transferred_out")) OVER w
  FROM "member_count_daily"
  GROUP BY "subtree_key", "day"
  HAVING (sum("probationary"), sum("official"), sum("suspended"), sum("exempted"), sum("away"), sum("hosted"),
          sum("removed_from_roll"), sum("expelled"), sum("deceased"), sum("transferred_out")) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  WINDOW w AS (PARTITION BY "subtree_key" ORDER BY "day");
  DROP TABLE "member_count_daily";
END
$$;

-- The changes of a transaction's statements wait for its commit: summed there, what a statement
-- took away and the next put back (a member's periods are rewritten whole at every event) costs
-- nothing, and the subtrees are locked only for the commit's own work. A marker row per
-- transaction fires the deferred trigger that applies them once.
CREATE FUNCTION "queue_member_count_changes"(changes "member_count_change"[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(changes) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO "member_count_pending" ("transaction", "subtree_key", "day", "probationary", "official", "suspended", "exempted", "away", "hosted",
    "removed_from_roll", "expelled", "deceased", "transferred_out")
  SELECT txid_current(), c.* FROM unnest(changes) c;
  INSERT INTO "member_count_flushes" ("transaction") VALUES (txid_current()) ON CONFLICT DO NOTHING;
END
$$;

CREATE FUNCTION "flush_member_count_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "apply_member_count_changes"(ARRAY(
    SELECT ROW(p."subtree_key", p."day", p."probationary", p."official", p."suspended", p."exempted", p."away", p."hosted",
      p."removed_from_roll", p."expelled", p."deceased", p."transferred_out")::"member_count_change"
    FROM "member_count_pending" p WHERE p."transaction" = NEW."transaction"
  ));
  DELETE FROM "member_count_pending" WHERE "transaction" = NEW."transaction";
  DELETE FROM "member_count_flushes" WHERE "transaction" = NEW."transaction";
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER "member_count_flush" AFTER INSERT ON "member_count_flushes"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "flush_member_count_changes"();

CREATE FUNCTION "member_periods_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "queue_member_count_changes"(ARRAY(SELECT c FROM "member_count_changes"(ARRAY(SELECT p::"member_periods" FROM new_periods p), '{}', '{}', 1) c));
  RETURN NULL;
END
$$;

CREATE FUNCTION "member_periods_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "queue_member_count_changes"(ARRAY(SELECT c FROM "member_count_changes"(ARRAY(SELECT p::"member_periods" FROM old_periods p), '{}', '{}', -1) c));
  RETURN NULL;
END
$$;

CREATE FUNCTION "member_periods_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "queue_member_count_changes"(ARRAY(
    SELECT c FROM "member_count_changes"(ARRAY(SELECT p::"member_periods" FROM old_periods p), '{}', '{}', -1) c
    UNION ALL
    SELECT c FROM "member_count_changes"(ARRAY(SELECT p::"member_periods" FROM new_periods p), '{}', '{}', 1) c
  ));
  RETURN NULL;
END
$$;

-- A DELETE, not a TRUNCATE: the aggregate may be in the same TRUNCATE (an interrupted demo load
-- is undone by emptying every table it wrote), which a nested TRUNCATE of it would refuse.
CREATE FUNCTION "member_periods_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "member_subtree_counts";
  DELETE FROM "member_count_pending" WHERE "transaction" = txid_current();
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

-- A change to the tree (an organisation established, renamed, moved, dissolved: its versions and
-- its descendants') moves the periods of the organisations concerned, as members or as hosts,
-- from the subtrees they were in to the ones they are in now: their changes under the versions
-- as they were (the statement's new rows out, its old rows back), taken away, and under the
-- versions as they are, added.
CREATE FUNCTION "organization_versions_changed"(added UUID[], removed "organization_versions"[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  changed UUID[];
  periods "member_periods"[];
BEGIN
  changed := ARRAY(
    SELECT v."organization_id" FROM "organization_versions" v WHERE v."id" = ANY(added)
    UNION SELECT r."organization_id" FROM unnest(removed) r
  );
  periods := ARRAY(SELECT p FROM "member_periods" p WHERE p."organization_id" = ANY(changed) OR p."temporary_organization_id" = ANY(changed));
  IF cardinality(periods) = 0 THEN
    RETURN;
  END IF;
  PERFORM "queue_member_count_changes"(ARRAY(
    SELECT c FROM "member_count_changes"(periods, changed, ARRAY(
      SELECT v FROM "organization_versions" v WHERE v."organization_id" = ANY(changed) AND NOT v."id" = ANY(added)
      UNION ALL SELECT r FROM unnest(removed) r
    ), -1) c
    UNION ALL
    SELECT c FROM "member_count_changes"(periods, '{}', '{}', 1) c
  ));
END
$$;

CREATE FUNCTION "organization_versions_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "organization_versions_changed"(ARRAY(SELECT "id" FROM new_versions), '{}');
  RETURN NULL;
END
$$;

CREATE FUNCTION "organization_versions_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "organization_versions_changed"('{}', ARRAY(SELECT v::"organization_versions" FROM old_versions v));
  RETURN NULL;
END
$$;

CREATE FUNCTION "organization_versions_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "organization_versions_changed"(ARRAY(SELECT "id" FROM new_versions), ARRAY(SELECT v::"organization_versions" FROM old_versions v));
  RETURN NULL;
END
$$;

CREATE FUNCTION "organization_versions_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "member_subtree_counts";
  DELETE FROM "member_count_pending" WHERE "transaction" = txid_current();
  RETURN NULL;
END
$$;

CREATE TRIGGER "organization_versions_counted_on_insert" AFTER INSERT ON "organization_versions"
  REFERENCING NEW TABLE AS new_versions FOR EACH STATEMENT EXECUTE FUNCTION "organization_versions_inserted"();
CREATE TRIGGER "organization_versions_counted_on_delete" AFTER DELETE ON "organization_versions"
  REFERENCING OLD TABLE AS old_versions FOR EACH STATEMENT EXECUTE FUNCTION "organization_versions_deleted"();
CREATE TRIGGER "organization_versions_counted_on_update" AFTER UPDATE ON "organization_versions"
  REFERENCING OLD TABLE AS old_versions NEW TABLE AS new_versions FOR EACH STATEMENT EXECUTE FUNCTION "organization_versions_updated"();
CREATE TRIGGER "organization_versions_counted_on_truncate" AFTER TRUNCATE ON "organization_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "organization_versions_truncated"();

-- The counts of what is there already.
SELECT "rebuild_member_subtree_counts"();
