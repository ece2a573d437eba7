#!/usr/bin/env bash
# A memory limit too low for OpenBLAS's buffers is one line and exit 1 at start, where
# OpenBLAS alone would spin for ever (each case is bounded by timeout, so a spin fails the
# test instead of hanging it); a limit that leaves enough still runs.
# Usage: memory_limit_test.sh GRADCHECK COMPARE
set -uo pipefail

gradcheck=$1 compare=$2
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

limited() {  # limited KB COMMAND...: the command under ulimit -v KB, at most 30 s
  local kb=$1
  shift
  (ulimit -v "$kb" && exec timeout 30 "$@" >"$work/stdout" 2>"$work/stderr")
  status=$?
}

for threads in 1 2; do
  OPENBLAS_NUM_THREADS=$threads limited 150000 "$gradcheck"
  check "gradcheck, $threads threads, ulimit -v 150000: exit 1 (not $status)" test "$status" -eq 1
  check "gradcheck, $threads threads: one line naming the limit" \
    test "$(grep -c 'memory limit (ulimit -v 150000 kB) is below the' "$work/stderr")" -eq 1
done
OPENBLAS_NUM_THREADS=2 limited 400000 "$gradcheck"
check "gradcheck, 2 threads, ulimit -v 400000: runs (exit $status)" test "$status" -eq 0

limited 300000 "$compare" --threads 2 --epochs 1 --out "$work/run"
check "kudzu-compare, ulimit -v 300000: exit 1 (not $status)" test "$status" -eq 1
check "kudzu-compare: one line naming the limit and the need" \
  grep -q "^kudzu-compare: the memory limit (ulimit -v 300000 kB) is below the [0-9]* kB" "$work/stderr"
check "kudzu-compare: nothing written" test ! -e "$work/run"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
