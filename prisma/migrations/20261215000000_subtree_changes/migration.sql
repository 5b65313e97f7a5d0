-- Announcements of changes in the tree (issue 19): every change is audited with the path of
-- the organisation it concerns, so the audit rows of a statement tell which subtrees changed.
-- The payload is the path keys of those organisations and of their ancestors, comma-separated:
-- a subtree whose root's key is among them has changed. '*' when the list would not fit in a
-- NOTIFY (8,000 bytes) or a change concerns no organisation (a regulation value: its dates
-- apply everywhere). Reads recorded for accountability (exports, downloads) change nothing.
-- NOTIFY is delivered at commit, to every instance listening, never for a rollback; the
-- subscriptions to items coming due re-read on it (src/modules/due-items/due-items.live.ts).
CREATE FUNCTION "announce_subtree_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  everywhere boolean;
  keys text;
BEGIN
  SELECT bool_or(cardinality(e."scope_path") = 0) INTO everywhere
    FROM added_events e WHERE e."action" NOT IN ('EXPORTED', 'EXPORT_DOWNLOADED');
  IF everywhere IS NULL THEN
    RETURN NULL;
  END IF;
  IF NOT everywhere THEN
    SELECT string_agg(DISTINCT k::text, ',') INTO keys
      FROM added_events e, unnest(e."scope_path") AS k
      WHERE e."action" NOT IN ('EXPORTED', 'EXPORT_DOWNLOADED');
  END IF;
  PERFORM pg_notify('subtree_changed', CASE WHEN everywhere OR length(keys) > 7900 THEN '*' ELSE keys END);
  RETURN NULL;
END
$$;

CREATE TRIGGER "audit_events_announced" AFTER INSERT ON "audit_events"
  REFERENCING NEW TABLE AS added_events
  FOR EACH STATEMENT EXECUTE FUNCTION "announce_subtree_change"();
