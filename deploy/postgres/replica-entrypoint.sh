#!/bin/sh
# A hot-standby replica of the compose primary: on its first start (an empty data directory) it copies the
# primary with pg_basebackup, which also writes standby.signal and primary_conninfo (-R), then starts as
# the postgres image always does. Later starts find the data directory and go on streaming from the primary.
# PRIMARY_HOST, POSTGRES_USER and POSTGRES_PASSWORD come from docker-compose.scale.yml.
set -eu
if [ ! -s "${PGDATA}/PG_VERSION" ]; then
  mkdir -p "${PGDATA}"
  chown postgres:postgres "${PGDATA}"
  chmod 700 "${PGDATA}"
  until PGPASSWORD="${POSTGRES_PASSWORD}" gosu postgres pg_basebackup \
    --host="${PRIMARY_HOST}" --username="${POSTGRES_USER}" --pgdata="${PGDATA}" \
    --wal-method=stream --write-recovery-conf --checkpoint=fast; do
    echo "replica: primary ${PRIMARY_HOST} not ready for a base backup yet, retrying in 2 s"
    rm -rf "${PGDATA:?}"/*
    sleep 2
  done
fi
exec docker-entrypoint.sh postgres
