#!/usr/bin/env bash
# LeNet epochs side by side in one invocation: Kudzu (build/bin/lenet_epoch_bench) and the
# same LeNet in PyTorch (bench/pytorch/lenet.py), each at 1 and 2 threads, taking turns, then
# a table of the fastest epoch of each with the ratio of the best of each side.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/bench-lenet.sh [--epochs N] [--rounds R] [--data DIR] [--build-dir DIR] [--help]

Runs R rounds (default 2); each round runs, one after the other, N epochs (default 1) of
Kudzu's LeNet at 1 and at 2 OpenBLAS threads and of PyTorch's at 1 and at 2 intra-op
threads: the same network, initialisation scheme and recipe (Adam lr 0.001, batch 50, all
60,000 training images, then the accuracy on the training and test sets). Prints the
fastest epoch of each, its training loop alone and with the evaluation, and how many times
faster Kudzu's best is than PyTorch's best. PyTorch is skipped, with a message, when
/usr/bin/python3 cannot import torch.

The OpenBLAS core is whatever OpenBLAS picks at load time; this script never sets
OPENBLAS_CORETYPE.
EOF_USAGE
}

epochs=1 rounds=2 data=data/mnist build_dir=build
while (($#)); do
  case "$1" in
    --epochs|--rounds)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "bench-lenet.sh: $1 needs a positive number" >&2; exit 2; }
      if [[ $1 == --epochs ]]; then epochs=$2; else rounds=$2; fi
      shift ;;
    --data|--build-dir)
      [[ $# -ge 2 && -n "$2" ]] || { echo "bench-lenet.sh: $1 needs a directory" >&2; exit 2; }
      if [[ $1 == --data ]]; then data=$2; else build_dir=$2; fi
      shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench-lenet.sh: unknown argument '$1'; see scripts/bench-lenet.sh --help" >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DKUDZU_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target lenet_epoch_bench >/dev/null

pytorch=true
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  pytorch=false
  echo "bench-lenet.sh: /usr/bin/python3 cannot import torch (apt-get install python3-torch): PyTorch skipped"
fi

results=$(mktemp) machines=$(mktemp)
trap 'rm -f "$results" "$machines"' EXIT
# Appends "SIDE THREADS train_seconds epoch_seconds test_accuracy" per epoch to $results, and
# the machine line Kudzu's program prints to $machines.
measure() {
  local side=$1 threads=$2
  shift 2
  "$@" | awk -v side="$side" -v threads="$threads" '
    /^epoch / { print side, threads, $8, $10, $6 }
    /^machine: / { sub(/^machine: /, ""); print > "/dev/stderr" }' >>"$results" 2>>"$machines"
}
for ((round = 1; round <= rounds; ++round)); do
  for threads in 1 2; do
    measure kudzu "$threads" "$build_dir"/bin/lenet_epoch_bench --data "$data" --epochs "$epochs" --threads "$threads"
    if $pytorch; then
      measure pytorch "$threads" /usr/bin/python3 bench/pytorch/lenet.py --data "$data" --epochs "$epochs" --threads "$threads"
    fi
  done
done

echo
echo "LeNet on all ten digits, fastest epoch of $rounds rounds of $epochs (seconds)"
sort -u "$machines" | sed 's/^/Kudzu: /'
echo "PyTorch: $(/usr/bin/python3 -c 'import torch; print("torch", torch.__version__, "oneDNN", torch.backends.mkldnn.is_available())' 2>/dev/null || echo "not installed")"
awk '
  { key = $1 " " $2
    if (!(key in train) || $3 < train[key]) train[key] = $3
    if (!(key in epoch) || $4 < epoch[key]) epoch[key] = $4
    accuracy[key] = $5 }
  END {
    printf "%-8s %7s %15s %15s %14s\n", "side", "threads", "training loop", "with evaluation", "test accuracy"
    for (side_index = 1; side_index <= 2; ++side_index) {
      side = side_index == 1 ? "kudzu" : "pytorch"
      for (threads = 1; threads <= 2; ++threads) {
        key = side " " threads
        if (!(key in train)) continue
        printf "%-8s %7d %15.2f %15.2f %14s\n", side, threads, train[key], epoch[key], accuracy[key]
        if (!(side in best) || train[key] < best[side]) best[side] = train[key]
      }
    }
    if ("kudzu" in best && "pytorch" in best)
      printf "Kudzu is %.2fx faster than PyTorch per epoch (training loops, each at its best thread count)\n",
        best["pytorch"] / best["kudzu"]
  }' "$results"
