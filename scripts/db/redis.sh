#!/usr/bin/env bash
# A throwaway Redis server for the rate-limit tests and local runs: Debian's redis-server,
# installed when missing, listening on 127.0.0.1 only, in memory (no snapshot, no append-only
# file), with its pid and log under .data/.
#   scripts/db/redis.sh start   # install if needed, start, print the RATE_LIMIT_REDIS_URL
#   scripts/db/redis.sh stop
#   scripts/db/redis.sh url
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Not Redis's default port, so a Redis the machine already runs is left alone.
port="${REDIS_PORT:-63790}"
data="$root/.data/redis-$port"
url="redis://127.0.0.1:$port"

install_server() {
  echo "Installing Redis from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends redis-server >&2
}

answers() {
  [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)" = PONG ]
}

start() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || install_server
  mkdir -p "$data"
  if ! answers; then
    redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes \
      --save '' --appendonly no --dir "$data" \
      --daemonize yes --pidfile "$data/redis.pid" --logfile "$data/server.log" >/dev/null
    for _ in $(seq 1 100); do answers && break; sleep 0.1; done
    answers || { echo "Redis did not start on port $port; see $data/server.log" >&2; exit 1; }
  fi
  echo "$url"
}

stop() {
  [ -f "$data/redis.pid" ] || exit 0
  local pid
  pid="$(cat "$data/redis.pid")"
  # Only the server this script started: the pid must still be a redis-server.
  if [ -n "$pid" ] && ps -p "$pid" -o comm= 2>/dev/null | grep -q '^redis-server'; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$data/redis.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
