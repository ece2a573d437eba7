#!/usr/bin/env bash
# kudzu-serve's page in a real browser: a short kudzu-compare run is served on a free port,
# and browser/serve_page_test.mjs draws MNIST test digits on the page in Debian's headless
# chromium (puppeteer-core), checks what it shows and saves screenshots into OUT_DIR.
# Usage: serve_page_test.sh KUDZU_SERVE KUDZU_COMPARE DATA_DIR OUT_DIR
# Exits 77 (skipped), saying why, without chromium, node, the npm packages of test/browser
# (scripts/setup.sh installs all three) or MNIST. KUDZU_CHROMIUM names another chromium.
set -uo pipefail

app=$1
compare=$2
data=$3
out=$4
browser_dir="$(cd "$(dirname "$0")" && pwd)/browser"
chromium=${KUDZU_CHROMIUM:-/usr/bin/chromium}

skip() {
  echo "SKIPPED: the browser test: $* (scripts/setup.sh installs it)"
  exit 77
}
[[ -x $chromium ]] || skip "no chromium at $chromium"
command -v node >/dev/null || skip "no node"
[[ -d $browser_dir/node_modules/puppeteer-core ]] || skip "no $browser_dir/node_modules/puppeteer-core"
[[ -f "$data/t10k-images-idx3-ubyte" || -f "$data/t10k-images-idx3-ubyte.gz" ]] ||
  { echo "SKIPPED: the browser test: no MNIST files in $data (scripts/fetch-mnist.sh)"; exit 77; }

work=$(mktemp -d)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out"

# Five epochs of Adam: a network that tells the traced digits apart (seed 42, one thread:
# the same network every time).
"$compare" --data "$data" --out "$work/run" --epochs 5 --optimizer adam --threads 1 --no-progress \
  --quiet >/dev/null || exit 1
"$app" --run "$work/run" --port 0 --quiet >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
url=
for _ in $(seq 300); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.out")
  [[ -n $url ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $url ]]; then
  echo "FAILED: kudzu-serve did not start:" >&2
  cat "$work/serve.err" >&2
  exit 1
fi

timeout 120 node "$browser_dir/serve_page_test.mjs" "$url" "$data" "$out" "$chromium"
status=$?
kill -TERM "$pid"
wait "$pid"
served=$?
pid=
if [[ $served -ne 0 ]]; then
  echo "FAILED: kudzu-serve exited $served on SIGTERM" >&2
  status=1
fi
exit "$status"
