-- An import is committed once (issue 19): every import's commit writes its one audit event
-- (entity 'Import', the job's id) in its own transaction, so a second commit of the same job,
-- by a runner that stalled past its lease while another took the job over and committed it,
-- fails here and rolls back whole. (An exclusion constraint, not a partial unique index:
-- Prisma's schema has no way to state the latter, and would see it as drift.)
ALTER TABLE "audit_events"
  ADD CONSTRAINT "audit_events_one_commit_per_import" EXCLUDE USING btree ("entity_id" WITH =) WHERE ("entity_type" = 'Import');
