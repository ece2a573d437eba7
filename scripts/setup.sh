#!/usr/bin/env bash
# Installs what Kudzu needs to build and run (on Debian or Ubuntu, with apt-get, only the
# packages that are missing), then configures and builds Release into build/.
# Safe to run any number of times: with everything present it installs nothing and the
# build is incremental.
set -euo pipefail

# The one list of Debian packages the project needs. Later issues add theirs here.
packages=(
  g++ cmake make pkg-config             # toolchain
  strace                                # tests: kills a run at each step of its commit
  libopenblas-dev                       # cblas for matmul
  zlib1g-dev                            # gzip-compressed MNIST files
  libboost-test-dev                     # the test suite
  libboost-program-options-dev          # the apps' command lines
  nlohmann-json3-dev                    # JSON: summary.json, run manifests, kudzu-predict --json
  libstb-dev                            # plots: stb_image_write, stb_truetype; stb_image (digits)
  fonts-dejavu-core                     # the font the plots are labelled with
  libbenchmark-dev                      # bench/
  clang libclang-rt-14-dev              # fuzzing (scripts/fuzz.sh): clang++ and libFuzzer
  libboost-dev                          # kudzu-serve: Boost.Beast and Boost.Asio (header-only)
  chromium                              # kudzu-serve's browser test (headless)
)
# The browser test drives chromium with the npm packages of test/browser (puppeteer-core,
# pinned by its package-lock.json), installed there by `npm ci`.
browser_modules=test/browser/node_modules/puppeteer-core

usage() {
  cat <<'EOF'
Usage: scripts/setup.sh [--deps-only] [--check] [--dry-run] [--help]

Installs the Debian/Ubuntu packages Kudzu needs that are missing (apt-get, as root or
through sudo), then configures and builds Release into build/.

  --deps-only  install the missing packages, do not configure or build
  --check      install nothing; list missing packages and exit 1 if there are any
  --dry-run    print the commands that would run instead of running them
  --help       show this help
EOF
}

die() { echo "setup.sh: $*" >&2; exit 1; }

deps_only=false check=false dry_run=false
for arg in "$@"; do
  case "$arg" in
    --deps-only) deps_only=true ;;
    --check) check=true ;;
    --dry-run) dry_run=true ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "setup.sh: unknown option '$arg'; see scripts/setup.sh --help" >&2; exit 2 ;;
    *) echo "setup.sh: unexpected argument '$arg' (it takes options only); see scripts/setup.sh --help" >&2; exit 2 ;;
  esac
done

run() {
  if $dry_run; then echo "+ $*"; else "$@"; fi
}

# logged LOG COMMAND...: runs COMMAND with its output appended to LOG; if it fails, shows the
# end of LOG and stops.
logged() {
  local log=$1
  shift
  if $dry_run; then echo "+ $* >>$log"; return; fi
  if ! "$@" >>"$log" 2>&1; then
    echo "setup.sh: '$*' failed; the last lines of $log:" >&2
    tail -n 25 "$log" >&2
    exit 1
  fi
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Prints the packages of the list that are not installed, one per line.
missing_packages() {
  local pkg
  for pkg in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)" != ii* ]]; then
      echo "$pkg"
    fi
  done
  # node ships its own npm on some machines, and Debian's npm package conflicts with it:
  # only a machine without any npm gets Debian's.
  if ! command -v npm >/dev/null; then
    echo npm
  fi
}

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  # Not Debian or Ubuntu: leave the packages to the user; CMake names anything missing.
  $check && die "not a Debian/Ubuntu system: cannot check packages (need: ${packages[*]})"
  echo "setup.sh: not a Debian/Ubuntu system; install the equivalents of: ${packages[*]}" >&2
  missing=()
else
  mapfile -t missing < <(missing_packages)
fi

if $check; then
  if ((${#missing[@]})); then
    echo "setup.sh: missing packages: ${missing[*]}" >&2
    exit 1
  fi
  if [[ ! -d $browser_modules ]]; then
    echo "setup.sh: missing the npm packages of test/browser (npm ci)" >&2
    exit 1
  fi
  exit 0
fi

apt_log=${KUDZU_SETUP_LOG:-${TMPDIR:-/tmp}/kudzu-setup-apt.log}
if ((${#missing[@]})); then
  if [[ "$(id -u)" -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    die "installing ${missing[*]} needs root: run as root, or install sudo"
  fi
  # apt-get's own output (some 70 lines on a fresh machine) goes to a log: one line per step
  # here, and the log's end when a step fails.
  : >"$apt_log" || die "cannot write the apt-get log $apt_log"
  # The package lists may be stale or absent on a fresh machine; refresh only when needed.
  echo "setup.sh: refreshing the package lists (apt-get update; log: $apt_log)"
  logged "$apt_log" "${sudo[@]}" apt-get update -q
  echo "setup.sh: installing ${missing[*]} (apt-get install; log: $apt_log)"
  logged "$apt_log" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ ! -d $browser_modules ]] && command -v npm >/dev/null; then
  echo "setup.sh: installing the npm packages of test/browser (npm ci; log: $apt_log)"
  logged "$apt_log" npm ci --prefix test/browser --no-audit --no-fund
fi

$deps_only && exit 0

run cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
run cmake --build build -j"$(nproc)"
