#!/usr/bin/env bash
# kudzu-compare --network lenet on a few hundred MNIST images (the first 600 training and 200
# test images, written here as IDX files), one epoch: its files and figures, a LeNet with a
# 2-D embedding for two digits, and a replot.
# Usage: compare_lenet_app_test.sh KUDZU_COMPARE DATA_DIR
# Exits 77 (skipped) when DATA_DIR has no MNIST files: scripts/test.sh fetches them.
set -uo pipefail

app=$1
data=$2
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

run --network cnn --out "$work/bad"
check "--network cnn exits 2" test "$status" -eq 2
check "--network cnn names the networks known" stderr_has "unknown network 'cnn' (known: mlp, lenet)"

skip_without_mnist "$data" "the real runs"

# The first COUNT items of the IDX file NAME, whose header takes HEADER bytes and each item
# ITEM bytes, with the count (bytes 4 to 7, big-endian) set to COUNT.
subset() {
  local name=$1 count=$2 header=$3 item=$4 out="$work/subset/$1"
  if [[ -f "$data/$name" ]]; then cat "$data/$name"; else zcat "$data/$name.gz"; fi |
    head -c $((header + count * item)) >"$out"
  printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((count >> 24 & 255)) $((count >> 16 & 255)) \
    $((count >> 8 & 255)) $((count & 255)))" | dd of="$out" bs=1 seek=4 conv=notrunc status=none
}
mkdir -p "$work/subset"
subset train-images-idx3-ubyte 600 16 784
subset train-labels-idx1-ubyte 600 8 1
subset t10k-images-idx3-ubyte 200 16 784
subset t10k-labels-idx1-ubyte 200 8 1

out="$work/lenet"
run --data "$work/subset" --out "$out" --network lenet --digits all --models nn --epochs 1 \
  --optimizer adam --threads 1 --no-progress
check "a LeNet run exits 0" test "$status" -eq 0
check "it trains on the 600 images" grep -q "train 600 " "$work/stdout"
check "it reports the LeNet" grep -q "^LeNet  *1 " "$work/stdout"
check "summary.json names the network" grep -q '"network": "lenet"' "$out/summary.json"
check "summary.json: no embedding" grep -q '"embedding": 0' "$out/summary.json"
check "it learns something in one epoch" \
  python3 -c "import json,sys; sys.exit(json.load(open('$out/summary.json'))['models']['nn']['test_accuracy'] <= 0.3)"
for figure in filters.png feature_maps.png confusion.png misclassified.png accuracy.png loss.png; do
  check "a LeNet run draws $figure" test -s "$out/$figure"
done
check "a LeNet without an embedding draws no embedding figure" test ! -e "$out/embedding.png"
# Two threads: the convolutions hand their images out to the pool (ParallelOps), and the
# results are the same bits.
run --data "$work/subset" --out "$work/lenet-2" --network lenet --digits all --models nn \
  --epochs 1 --optimizer adam --threads 2 --no-progress
check "a 2-thread LeNet run exits 0" test "$status" -eq 0
check "a 2-thread LeNet run's metrics equal a 1-thread run's but for the seconds" \
  cmp -s <(cut -d, -f1-5 "$out/metrics.csv") <(cut -d, -f1-5 "$work/lenet-2/metrics.csv")
check "a 2-thread LeNet run's batch losses equal a 1-thread run's" \
  cmp -s "$out/batch_losses.csv" "$work/lenet-2/batch_losses.csv"
mkdir "$work/before"
cp "$out"/*.png "$work/before/"
run --replot "$out" --data "$work/subset"
check "--replot of a LeNet run exits 0" test "$status" -eq 0
for figure in filters.png feature_maps.png confusion.png; do
  check "--replot redraws $figure as it was" cmp -s "$work/before/$figure" "$out/$figure"
done

# Two digits: a sigmoid output with binary cross-entropy; --embedding 2 puts an Affine of 2
# units before it, and the embedding figures are drawn.
pair="$work/lenet-pair"
run --data "$work/subset" --out "$pair" --network lenet --digits 3,8 --embedding 2 --epochs 1 \
  --optimizer adam --threads 1 --no-progress
check "a two-digit LeNet run exits 0" test "$status" -eq 0
check "it trains on the 3s and 8s" grep -q "3s (label 1) against 8s (label 0)" "$work/stdout"
for figure in embedding.png contour.png filters.png feature_maps.png lr_weights.png; do
  check "a two-digit LeNet with --embedding 2 draws $figure" test -s "$pair/$figure"
done
check "summary.json: the embedding" grep -q '"embedding": 2' "$pair/summary.json"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
