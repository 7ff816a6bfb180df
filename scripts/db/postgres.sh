#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and local runs: Debian's postgresql, installed when
# missing, with its own data directory under .data/, listening on 127.0.0.1 only.
#   scripts/db/postgres.sh start   # install if needed, start, print the DATABASE_URL
#   scripts/db/postgres.sh stop
#   scripts/db/postgres.sh url
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
port="${PG_PORT:-54329}"
data="$root/.data/postgres-$port"
url="postgresql://conduit:conduit@127.0.0.1:$port/conduit"

find_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

install_server() {
  echo "Installing PostgreSQL from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
}

# initdb and postgres refuse to run as root; use the postgres account when we are root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin="$(find_bin)" || { install_server; bin="$(find_bin)"; }
  mkdir -p "$root/.data"
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c max_connections=200" start >/dev/null
  fi
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT 'CREATE ROLE conduit LOGIN CREATEDB PASSWORD ''conduit'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'conduit')\gexec
SELECT 'CREATE DATABASE conduit OWNER conduit'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'conduit')\gexec
SET client_min_messages = warning;
-- DROP DATABASE ... WITH (FORCE) of a test database must also end an autovacuum worker in it,
-- which belongs to no role: only pg_signal_backend allows that to a role that is not superuser.
GRANT pg_signal_backend TO conduit;
SQL
  echo "$url"
}

stop() {
  local bin
  bin="$(find_bin)" || exit 0
  [ -d "$data" ] || exit 0
  as_owner "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
