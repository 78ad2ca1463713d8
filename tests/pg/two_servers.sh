#!/bin/sh
# two_servers.sh - two `mvroad serve` processes over one PostgreSQL
# database, no proxy (issue 8): a session opened on one is valid on the
# other, a submission made through one is seen by the other, a logout on
# one ends the session on both.
#
# Run by ctest as pg/two_servers through tests/pg/with_pg.sh.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
: "${MVROAD_TEST_PG:?run through tests/pg/with_pg.sh}"
unset MVROAD_DB
MVROAD_PWHASH_FAST=1
export MVROAD_PWHASH_FAST
D=$MVROAD_TEST_PG

tmp=$(mktemp -d)
pids=
cleanup() {
  for p in $pids; do
    kill "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
  sed 's/^/  h| /' "$tmp/h" 2>/dev/null | head -8
  head -c 300 "$tmp/b" 2>/dev/null | sed 's/^/  b| /'
}
is() { if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', expected '$2'"; fi; }
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$3: no '$2'"; fi; }

"$MVROAD" --db "$D" import --date 2025-01-10 \
  "$SRC/data/examples/metaverse-standards.csv" >/dev/null 2>&1 ||
  bad "import the examples"
printf 'liaison-a-pass\n' |
  "$MVROAD" --db "$D" user add la --role liaison --org 'JTC 1/SC 29' \
    >/dev/null 2>&1 || bad "user add"
"$MVROAD" --db "$D" token create la >"$tmp/token" 2>/dev/null ||
  bad "token create"
TOKEN=$(cat "$tmp/token")

# start NAME: a server on a free port (tests/cli/server.sh); sets $port
. "$SRC/tests/cli/server.sh"
start() {
  serve_start "$tmp/$1.log" "$D" || exit 1
  pids="$pids $pid"
}
start a
A=http://127.0.0.1:$port
start b
B=http://127.0.0.1:$port
J=$tmp/jar # curl keeps cookies per host, not per port: one jar for both

req() { # req METHOD URL [CURL-ARGS...]: sets $code, $tmp/h, $tmp/b
  m=$1 u=$2
  shift 2
  code=$(curl -s -X "$m" -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' \
    -b "$J" -c "$J" "$@" "$u")
}

# sign in on A
req GET "$A/login"
C=$(awk '$6 == "mvr_signin" { print $7 }' "$J")
req POST "$A/login" -H "Origin: $A" --data "login=la&password=liaison-a-pass&csrf=$C"
is "$code" 303 "login on A"
S=$(awk '$6 == "mvr_session" { print $7 }' "$J")
[ ${#S} -eq 64 ] && ok || bad "no session cookie from A"
# the same cookie on B
req GET "$B/login"
is "$code" 200 "B with A's session"
has "$tmp/b" 'signed in as <strong>la</strong>' "B knows A's session"
SC=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/b" | head -1)

# a submission through A, seen through B
H='SDO / Org.,Reference,Type,Title,Status,Category,Summary'
printf '%s\nJTC 1/SC 29,ISO/IEC 23090-77,Standard,Scene part,Under development,Enabling Technology,x.\n' "$H" >"$tmp/own.csv"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: text/csv' --data-binary "@$tmp/own.csv" \
  "$A/api/v1/submissions")
case $code in 2??) ok ;; *) bad "submission through A: $code" ;; esac
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: text/csv' --data-binary "@$tmp/own.csv" \
  "$B/api/v1/submissions")
is "$code" 200 "the same file through B"
has "$tmp/b" '"already_imported": true' "B knows the file came through A"
has "$tmp/b" '"stored": false' "B stores nothing again"
n=$("$MVR_PG_BIN/psql" -X -At -d "$D" -c "SELECT count(*) FROM proposals")
is "$n" 1 "one proposal stored"

# a logout on B ends the session on A
req POST "$B/logout" -H "Origin: $B" --data "csrf=$SC"
is "$code" 303 "logout on B"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "mvr_session=$S" \
  -H "Origin: $A" --data "csrf=$SC" "$A/logout")
is "$code" 401 "the session ended on A too"

echo "pg/two_servers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
