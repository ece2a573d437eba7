#!/usr/bin/env bash
# The main job: installs what is missing, builds, fetches and verifies MNIST, and runs
# kudzu-compare (the network against the logistic regression on 3s and 8s). Arguments go
# to kudzu-compare unchanged; `scripts/compare.sh --help` lists them.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# --help needs neither data nor a training run, but it does need the program.
if ! scripts/setup.sh --check >/dev/null 2>&1 || [[ ! -x build/bin/kudzu-compare ]]; then
  scripts/setup.sh
fi
if ! build_log=$(cmake --build build -j"$(nproc)" --target kudzu-compare 2>&1); then
  echo "$build_log" >&2
  echo "compare.sh: building kudzu-compare failed (output above)" >&2
  exit 1
fi

# Fetch the data only when the run will read it from the default place.
uses_default_data=true
for arg in "$@"; do
  case "$arg" in
    --data|--data=*|-h|--help) uses_default_data=false ;;
  esac
done
if $uses_default_data; then
  # Let kudzu-compare reject a misspelt option, a bad value or a stray word before a
  # download: it checks them all before it honours --help.
  build/bin/kudzu-compare --help "$@" >/dev/null || exit
  scripts/fetch-mnist.sh data/mnist
fi

exec build/bin/kudzu-compare "$@"
