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
