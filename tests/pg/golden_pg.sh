#!/bin/sh
# golden_pg.sh - the golden-file cases (tests/golden/cases) against
# PostgreSQL (issue 8): each case runs against a fresh database of the
# throwaway server, and its output must equal the same NAME.out the
# SQLite run compares with. Run by ctest as pg/golden through
# tests/pg/with_pg.sh, which provides MVR_PG_BIN and PGHOST.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
: "${PGHOST:?run through tests/pg/with_pg.sh}"
: "${MVR_PG_BIN:?run through tests/pg/with_pg.sh}"
CASES=$SRC/tests/golden/cases
USER=mvroad
export USER
export CASES
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
DB=mvroad_golden
URI="postgresql://mvroad@/$DB?host=$PGHOST"
pass=0
fail=0
for cmd in "$CASES"/*.cmd; do
  name=$(basename "$cmd" .cmd)
  "$MVR_PG_BIN/dropdb" -U mvroad --if-exists "$DB" 2>/dev/null &&
    "$MVR_PG_BIN/createdb" -U mvroad "$DB" || {
    echo "FAIL: pg/golden/$name: cannot create a fresh database"
    fail=$((fail + 1))
    continue
  }
  out="$tmp/$name.out"
  : >"$out"
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    echo "\$ mvroad $line" >>"$out"
    (cd "$SRC" && eval "NO_COLOR=1 MVROAD_DB=\"$URI\" \"$MVROAD\" $line") >>"$out" 2>&1
    echo "[exit $?]" >>"$out"
  done <"$cmd"
  sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIMESTAMP/g' "$out"
  if diff -u "$CASES/$name.out" "$out" >"$tmp/diff" 2>&1; then
    pass=$((pass + 1))
  else
    echo "FAIL: pg/golden/$name"
    cat "$tmp/diff"
    fail=$((fail + 1))
  fi
done
echo "pg/golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
