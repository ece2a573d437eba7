#!/usr/bin/env bash
# Builds Kudzu in Release and runs the Google Benchmark programs of bench/, then prints
# their summary lines (each figure with the CPU, the OpenBLAS core and the thread count).
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/bench.sh [--repetitions N] [--build-dir DIR] [--help] [BENCHMARK_ARGS...]
       scripts/bench.sh --pytorch [--epochs N] [--repetitions N] [--build-dir DIR]
                        [--torch-threads N] [-- KUDZU_COMPARE_ARGS...]

Builds Release into build/ (running scripts/setup.sh first when something is missing),
then runs, from build/bin/:

  tape_overhead_bench  forward + backward of a 1000-op chain on 1x1 tensors: ns per op
                       (target < 150 ns; PyTorch 1.13: ~6,200 ns)
  training_step_bench  one step of the original network (batch 50, BCE, GD) against the
                       same cblas_sgemm calls alone, at 1 and 2 OpenBLAS threads
                       (target: step <= 1.15x the GEMMs)
  epoch_bench          a whole epoch (240 batches + evaluation of 13,966 images) and its
                       GEMMs alone (PyTorch beside it: --pytorch, below)
  conv_bench           conv2d forward + backward at LeNet's two convolutions (batch 50)
                       against the same cblas_sgemm calls alone, at 1 and 2 threads
  serve_load_bench     kudzu-serve answering the page's drawing (POST /api/predict) from 1
                       and from 8 connections: predictions/s, p50 and p99 latency (goal at
                       8: 2,000/s, p99 under 10 ms); needs runs/latest (scripts/compare.sh),
                       skipped without it

Each benchmark runs N times (default 5) and the fastest repetition is reported, the one
least disturbed by whatever else the machine is doing. The two sides of each ratio (the
step, the epoch or the convolutions, and their GEMMs alone) set their own repetitions (25, 10 and 15) and run
them interleaved, so that both meet the same machine; N does not change those. Google Benchmark flags
(--benchmark_..., e.g. --benchmark_filter=threads:1) go to every program; any other
argument is refused, as the programs would silently ignore it.

The OpenBLAS core is whatever OpenBLAS picks at load time; this script never sets
OPENBLAS_CORETYPE. The programs print a note when the core is a generic one.

With --pytorch, instead: the side-by-side comparison (scripts/side-by-side.sh), about two
minutes. Both training loops of kudzu-compare's default run (--epochs N, default 20, with
their per-epoch evaluation), the same loops in PyTorch (bench/pytorch/two_digits.py, from
the same initial weights on the same batches, CPU float32, --torch-threads, default 1, its
fastest here), and the same sgemm calls alone (comparison_floor_bench), one after another,
taking turns N times (default 3), the fastest of each; then one table with the ratios, the CPU,
the OpenBLAS core, the threads and the load average. PyTorch is skipped, with a message,
when /usr/bin/python3 (or python3) cannot import torch (Debian: python3-torch). Arguments
after -- go to kudzu-compare (e.g. -- --threads 1); without them Kudzu runs twice a
round, with --threads 1 and with --threads $(nproc) (its default).

  --repetitions N  repetitions per benchmark (default 5; tape_overhead_bench only; with --pytorch,
                   of each side, default 3)
  --build-dir DIR  build and run in DIR (relative to the repository) instead of build/
  --help           show this help
EOF_USAGE
}

repetitions=""
build_dir=build
benchmark_args=()
pytorch=false
epochs=20
torch_threads=1
kudzu_args=()
positive='^[1-9][0-9]*$'
while (($#)); do
  case "$1" in
    --pytorch) pytorch=true ;;
    --epochs|--torch-threads)
      [[ $# -ge 2 && "$2" =~ $positive ]] || { echo "bench.sh: $1 needs a positive number" >&2; exit 2; }
      if [[ $1 == --epochs ]]; then epochs=$2; else torch_threads=$2; fi
      shift
      ;;
    --)
      shift
      kudzu_args=("$@")
      break
      ;;
    --repetitions)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --repetitions needs a positive number" >&2; exit 2; }
      repetitions=$2
      shift
      ;;
    --build-dir)
      [[ $# -ge 2 ]] || { echo "bench.sh: --build-dir needs a directory" >&2; exit 2; }
      build_dir=$2
      shift
      ;;
    -h|--help) usage; exit 0 ;;
    --benchmark_*) benchmark_args+=("$1") ;;
    *)
      echo "bench.sh: unknown argument '$1' (Google Benchmark flags start with --benchmark_); see scripts/bench.sh --help" >&2
      exit 2
      ;;
  esac
  shift
done

if ! $pytorch && { ((${#kudzu_args[@]})) || [[ $epochs != 20 || $torch_threads != 1 ]]; }; then
  echo "bench.sh: --epochs, --torch-threads and -- go with --pytorch; see scripts/bench.sh --help" >&2
  exit 2
fi
if $pytorch && ((${#benchmark_args[@]})); then
  echo "bench.sh: --pytorch runs no Google Benchmark program; drop ${benchmark_args[0]}" >&2
  exit 2
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! scripts/setup.sh --check 2>/dev/null; then
  scripts/setup.sh --deps-only
fi
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DKUDZU_BUILD_BENCHMARKS=ON >/dev/null
if $pytorch; then
  cmake --build "$build_dir" -j"$(nproc)" --target kudzu-compare comparison_floor_bench
  exec scripts/side-by-side.sh "$build_dir" "$epochs" "${repetitions:-3}" "$torch_threads" \
    "${kudzu_args[@]}"
fi
repetitions=${repetitions:-5}
cmake --build "$build_dir" -j"$(nproc)" --target tape_overhead_bench training_step_bench epoch_bench conv_bench \
  serve_load_bench

# Timings on a busy machine mean little: say so next to them.
read -r load _ </proc/loadavg
busy_note=""
if awk -v load="$load" -v cores="$(nproc)" 'BEGIN { exit !(load > cores / 2) }'; then
  busy_note="note: load average $load on $(nproc) cores while measuring; the figures are pessimistic"
fi

summary=()
for program in tape_overhead_bench training_step_bench epoch_bench conv_bench; do
  echo
  echo "== $program"
  output=$("$build_dir"/bin/"$program" --benchmark_repetitions="$repetitions" \
    --benchmark_report_aggregates_only=true "${benchmark_args[@]}" 2>&1 | tee /dev/stderr)
  # The programs' own summary lines, and the advice about a generic OpenBLAS core once.
  mapfile -t -O "${#summary[@]}" summary < <(grep -E ' -- CPU |^OpenBLAS advice: ' <<<"$output")
done

echo
echo "== serve_load_bench"
if [[ -f runs/latest/nn.kudzu || -f runs/latest/lr.kudzu ]]; then
  output=$("$build_dir"/bin/serve_load_bench runs/latest 2>&1 | tee /dev/stderr)
  mapfile -t -O "${#summary[@]}" summary < <(grep -E ' -- CPU ' <<<"$output")
else
  echo "skipped: no model in runs/latest (scripts/compare.sh trains one)"
fi

echo
echo "== Summary (the fastest repetition of each figure; training_step_bench sets its own count)"
printf '%s\n' "${summary[@]}" | awk '!seen[$0]++'
[[ -z "$busy_note" ]] || echo "$busy_note"
