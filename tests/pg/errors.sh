#!/bin/sh
# errors.sh - the PostgreSQL backend fails cleanly (issue 8): a server
# that cannot be reached, a database of a newer schema, and the
# append-only guarantees of the schema (triggers refuse to delete the
# change log, sources, submissions or entries, or to change a release).
# And a register of an older schema is brought up to date when opened.
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

# an older schema is brought up to date when opened: at 10, the
# full-text words kept their accents; 10 -> 11 folds them as SQLite's
# FTS5 does and makes the words of every entry again
printf '%s\n' 'SDO / Org.,Reference,Type,Title,Status,Category,Summary' \
  'ETSI,GR ARF 099,Report,Générateur de réalité,Published,General,Façade.' \
  >"$tmp/accents.csv"
expect 0 "" --db "$D" import --date 2025-02-02 "$tmp/accents.csv"
psql_ "CREATE OR REPLACE FUNCTION mvr_fts_norm(t text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
  \$f\$ SELECT btrim(regexp_replace(lower(t), '[^[:alnum:]]+', ' ', 'g')) \$f\$;
  ALTER TABLE entries DROP COLUMN fts;
  ALTER TABLE entries ADD COLUMN fts tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', mvr_fts_norm(reference)), 'A') ||
    setweight(to_tsvector('simple', mvr_fts_norm(title)), 'B') ||
    setweight(to_tsvector('simple', mvr_fts_norm(summary)), 'C')) STORED;
  CREATE INDEX entries_fts ON entries USING gin(fts);
  UPDATE schema_version SET version = 10" >/dev/null
[ "$(psql_ "SELECT count(*) FROM entries
  WHERE fts @@ to_tsquery('simple', 'generateur')")" = 0 ] && ok ||
  bad "the schema-10 register folds accents already"
# a read-only command does not migrate; one that writes does
expect 1 "needs migrating to $v" --db "$D" search generateur
expect 0 "register ready" --db "$D" init
expect 0 "GR ARF 099" --db "$D" search generateur
[ "$(psql_ "SELECT version FROM schema_version")" = "$v" ] && ok ||
  bad "not brought up to schema $v"
[ "$(psql_ "SELECT count(*) FROM entries
  WHERE fts @@ to_tsquery('simple', 'facade')")" = 1 ] && ok ||
  bad "the words of the entries were not made again"
expect 0 "GR ARF 099" --db "$D" search "GÉNÉRATEUR realite"
expect 0 "7 entries" --db "$D" stats

echo "pg/errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
