#!/usr/bin/env bash
# kudzu-serve as a user meets it: --help, bad command lines (exit 2), runs it cannot serve
# (exit 1, one line), and, with a short real run of kudzu-compare, the server itself: the
# address printed, a line per request, --quiet, a taken port, a run whose test digits cannot
# be read, and a clean stop on SIGTERM and SIGINT. Requests go through bash's /dev/tcp.
# Usage: serve_app_test.sh KUDZU_SERVE KUDZU_COMPARE DATA_DIR
# Exits 77 (skipped) after the parts that need no data when DATA_DIR has no MNIST files.
set -uo pipefail

app=$1
compare=$2
data=$3
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"
run_timeout=20
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

run --help
check "--help exits 0" test "$status" -eq 0
check "--help shows the usage" stdout_has "Usage: kudzu-serve"
check "--help names --port" stdout_has "0 picks a free one"

"$app" --help >/dev/full 2>"$work/stderr"
status=$?
check "--help > /dev/full exits 1 (not $status)" test "$status" -eq 1
check "--help > /dev/full: one write error line" \
  test "$(cat "$work/stderr")" = "kudzu-serve: write error: No space left on device"

for args in "--port -1" "--port 70000" "--port 80x" "--port" "--bogus" "stray" "--run="; do
  # shellcheck disable=SC2086
  run $args
  check "'$args' exits 2" test "$status" -eq 2
  check "'$args': one line ending (see --help)" bash -c "[[ \$(grep -c . '$work/stderr') -eq 1 ]] && grep -q '(see --help)\$' '$work/stderr'"
  check "'$args': nothing on stdout" no_stdout
done

run --run "$work/missing"
check "a missing run exits 1" test "$status" -eq 1
check "a missing run: run scripts/compare.sh first" stderr_has "is not a folder: run scripts/compare.sh first"
check "a missing run: one line" one_stderr_line
mkdir "$work/empty"
run --run "$work/empty"
check "a run without models exits 1" test "$status" -eq 1
check "a run without models: says so" stderr_has "holds no model (nn.kudzu or lr.kudzu): run scripts/compare.sh first"
check "a run without models: one line" one_stderr_line
mkdir "$work/damaged" && echo "not a model" >"$work/damaged/nn.kudzu"
run --run "$work/damaged"
check "a damaged model exits 1" test "$status" -eq 1
check "a damaged model: one line naming it" bash -c "grep -q 'damaged/nn.kudzu' '$work/stderr' && [[ \$(grep -c . '$work/stderr') -eq 1 ]]"

skip_without_mnist "$data" "the served runs"
run_dir="$work/run"
"$compare" --data "$data" --out "$run_dir" --epochs 2 --optimizer adam --threads 1 --no-progress \
  --quiet >/dev/null || exit 1

# start NAME ARGS...: kudzu-serve in the background, its output in $work/NAME.out/.err; sets
# $pid and, once it prints its address (within 30 s), $port.
start() {
  local name=$1
  shift
  "$app" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pid=$!
  servers+=("$pid")
  port=
  for _ in $(seq 300); do
    port=$(sed -n 's|.* on http://[^ ]*:\([0-9]*\)/ .*|\1|p' "$work/$name.out")
    [[ -n $port ]] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
# get PATH: the whole response to GET PATH from the server on $port.
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$1" >&3
  timeout 10 cat <&3
  exec 3<&-
}
# stop SIGNAL: sends it and waits (at most 10 s) for the server's exit status in $status.
stop() {
  kill -s "$1" "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  wait "$pid"
  status=$?
}

check "the server starts on a free port (--port 0) and prints its address" start main --run "$run_dir" --port 0
check "the address line names the run" grep -q "kudzu-serve: serving $run_dir on http://127.0.0.1:$port/ (Ctrl-C stops)" "$work/main.out"
check "GET / is the page" bash -c "$(declare -f get); port=$port; get / | grep -q 'draw a digit'"
check "GET /api/run has the run's classes and its embedding" bash -c "$(declare -f get); port=$port; get /api/run | grep -q '\"classes\":\[\"3\",\"8\"\].*\"embedding\":{\"x\"'"
check "GET /nowhere is 404" bash -c "$(declare -f get); port=$port; get /nowhere | head -1 | grep -q '^HTTP/1.1 404'"
check "a line per request: GET / 200 ... ms" grep -Eq '^GET / 200 [0-9]+\.[0-9] ms$' "$work/main.out"
check "a line per request: GET /nowhere 404" grep -Eq '^GET /nowhere 404 [0-9]+\.[0-9] ms$' "$work/main.out"
check "nothing on stderr (on 127.0.0.1)" test ! -s "$work/main.err"
main_pid=$pid main_port=$port

run --run "$run_dir" --port "$main_port"
check "a taken port exits 1" test "$status" -eq 1
check "a taken port: one line saying so" bash -c "grep -q 'port $main_port on 127.0.0.1 is taken' '$work/stderr' && [[ \$(grep -c . '$work/stderr') -eq 1 ]]"

pid=$main_pid
stop TERM
check "SIGTERM: exit 0" test "$status" -eq 0
check "SIGTERM: says it stopped" grep -q "^kudzu-serve: stopped$" "$work/main.out"

check "--quiet starts" start quiet --run "$run_dir" --port 0 --quiet --data "$work/no-mnist-here"
check "--quiet: the page is served" bash -c "$(declare -f get); port=$port; get / | grep -q 'draw a digit'"
check "--data without MNIST: /api/run has no embedding" bash -c "$(declare -f get); port=$port; get /api/run | grep -q '\"embedding\":null'"
check "--data without MNIST: a note says why" grep -q "the page shows no embedding: the run's test digits cannot be read" "$work/quiet.err"
stop INT
check "SIGINT: exit 0" test "$status" -eq 0

check "--host 0.0.0.0 starts" start open --run "$run_dir" --port 0 --host 0.0.0.0 --quiet
check "--host 0.0.0.0: a note that other machines can reach it" \
  grep -q "kudzu-serve: --host 0.0.0.0: other machines that reach this one can use the page too" "$work/open.err"
stop TERM
check "--quiet: no line per request" bash -c "! grep -q '^GET ' '$work/quiet.out'"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
