#!/usr/bin/env bash
# A throwaway MongoDB-compatible server for developing and testing the Mongoose backend:
# mongo-java-server (in memory, see scripts/mongo-server/) on 127.0.0.1 only. Not a real MongoDB:
# see the notes in scripts/mongo-server/pom.xml and src/conduit/models/mongoose/connect.ts.
#   scripts/db/mongo-server.sh start   # build the jar if needed, start, print the URL
#   scripts/db/mongo-server.sh stop
#   scripts/db/mongo-server.sh url
# MONGO_PORT picks another port (default 27018). Data lives in memory: stop loses everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
port="${MONGO_PORT:-27018}"
project="$root/scripts/mongo-server"
jar="$root/.data/mongo-server/build/mongo-server.jar"
pid_file="$root/.data/mongo-server-$port.pid"
log="$root/.data/mongo-server-$port.log"
url="mongodb://127.0.0.1:$port"

# The jar is stale when any source is newer.
build() {
  if [ -f "$jar" ] && [ -z "$(find "$project/pom.xml" "$project/src" -newer "$jar" -print -quit)" ]; then
    return
  fi
  command -v mvn >/dev/null || { echo "mongo-server: Maven (mvn) is needed to build $jar" >&2; exit 1; }
  echo "Building the mongo-java-server launcher with Maven..." >&2
  mvn -q -B -f "$project/pom.xml" package >&2
}

running_pid() {
  local pid
  [ -f "$pid_file" ] || return 1
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

accepts_connections() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

start() {
  build
  mkdir -p "$root/.data"
  if running_pid >/dev/null; then
    accepts_connections || { echo "mongo-server: running but not accepting on $port" >&2; exit 1; }
    echo "$url"
    return
  fi
  if accepts_connections; then
    echo "mongo-server: something else already listens on 127.0.0.1:$port (MONGO_PORT=...)" >&2
    exit 1
  fi
  command -v java >/dev/null || { echo "mongo-server: Java 17+ (java) is needed" >&2; exit 1; }
  nohup java -jar "$jar" "$port" >"$log" 2>&1 &
  echo $! >"$pid_file"
  local pid=$!
  for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      echo "mongo-server: exited while starting; its log ($log):" >&2
      cat "$log" >&2
      exit 1
    fi
    if grep -q listening "$log" && accepts_connections; then
      echo "$url"
      return
    fi
    sleep 0.2
  done
  echo "mongo-server: not accepting connections on $port after 30 s; see $log" >&2
  kill "$pid" 2>/dev/null || true
  rm -f "$pid_file"
  exit 1
}

stop() {
  local pid
  pid="$(running_pid)" || { rm -f "$pid_file"; return; }
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "mongo-server: still running after 10 s, killing $pid" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
