#!/bin/sh
# test_access_matrix.sh - the access-control matrix (issue 5, SECURITY.md
# G11): starts the server on a free port, signs in as each role
# (anonymous, liaison of organisation A, liaison of organisation B,
# editor, secretariat), sends every request of tests/http/access_matrix.tsv
# and compares the status. Every route of `mvroad serve --routes` must
# have lines for all five roles there: a route missing fails the test.
#
# Run by ctest as cli/test_access_matrix with MVROAD=<binary> SRC=<source>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
MVROAD_PWHASH_FAST=1
export MVROAD_PWHASH_FAST
TABLE=$SRC/tests/http/access_matrix.tsv
ROLES="anonymous liaison_a liaison_b editor secretariat"

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
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
}
. "$SRC/tests/cli/testdb.sh"
D=$(testdb r) || exit 1

# --- every route has its lines ---------------------------------------------
"$MVROAD" serve --routes >"$tmp/routes" || bad "serve --routes"
grep -v '^#' "$TABLE" | grep -v '^$' >"$tmp/table"
awk -F'\t' 'NF != 4 { print "line " NR ": " $0 }' "$tmp/table" >"$tmp/badlines"
if [ -s "$tmp/badlines" ]; then
  bad "lines without four tab-separated columns:"
  cat "$tmp/badlines"
fi
while read -r method pattern role; do
  # the pattern as an anchored regular expression on the path
  re="^$(printf '%s' "$pattern" | sed 's/[.]/\\./g; s/{[^}]*}/[^\/?]+/g')(\\?.*)?\$"
  for r in $ROLES; do
    if awk -F'\t' -v m="$method" -v r="$r" -v re="$re" \
      '$1 == m && $3 == r && $2 ~ re { found = 1 } END { exit !found }' \
      "$tmp/table"; then
      ok
    else
      bad "route $method $pattern has no line for role $r in access_matrix.tsv"
    fi
  done
done <"$tmp/routes"

# --- a register with accounts ------------------------------------------------
"$MVROAD" --db "$D" import "$SRC/data/examples/metaverse-standards.csv" \
  >/dev/null 2>&1 || bad "import"
"$MVROAD" --db "$D" release create R1 >/dev/null 2>&1 || bad "release"
adduser() {
  printf "%s\n" "$1-password" |
    "$MVROAD" --db "$D" user add "$@" >/dev/null 2>&1 || bad "user add $*"
}
adduser liaison_a --role liaison --org 'JTC 1/SC 29'
adduser liaison_b --role liaison --org 'W3C'
adduser editor --role editor
adduser secretariat --role secretariat
H='SDO / Org.,Reference,Type,Title,Status,Category,Summary'
printf '%s\nJTC 1/SC 29,ISO/IEC 23090-88,Standard,Matrix part,Under development,Enabling Technology,x.\n' \
  "$H" >"$tmp/org_a.csv"

. "$SRC/tests/cli/server.sh"
serve_start "$tmp/server.log" "$D" || exit 1
B=http://127.0.0.1:$port

# signin ROLE: a fresh cookie jar $tmp/jar.ROLE with ROLE's session (none
# for anonymous: only the sign-in form's cookie); sets $csrf.
signin() {
  j=$tmp/jar.$1
  rm -f "$j"
  curl -s -o "$tmp/form" -b "$j" -c "$j" "$B/login"
  csrf=$(awk '$6 == "mvr_signin" { print $7 }' "$j")
  [ "$1" = anonymous ] && return 0
  st=$(curl -s -o /dev/null -w '%{http_code}' -b "$j" -c "$j" -H "Origin: $B" \
    --data "login=$1&password=$1-password&csrf=$csrf" "$B/login")
  [ "$st" = 303 ] || bad "sign in as $1: $st"
  curl -s -o "$tmp/form" -b "$j" "$B/login"
  csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form" |
    head -1)
}

for r in $ROLES; do
  signin "$r"
done
tab=$(printf '\t')
while IFS="$tab" read -r method path role want; do
  j=$tmp/jar.$role
  if [ "$method" = GET ]; then
    got=$(curl -s -o /dev/null -w '%{http_code}' -b "$j" "$B$path")
    head=$(curl -s -I -o /dev/null -w '%{http_code}' -b "$j" "$B$path")
    [ "$head" = "$want" ] && ok ||
      bad "HEAD $path as $role: $head, expected $want"
  else
    signin "$role"
    case $path in
    /api/*)
      got=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$j" -H "Origin: $B" \
        -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
        --data-binary "@$tmp/org_a.csv" "$B$path")
      ;;
    /submit)
      got=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$j" -H "Origin: $B" \
        -F "csrf=$csrf" -F action=preview -F "file=@$tmp/org_a.csv" \
        "$B$path")
      ;;
    *)
      got=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$j" -c "$j" \
        -H "Origin: $B" --data "csrf=$csrf" "$B$path")
      ;;
    esac
  fi
  if [ "$got" = "$want" ]; then ok; else
    bad "$method $path as $role: $got, expected $want"
  fi
done <"$tmp/table"

# nothing changed state: the submissions were dry runs (previews)
n=$(testdb_sql "$D" "SELECT count(*) FROM proposals")
[ "$n" = 0 ] && ok || bad "$n proposals stored by dry runs"

kill "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" -eq 0 ] && ok || bad "server exit status $rc"
if grep -q 'ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer' \
  "$tmp/server.log"; then
  bad "sanitizer report from the server"
  grep -A20 'Sanitizer\|runtime error' "$tmp/server.log" | head -40
else ok; fi

echo "test_access_matrix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
