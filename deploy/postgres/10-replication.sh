#!/bin/sh
# Runs once, when the compose PostgreSQL first makes its data folder (docker-entrypoint-initdb.d):
# with REPLICATION_PASSWORD set, a role that streaming replicas connect as, and the line of
# pg_hba.conf that lets them (the `scale` profile's postgres-replica).
set -e
if [ -z "$REPLICATION_PASSWORD" ]; then
  echo "REPLICATION_PASSWORD unset: no replication role (a replica cannot follow this server)"
  exit 0
fi
psql -v ON_ERROR_STOP=1 -v password="$REPLICATION_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
