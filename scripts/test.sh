#!/usr/bin/env bash
# Builds Kudzu and runs the whole CTest suite; exits non-zero on any failure.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/test.sh [--sanitize] [--help] [CTEST_ARGS...] [-- CTEST_ARGS...]

Installs missing packages and builds when needed (scripts/setup.sh), builds, then runs
every test with ctest. Any failure makes the exit status non-zero.

  --sanitize  build in build-asan/ with AddressSanitizer and UndefinedBehaviorSanitizer
              (-O1 -g, no benchmarks); any sanitizer report fails the run
  --help      show this help

Other arguments go to ctest: its short options and their values directly
(scripts/test.sh -R ops: only the op and gradient-check tests; -E compare_app; -N: list
the tests), and everything after -- unchanged (scripts/test.sh -- --repeat until-fail:3).
Any other --option before -- is refused: ctest would silently ignore a misspelt one and
run everything.
Environment: KUDZU_TEST_TIMEOUT  seconds a single test may take (default 600)
EOF
}

sanitize=false
ctest_args=()
while (($#)); do
  case "$1" in
    --sanitize) sanitize=true ;;
    -h|--help) usage; exit 0 ;;
    --) shift; ctest_args+=("$@"); break ;;
    --*)
      echo "test.sh: unknown option '$1' (ctest's long options go after --; see scripts/test.sh --help)" >&2
      exit 2
      ;;
    *) ctest_args+=("$1") ;;
  esac
  shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if $sanitize; then
  build_dir=build-asan
  # -O1, not RelWithDebInfo's -O2: under the sanitizers it compiles in two thirds of the
  # time; -g1, line tables only, keeps the reports' file:line at two thirds of -g's compile
  # time (the suites and the apps' own code build at -O0, test/ and apps/).
  cmake_args=(-DKUDZU_BUILD_TESTS=ON -DKUDZU_BUILD_APPS=ON -DKUDZU_SANITIZE=ON
              -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
              -DKUDZU_BUILD_BENCHMARKS=OFF)
  # The code is compiled with -fno-sanitize-recover; these make the runtime agree: the first
  # report stops the test with a stack trace and a failing exit code, leaks included.
  export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
else
  build_dir=build
  # Explicit, so that a build/ configured earlier without tests (or with sanitizers) is set
  # right again rather than kept from the CMake cache.
  cmake_args=(-DKUDZU_BUILD_TESTS=ON -DKUDZU_BUILD_APPS=ON -DKUDZU_SANITIZE=OFF
              -DCMAKE_BUILD_TYPE=Release)
fi

if ! scripts/setup.sh --check 2>/dev/null || [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  if $sanitize; then scripts/setup.sh --deps-only; else scripts/setup.sh; fi
fi

cmake -S . -B "$build_dir" "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

# The app's end-to-end test trains on real MNIST: fetch and verify it (once; later runs only
# check the files).
scripts/fetch-mnist.sh data/mnist

# ctest's own summary ("N% tests passed, N tests failed out of N") is the last thing printed.
exec ctest --test-dir "$build_dir" --output-on-failure -j2 --no-tests=error \
  --timeout "${KUDZU_TEST_TIMEOUT:-600}" "${ctest_args[@]}"
