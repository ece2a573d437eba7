#!/usr/bin/env bash
# kudzu-gradcheck from the command line: a usage error is one line naming the problem, exit
# 2; --help and --list work; --filter runs only the rows it names.
# Usage: gradcheck_app_test.sh GRADCHECK
set -uo pipefail

gradcheck=$1
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

usage_error() {  # usage_error DESCRIPTION EXPECTED_LINE ARGS...
  local description=$1 expected=$2
  shift 2
  "$gradcheck" "$@" >"$work/stdout" 2>"$work/stderr"
  local status=$?
  check "$description exits 2 (not $status)" test "$status" -eq 2
  check "$description says '$expected', in one line (got '$(cat "$work/stderr")')" \
    test "$(cat "$work/stderr")" = "$expected"
  check "$description prints nothing on stdout" test ! -s "$work/stdout"
}

usage_error "an unknown option" \
  "kudzu-gradcheck: unrecognised option '--bogus' (see --help)" --bogus
usage_error "--filter without its value" \
  "kudzu-gradcheck: the required argument for option '--filter' is missing (see --help)" --filter
usage_error "a stray word" \
  "kudzu-gradcheck: unexpected argument 'softmax' (every option starts with --) (see --help)" \
  softmax

# Exits before any case runs, so the catalogue's tensors are first released at exit: the
# sanitizer build checks they are not leaked (exit 1 instead of 2).
usage_error "a --filter that matches no case" \
  "kudzu-gradcheck: no case matches --filter 'no-such-op' (--list shows them all)" \
  --filter no-such-op

"$gradcheck" --help >"$work/help" 2>&1
check "--help exits 0" test $? -eq 0
check "--help starts with the usage line" grep -q '^usage: kudzu-gradcheck ' "$work/help"

"$gradcheck" --list --filter 'softmax[' >"$work/list" 2>&1
check "--list exits 0" test $? -eq 0
check "--list --filter 'softmax[' lists softmax rows" grep -q 'softmax' "$work/list"
check "--list --filter 'softmax[' lists no matmul row" test "$(grep -c 'matmul' "$work/list")" -eq 0

"$gradcheck" --filter 'softmax[' >"$work/run" 2>&1
check "a filtered run exits 0" test $? -eq 0
check "a filtered run reports its rows as passed" grep -q ' PASS, 0 FAIL' "$work/run"

echo "gradcheck_app: $passed passed, $failed failed"
((failed == 0))
