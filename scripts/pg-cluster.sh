#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster for tests: initdb into a temporary directory,
# trust auth on loopback only, and `pg_ctl start` on the given port, run as the `postgres` user
# because PostgreSQL refuses to run as root. Prints the TEST_DATABASE_URL to use.
#   scripts/pg-cluster.sh start [port]   (default 5432)
#   scripts/pg-cluster.sh stop [port]
set -euo pipefail
cmd=${1:-start}
port=${2:-5432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
dir=${PGCLUSTER_DIR:-/tmp/candor-pg-$port}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if as_postgres "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      echo "postgres://postgres@127.0.0.1:$port/test"; exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    # Loopback only; fsync and synchronous_commit stay on, as in production.
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=200 -c shared_buffers=128MB" start >/dev/null
    as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "create database test" postgres >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/test"
    ;;
  stop)
    [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop [port]" >&2; exit 2 ;;
esac
