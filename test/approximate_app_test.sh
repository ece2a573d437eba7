#!/usr/bin/env bash
# kudzu-approximate as a user meets it: --help, bad command lines, an unusable output
# directory, a diverging run, and a short real run whose files are then checked.
# Usage: approximate_app_test.sh KUDZU_APPROXIMATE
set -uo pipefail

app=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=check.sh
source "$(dirname "$0")/check.sh"

nothing_beside() { [[ -z $(ls -A "$work/parent") ]]; }

run --help
check "--help exits 0" test "$status" -eq 0
check "--help lists --function with its default" grep -q -- "--function.*sin" "$work/stdout"
check "--help names the functions" grep -q "wiggly" "$work/stdout"

mkdir -p "$work/parent"
for bad in "--units 0" "--samples 1" "--steps 0" "--lr 0" "--lr nan" "--lr inf" "--range 1,1" \
           "--range 2,1" "--range=-inf,1" "--sweep 0" "--sweep 1,,2" "--function tan" \
           "--activation softplus" "--optimizer sgd" "--no-such-option" "stray-word"; do
  # shellcheck disable=SC2086  # each case is several words on purpose
  run $bad --out "$work/parent/out"
  check "'$bad' exits 2" test "$status" -eq 2
  check "'$bad' says what is wrong in one line" one_stderr_line
  check "'$bad' points to --help" stderr_has "^kudzu-approximate: .* (see --help)$"
  check "'$bad' writes nothing" nothing_beside
done

touch "$work/a-file"
run --out "$work/a-file" --steps 10
check "a file as --out exits 1" test "$status" -eq 1
check "a file as --out is named in one line" one_stderr_line
check "a file as --out is named" stderr_has "a-file"

run --lr 1e30 --optimizer gd --steps 50 --out "$work/parent/out"
check "a diverging run exits 1" test "$status" -eq 1
check "a diverging run says so in one line" one_stderr_line
check "a diverging run names --lr" stderr_has "smaller --lr"
check "a diverging run writes nothing" nothing_beside

out="$work/parent/out"
run --units 6 --steps 2000 --samples 64 --sweep 2,6 --out "$out" --no-progress
check "a small run exits 0" test "$status" -eq 0
for file in fit.png pieces.png loss.png sweep.png fit.csv summary.json model.kudzu; do
  check "the run writes $file" test -s "$out/$file"
done
check "the run prints its errors" grep -q "max |error| inside" "$work/stdout"
check "the run prints the BLAS core" grep -q "OpenBLAS core" "$work/stdout"
check "summary.json has the errors" grep -q '"max_abs_error"' "$out/summary.json"
check "fit.csv has a column per unit" grep -q "^x,target,fit,inside,output_bias,unit_1,.*,unit_6$" \
  "$out/fit.csv"
check "no staging directory is left beside --out" test "$(ls -A "$work/parent")" = "out"

# A second run without --sweep replaces the first's results and removes its sweep.png.
touch "$out/notes.txt"
run --units 3 --steps 20 --out "$out" --quiet
check "a second run exits 0" test "$status" -eq 0
check "a run without --sweep removes the old sweep.png" test ! -e "$out/sweep.png"
check "files of other names are kept" test -e "$out/notes.txt"
check "--quiet prints only the errors" test "$(grep -vc 'max |error|' "$work/stdout")" -eq 0

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
