#!/usr/bin/env bash
# kudzu-compare as a user meets it: bad command lines, missing data, an unusable output
# directory, and a short real run whose files are then checked and replotted.
# Usage: compare_app_test.sh KUDZU_COMPARE DATA_DIR
# Exits 77 (skipped) when DATA_DIR has no MNIST files: scripts/test.sh fetches them.
set -uo pipefail

app=$1
data=$2
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

# --help lists the options with defaults and exits 0.
run --help
check "--help exits 0" test "$status" -eq 0
check "--help lists --optimizer with its default" grep -q -- "--optimizer.*gd" "$work/stdout"

# Bad command lines: a usage message on stderr, exit 2, nothing written.
for bad in "--epochs 0" "--lr nan" "--batch-size 0" "--digits 3,x" "--digits 3,3" "--digits 4,7,4" \
           "--digits 3" "--embedding 0" \
           "--optimizer sgd" "--models svm" "--no-such-option" "stray-word" "--seed -1" \
           "--digits 3,8," "--lr 1e-50" "--lr 1e308" "--epochs 1e9" "--models nn,"; do
  # shellcheck disable=SC2086  # each case is several words on purpose
  run $bad --out "$work/bad-options"
  check "'$bad' exits 2" test "$status" -eq 2
  check "'$bad' says what is wrong in one line" one_stderr_line
  check "'$bad' points to --help" stderr_has "^kudzu-compare: .* (see --help)$"
  check "'$bad' writes nothing" test ! -e "$work/bad-options"
done

# An empty directory name is bad use too: an empty --replot must not start a training run
# into the default --out (runs/latest, here under an empty working directory).
mkdir -p "$work/empty-names"
pushd "$work/empty-names" >/dev/null || exit 1
for option in --replot --out --data; do
  run "$option" ""
  check "an empty $option exits 2" test "$status" -eq 2
  check "an empty $option is named" stderr_has "$option: expected a directory"
done
popd >/dev/null || exit 1
check "an empty --replot writes nothing" test -z "$(ls -A "$work/empty-names")"

# No data: one line naming the fetch script, exit 1.
run --data "$work/no-data" --out "$work/no-data-out" --epochs 1
check "missing data exits 1" test "$status" -eq 1
check "missing data names scripts/fetch-mnist.sh" stderr_has "scripts/fetch-mnist.sh"
check "missing data: one line" one_stderr_line
check "a failed run leaves no --out it created" test ! -e "$work/no-data-out"

skip_without_mnist "$data" "the real runs"

# An output directory that cannot be written fails before training.
touch "$work/a-file"
run --data "$data" --out "$work/a-file/out" --epochs 1
check "unusable --out exits 1" test "$status" -eq 1
check "unusable --out is named" stderr_has "a-file/out"
check "unusable --out: no training started" test ! -s "$work/stdout"

# A batch larger than the training set is bad use.
run --data "$data" --out "$work/big-batch" --batch-size 100000 --epochs 1
check "a batch larger than the data exits 2" test "$status" -eq 2
check "a batch larger than the data is explained" stderr_has "larger than the training set"

# A short real run.
out="$work/run"
mkdir -p "$out"
echo "keep me" >"$out/notes.txt"
# One BLAS thread, as ctest runs two tests at once on two cores; Adam, as two epochs of
# plain GD at lr 0.001 are too few to say much about either model.
run --data "$data" --out "$out" --epochs 2 --optimizer adam --threads 1 --no-progress
check "a 2-epoch run exits 0" test "$status" -eq 0
for file in metrics.csv batch_losses.csv summary.json nn.kudzu lr.kudzu samples.png \
            accuracy.png loss.png batch_loss.png embedding.png contour.png sigmoid3d.png \
            compare.png misclassified.png lr_weights.png; do
  check "the run writes $file" test -s "$out/$file"
done
check "nn.kudzu names its classes and input" grep -aq "3.8.mnist-28x28" "$out/nn.kudzu"
check "the run keeps a user's file" grep -q "keep me" "$out/notes.txt"
check "no staging directory is left" test -z "$(find "$work" -maxdepth 2 -name '.*staging-*')"
check "manifest.json lists every result with its size and SHA-256" \
  test "$(grep -c '"sha256": "[0-9a-f]\{64\}"' "$out/manifest.json")" -eq "$(find "$out" -maxdepth 1 -type f ! -name manifest.json ! -name notes.txt | wc -l)"
check "manifest.json's checksum of metrics.csv is the file's" \
  grep -q "$(sha256sum "$out/metrics.csv" | cut -d' ' -f1)" "$out/manifest.json"
check "metrics.csv has its columns" test "$(head -1 "$out/metrics.csv")" = "model,epoch,loss,train_acc,test_acc,seconds"
check "metrics.csv has 2 epochs per model" test "$(grep -c '^nn,' "$out/metrics.csv")" -eq 2 -a "$(grep -c '^lr,' "$out/metrics.csv")" -eq 2
check "batch_losses.csv has its columns" test "$(head -1 "$out/batch_losses.csv")" = "model,epoch,batch,loss"
check "metrics.csv counts epochs from 1, as the console does" test "$(awk -F, '$1 == "nn" { printf "%s ", $2 }' "$out/metrics.csv")" = "1 2 "
check "batch_losses.csv has 240 batches per epoch" test "$(grep -c '^nn,1,' "$out/batch_losses.csv")" -eq 240 -a "$(grep -c '^nn,2,' "$out/batch_losses.csv")" -eq 240
check "batch_losses.csv counts epochs and batches from 1" test "$(sed -n 2p "$out/batch_losses.csv" | cut -d, -f1-3)" = "nn,1,1" -a "$(grep -c '^nn,0,\|^nn,[0-9]*,0,' "$out/batch_losses.csv")" -eq 0
check "summary.json lists the digits" grep -Pzq '"digits": \[\s*3,\s*8\s*\]' "$out/summary.json"
# Two threads: the models side by side, each epoch evaluated while the next trains; the
# same figures as one thread, and the console in the same order.
run --data "$data" --out "$work/run-2" --epochs 2 --optimizer adam --threads 2 --no-progress
check "a 2-thread run exits 0" test "$status" -eq 0
check "a 2-thread run's metrics equal a 1-thread run's but for the seconds" \
  cmp -s <(cut -d, -f1-5 "$out/metrics.csv") <(cut -d, -f1-5 "$work/run-2/metrics.csv")
check "a 2-thread run's batch losses equal a 1-thread run's" \
  cmp -s "$out/batch_losses.csv" "$work/run-2/batch_losses.csv"
check "a 2-thread run prints the network's epochs, then the regression's" \
  test "$(grep -e '^network$' -e '^logistic regression$' -e '^epoch' "$work/stdout" | cut -d' ' -f1-2 | tr '\n' ' ')" = \
  "network epoch 1/2 epoch 2/2 logistic regression epoch 1/2 epoch 2/2 "
# The default (one thread per core) is the same run again: single-threaded BLAS whatever
# the cores, so its metrics do not depend on them.
run --data "$data" --out "$work/run-default" --epochs 2 --optimizer adam --no-progress
check "a default run exits 0" test "$status" -eq 0
check "a default run's metrics equal a 1-thread run's but for the seconds" \
  cmp -s <(cut -d, -f1-5 "$out/metrics.csv") <(cut -d, -f1-5 "$work/run-default/metrics.csv")
check "a default run's batch losses equal a 1-thread run's" \
  cmp -s "$out/batch_losses.csv" "$work/run-default/batch_losses.csv"
for figure in "$out"/*.png; do
  check "a 2-thread run draws $(basename "$figure") as a 1-thread run does" \
    cmp -s "$figure" "$work/run-2/$(basename "$figure")"
done
for key in '"config"' '"models"' '"nn"' '"lr"' '"final_loss"' \
           '"train_accuracy"' '"test_accuracy"' '"combined_accuracy"' '"train_seconds"' \
           '"epochs"' '"blas"' '"core"' '"threads"' '"cpu"' '"training_seconds"'; do
  check "summary.json has $key" grep -q "$key" "$out/summary.json"
done
# After two epochs both models are well past chance: every accuracy of the last epoch > 0.85.
check "accuracies rise above 0.85" awk -F, 'NR > 1 && $2 == 2 && ($4 <= 0.85 || $5 <= 0.85) { bad = 1 } END { exit bad }' "$out/metrics.csv"
check "the comparison table is printed" grep -q "logistic regression" "$work/stdout"

# Replot redraws every figure from the run directory without training, the same pixels when
# OpenBLAS uses the run's one thread (how it splits a product changes the last bits).
mkdir "$work/figures-before" && cp "$out"/*.png "$work/figures-before/"
OPENBLAS_NUM_THREADS=1 run --replot "$out" --data "$data"
check "--replot exits 0" test "$status" -eq 0
check "--replot says it redrew the figures" grep -q "wrote into .*contour.png.*lr_weights.png" "$work/stdout"
for figure in "$work"/figures-before/*.png; do
  check "--replot redraws $(basename "$figure") as it was" cmp -s "$figure" "$out/$(basename "$figure")"
done
check "--replot does not train" bash -c "! grep -q 'epoch 1/' '$work/stdout'"

# A damaged run directory: --replot exits 1 with one line naming the problem, and leaves the
# directory exactly as it was (no figure removed or redrawn).
snapshot() { (cd "$1" && find . -type f -exec cksum {} + | sort); }
replot_damaged() {  # replot_damaged DESCRIPTION EXPECTED-MESSAGE DAMAGE-COMMAND...
  local description=$1 message=$2
  shift 2
  rm -rf "$work/damaged"
  cp -r "$out" "$work/damaged"
  "$@"
  snapshot "$work/damaged" >"$work/before"
  run --replot "$work/damaged" --data "$data"
  check "$description: --replot exits 1" test "$status" -eq 1
  check "$description: one line" one_stderr_line
  check "$description: says '$message'" stderr_has "$message"
  check "$description: the directory is unchanged" cmp -s "$work/before" <(snapshot "$work/damaged")
}
replot_damaged "nn.kudzu missing" "damaged/nn.kudzu is missing, but manifest.json lists it" \
  rm "$work/damaged/nn.kudzu"
replot_damaged "lr.kudzu copied over nn.kudzu" "damaged/nn.kudzu does not belong to this run (its size differs from manifest.json's)" \
  cp "$work/damaged/lr.kudzu" "$work/damaged/nn.kudzu"
replot_damaged "an accuracy of -1e300" "damaged/metrics.csv does not belong to this run" \
  sed -i '2s/^\(nn,1,[^,]*\),[^,]*,/\1,-1e300,/' "$work/damaged/metrics.csv"
replot_damaged "a row appended to batch_losses.csv" "damaged/batch_losses.csv does not belong to this run" \
  bash -c "tail -1 '$work/damaged/batch_losses.csv' >>'$work/damaged/batch_losses.csv'"
replot_damaged "summary.json cut to 100 bytes" "damaged/summary.json does not belong to this run (its size" \
  truncate -s 100 "$work/damaged/summary.json"
replot_damaged "summary.json's digits edited to 1, 7" "damaged/summary.json does not belong to this run (its checksum" \
  sed -i -z 's/3,\(\s*\)8/1,\17/' "$work/damaged/summary.json"
replot_damaged "NUL bytes in summary.json" "damaged/summary.json does not belong to this run (its checksum" \
  bash -c "printf '\\0\\0' | dd of='$work/damaged/summary.json' bs=1 seek=40 conv=notrunc 2>/dev/null"
replot_damaged "a FIFO in metrics.csv's place" "damaged/metrics.csv: is a FIFO" \
  bash -c "rm '$work/damaged/metrics.csv' && mkfifo '$work/damaged/metrics.csv'"
replot_damaged "a run older than manifests" "damaged has no manifest.json: .*make the run again" \
  rm "$work/damaged/manifest.json"

# Three digits: class indices in the order given, softmax models, K-class figures and
# summary fields, and --replot of the run. One epoch of 4s, 7s and 9s.
k_out="$work/run-479"
run --data "$data" --out "$k_out" --digits 4,7,9 --epochs 1 --optimizer adam --threads 1 --no-progress
check "a 3-digit run exits 0" test "$status" -eq 0
check "a 3-digit run says its classes" grep -q "3 digits as classes 0 to 2: 4,7,9" "$work/stdout"
check "a 3-digit run names the softmax regression" grep -q "^softmax regression" "$work/stdout"
for file in metrics.csv batch_losses.csv summary.json nn.kudzu lr.kudzu samples.png accuracy.png \
            loss.png batch_loss.png embedding.png regions.png confusion.png misclassified.png \
            compare.png lr_weights.png; do
  check "the 3-digit run writes $file" test -s "$k_out/$file"
done
for file in contour.png sigmoid3d.png; do
  check "the 3-digit run has no $file (two digits only)" test ! -e "$k_out/$file"
done
check "the 3-digit nn.kudzu names its three classes" grep -aq "4.7.9.mnist-28x28" "$k_out/nn.kudzu"
check "the 3-digit metrics.csv has its columns" test "$(head -1 "$k_out/metrics.csv")" = "model,epoch,loss,train_acc,test_acc,seconds"
# 18,056 training images of 4, 7 and 9 at 50 a batch: 362 batches.
check "the 3-digit batch_losses.csv has 362 batches" test "$(grep -c '^nn,1,' "$k_out/batch_losses.csv")" -eq 362
if command -v python3 >/dev/null; then
  # MNIST's test set has 982 4s, 1028 7s and 1009 9s: each row of a confusion matrix counts them.
  check "summary.json: digits, embedding, per-digit accuracy and confusion matrices" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["config"]["digits"] == [4, 7, 9] and s["config"]["embedding"] == 2
for key in ("nn", "lr"):
    m = s["models"][key]
    c = m["test_confusion"]
    assert [sum(row) for row in c] == [982, 1028, 1009], c
    assert list(m["test_class_accuracy"]) == ["4", "7", "9"]
    for k, digit in enumerate("479"):
        assert abs(m["test_class_accuracy"][digit] - c[k][k] / sum(c[k])) < 1e-12
    assert abs(m["test_accuracy"] - sum(c[k][k] for k in range(3)) / 3019) < 1e-12
    assert m["test_accuracy"] > 0.9, m["test_accuracy"]
' "$k_out/summary.json"
fi
mkdir "$work/k-figures-before" && cp "$k_out"/*.png "$work/k-figures-before/"
OPENBLAS_NUM_THREADS=1 run --replot "$k_out" --data "$data"
check "--replot of a 3-digit run exits 0" test "$status" -eq 0
for figure in "$work"/k-figures-before/*.png; do
  check "--replot of a 3-digit run redraws $(basename "$figure") as it was" cmp -s "$figure" "$k_out/$(basename "$figure")"
done
run --data "$data" --out "$work/run-all" --digits all --embedding 3 --models nn --epochs 1 --threads 1 --no-progress
check "--digits all --embedding 3 exits 0" test "$status" -eq 0
check "--digits all --embedding 3: a 784-100-100-3-10 network" grep -q "digits as classes 0 to 9: 0,1,2,3,4,5,6,7,8,9" "$work/stdout"
check "--embedding 3 draws no 2-D embedding figures" test ! -e "$work/run-all/embedding.png" -a ! -e "$work/run-all/regions.png"
check "--embedding 3 still draws the mistakes and the confusion matrix" test -s "$work/run-all/misclassified.png" -a -s "$work/run-all/confusion.png"

# A later run of one model replaces the earlier run's results and leaves none of the other's.
run --data "$data" --out "$out" --models nn --epochs 1 --threads 1 --no-progress
check "a network-only run exits 0" test "$status" -eq 0
check "a network-only run removes the old lr.kudzu" test ! -e "$out/lr.kudzu"
check "a network-only run removes the old lr_weights.png" test ! -e "$out/lr_weights.png"
check "a network-only run keeps a user's file" grep -q "keep me" "$out/notes.txt"
check "metrics.csv now holds the network only" test "$(grep -c '^lr,' "$out/metrics.csv")" -eq 0

# A run killed by a signal leaves its staging folder beside --out (a signal handler cannot
# safely remove it); the next run removes it. While a run is writing into a folder, another
# run into it refuses with one line naming the writer.
interrupted="$work/interrupted"
"$app" --data "$data" --out "$interrupted" --epochs 50 --threads 1 --no-progress >/dev/null &
killed=$!
for _ in $(seq 200); do compgen -G "$work/.interrupted.staging-$killed-*" >/dev/null && break; sleep 0.05; done
run --data "$data" --out "$interrupted" --models lr --epochs 1 --threads 1 --no-progress
check "a run into a folder another run is writing into exits 1" test "$status" -eq 1
check "it says which run is writing, in one line" one_stderr_line
check "it names the writer's pid" stderr_has "another run is writing into .*interrupted (pid $killed)"
kill -TERM "$killed"
wait "$killed"
check "a killed run leaves its staging folder" compgen -G "$work/.interrupted.staging-$killed-*"
run --data "$data" --out "$interrupted" --models lr --epochs 1 --threads 1 --no-progress
check "a run after an interrupted one exits 0" test "$status" -eq 0
check "it removes the staging folder the killed run left" \
  test -z "$(find "$work" -maxdepth 1 -name '.interrupted.staging-*')"

# A learning rate so large that training diverges: one line that says nothing was written
# and suggests a smaller --lr, exit 1, and indeed nothing written.
run --data "$data" --out "$work/diverged" --lr 100 --epochs 2 --threads 1 --no-progress
check "a diverging run exits 1" test "$status" -eq 1
check "a diverging run: one line" one_stderr_line
check "a diverging run says no results were written" stderr_has "diverged: .*no results were written"
check "a diverging run suggests a smaller --lr" stderr_has "try a smaller --lr, such as 10$"
check "a diverging run writes nothing" test ! -e "$work/diverged"

# A failing run leaves the previous run's files as they were.
cp "$out/metrics.csv" "$work/metrics-before.csv"
run --data "$work/no-data" --out "$out" --epochs 1
check "a failing run exits 1" test "$status" -eq 1
check "a failing run leaves metrics.csv alone" cmp -s "$out/metrics.csv" "$work/metrics-before.csv"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
