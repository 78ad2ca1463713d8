#!/bin/sh
# Golden-file tests: each tests/golden/cases/NAME.cmd is a list of mvroad
# argument lines run against a fresh register in a temporary directory
# (the case's input files are reachable as $CASES/...); the combined
# output (stdout, stderr, exit status of each line) must equal NAME.out.
# Set GOLDEN_UPDATE=1 to rewrite the .out files after a deliberate change.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
CASES=$SRC/tests/golden/cases
# the change log names the actor: keep it the same everywhere
USER=mvroad
export USER
export CASES
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for cmd in "$CASES"/*.cmd; do
  name=$(basename "$cmd" .cmd)
  rm -f "$tmp"/db*
  out="$tmp/$name.out"
  : >"$out"
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    echo "\$ mvroad $line" >>"$out"
    # word splitting of the line is wanted: it holds the arguments
    (cd "$SRC" && eval "NO_COLOR=1 MVROAD_DB=\"$tmp/db\" \"$MVROAD\" $line") >>"$out" 2>&1
    echo "[exit $?]" >>"$out"
  done <"$cmd"
  # dates of today vary: mask them
  sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIMESTAMP/g' "$out"
  if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
    cp "$out" "$CASES/$name.out"
  fi
  if diff -u "$CASES/$name.out" "$out" >"$tmp/diff" 2>&1; then
    pass=$((pass + 1))
  else
    echo "FAIL: golden/$name"
    cat "$tmp/diff"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
