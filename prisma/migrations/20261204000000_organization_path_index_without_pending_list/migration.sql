-- The organisation tree is read at every request and written rarely (restructurings): its path
-- index takes each new version at once instead of queueing it in a pending list that every
-- search must read until a vacuum merges it (3,401 queued versions made each subtree lookup
-- 0.17 ms instead of 0.01 ms). Prisma's schema cannot state index storage parameters, so this
-- lives here only; the drift check does not see them.
ALTER INDEX "organization_versions_path_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('organization_versions_path_idx'::regclass);
