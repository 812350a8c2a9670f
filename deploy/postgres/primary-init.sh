#!/bin/sh
# Runs once, when the postgres image initialises an empty data directory (docker-entrypoint-initdb.d):
# lets the replicas stream the write-ahead log. The image's own pg_hba.conf lines do not cover the
# "replication" pseudo-database, so one is added, with the same password authentication.
set -eu
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "${PGDATA}/pg_hba.conf"
