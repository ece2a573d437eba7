#!/usr/bin/env bash
# The side-by-side comparison of issue 12, run by scripts/bench.sh --pytorch: Kudzu's two
# training loops of the default comparison run (kudzu-compare, --epochs of them), the same
# loops in PyTorch (bench/pytorch/two_digits.py: same weights, same batches, CPU float32),
# and their GEMMs alone (comparison_floor_bench), taking turns --repetitions times, the
# fastest of each side counting; then one table with the ratios, the machine facts and the
# load. Kudzu runs twice a round, single-threaded BLAS both times: with --threads 1 (the
# models one after the other) and with --threads $(nproc) (its default: side by side),
# unless KUDZU_ARGS name one configuration.
#
#   scripts/side-by-side.sh BUILD_DIR EPOCHS REPETITIONS PYTORCH_THREADS [KUDZU_ARGS...]
set -euo pipefail

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,11p' "${BASH_SOURCE[0]}" | cut -c3-
  exit 0
fi
if (($# < 4)); then
  echo "side-by-side.sh: expected BUILD_DIR EPOCHS REPETITIONS PYTORCH_THREADS (scripts/bench.sh --pytorch passes them); see --help" >&2
  exit 2
fi
build_dir=$1 epochs=$2 repetitions=$3 torch_threads=$4
shift 4
if (($#)); then
  configurations=("$*")
else
  configurations=("--threads 1" "--threads $(nproc)")
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python=/usr/bin/python3
[[ -x $python ]] || python=$(command -v python3 || true)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

load() { read -r one five _ </proc/loadavg; echo "$one (1 min), $five (5 min) on $(nproc) cores"; }
fastest() { sort -g | head -n1; }
seconds_of() { grep -o 'both training loops [0-9.]*' "$1" | cut -d' ' -f4; }
echo "load before: $(load)"

have_torch=false
if [[ -n $python ]] && "$python" -c 'import torch' 2>/dev/null; then
  have_torch=true
else
  echo "PyTorch skipped: no python3 with torch (install python3-torch: sudo apt-get install python3-torch)"
fi

# The sides take turns, so that all of them meet the same machine (a busy spell slows one
# round, not one side), and the fastest round of each counts.
for ((run = 1; run <= repetitions; ++run)); do
  for c in "${!configurations[@]}"; do
    # Kudzu: the app itself, as a user runs it; summary.json says how long training took.
    read -r -a arguments <<<"${configurations[$c]}"
    summary=$work/kudzu-$c-$run/summary.json
    "$build_dir"/bin/kudzu-compare --epochs "$epochs" --quiet --no-progress \
      --out "$work/kudzu-$c-$run" "${arguments[@]}" >"$work/kudzu.log"
    grep -o '"training_seconds": [0-9.e+-]*' "$summary" | cut -d' ' -f2 >>"$work/kudzu-$c"
    printf "round %d: kudzu %s: both training loops %.2f s\n" "$run" "${configurations[$c]}" \
      "$(tail -n1 "$work/kudzu-$c")"
  done
  if $have_torch; then
    "$python" bench/pytorch/two_digits.py --epochs "$epochs" --repetitions 1 \
      --threads "$torch_threads" | tee "$work/pytorch.log" | sed "s/^/round $run: /"
    seconds_of "$work/pytorch.log" >>"$work/pytorch-seconds"
  fi
  train_rows=$(grep -A2 '"data": {' "$summary" | grep -o '"train": [0-9]*' | cut -d' ' -f2)
  test_rows=$(grep -A2 '"data": {' "$summary" | grep -o '"test": [0-9]*' | cut -d' ' -f2)
  "$build_dir"/bin/comparison_floor_bench "$train_rows" "$test_rows" "$epochs" 1 \
    | tee "$work/floor.log" | sed "s/^/round $run: /"
  seconds_of "$work/floor.log" >>"$work/floor-seconds"
  # The same at one OpenBLAS thread: what one core does alone, for the threads' gain.
  OPENBLAS_NUM_THREADS=1 "$build_dir"/bin/comparison_floor_bench "$train_rows" "$test_rows" \
    "$epochs" 1 | tee "$work/floor-1.log" | sed "s/^/round $run: /"
  seconds_of "$work/floor-1.log" >>"$work/floor-1-seconds"
done
echo "load after: $(load)"

floor=$(fastest <"$work/floor-seconds")
floor_1=$(fastest <"$work/floor-1-seconds")
core=$(grep -o '"core": "[^"]*"' "$summary" | cut -d'"' -f4)
cpu=$(grep -o '"cpu": "[^"]*"' "$summary" | cut -d'"' -f4)
floor_threads=$(grep -o ', [0-9]* threads\?$' "$work/floor.log" | grep -o '[0-9]*')
pytorch="" torch_version="(not run)"
if $have_torch; then
  pytorch=$(fastest <"$work/pytorch-seconds")
  torch_version=$(grep -o '^pytorch [^ ]*' "$work/pytorch.log" | cut -d' ' -f2)
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo
echo "$epochs epochs of both models of kudzu-compare's default run, per-epoch evaluation"
echo "included; training loops only, fastest of $repetitions rounds. CPU $cpu, OpenBLAS core"
echo "$core; PyTorch $torch_version at $torch_threads thread(s); GEMM floor: the same sgemm calls"
echo "alone, back to back, at OpenBLAS's default $floor_threads threads; at 1 thread they took"
echo "$(printf '%.2f' "$floor_1") s."
echo
echo "| Kudzu | OpenBLAS core | Kudzu | PyTorch | GEMM floor | Kudzu vs PyTorch | Kudzu vs floor |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for c in "${!configurations[@]}"; do
  kudzu=$(fastest <"$work/kudzu-$c")
  if [[ -n $pytorch ]]; then
    versus=$(awk -v a="$pytorch" -v b="$kudzu" \
      'BEGIN { if (a >= b) printf "%.2fx faster", a / b; else printf "%.2fx slower", b / a }')
    shown=$(printf '%.2f s' "$pytorch")
  else
    versus="-" shown="skipped"
  fi
  printf '| %s | %s | %.2f s | %s | %.2f s | %s | %s |\n' "${configurations[$c]}" "$core" \
    "$kudzu" "$shown" "$floor" "$versus" "$(ratio "$kudzu" "$floor")"
done
