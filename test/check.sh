# Sourced by the app tests: check DESCRIPTION COMMAND... counts a passed or failed check and
# names a failed one on stderr; the script ends with its counts. The tests that keep a run's
# output in $work/stdout and $work/stderr check it with the helpers below.
passed=0 failed=0

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

stdout_has() { grep -q -- "$1" "$work/stdout"; }
stderr_has() { grep -q -- "$1" "$work/stderr"; }
one_stderr_line() { [[ $(grep -c . "$work/stderr") -eq 1 ]]; }
no_stdout() { [[ ! -s "$work/stdout" ]]; }
