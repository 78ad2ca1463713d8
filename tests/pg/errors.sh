#!/bin/sh
# errors.sh - the PostgreSQL backend fails cleanly (issue 8): a server
# that cannot be reached, a database of a newer schema, and the
# append-only guarantees of the schema (triggers refuse to delete the
# change log, sources, submissions or entries, or to change a release).
#
# Run by ctest as pg/errors through tests/pg/with_pg.sh.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
: "${MVROAD_TEST_PG:?run through tests/pg/with_pg.sh}"
unset MVROAD_DB
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
D=$MVROAD_TEST_PG
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
  sed 's/^/  | /' "$tmp/out" | head -10
}
# expect STATUS TEXT ARGS...: mvroad ARGS exits STATUS, its output has TEXT
expect() {
  want=$1 text=$2
  shift 2
  (cd "$tmp" && NO_COLOR=1 "$MVROAD" "$@") >"$tmp/out" 2>&1 </dev/null
  got=$?
  if [ "$got" -ne "$want" ]; then
    bad "mvroad $*: exit $got, wanted $want"
  elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/out"; then
    bad "mvroad $*: no '$text'"
  else
    ok
  fi
}
psql_() { "$MVR_PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$D" -c "$1"; }
# refused SQL: psql must fail with MESSAGE
refused() {
  if psql_ "$1" >"$tmp/out" 2>&1; then
    bad "the server accepted: $1"
  elif grep -qF -- "$2" "$tmp/out"; then
    ok
  else
    bad "$1: no '$2'"
  fi
}

# a server that cannot be reached: a clear message, no file created
expect 1 "cannot connect to PostgreSQL" \
  --db "postgresql://mvroad@/nowhere?host=$tmp/none" stats
[ -z "$(ls "$tmp" | grep -v '^out$')" ] && ok || bad "a file was created"

expect 0 "" --db "$D" import --date 2025-01-10 \
  "$SRC/data/examples/annex1-examples.csv"
expect 0 "" --db "$D" release create R1 --date 2025-02-01
expect 0 "register ready (schema version" --db "$D" init

# append-only tables
refused "DELETE FROM changes" "the change log is append-only"
refused "UPDATE changes SET actor = 'x'" "the change log is append-only"
refused "DELETE FROM entry_sources" "sources are append-only"
refused "TRUNCATE entries CASCADE" "entries are never deleted"
refused "DELETE FROM entries" "entries are never deleted"
refused "DELETE FROM submissions" "submissions are never deleted"
refused "UPDATE releases SET name = 'x'" "a release is immutable"
refused "DELETE FROM release_entries" "a release is immutable"
refused "INSERT INTO release_entries SELECT 1, 999, org, family, refkey,
  reference, ref_detail, type, title, status, status_detail, categories,
  catmask, summary, url, first_seen, last_updated, version
  FROM release_entries LIMIT 1" "a release is immutable"

# a newer schema: refused with a clear message, nothing changed
v=$(psql_ "SELECT version FROM schema_version")
psql_ "UPDATE schema_version SET version = 99" >/dev/null
expect 1 "schema version 99; this mvroad knows $v" --db "$D" stats
psql_ "UPDATE schema_version SET version = $v" >/dev/null
expect 0 "6 entries" --db "$D" stats

echo "pg/errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
