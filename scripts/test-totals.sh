#!/usr/bin/env bash
# Prints one closing line for every Jest run recorded in the totals file given as $1:
# "tests: N passed, N failed, N skipped".
set -euo pipefail
awk '{ p += $1; f += $2; s += $3 } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$1"
