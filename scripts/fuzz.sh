#!/usr/bin/env bash
# Builds one libFuzzer target (test/fuzz/) with clang++, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/, and runs it for a given number of seconds.
# Fuzzing takes minutes, so it is not part of ctest.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

targets() {
  local source
  for source in test/fuzz/*_fuzz.cpp; do
    source=${source##*/}
    echo -n " ${source%_fuzz.cpp}"
  done
}

usage() {
  cat <<EOF
Usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER_OPTIONS...]

Builds test/fuzz/TARGET_fuzz.cpp with clang++ -fsanitize=fuzzer,address,undefined into
build-fuzz/ and runs it for SECONDS seconds (libFuzzer's -max_total_time).

The corpus libFuzzer grows is kept in build-fuzz/corpus/TARGET/ from run to run. When the
target has a seed program (test/fuzz/TARGET_seeds.cpp), a seed corpus is written afresh into
build-fuzz/seeds/TARGET/ before each run. An input that crashes the target is saved in
build-fuzz/artifacts/TARGET/ and the exit status is non-zero. Options after SECONDS go to
libFuzzer, e.g. -jobs=2.

Targets:$(targets)
EOF
}

die() {
  echo "fuzz.sh: $*" >&2
  exit 1
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  -*) echo "fuzz.sh: unknown option '$1'; see scripts/fuzz.sh --help" >&2; exit 2 ;;
esac
if (($# < 2)); then
  echo "fuzz.sh: expected TARGET SECONDS (targets:$(targets)); see scripts/fuzz.sh --help" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
if [[ ! -f "test/fuzz/${target}_fuzz.cpp" ]]; then
  echo "fuzz.sh: no fuzz target '$target' (test/fuzz/${target}_fuzz.cpp); targets:$(targets)" >&2
  exit 2
fi
if [[ ! "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: SECONDS must be a whole number of seconds, at least 1, not '$seconds'" >&2
  exit 2
fi

# libFuzzer ships in clang's runtime package, apart from the compiler.
if ! command -v clang++ >/dev/null || ! command -v cmake >/dev/null; then
  die "clang++ or cmake not found: run scripts/setup.sh"
fi
[[ -f "$(clang++ -print-resource-dir)/lib/linux/libclang_rt.fuzzer-$(uname -m).a" ]] ||
  die "libFuzzer (package libclang-rt-14-dev) not found for $(clang++ --version | head -n 1): run scripts/setup.sh"

build="build-fuzz"
cmake -S test/fuzz -B "$build" -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${target}_fuzz"

corpus=$build/corpus/$target seeds=$build/seeds/$target artifacts=$build/artifacts/$target
mkdir -p "$corpus" "$artifacts"
corpora=("$corpus")
if [[ -f "test/fuzz/${target}_seeds.cpp" ]]; then
  cmake --build "$build" --target "${target}_seeds"
  rm -rf "$seeds"
  "$build/bin/${target}_seeds" "$seeds"
  corpora+=("$seeds")
fi

echo "fuzz.sh: running $target for $seconds s (corpus $corpus, crashes go to $artifacts/)"
"$build/bin/${target}_fuzz" -max_total_time="$seconds" -artifact_prefix="$artifacts/" "$@" \
  "${corpora[@]}"
