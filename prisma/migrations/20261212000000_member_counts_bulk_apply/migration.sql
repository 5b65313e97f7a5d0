-- Member counts applied in bulk (issue 18): an import commits thousands of members with decades
-- of history at once; the count aggregate is then rewritten from each subtree's first changed
-- day with running sums instead of updating every later day once per change.
CREATE OR REPLACE FUNCTION "apply_member_count_changes"(changes "member_count_change"[]) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
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
  -- Many days at once (an import, a bulk load): each subtree's rows from its first changed day
  -- on are turned back into their day-to-day increments (the row before as the start), summed
  -- with the changes, and the running totals written again; linear in the rows, where the
  -- update below joins every change with every later day of its subtree (5,000 imported members
  -- with 25 years of histories: 29 s).
  IF cardinality(summed) > 1000 THEN
    LOCK TABLE "member_subtree_counts" IN SHARE ROW EXCLUSIVE MODE;
    CREATE TEMPORARY TABLE "member_count_rewrite" ON COMMIT DROP AS
    WITH "changes" AS (
      SELECT * FROM unnest(summed)
    ), "firsts" AS (
      SELECT "subtree_key", min("day") AS "first" FROM "changes" GROUP BY 1
    ), "starts" AS (
      SELECT f."subtree_key", DATE '0001-01-01' AS "day", coalesce(b."probationary", 0) AS "probationary", coalesce(b."official", 0) AS "official", coalesce(b."suspended", 0) AS "suspended", coalesce(b."exempted", 0) AS "exempted", coalesce(b."away", 0) AS "away", coalesce(b."hosted", 0) AS "hosted", coalesce(b."removed_from_roll", 0) AS "removed_from_roll", coalesce(b."expelled", 0) AS "expelled", coalesce(b."deceased", 0) AS "deceased", coalesce(b."transferred_out", 0) AS "transferred_out"
      FROM "firsts" f
      LEFT JOIN LATERAL (
        SELECT * FROM "member_subtree_counts" c WHERE c."subtree_key" = f."subtree_key" AND c."day" < f."first" ORDER BY c."day" DESC LIMIT 1
      ) b ON true
    ), "kept" AS (
      SELECT * FROM "starts"
      UNION ALL
      SELECT c.* FROM "member_subtree_counts" c JOIN "firsts" f ON f."subtree_key" = c."subtree_key" AND c."day" >= f."first"
    ), "increments" AS (
      SELECT k."subtree_key", k."day", k."probationary" - coalesce(lag(k."probationary") OVER w, 0) AS "probationary", k."official" - coalesce(lag(k."official") OVER w, 0) AS "official", k."suspended" - coalesce(lag(k."suspended") OVER w, 0) AS "suspended", k."exempted" - coalesce(lag(k."exempted") OVER w, 0) AS "exempted", k."away" - coalesce(lag(k."away") OVER w, 0) AS "away", k."hosted" - coalesce(lag(k."hosted") OVER w, 0) AS "hosted", k."removed_from_roll" - coalesce(lag(k."removed_from_roll") OVER w, 0) AS "removed_from_roll", k."expelled" - coalesce(lag(k."expelled") OVER w, 0) AS "expelled", k."deceased" - coalesce(lag(k."deceased") OVER w, 0) AS "deceased", k."transferred_out" - coalesce(lag(k."transferred_out") OVER w, 0) AS "transferred_out"
      FROM "kept" k
      WINDOW w AS (PARTITION BY k."subtree_key" ORDER BY k."day")
    ), "days" AS (
      SELECT "subtree_key", "day", sum("probationary") AS "probationary", sum("official") AS "official", sum("suspended") AS "suspended", sum("exempted") AS "exempted", sum("away") AS "away", sum("hosted") AS "hosted", sum("removed_from_roll") AS "removed_from_roll", sum("expelled") AS "expelled", sum("deceased") AS "deceased", sum("transferred_out") AS "transferred_out"
      FROM (SELECT * FROM "increments" UNION ALL SELECT * FROM "changes") d
      GROUP BY "subtree_key", "day"
    )
    SELECT "subtree_key", "day", (sum("probationary") OVER w)::int AS "probationary", (sum("official") OVER w)::int AS "official", (sum("suspended") OVER w)::int AS "suspended", (sum("exempted") OVER w)::int AS "exempted", (sum("away") OVER w)::int AS "away", (sum("hosted") OVER w)::int AS "hosted", (sum("removed_from_roll") OVER w)::int AS "removed_from_roll", (sum("expelled") OVER w)::int AS "expelled", (sum("deceased") OVER w)::int AS "deceased", (sum("transferred_out") OVER w)::int AS "transferred_out",
      ("probationary" <> 0 OR "official" <> 0 OR "suspended" <> 0 OR "exempted" <> 0 OR "away" <> 0 OR "hosted" <> 0 OR "removed_from_roll" <> 0 OR "expelled" <> 0 OR "deceased" <> 0 OR "transferred_out" <> 0) AS "changed"
    FROM "days"
    WINDOW w AS (PARTITION BY "subtree_key" ORDER BY "day");
    DELETE FROM "member_subtree_counts" c
    USING (SELECT "subtree_key", min("day") AS "first" FROM unnest(summed) GROUP BY 1) f
    WHERE c."subtree_key" = f."subtree_key" AND c."day" >= f."first";
    INSERT INTO "member_subtree_counts"
    SELECT "subtree_key", "day", "probationary", "official", "suspended", "exempted", "away", "hosted", "removed_from_roll", "expelled", "deceased", "transferred_out" FROM "member_count_rewrite" WHERE "changed" AND "day" > DATE '0001-01-01';
    DROP TABLE "member_count_rewrite";
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
