#!/usr/bin/env bash
# Trains the network of kudzu-compare once per seed and tabulates its final accuracies:
# how much of a single run's result is the seed (initial weights and batch order) and how
# much the method. Every run goes through scripts/compare.sh, so set-up, data and build
# are taken care of the first time.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/seed-study.sh [--help] FIRST LAST [KUDZU_COMPARE_ARGS...]

Runs `kudzu-compare --models nn --seed N` for every seed N from FIRST to LAST (one after
the other, each into runs/seed-study/seed-N), then prints one line per seed with the
network's training and test accuracy, and their mean, standard deviation, minimum and
maximum. Further arguments go to every kudzu-compare run (e.g. --epochs 50, --threads 1).
EOF_USAGE
}

if [[ "${1:-}" == --help || "${1:-}" == -h ]]; then
  usage
  exit 0
fi
# Whole numbers of at most 18 digits (so bash's arithmetic holds them), read as decimal
# even with leading zeros (bash would take 010 for octal).
if (($# < 2)) || ! [[ "$1" =~ ^[0-9]{1,18}$ && "$2" =~ ^[0-9]{1,18}$ ]] ||
  ((10#$1 > 10#$2)); then
  echo "seed-study.sh: expected two seeds FIRST <= LAST (whole numbers); see --help" >&2
  exit 2
fi
first=$((10#$1)) last=$((10#$2))
shift 2

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results=$(mktemp)
trap 'rm -f "$results"' EXIT

for ((seed = first; seed <= last; ++seed)); do
  # --quiet prints only the comparison table; its "network" row holds the accuracies.
  line=$(scripts/compare.sh --models nn --seed "$seed" --quiet --no-progress \
    --out "runs/seed-study/seed-$seed" "$@" | awk '$1 == "network"')
  if [[ -z "$line" ]]; then
    echo "seed-study.sh: the run with seed $seed printed no result for the network" >&2
    exit 1
  fi
  read -r _ _ _ train test _ _ <<<"$line"
  printf '%-6s %8s %8s\n' "$seed" "$train" "$test" | tee -a "$results"
done

awk '
  { n++; tr[n] = $2; te[n] = $3; str += $2; ste += $3 }
  END {
    mtr = str / n; mte = ste / n
    mintr = maxtr = tr[1]; minte = maxte = te[1]
    for (i = 1; i <= n; i++) {
      vtr += (tr[i] - mtr)^2; vte += (te[i] - mte)^2
      if (tr[i] < mintr) mintr = tr[i]; if (tr[i] > maxtr) maxtr = tr[i]
      if (te[i] < minte) minte = te[i]; if (te[i] > maxte) maxte = te[i]
    }
    plural = n > 1 ? "s" : " "
    sdtr = n > 1 ? sqrt(vtr / (n - 1)) : 0
    sdte = n > 1 ? sqrt(vte / (n - 1)) : 0
    printf "%d seed%s  train: mean %.4f, sd %.4f, min %.4f, max %.4f\n", n, plural, mtr, sdtr, mintr, maxtr
    printf "          test:  mean %.4f, sd %.4f, min %.4f, max %.4f\n", mte, sdte, minte, maxte
  }' "$results"
