# Sourced by the app tests: check DESCRIPTION COMMAND... counts a passed or failed check and
# names a failed one on stderr; the script ends with its counts.
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

# For the scripts that test an app: run ARGS... runs "$app" ARGS..., keeping its exit status
# in $status and its output in "$work/stdout" and "$work/stderr" (a script may define its own
# run, as predict_app_test.sh does with a time limit).
run() {
  "$app" "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
}
stderr_has() { grep -q -- "$1" "$work/stderr"; }
one_stderr_line() { [[ $(grep -c . "$work/stderr") -eq 1 ]]; }
