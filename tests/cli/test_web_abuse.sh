#!/bin/sh
# test_web_abuse.sh - hostile clients against `mvroad serve` (issue 9, item
# 5), with tests/http/abuse.py (Python standard library): oversized bodies
# (413), URL (414) and headers (431 or closed), header floods, formula
# injection in the CSV/XLSX downloads, session fixation, a liaison
# submitting another organisation's rows (IDOR), CSRF without token or with
# a foreign Origin (403), many connections from one address, and 1,000
# slow clients from 127.0.0.2 while a normal request from 127.0.0.1 is
# served within a second. Then login brute force (429). XSS payloads in
# every field and SQL metacharacters in every filter are in test_serve.sh.
#
# Run by ctest as cli/test_web_abuse with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
MVROAD_PWHASH_FAST=1
export MVROAD_PWHASH_FAST

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
. "$SRC/tests/cli/testdb.sh"
D=$(testdb r) || exit 1
rc=0

# rows whose cells start with formula characters
H='SDO / Org.,Reference,Type,Title,Status,Category,Summary'
cat >"$tmp/formula.csv" <<CSV
$H
JTC 1/SC 29,ISO/IEC 23090-91,Standard,"=HYPERLINK(""http://evil.example"";""x"") formulaprobe",Published,Enabling Technology,+SUM(A1:A9) formulaprobe
JTC 1/SC 29,ISO/IEC 23090-92,Standard,-2+3 formulaprobe,Published,Enabling Technology,@SUM(1) formulaprobe
CSV
"$MVROAD" --db "$D" init >/dev/null 2>&1 &&
  "$MVROAD" --db "$D" import "$SRC/data/examples/metaverse-standards.csv" \
    >/dev/null 2>&1 &&
  "$MVROAD" --db "$D" import "$tmp/formula.csv" >"$tmp/imp" 2>&1 || {
  echo "FAIL: loading the data"
  cat "$tmp/imp"
  exit 1
}
PW=liaison-$$-pass
printf '%s\n' "$PW" | "$MVROAD" --db "$D" user add la --role liaison \
  --org 'JTC 1/SC 29' >/dev/null 2>&1 || {
  echo "FAIL: user add"
  exit 1
}

. "$SRC/tests/cli/server.sh"
serve_start "$tmp/server.log" "$D" --no-access-log || exit 1
B=http://127.0.0.1:$port

python3 "$SRC/tests/http/abuse.py" "$B" la "$PW" || rc=1

# login brute force: 10 failures for a login, then 429 even with the right
# password
n429=0
i=0
while [ $i -lt 12 ]; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -c "$tmp/jar" -b "$tmp/jar" \
    "$B/login")
  tok=$(curl -s -c "$tmp/jar" -b "$tmp/jar" "$B/login" |
    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  code=$(curl -s -o /dev/null -w '%{http_code}' -c "$tmp/jar" -b "$tmp/jar" \
    -H "Origin: $B" --data-urlencode "login=la" \
    --data-urlencode "password=wrong-$i" --data-urlencode "csrf=$tok" \
    "$B/login")
  [ "$code" = 429 ] && n429=$((n429 + 1))
  i=$((i + 1))
done
tok=$(curl -s -c "$tmp/jar" -b "$tmp/jar" "$B/login" |
  sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
code=$(curl -s -o /dev/null -w '%{http_code}' -D "$tmp/h" -c "$tmp/jar" \
  -b "$tmp/jar" -H "Origin: $B" --data-urlencode "login=la" \
  --data-urlencode "password=$PW" --data-urlencode "csrf=$tok" "$B/login")
if [ "$n429" -ge 1 ] && [ "$code" = 429 ] &&
  grep -qi '^Retry-After:' "$tmp/h"; then
  :
else
  echo "FAIL: brute force: $n429 answers 429 of 12, then the right password: $code (expected 429 with Retry-After)"
  rc=1
fi

kill "$pid" 2>/dev/null
wait "$pid"
src=$?
pid=
[ "$src" -eq 0 ] || {
  echo "FAIL: server exit status $src"
  rc=1
}
if grep -q 'Sanitizer\|runtime error' "$tmp/server.log"; then
  echo "FAIL: sanitizer report from the server"
  grep -A20 'Sanitizer\|runtime error' "$tmp/server.log" | head -40
  rc=1
fi
exit "$rc"
