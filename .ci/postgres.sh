#!/usr/bin/env bash
# Install (if needed) and start Debian's PostgreSQL 15, with a `tracker` superuser and a `tracker_test` database,
# for the store tests. Idempotent: harmless when everything is already there. Run as root.
set -euo pipefail

VERSION=15
CLUSTER=main

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi

if ! pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c' | grep -q .; then
    pg_createcluster "$VERSION" "$CLUSTER"
fi

# "online" in the status column means running; start only when it is not.
if ! pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}' | grep -q online; then
    pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

for _ in $(seq 1 60); do
    if su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432"; then
        break
    fi
    sleep 1
done
su postgres -c "pg_isready -h 127.0.0.1 -p 5432"

psql_as_postgres() {
    su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""
}

if [ "$(psql_as_postgres "SELECT 1 FROM pg_roles WHERE rolname = 'tracker'")" != "1" ]; then
    psql_as_postgres "CREATE ROLE tracker LOGIN PASSWORD 'tracker' SUPERUSER"
fi
if [ "$(psql_as_postgres "SELECT 1 FROM pg_database WHERE datname = 'tracker_test'")" != "1" ]; then
    su postgres -c "createdb -O tracker tracker_test"
fi

# The same check the tests make: a password login over TCP.
for _ in $(seq 1 30); do
    if PGPASSWORD=tracker psql -h 127.0.0.1 -p 5432 -U tracker -d tracker_test -qtAc "SELECT 1" >/dev/null 2>&1; then
        echo "postgres: ready at 127.0.0.1:5432 (database tracker_test, role tracker)"
        exit 0
    fi
    sleep 1
done
echo "postgres: the server did not accept a login as tracker in time" >&2
exit 1
