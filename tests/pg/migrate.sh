#!/bin/sh
# migrate.sh - `mvroad migrate` (issue 8): a register built on SQLite
# (imports, an update, a proposal approved, a merge, a not-duplicate mark,
# a conflict, releases, accounts and a token, coordination records, a
# representative, a topic override) is copied to PostgreSQL, then back to
# a new SQLite file. Every read (export, list, history, releases, diff,
# users, tokens, coordination records, gaps, ...) must give the same
# output on the three; the counts printed must be the source's; the copy
# must refuse a non-empty destination and leave it as it was; the last
# file must pass SQLite's integrity and foreign-key checks.
#
# Run by ctest as pg/migrate through tests/pg/with_pg.sh.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
: "${MVROAD_TEST_PG:?run through tests/pg/with_pg.sh}"
unset MVROAD_DB
USER=mvroad
export USER NO_COLOR=1
tmp=$(mktemp -d)
spid=
cleanup() {
  [ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
EX=$SRC/data/examples
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: pg/migrate: $*"
}
m() { "$MVROAD" "$@"; }

a=$tmp/a.db
sed -e 's/Spatial Reference Model,Published/Spatial Reference Model (revised),Under development/' \
  "$EX/annex1-examples.csv" >"$tmp/changed.csv"
printf '%s\n' 'SDO / Org.,Reference,Type,Title,Status,Category,Summary' \
  'W3C,WebXR Layers API Level 2,Specification,WebXR Layers API Level 2,Under development,Enabling Technology,Layers for immersive web content.' \
  >"$tmp/proposed.csv"
{
  m --db "$a" import --date 2025-01-10 "$EX/annex1-examples.csv" \
    "$EX/metaverse-standards.csv"
  m --db "$a" release create R1 --date 2025-02-01 --note first
  m --db "$a" import --date 2025-03-01 "$tmp/changed.csv"
  m --db "$a" import --propose --date 2025-03-02 "$tmp/proposed.csv"
  m --db "$a" approve 1
  m --db "$a" merge "ISO/IEC 23090-2" "ISO/IEC 23090-5"
  m --db "$a" not-duplicate 1 2
  m --db "$a" release create R2 --date 2025-04-01
  m --db "$a" coord import "$SRC/data/coord/jca-mv-seed.json"
  m --db "$a" rep add jane@example.org --name "Jane Q." --org "SC 29" \
    --nominated-on 2026-01-10
  m --db "$a" topic "ISO/IEC 18026" "Digital twins" --note why
  printf 'editor-password\n' | m --db "$a" user add ed --role editor --name Ed
  printf 'liaison-pass-1\n' | m --db "$a" user add la --role liaison --org "JTC 1/SC 29"
  m --db "$a" token create la --name ci >"$tmp/token"
} >"$tmp/setup.out" 2>&1 || { bad "setting up the SQLite register"; tail "$tmp/setup.out"; }
TOKEN=$(cat "$tmp/token")

# serve DB: a server on a free port (tests/cli/server.sh); sets $spid
# and $base
. "$SRC/tests/cli/server.sh"
serve() {
  serve_start "$tmp/serve.log" "$1" || bad "the server did not start"
  spid=$pid
}
stop() {
  kill "$spid" 2>/dev/null
  wait "$spid" 2>/dev/null
  spid=
}
# a session: signed in on the SQLite register's server
serve "$a"
J=$tmp/jar
curl -s -o /dev/null -b "$J" -c "$J" "$base/login"
C=$(awk '$6 == "mvr_signin" { print $7 }' "$J")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" -c "$J" -H "Origin: $base" \
  --data "login=ed&password=editor-password&csrf=$C" "$base/login")
[ "$code" = 303 ] && ok || bad "login on the SQLite register: $code"
S=$(awk '$6 == "mvr_session" { print $7 }' "$J")
stop

# reads DB OUT: everything one can read of a register
reads() {
  db=$1 out=$2
  mkdir -p "$out"
  r() {
    name=$1
    shift
    m --db "$db" "$@" >"$out/$name" 2>&1
    echo "[exit $?]" >>"$out/$name"
  }
  r export-json export --format json
  r export-csv export --format csv
  r list list --sort reference --format json
  r search search --sort reference --format json twin
  r stats stats --format json
  r show show --format json "ISO/IEC 23090-2"
  r history history --format json "ISO/IEC 23090-2"
  r history2 history "ISO/IEC 18026"
  r releases release list --format json
  r diff diff --format json R1 R2
  r asof list --as-of R1 --sort reference --format json
  r export-r1 export --release R1 --format json
  r proposals proposals --state approved --format json
  r conflicts conflicts --all --format json
  r duplicates duplicates --format json
  r users user list --format json
  r tokens token list --format json
  r reps rep list --format csv
  r orgs org list --format csv
  r meetings meeting list --format csv
  r docs doc list --format csv
  r ls ls list --format csv
  r terms term list --format csv
  r gaps gaps --format json
}

reads "$a" "$tmp/sqlite"

# SQLite -> PostgreSQL
m migrate --from "$a" --to "$MVROAD_TEST_PG" --format json >"$tmp/m1.json" 2>"$tmp/m1.err"
[ $? -eq 0 ] && ok || { bad "migrate to PostgreSQL failed"; cat "$tmp/m1.err"; }
reads "$MVROAD_TEST_PG" "$tmp/pg"

# PostgreSQL -> a new SQLite file
b=$tmp/b.db
m migrate --from "$MVROAD_TEST_PG" --to "$b" >"$tmp/m2.txt" 2>"$tmp/m2.err"
[ $? -eq 0 ] && ok || { bad "migrate back to SQLite failed"; cat "$tmp/m2.err"; }
reads "$b" "$tmp/back"
# the session and the API token work on the copy (after the reads:
# using them changes last_seen and last_used)
serve "$MVROAD_TEST_PG"
curl -s -o "$tmp/page" -b "mvr_session=$S" "$base/login"
grep -q 'signed in as <strong>ed</strong>' "$tmp/page" && ok ||
  bad "the session made on SQLite is not known on PostgreSQL"
H='SDO / Org.,Reference,Type,Title,Status,Category,Summary'
printf '%s\nJTC 1/SC 29,ISO/IEC 23090-77,Standard,Scene part,Under development,Enabling Technology,x.\n' "$H" >"$tmp/own.csv"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: text/csv' --data-binary "@$tmp/own.csv" \
  "$base/api/v1/submissions?dry_run=1")
[ "$code" = 200 ] && ok || { bad "the token made on SQLite, on PostgreSQL: $code"; head -c 300 "$tmp/b"; }
stop

for f in "$tmp"/sqlite/*; do
  name=${f##*/}
  for side in pg back; do
    if cmp -s "$f" "$tmp/$side/$name"; then ok; else
      bad "$name differs on $side"
      diff -u "$f" "$tmp/$side/$name" | head -20
    fi
  done
done
# the scenario did something
for need in export-json:'"reference"' releases:R2 users:la tokens:ci \
  reps:jane@example.org meetings:JCA history:merge gaps:'"overridden": 1' \
  proposals:approved; do
  name=${need%%:*} text=${need#*:}
  grep -q "$text" "$tmp/back/$name" && ok ||
    { bad "no '$text' in $name"; head -5 "$tmp/back/$name"; }
done

# the counts: every table of the SQLite file, as printed
for t in entries changes entry_sources release_entries users api_tokens \
  sessions coord_reps topic_overrides merges not_duplicates; do
  want=$(sqlite3 "$a" "SELECT count(*) FROM $t")
  got=$(sed -n "s/.*\"table\": \"$t\", \"source\": \([0-9]*\), \"destination\": \([0-9]*\)}.*/\1 \2/p" "$tmp/m1.json")
  [ "$got" = "$want $want" ] && [ "$want" -gt 0 ] && ok ||
    bad "$t: printed '$got', the file has $want"
  got=$(awk -v t="$t" '$1 == t { print $2, $3 }' "$tmp/m2.txt")
  [ "$got" = "$want $want" ] && ok || bad "$t: printed '$got' going back, wanted $want"
done
[ "$(grep -c '"table"' "$tmp/m1.json")" -ge 27 ] && ok || bad "not every table in the json"

# the last file is sound, its search index rebuilt, ids go on
[ "$(sqlite3 "$b" 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity_check"
[ -z "$(sqlite3 "$b" 'PRAGMA foreign_key_check')" ] && ok || bad "foreign_key_check"
sqlite3 "$b" "INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')" && ok ||
  bad "the full-text index of the copy is inconsistent"
printf '%s\n' 'SDO / Org.,Reference,Type,Title,Status,Category,Summary' \
  'W3C,After Copy 1,Specification,After copy,Under development,Enabling Technology,New.' \
  >"$tmp/after.csv"
for db in "$a" "$MVROAD_TEST_PG" "$b"; do
  m --db "$db" import --date 2025-05-01 "$tmp/after.csv" >/dev/null 2>&1 || bad "import after the copy into $db"
  m --db "$db" show --format json "After Copy 1" | grep -o '"id": [0-9]*' | head -n 1 >>"$tmp/ids"
done
[ "$(sort -u "$tmp/ids" | wc -l)" = 1 ] && ok || { bad "new ids differ after the copies"; cat "$tmp/ids"; }

# a non-empty destination is refused and left as it was
before=$(m --db "$b" export --format json | md5sum)
m migrate --from "$a" --to "$b" >"$tmp/m3.out" 2>"$tmp/m3.err"
[ $? -eq 1 ] && ok || bad "a non-empty destination: wanted exit 1"
grep -q "not empty" "$tmp/m3.err" && ok || { bad "no clear message"; cat "$tmp/m3.err"; }
[ "$(m --db "$b" export --format json | md5sum)" = "$before" ] && ok || bad "the refused destination changed"
m migrate --from "$a" --to "$MVROAD_TEST_PG" >/dev/null 2>"$tmp/m4.err"
[ $? -eq 1 ] && grep -q "not empty" "$tmp/m4.err" && ok || bad "non-empty PostgreSQL: not refused"
# a missing source: nothing created
m migrate --from "$tmp/none.db" --to "$tmp/c.db" >/dev/null 2>"$tmp/m5.err"
[ $? -eq 1 ] && [ ! -e "$tmp/c.db" ] && ok || bad "missing source"
m migrate --from "$a" >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "no --to: wanted exit 2"

echo "pg/migrate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
