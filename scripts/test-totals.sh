#!/usr/bin/env bash
# Prints CI's closing line for every run recorded in the totals file given as $1 (one line
# "passed failed skipped" per Jest run, and one for Schemathesis's cases), in the form test
# reports end with and nothing else on the line: "2513 passed, 0 failed, 117 skipped".
set -euo pipefail
awk '{ p += $1; f += $2; s += $3 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$1"
