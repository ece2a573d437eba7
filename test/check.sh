# Sourced by the app tests: check DESCRIPTION COMMAND... counts a passed or failed check and
# names a failed one on stderr; the script ends with its counts. $work is a scratch
# directory, removed at exit; run ARGS... runs the script's $app on it.
passed=0 failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {
  local description=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $description" >&2
  fi
}

# Runs "$app" ARGS... for at most $run_timeout seconds (default 300), keeping its exit status
# in $status, its output in $work/stdout and $work/stderr.
run() {
  timeout "${run_timeout:-300}" "$app" "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
}

stdout_has() { grep -q -- "$1" "$work/stdout"; }
stderr_has() { grep -q -- "$1" "$work/stderr"; }
one_stderr_line() { [[ $(grep -c . "$work/stderr") -eq 1 ]]; }
no_stdout() { [[ ! -s "$work/stdout" ]]; }

# skip_without_mnist DIR WHAT: ends the script, saying that WHAT is skipped, when DIR holds no
# MNIST training images; exit 77 (skipped) unless a check has already failed.
skip_without_mnist() {
  [[ -f "$1/train-images-idx3-ubyte" || -f "$1/train-images-idx3-ubyte.gz" ]] && return 0
  echo "no MNIST files in $1 (scripts/fetch-mnist.sh fetches them): skipping $2"
  echo "$passed passed, $failed failed"
  if ((failed)); then exit 1; fi
  exit 77
}
