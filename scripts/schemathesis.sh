#!/usr/bin/env bash
# Property-based contract testing with Schemathesis against the real server.
#
# Starts the service's build (dist/server.js, `make build`) on a free loopback port over a fresh
# embedded database (a temp folder), registers a user for a token, and runs `st run` on generated/openapi.json with every check,
# valid and invalid data, and all phases: examples, coverage, fuzzing and stateful (the spec's
# OpenAPI links). Settings that must stay stable live in schemathesis.toml; the ones below are
# the run's size and reproducibility. The server is stopped however the run ends.
#
#   scripts/schemathesis.sh                                  # what `make schemathesis` and CI run
#   SCHEMATHESIS_ARGS="--seed 7 --max-examples 50" scripts/schemathesis.sh
#   SCHEMATHESIS_ARGS="--include-operation-id CreateArticle" scripts/schemathesis.sh
#
# SCHEMATHESIS_ARGS is appended to `st run`, so its options override the defaults below
# (SCHEMATHESIS_SEED and SCHEMATHESIS_MAX_EXAMPLES change just those two). PYTHON picks the
# interpreter for the virtualenv (3.11+; default python3).
# Exits non-zero on any failure, and also when the server logged an error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PATH="$(scripts/node-env.sh):$root/node_modules/.bin:$PATH"
export PATH

requirements="$root/requirements-schemathesis.txt"
venv="$root/.tools/schemathesis"
seed="${SCHEMATHESIS_SEED:-20261121}"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-100}"

# Schemathesis in its own virtualenv, (re)installed only when missing or when the pinned
# requirements changed.
install_schemathesis() {
  local python="${PYTHON:-python3}" stamp="$venv/.requirements.sha256" wanted
  wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
  if [ -x "$venv/bin/st" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then return; fi
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Schemathesis needs Python 3.11+; set PYTHON to one (found: $("$python" --version 2>&1))." >&2
    exit 1
  fi
  echo "Installing Schemathesis into ${venv#"$root"/} ..." >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
  "$venv/bin/python" -m pip check >&2
  echo "$wanted" >"$stamp"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

install_schemathesis

work="$(mktemp -d "${TMPDIR:-/tmp}/conduit-schemathesis.XXXXXX")"
server_pid=""
cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(free_port)"
base_url="http://127.0.0.1:$port"
log="$work/server.log"
# A fresh embedded database per run (migrated by the server at start), so runs do not depend on
# each other or on .data/; the server stops it on exit. Readable by the server's own account
# when run as root (mktemp -d makes folders private).
chmod 755 "$work"
export DATABASE_URL="embedded:$work/postgres" HOST=127.0.0.1 PORT="$port" LOG_LEVEL=warn
# Rate limits off: thousands of requests from one client would otherwise test only the 429
# (tests/contract/rate-limits.test.ts covers the limits).
export RATE_LIMIT_MAX=0 REGISTRATION_RATE_LIMIT_MAX=0 LOGIN_FAILURES_PER_ACCOUNT=0 LOGIN_FAILURES_PER_IP=0
export JWT_SECRET="schemathesis-only-secret-$(date +%s)-$$-padding-to-32"

node dist/server.js >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "The server exited during start:" >&2
    cat "$log" >&2
    exit 1
  fi
  curl -sf -o /dev/null "$base_url/api/tags" && break
  sleep 0.25
done
curl -sf -o /dev/null "$base_url/api/tags" || { echo "The server did not answer at $base_url." >&2; exit 1; }
echo "Server $base_url (pid $server_pid), database $DATABASE_URL." >&2

# One account for the run; its token goes on every request. Operations that change the account
# (PUT /api/user) keep the token valid: tokens name the user id, not the username or password.
token="$(
  curl -sf -X POST "$base_url/api/users" -H 'Content-Type: application/json' \
    -d '{"user":{"username":"schemathesis","email":"schemathesis@example.com","password":"schemathesis-password"}}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["user"]["token"])'
)"

# Each request with an Idempotency-Key gets a key of its own (see the hooks file for why).
export SCHEMATHESIS_HOOKS="$root/scripts/schemathesis-hooks.py"

# Hypothesis (Schemathesis's generator) caches data on disk; keep it out of the checkout.
export HYPOTHESIS_STORAGE_DIRECTORY="$venv/hypothesis"

# Word splitting of SCHEMATHESIS_ARGS is intended: it holds options.
# shellcheck disable=SC2206
extra=(${SCHEMATHESIS_ARGS:-})
status=0
"$venv/bin/st" --config-file "$root/schemathesis.toml" run "$root/generated/openapi.json" \
  --url "$base_url" \
  --header "Authorization: Token $token" \
  --checks all \
  --mode all \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$max_examples" \
  --seed "$seed" \
  --request-timeout 10 \
  --workers 2 \
  "${extra[@]}" 2>&1 | tee "$work/report.txt" || status=$?

# CI's closing line adds these cases to every Jest run's tests (scripts/test-totals.sh). The
# summary reads "Test cases:" then e.g. "3644 generated, 3640 passed, 4 failed, 24 skipped".
if [ -n "${TEST_TOTALS_FILE:-}" ]; then
  cases="$(sed 's/\x1b\[[0-9;]*m//g' "$work/report.txt" | sed -n '/^ *Test cases:/{n;p;}')"
  count() { grep -oE "[0-9]+ ($1)" <<<"$cases" | awk '{ n += $1 } END { print n + 0 }'; }
  if [ -n "$cases" ]; then
    echo "$(count passed) $(count 'failed|errored') $(count skipped)" >>"$TEST_TOTALS_FILE"
  else
    # No summary: the run broke off, which counts as one failure.
    echo "0 1 0" >>"$TEST_TOTALS_FILE"
  fi
fi

# A 500 is already a failure above; this also catches errors the responses did not show.
if grep -q '"level":\(50\|60\)' "$log"; then
  echo "The server logged errors during the run:" >&2
  grep '"level":\(50\|60\)' "$log" | head -n 20 >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
