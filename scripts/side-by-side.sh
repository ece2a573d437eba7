#!/usr/bin/env bash
# The side-by-side comparison of issue 12, run by scripts/bench.sh --pytorch: Kudzu's two
# training loops of the default comparison run (kudzu-compare, --epochs of them), the same
# loops in PyTorch (bench/pytorch/two_digits.py: same weights, same batches, CPU float32),
# and their GEMMs alone (comparison_floor_bench), taking turns --repetitions times, the
# fastest of each side counting; then one table with the ratios, the machine facts and the load.
#
#   scripts/side-by-side.sh BUILD_DIR EPOCHS REPETITIONS PYTORCH_THREADS [KUDZU_ARGS...]
set -euo pipefail

build_dir=$1 epochs=$2 repetitions=$3 torch_threads=$4
shift 4
kudzu_args=("$@")
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python=/usr/bin/python3
[[ -x $python ]] || python=$(command -v python3 || true)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

load() { read -r one five _ </proc/loadavg; echo "$one (1 min), $five (5 min) on $(nproc) cores"; }
fastest() { sort -g | head -n1; }
echo "load before: $(load)"

have_torch=false
if [[ -n $python ]] && "$python" -c 'import torch' 2>/dev/null; then
  have_torch=true
else
  echo "PyTorch skipped: no python3 with torch (install python3-torch: sudo apt-get install python3-torch)"
fi

# The three sides take turns, so that all of them meet the same machine (a busy spell
# slows one round, not one side), and the fastest round of each counts.
for ((run = 1; run <= repetitions; ++run)); do
  # Kudzu: the app itself, as a user runs it; its summary.json says how long training took.
  "$build_dir"/bin/kudzu-compare --epochs "$epochs" --quiet --no-progress \
    --out "$work/kudzu-$run" "${kudzu_args[@]}" >"$work/kudzu-$run.log"
  summary=$work/kudzu-$run/summary.json
  grep -o '"training_seconds": [0-9.e+-]*' "$summary" | cut -d' ' -f2 >>"$work/kudzu-seconds"
  printf "round %d: kudzu both training loops %.2f s\n" "$run" "$(tail -n1 "$work/kudzu-seconds")"
  if $have_torch; then
    "$python" bench/pytorch/two_digits.py --epochs "$epochs" --repetitions 1 \
      --threads "$torch_threads" | tee "$work/pytorch.log" | sed "s/^/round $run: /"
    grep -o 'both training loops [0-9.]*' "$work/pytorch.log" | cut -d' ' -f4 \
      >>"$work/pytorch-seconds"
  fi
  train_rows=$(grep -A2 '"data": {' "$summary" | grep -o '"train": [0-9]*' | cut -d' ' -f2)
  test_rows=$(grep -A2 '"data": {' "$summary" | grep -o '"test": [0-9]*' | cut -d' ' -f2)
  "$build_dir"/bin/comparison_floor_bench "$train_rows" "$test_rows" "$epochs" 1 \
    | tee "$work/floor.log" | sed "s/^/round $run: /"
  grep -o 'both training loops [0-9.]*' "$work/floor.log" | cut -d' ' -f4 >>"$work/floor-seconds"
done
kudzu=$(fastest <"$work/kudzu-seconds")
floor=$(fastest <"$work/floor-seconds")
core=$(grep -o '"core": "[^"]*"' "$summary" | cut -d'"' -f4)
threads=$(grep -o '"threads": [0-9]*' "$summary" | head -n1 | cut -d' ' -f2)
cpu=$(grep -o '"cpu": "[^"]*"' "$summary" | cut -d'"' -f4)
floor_threads=$(grep -o ', [0-9]* threads\?$' "$work/floor.log" | grep -o '[0-9]*')
pytorch="" torch_version=""
if $have_torch; then
  pytorch=$(fastest <"$work/pytorch-seconds")
  torch_version=$(grep -o '^pytorch [^ ]*' "$work/pytorch.log" | cut -d' ' -f2)
fi
echo "load after: $(load)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo
echo "$epochs epochs of both models of kudzu-compare's default run, per-epoch evaluation"
echo "included; training loops only, fastest of $repetitions. CPU $cpu, OpenBLAS core $core."
echo "Kudzu: kudzu-compare ${kudzu_args[*]:-(default threads)}, OpenBLAS $threads threads;"
echo "PyTorch ${torch_version:-(not run)} at $torch_threads thread(s); GEMM floor: the same sgemm"
echo "calls alone, back to back, at OpenBLAS's default $floor_threads threads."
echo
echo "| OpenBLAS core | Kudzu | PyTorch | GEMM floor | Kudzu vs PyTorch | Kudzu vs floor |"
echo "| --- | --- | --- | --- | --- | --- |"
if [[ -n $pytorch ]]; then
  printf '| %s | %.2f s | %.2f s | %.2f s | %s faster | %s |\n' "$core" "$kudzu" "$pytorch" \
    "$floor" "$(ratio "$pytorch" "$kudzu")" "$(ratio "$kudzu" "$floor")"
else
  printf '| %s | %.2f s | skipped | %.2f s | - | %s |\n' "$core" "$kudzu" "$floor" \
    "$(ratio "$kudzu" "$floor")"
fi
