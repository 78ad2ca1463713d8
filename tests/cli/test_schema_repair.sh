#!/bin/sh
# test_schema_repair.sh - a register made by mvroad at commit ae53285
# (stop 11), which shipped schema slots 3 -> 4 to 6 -> 7 as reserved
# no-ops, is at version 7 without the accounts, coordination and analysis
# tables; migration 7 -> 8 gives it them, keeping its entries. A current
# register passes the same migration unchanged.
#
# Run by ctest as cli/test_schema_repair with MVROAD=<binary> SRC=<source>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
MVROAD_PWHASH_FAST=1
export MVROAD_PWHASH_FAST
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
command -v sqlite3 >/dev/null || {
  bad "sqlite3 is not installed (scripts/deps.sh installs it)"
  exit 1
}
D=$tmp/old.db
TABLES="users sessions api_tokens login_failures coord_orgs coord_reps
coord_ls coord_ls_attachments coord_ls_submissions coord_docs
coord_meetings coord_terms topic_overrides"

"$MVROAD" --db "$D" import "$SRC/data/examples/annex1-examples.csv" \
  >/dev/null 2>&1 || bad "import"
v=$(sqlite3 "$D" "PRAGMA user_version")
[ "$v" -ge 8 ] || bad "a new register is at version $v"
# what ae53285 left: version 7, none of the later tables (nor the columns
# of slot 9 -> 10)
drop="ALTER TABLE releases DROP COLUMN submissions;
  ALTER TABLE not_duplicates DROP COLUMN undone_at;
  ALTER TABLE not_duplicates DROP COLUMN undone_by;"
for t in $TABLES; do drop="$drop DROP TABLE $t;"; done
sqlite3 "$D" "$drop PRAGMA user_version = 7;" || bad "make the old register"
[ "$(sqlite3 "$D" "SELECT count(*) FROM sqlite_master WHERE name = 'users'")" = 0 ] ||
  bad "the old register still has users"

printf 'ed-password\n' |
  "$MVROAD" --db "$D" user add ed --role editor >"$tmp/out" 2>&1 ||
  bad "user add on a repaired register: $(cat "$tmp/out")"
for t in $TABLES; do
  [ "$(sqlite3 "$D" "SELECT count(*) FROM sqlite_master
        WHERE type = 'table' AND name = '$t'")" = 1 ] ||
    bad "table $t missing after the repair"
done
[ "$(sqlite3 "$D" "PRAGMA user_version")" = "$v" ] ||
  bad "the repaired register is not at version $v"
[ "$(sqlite3 "$D" "SELECT count(*) FROM entries")" = 6 ] ||
  bad "the entries did not survive the repair"
[ "$(sqlite3 "$D" "PRAGMA integrity_check")" = ok ] || bad "integrity_check"
"$MVROAD" --db "$D" user list >"$tmp/out" 2>&1 && grep -q '^ed' "$tmp/out" ||
  bad "user list: $(cat "$tmp/out")"
"$MVROAD" --db "$D" org list >/dev/null 2>&1 || bad "org list after the repair"

# a current register at version 7 (its tables made by slots 4-7) goes
# through 7 -> 8 unchanged
C=$tmp/cur.db
"$MVROAD" --db "$C" import "$SRC/data/examples/annex1-examples.csv" \
  >/dev/null 2>&1 || bad "import (current)"
printf 'ed-password\n' |
  "$MVROAD" --db "$C" user add ed --role editor >/dev/null 2>&1 ||
  bad "user add (current)"
sqlite3 "$C" "ALTER TABLE releases DROP COLUMN submissions;
  ALTER TABLE not_duplicates DROP COLUMN undone_at;
  ALTER TABLE not_duplicates DROP COLUMN undone_by;
  PRAGMA user_version = 7;"
printf 'ed2-password\n' |
  "$MVROAD" --db "$C" user add ed2 --role editor >/dev/null 2>&1 ||
  bad "user add (current, at version 7)"
"$MVROAD" --db "$C" user list >"$tmp/out" 2>&1 && grep -q '^ed' "$tmp/out" ||
  bad "a current register loses its users through 7 -> 8"
[ "$(sqlite3 "$C" "PRAGMA user_version")" = "$v" ] || bad "not migrated"

# a release frozen before schema 10 did not keep its count of submissions:
# stats --as-of estimates it from the import times (to the second, hence
# the pause)
E=$tmp/est.db
"$MVROAD" --db "$E" import "$SRC/data/examples/annex1-examples.csv" \
  >/dev/null 2>&1 || bad "import (estimate)"
"$MVROAD" --db "$E" release create R1 >/dev/null 2>&1 || bad "release R1"
sleep 1
"$MVROAD" --db "$E" import "$SRC/data/examples/metaverse-standards.csv" \
  >/dev/null 2>&1 || bad "second import (estimate)"
sqlite3 "$E" "ALTER TABLE releases DROP COLUMN submissions;
  ALTER TABLE not_duplicates DROP COLUMN undone_at;
  ALTER TABLE not_duplicates DROP COLUMN undone_by;
  PRAGMA user_version = 9;"
"$MVROAD" --db "$E" init >/dev/null 2>&1 || bad "init brings 9 up to date"
subs() {
  "$MVROAD" --db "$E" stats "$@" --format json 2>&1 |
    sed -n 's/.*"submissions": \([0-9]*\).*/\1/p'
}
[ "$(subs --as-of R1)" = 1 ] || bad "estimated submissions as of R1: $(subs --as-of R1)"
[ "$(subs)" = 2 ] || bad "submissions now: $(subs)"
[ "$(sqlite3 "$E" "PRAGMA user_version")" = "$v" ] || bad "not migrated (estimate)"

echo "schema repair: $fail problems"
[ "$fail" -eq 0 ]
