#!/usr/bin/env bash
# Absurd numbers in a valid run: the run's models get weights x1e30, NaN or inf (through the
# library's load, save and RunWriter, so that the manifest agrees), and --replot redraws.
# Every figure must then be written, or the replot end in one line and exit 1: never a
# signal, never a staging folder left behind.
# Usage: absurd_weights_test.sh KUDZU_COMPARE SCALE_WEIGHTS DATA_DIR (77: no MNIST files)
set -uo pipefail

app=$1
scale=$2
data=$3
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

if [[ ! -f "$data/train-images-idx3-ubyte" && ! -f "$data/train-images-idx3-ubyte.gz" ]]; then
  echo "no MNIST files in $data (scripts/fetch-mnist.sh fetches them): skipping"
  exit 77
fi

"$app" --data "$data" --out "$work/run" --epochs 1 --threads 1 --no-progress >/dev/null
check "a 1-epoch run exits 0" test $? -eq 0
figures="samples.png accuracy.png loss.png batch_loss.png embedding.png contour.png sigmoid3d.png
         compare.png misclassified.png lr_weights.png"

for change in 1e30 1e15 nan inf; do
  run="$work/$change"
  cp -r "$work/run" "$run"
  for model in nn.kudzu lr.kudzu; do
    "$scale" "$run" "$model" "$change"
    check "$change: scale_weights rewrites $model" test $? -eq 0
  done
  check "$change: nn.kudzu differs from the run's" bash -c "! cmp -s '$run/nn.kudzu' '$work/run/nn.kudzu'"
  rm "$run"/*.png
  OPENBLAS_NUM_THREADS=1 "$app" --replot "$run" --data "$data" >"$work/stdout" 2>"$work/stderr"
  status=$?
  check "$change: --replot is not killed by a signal (status $status)" test "$status" -lt 128
  if [[ $status -eq 0 ]]; then
    for figure in $figures; do check "$change: --replot draws $figure" test -s "$run/$figure"; done
  else
    check "$change: --replot fails with exit 1" test "$status" -eq 1
    check "$change: --replot says why in one line" test "$(grep -c . "$work/stderr")" -eq 1
  fi
  check "$change: no staging folder is left" test -z "$(find "$work" -maxdepth 1 -name '.*staging-*')"
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
