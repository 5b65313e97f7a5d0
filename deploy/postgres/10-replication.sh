#!/bin/sh
# The role streaming replicas connect as (the `scale` profile's postgres-replica), the line of
# pg_hba.conf that lets them, and WAL kept for a replica that was away a while. Runs by itself
# when the compose PostgreSQL first makes its data folder (docker-entrypoint-initdb.d); on a data
# folder made before, run it once by hand (README, "Deployment"): it does only what is missing.
set -e
if [ -z "$REPLICATION_PASSWORD" ]; then
  echo "REPLICATION_PASSWORD unset: no replication role (a replica cannot follow this server)"
else
  psql -v ON_ERROR_STOP=1 -v password="$REPLICATION_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
SELECT format('CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD %L', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'replicator') \gexec
-- A replica that was stopped or cut off can catch up from the WAL kept here, up to this much
-- (beyond it, make it again: remove its volume).
ALTER SYSTEM SET wal_keep_size = '2GB';
SQL
  grep -q '^host replication replicator ' "$PGDATA/pg_hba.conf" || echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
fi
