-- Announcements of changes to who is behind a session or an API key (issue 16): a service
-- instance keeps principals between requests only while it hears these, and forgets a user's
-- the moment one names them (src/modules/auth/principal-cache.ts). NOTIFY is delivered at
-- commit, to every instance listening, and never for a transaction rolled back; whatever
-- writes (the service, a script, psql) is heard.

-- The user named by the column given as the trigger's argument, before and after the change.
CREATE FUNCTION "announce_principal_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('principals_changed', to_jsonb(OLD) ->> TG_ARGV[0]);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('principals_changed', to_jsonb(NEW) ->> TG_ARGV[0]);
  END IF;
  RETURN NULL;
END
$$;

-- A user's name, member record or state; a session's end; a key's revocation; a grant given,
-- revoked or removed. (A new session or key changes nobody's principal: nothing is kept for it yet.)
CREATE TRIGGER "users_announced" AFTER UPDATE OR DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "announce_principal_change"('id');
CREATE TRIGGER "sessions_announced" AFTER UPDATE OR DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION "announce_principal_change"('user_id');
CREATE TRIGGER "api_keys_announced" AFTER UPDATE OR DELETE ON "api_keys"
  FOR EACH ROW EXECUTE FUNCTION "announce_principal_change"('user_id');
CREATE TRIGGER "role_grants_announced" AFTER INSERT OR UPDATE OR DELETE ON "role_grants"
  FOR EACH ROW EXECUTE FUNCTION "announce_principal_change"('user_id');

-- A grant carries its organisation's current path: a new version of an organisation someone
-- holds a grant on (moved, renamed, dissolved) is announced to everyone ('*': rare, and the
-- holders of grants below it are concerned too).
CREATE FUNCTION "announce_granted_organization_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_versions v JOIN "role_grants" g ON g."organization_id" = v."organization_id") THEN
    PERFORM pg_notify('principals_changed', '*');
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "organization_versions_announced_on_insert" AFTER INSERT ON "organization_versions"
  REFERENCING NEW TABLE AS changed_versions FOR EACH STATEMENT EXECUTE FUNCTION "announce_granted_organization_change"();
CREATE TRIGGER "organization_versions_announced_on_update" AFTER UPDATE ON "organization_versions"
  REFERENCING NEW TABLE AS changed_versions FOR EACH STATEMENT EXECUTE FUNCTION "announce_granted_organization_change"();
CREATE TRIGGER "organization_versions_announced_on_delete" AFTER DELETE ON "organization_versions"
  REFERENCING OLD TABLE AS changed_versions FOR EACH STATEMENT EXECUTE FUNCTION "announce_granted_organization_change"();
