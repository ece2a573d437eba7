#!/usr/bin/env bash
# kudzu-predict as a user meets it: bad command lines, models it cannot use, files that are
# not images (a directory, a FIFO, text, truncated, too large), images without a digit, and,
# with a short real run of kudzu-compare, real digits with their lines, JSON and figures.
# Usage: predict_app_test.sh KUDZU_PREDICT KUDZU_COMPARE PREDICT_TEST_FILES DATA_DIR
# Exits 77 (skipped) after the parts that need no data when DATA_DIR has no MNIST files.
set -uo pipefail

app=$1
compare=$2
make_files=$3
data=$4
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

run_timeout=20  # a FIFO given as an image must not make it wait

# The width and height of a PNG, from its IHDR chunk.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'; }
at_least_1400_by_700() { read -r w h < <(png_size "$1"); [[ $w -ge 1400 && $h -ge 700 ]]; }

files="$work/files"
if [[ -f "$data/t10k-images-idx3-ubyte" || -f "$data/t10k-images-idx3-ubyte.gz" ]]; then
  have_data=true
  "$make_files" "$files" "$data" || exit 1
else
  have_data=false
  "$make_files" "$files" || exit 1
fi

run --help
check "--help exits 0" test "$status" -eq 0
check "--help names the default model" stdout_has "runs/latest/nn.kudzu"
check "--help lists --explain" stdout_has "--explain"

# Bad command lines: one line pointing to --help, exit 2, nothing on stdout.
for bad in "" "--no-such-option x.png" "--ink grey x.png" "--classes 3 x.png" \
           "--classes 3,,8 x.png" "--classes 3,3 x.png" "--json"; do
  # shellcheck disable=SC2086  # each case is several words on purpose
  run $bad
  check "'$bad' exits 2" test "$status" -eq 2
  check "'$bad': one line" one_stderr_line
  check "'$bad' points to --help" stderr_has "^kudzu-predict: .* (see --help)$"
  check "'$bad' prints nothing on stdout" no_stdout
done
run --model "" x.png
check "an empty --model exits 2" test "$status" -eq 2

# Models it cannot use: one line naming the file and the problem, exit 1, no image read.
run --model "$files/blank.png" "$files/canvas.png"
check "an image as the model exits 1" test "$status" -eq 1
check "an image as the model: bad magic" stderr_has "blank.png: bad magic: this is not a Kudzu model file"
check "an image as the model: one line" one_stderr_line
run --model "$work/missing.kudzu" "$files/canvas.png"
check "a missing model exits 1" test "$status" -eq 1
check "a missing model is named" stderr_has "missing.kudzu: cannot be opened"
run --model "$files/wide.kudzu" "$files/canvas.png"
check "a 10-input model exits 1" test "$status" -eq 1
check "a 10-input model: 784 expected" stderr_has "wide.kudzu: the model takes 10 inputs, not the 784 pixels"
check "a 10-input model: one line" one_stderr_line
run --model "$files/relu.kudzu" "$files/canvas.png"
check "a model without probabilities exits 1" test "$status" -eq 1
check "a model without probabilities is explained" stderr_has "relu.kudzu: the model ends in a relu layer"
run --model "$files/other-input.kudzu" "$files/canvas.png"
check "a model for other inputs exits 1" test "$status" -eq 1
check "a model for other inputs is explained" stderr_has "expects its input prepared as 'cifar-32x32'"
# A version-1 file names no classes: without a run directory beside it, --classes must.
run --model "$files/v1.kudzu" "$files/canvas.png"
check "a version-1 model without classes exits 1" test "$status" -eq 1
check "a version-1 model asks for --classes" stderr_has "does not name its classes .* --classes 3,8"
run --model "$files/v1.kudzu" --classes 3,8 "$files/canvas.png"
check "a version-1 model with --classes exits 0" test "$status" -eq 0
check "a version-1 model with --classes: p(3) and p(8)" stdout_has "canvas.png: [38]  p(3) [0-9.]*  p(8) [0-9.]*$"
run --model "$files/v1.kudzu" --classes 1,2,3 "$files/canvas.png"
check "--classes of the wrong count exits 2" test "$status" -eq 2
# Ten classes, named in the file (an untrained model: any digit will do).
run --model "$files/ten.kudzu" "$files/canvas.png"
check "a ten-class model exits 0" test "$status" -eq 0
check "a ten-class model prints ten probabilities" stdout_has "p(0) .*p(9) [0-9.]*$"
run --model "$files/lenet.kudzu" "$files/canvas.png"
check "a LeNet model exits 0" test "$status" -eq 0
check "a LeNet model prints ten probabilities" stdout_has "canvas.png: [0-9]  p(0) .*p(9) [0-9.]*$"
run --model "$files/conv-first.kudzu" "$files/canvas.png"
check "a model with a Conv2d first exits 1" test "$status" -eq 1
check "a model with a Conv2d first is explained" stderr_has "conv-first.kudzu: the model's first layer with parameters is a conv2d layer"

# Files that are not images, or have no digit: one line each on stderr, exit 1, the
# good image still reported.
mkfifo "$work/pipe.png"
mkdir "$work/a-directory"
echo "a note, not an image" >"$work/notes.txt"
for bad in "$work/pipe.png:is not a regular file" "$work/a-directory:is a directory" \
           "$work/notes.txt:not an image kudzu reads" "$work/missing.png:cannot be opened" \
           "$files/truncated.png:a damaged or truncated 64x64 image" \
           "$files/huge.pgm:the image is 9000x9000 pixels; at most 8192x8192" \
           "$files/blank.png:no digit found in $files/blank.png" \
           "$files/grey.jpg:no digit found in $files/grey.jpg"; do
  file=${bad%%:*} message=${bad#*:}
  run --model "$files/ten.kudzu" "$file" "$files/canvas.png"
  check "$file exits 1" test "$status" -eq 1
  check "$file: '$message'" stderr_has "^kudzu-predict: .*$message"
  check "$file: one line" one_stderr_line
  check "$file: the other image is still reported" stdout_has "canvas.png: "
done
run --model "$files/ten.kudzu" --json "$files/blank.png" "$files/canvas.png"
check "--json with a blank image exits 1" test "$status" -eq 1
check "--json names the blank image's error" stdout_has '"error": "no digit found"'
check "--json lists the ten classes" stdout_has '"classes": \['

skip_without_mnist "$data" "the real runs"

# A short real run, then real digits through both of its models.
run_dir="$work/run"
"$compare" --data "$data" --out "$run_dir" --epochs 2 --optimizer adam --threads 1 --no-progress \
  --quiet >/dev/null || exit 1
run --model "$run_dir/nn.kudzu" "$files/three.png" "$files/eight.jpg"
check "a 3 and an 8 exit 0" test "$status" -eq 0
check "the 3 is a 3" stdout_has "three.png: 3  p(3) 0\.[5-9][0-9]*  p(8) 0\.[0-4]"
check "the 8 is an 8" stdout_has "eight.jpg: 8  p(3) 0\.[0-4][0-9]*  p(8) 0\.[5-9]"
check "nothing on stderr" test ! -s "$work/stderr"
run --model "$run_dir/nn.kudzu" --json "$files/three.png" "$files/blank.png"
check "--json with a blank image exits 1" test "$status" -eq 1
check "--json: the model" stdout_has "\"model\": \"$run_dir/nn.kudzu\""
check "--json: the classes in output order" bash -c "tr -d ' \n' <'$work/stdout' | grep -q '\"classes\":\[\"3\",\"8\"\]'"
check "--json: the digit" stdout_has '"digit": "3"'
check "--json: the probabilities by class" bash -c "tr -d ' \n' <'$work/stdout' | grep -q '\"probabilities\":{\"3\":0\.[5-9][0-9]*,\"8\":0\.[0-4][0-9]*}'"
check "--json: the network's embedding" bash -c "tr -d ' \n' <'$work/stdout' | grep -q '\"embedding\":\[-*[0-9.]*,-*[0-9.]*\]'"
check "--json: the blank image's error" stdout_has '"error": "no digit found"'
if command -v python3 >/dev/null; then
  check "--json is valid JSON" python3 -m json.tool "$work/stdout" >/dev/null
fi
run --model "$run_dir/lr.kudzu" --json "$files/three.png"
check "the regression exits 0" test "$status" -eq 0
check "the regression has no embedding" bash -c "! grep -q embedding '$work/stdout'"
# Light ink forced on dark-on-light images: the paper is then the ink, and nothing stands out.
run --model "$run_dir/nn.kudzu" --ink light "$files/three.png"
check "--ink light on black-on-white exits 1" test "$status" -eq 1
check "--ink light on black-on-white finds no digit" stderr_has "no digit found"

# --explain: a figure per image, at least 1400x700, with and without the embedding.
run --model "$run_dir/nn.kudzu" --explain "$work/explain" "$files/three.png" "$files/eight.jpg" \
  "$files/blank.png"
check "--explain exits 1 (the blank image)" test "$status" -eq 1
check "--explain writes three.png" at_least_1400_by_700 "$work/explain/three.png"
check "--explain writes eight.png" at_least_1400_by_700 "$work/explain/eight.png"
check "--explain writes nothing for the blank image" test ! -e "$work/explain/blank.png"
check "--explain: the embedding panel makes it wider" test "$(png_size "$work/explain/three.png")" = "1600 800"
run --model "$run_dir/lr.kudzu" --explain "$work/explain-lr" "$files/three.png"
check "--explain with the regression exits 0" test "$status" -eq 0
check "--explain with the regression: 1400x700" test "$(png_size "$work/explain-lr/three.png")" = "1400 700"
# The run is checked against its manifest before its model is used: a damaged file, or a
# model from another run, is one line naming it and exit 1, with or without --explain.
cp -r "$run_dir" "$work/damaged-run"
echo "{" >"$work/damaged-run/summary.json"
for explain in "" "--explain $work/explain-damaged"; do
  # shellcheck disable=SC2086  # $explain is two words or none
  run --model "$work/damaged-run/nn.kudzu" $explain "$files/three.png"
  check "an edited summary.json ($explain) exits 1" test "$status" -eq 1
  check "an edited summary.json ($explain) is named" \
    stderr_has "damaged-run/summary.json does not belong to this run"
  check "an edited summary.json ($explain): one line" one_stderr_line
  check "an edited summary.json ($explain): nothing on stdout" no_stdout
done
cp -r "$run_dir" "$work/swapped-run"
cp "$files/ten.kudzu" "$work/swapped-run/nn.kudzu"
run --model "$work/swapped-run/nn.kudzu" "$files/three.png"
check "a model swapped into a run exits 1" test "$status" -eq 1
check "a model swapped into a run is named" stderr_has "swapped-run/nn.kudzu does not belong to this run"
cp -r "$run_dir" "$work/extra-run"
cp "$files/ten.kudzu" "$work/extra-run/mine.kudzu"
run --model "$work/extra-run/mine.kudzu" "$files/three.png"
check "a model the manifest does not list exits 1" test "$status" -eq 1
check "a model the manifest does not list is named" stderr_has "mine.kudzu is not one of the results of the run"
# Copied out of its run, a model is read alone: its own class names, no embedding figure.
mkdir "$work/alone"
cp "$run_dir/nn.kudzu" "$work/alone/nn.kudzu"
run --model "$work/alone/nn.kudzu" --explain "$work/explain-alone" "$files/three.png"
check "a model read alone exits 0" test "$status" -eq 0
check "a model read alone: p(3) and p(8)" stdout_has "three.png: 3  p(3) [0-9.]*  p(8) [0-9.]*$"
check "a model read alone: the figure has no embedding" test "$(png_size "$work/explain-alone/three.png")" = "1400 700"
# A three-digit run: its softmax models give a probability per digit, named by the file.
k_run="$work/run-381"
"$compare" --data "$data" --out "$k_run" --digits 3,8,1 --epochs 1 --optimizer adam --threads 1 \
  --no-progress --quiet >/dev/null || exit 1
for model in nn lr; do
  run --model "$k_run/$model.kudzu" "$files/three.png"
  check "a 3-digit $model exits 0" test "$status" -eq 0
  check "a 3-digit $model says 3, with p(3), p(8) and p(1)" stdout_has "three.png: 3  p(3) 0\.[5-9][0-9]*  p(8) [0-9.]*  p(1) [0-9.]*$"
  check "a 3-digit $model: nothing on stderr" test ! -s "$work/stderr"
done
run --model "$k_run/nn.kudzu" --json "$files/three.png"
check "--json of a 3-digit model lists its classes" bash -c "tr -d ' \n' <'$work/stdout' | grep -q '\"classes\":\[\"3\",\"8\",\"1\"\]'"
run --model "$k_run/nn.kudzu" --explain "$work/explain-381" "$files/three.png"
check "--explain with a 3-digit network exits 0" test "$status" -eq 0
check "--explain with a 3-digit network writes its figure" at_least_1400_by_700 "$work/explain-381/three.png"

# A run made before manifests: the model alone, and a line saying the run is not used.
cp -r "$run_dir" "$work/old-run"
rm "$work/old-run/manifest.json"
run --model "$work/old-run/nn.kudzu" "$files/three.png"
check "a run without a manifest: the model is still used" test "$status" -eq 0
check "a run without a manifest is said" stderr_has "old-run has a summary.json but no manifest.json"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
