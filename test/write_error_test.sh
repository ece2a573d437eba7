#!/usr/bin/env bash
# Output lost is an error: every app's --help and a real run with stdout on /dev/full exit 1
# with "<app>: write error: No space left on device" as the only line on stderr.
# Usage: write_error_test.sh COMPARE PREDICT APPROXIMATE GRADCHECK PREDICT_TEST_FILES DATA_DIR
# The kudzu-compare and kudzu-predict runs need MNIST in DATA_DIR; without it only they are
# left out.
set -uo pipefail

compare=$1 predict=$2 approximate=$3 gradcheck=$4 test_files=$5 data=$6
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

full() {  # full DESCRIPTION APP ARGS...: the app's stdout on /dev/full
  local description=$1 app=$2
  shift 2
  "$app" "$@" >/dev/full 2>"$work/stderr"
  local status=$?
  local line
  line="$(basename "$app"): write error: No space left on device"
  check "$description > /dev/full exits 1 (not $status)" test "$status" -eq 1
  check "$description > /dev/full says '$line', alone" test "$(cat "$work/stderr")" = "$line"
}

for app in "$compare" "$predict" "$approximate" "$gradcheck"; do
  full "$(basename "$app") --help" "$app" --help
done
full "kudzu-gradcheck" "$gradcheck"
# Beyond `ulimit -f` (1 KiB here) a write fails with EFBIG instead of SIGXFSZ killing the app.
(ulimit -f 1 && exec "$gradcheck" >"$work/limited.txt" 2>"$work/stderr")
status=$?
check "kudzu-gradcheck beyond ulimit -f exits 1 (not $status)" test "$status" -eq 1
check "kudzu-gradcheck beyond ulimit -f says 'File too large'" \
  test "$(cat "$work/stderr")" = "kudzu-gradcheck: write error: File too large"
full "kudzu-approximate" "$approximate" --steps 100 --out "$work/approximate"
check "a run whose report was lost still commits its results" test -s "$work/approximate/fit.csv"

if [[ -f "$data/train-images-idx3-ubyte" || -f "$data/train-images-idx3-ubyte.gz" ]]; then
  full "kudzu-compare" "$compare" --data "$data" --out "$work/run" --epochs 1 --threads 1 \
    --no-progress
  "$test_files" "$work/files" "$data"
  full "kudzu-predict" "$predict" --model "$work/run/nn.kudzu" "$work/files/three.png"
else
  echo "no MNIST files in $data: the kudzu-compare and kudzu-predict runs are left out"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
