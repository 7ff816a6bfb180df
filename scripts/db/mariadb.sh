#!/usr/bin/env bash
# A throwaway MariaDB server for tests and local runs: Debian's mariadb-server, installed when
# missing, with its own data directory under .data/, listening on 127.0.0.1 only.
#   scripts/db/mariadb.sh start   # install if needed, start, print the DATABASE_URL
#   scripts/db/mariadb.sh stop
#   scripts/db/mariadb.sh url
# MARIADB_PORT (33069) and MARIADB_DATA (.data/mariadb-<port>) choose another server;
# MARIADB_DURABLE=1 flushes the log at every commit, so that a crash loses no committed write.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
port="${MARIADB_PORT:-33069}"
data="${MARIADB_DATA:-$root/.data/mariadb-$port}"
socket="$data/mariadb.sock"
url="mysql://conduit:conduit@127.0.0.1:$port/conduit"

have_server() { command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null; }

install_server() {
  echo "Installing MariaDB from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package's own service is not ours: this script starts a private server instead.
  apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client >&2
}

# mariadbd refuses to run as root; use the mysql account when we are root.
owner=()
[ "$(id -u)" = 0 ] && owner=(--user=mysql)

client() { mariadb --protocol=socket --socket="$socket" -u root "$@"; }

start() {
  have_server || install_server
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown mysql:mysql "$data"
  if [ ! -d "$data/mysql" ]; then
    mariadb-install-db "${owner[@]}" --datadir="$data" --auth-root-authentication-method=socket \
      --skip-test-db >"$data/install.log" 2>&1
  fi
  if ! client -e 'SELECT 1' >/dev/null 2>&1; then
    # Throwaway data unless told otherwise: no flush per commit. One server per data directory,
    # in the background.
    flush=0
    [ "${MARIADB_DURABLE:-}" = 1 ] && flush=1
    nohup mariadbd "${owner[@]}" --datadir="$data" --socket="$socket" --port="$port" \
      --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$data/mariadb.pid" \
      --log-error="$data/server.log" --innodb-flush-log-at-trx-commit=$flush --max-connections=300 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_bin >/dev/null 2>&1 &
    for _ in $(seq 1 120); do
      client -e 'SELECT 1' >/dev/null 2>&1 && break
      sleep 0.5
    done
    client -e 'SELECT 1' >/dev/null || { tail -n 20 "$data/server.log" >&2; exit 1; }
  fi
  client <<'SQL'
CREATE USER IF NOT EXISTS 'conduit'@'127.0.0.1' IDENTIFIED BY 'conduit';
CREATE USER IF NOT EXISTS 'conduit'@'localhost' IDENTIFIED BY 'conduit';
GRANT ALL PRIVILEGES ON *.* TO 'conduit'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'conduit'@'localhost' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS conduit;
SQL
  echo "$url"
}

stop() {
  [ -f "$data/mariadb.pid" ] || exit 0
  local pid
  pid="$(cat "$data/mariadb.pid")"
  kill "$pid" 2>/dev/null || exit 0
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || exit 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
