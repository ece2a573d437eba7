#!/usr/bin/env bash
# scripts/setup.sh installing packages: one line per step, apt-get's own output in the log it
# names, and the log's end with exit 1 when apt-get fails. apt-get, dpkg-query and id are
# stand-ins on PATH: nothing is installed.
# Usage: setup_script_test.sh SETUP_SH
set -uo pipefail

setup=$1
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

mkdir "$work/bin"
# Every package is missing; the caller is root; npm installs nothing; apt-get prints 70 lines
# (and fails when FAKE_APT_FAILS is set, after its output).
printf '#!/bin/sh\necho un\n' >"$work/bin/dpkg-query"
printf '#!/bin/sh\necho 0\n' >"$work/bin/id"
printf '#!/bin/sh\necho "npm $*"\n' >"$work/bin/npm"  # installs nothing
cat >"$work/bin/apt-get" <<'FAKE'
#!/bin/sh
i=1
while [ $i -le 70 ]; do echo "apt-get $1: line $i"; i=$((i + 1)); done
[ -z "${FAKE_APT_FAILS:-}" ]
FAKE
chmod +x "$work/bin/"*

steps=2
[[ -d "$(dirname "$setup")/../test/browser/node_modules/puppeteer-core" ]] || steps=3
PATH="$work/bin:$PATH" KUDZU_SETUP_LOG="$work/apt.log" bash "$setup" --deps-only \
  >"$work/out" 2>&1
status=$?
check "an install exits 0 (not $status)" test "$status" -eq 0
# Two steps of apt-get, and a third (npm ci) when test/browser has no node_modules yet.
check "an install prints one line per step, not apt-get's output (got $(wc -l <"$work/out"))" \
  test "$(wc -l <"$work/out")" -eq "$steps"
check "each line names the log" test "$(grep -c "log: $work/apt.log" "$work/out")" -eq "$steps"
check "the log holds apt-get's output of both steps" \
  test "$(grep -c '^apt-get \(update\|install\): line' "$work/apt.log")" -eq 140

PATH="$work/bin:$PATH" KUDZU_SETUP_LOG="$work/apt.log" FAKE_APT_FAILS=1 bash "$setup" \
  --deps-only >"$work/out" 2>"$work/err"
status=$?
check "a failed apt-get exits 1 (not $status)" test "$status" -eq 1
check "a failed apt-get says which command failed" \
  grep -q "^setup.sh: 'apt-get update -q' failed; the last lines of $work/apt.log:" "$work/err"
check "a failed apt-get shows the end of the log" grep -q '^apt-get update: line 70$' "$work/err"
check "a failed apt-get does not show the whole log" \
  test "$(grep -c '^apt-get update: line' "$work/err")" -eq 25
check "a failed apt-get stops before installing" test "$(grep -c 'installing' "$work/out")" -eq 0

echo "setup_script: $passed passed, $failed failed"
((failed == 0))
