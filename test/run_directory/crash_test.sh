#!/usr/bin/env bash
# Crash consistency of a run folder's commit (RunWriter): for every file-system step of a
# run into a folder that holds an earlier run, kill the run at that step (strace's fault
# injection) and require that the folder then holds exactly the old run or exactly the new
# one, with the user's own file, and that the next run cleans up and commits. Then two runs
# into one folder at once: the second refuses with its one line, the folder is one run.
#
# crash_test.sh COMMIT_DRIVER
set -uo pipefail
driver=$1
if ! command -v strace >/dev/null; then
  echo "SKIP: strace is not installed (scripts/setup.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=$work/parent/run
failures=0 passes=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then passes=$((passes + 1)); else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
fresh_old_run() {
  rm -rf "$work/parent" && mkdir -p "$work/parent"
  "$driver" write "$dir" 1 >/dev/null && echo "the user's" >"$dir/notes.txt"
}

# The steps of a commit: the system calls that change names in the file system or flush them.
steps=(rename renameat renameat2 unlink unlinkat link linkat mkdir mkdirat rmdir fsync)
fresh_old_run
strace -f -qq -o "$work/trace" -e trace="$(IFS=,; echo "${steps[*]}")" "$driver" write "$dir" 2
check "a traced run commits" test "$("$driver" check "$dir")" = 2
total=0 left_old=0 left_new=0
for call in "${steps[@]}"; do
  count=$(grep -c "^[0-9]* *$call(" "$work/trace")
  for ((k = 1; k <= count; k++)); do
    total=$((total + 1))
    fresh_old_run
    strace -f -qq -o /dev/null -e inject="$call":signal=KILL:when=$k "$driver" write "$dir" 2 \
      >/dev/null 2>&1
    seed=$("$driver" check "$dir" 2>"$work/check-error")
    if [[ $seed == 1 ]]; then left_old=$((left_old + 1)); elif [[ $seed == 2 ]]; then left_new=$((left_new + 1)); fi
    check "killed at $call #$k: the folder holds run 1 or run 2 ($(cat "$work/check-error"))" \
      test "$seed" = 1 -o "$seed" = 2
    check "killed at $call #$k: the user's file is kept" grep -q "the user's" "$dir/notes.txt"
    "$driver" write "$dir" 3 >/dev/null 2>&1
    check "killed at $call #$k: the next run commits" test "$("$driver" check "$dir")" = 3
    check "killed at $call #$k: no staging folder is left" \
      test -z "$(find "$work/parent" -maxdepth 1 -name '.run.staging-*')"
  done
done
check "the commit has file-system steps to kill ($total)" test "$total" -ge 10
# Kills before the swap leave the old run, kills after it the new one: both must happen, or
# the injection did not kill anything.
check "some kills left the old run ($left_old) and some the new one ($left_new)" \
  test "$left_old" -gt 0 -a "$left_new" -gt 0

# Two runs at once: the second, started while the first is writing, refuses in one line.
fresh_old_run
"$driver" write "$dir" 2 300 &
first=$!
sleep 0.3
"$driver" write "$dir" 4 2>"$work/second-error"
second_status=$?
wait "$first"
check "the second run refuses (exit 1)" test "$second_status" -eq 1
check "the second run says who is writing" \
  grep -q "^commit_driver: another run is writing into .*run (pid $first)" "$work/second-error"
check "the second run's message is one line" test "$(wc -l <"$work/second-error")" -eq 1
check "the folder holds the first run, whole" test "$("$driver" check "$dir")" = 2

echo "$passes passed, $failures failed ($total kill points)"
((failures == 0))
