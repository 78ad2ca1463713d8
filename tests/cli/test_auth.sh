#!/bin/sh
# test_auth.sh - accounts from the command line: `user add|passwd|list|
# disable|enable` and `token create|list|revoke`: passwords read from
# standard input and stored only as Argon2id hashes, tokens printed once
# and stored only hashed, exit statuses, --help; then, when the server
# has the routes, the web side (login, logout, CSRF, Origin, 429).
#
# Run by ctest as cli/test_auth with MVROAD=<binary> SRC=<source dir>,
# and as pg/auth against PostgreSQL (issue 8): MVR_TEST_DB then names the
# database (a URI of tests/pg/with_pg.sh), read back with psql/pg_dump.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
MVROAD_PWHASH_FAST=1 # the OWASP minimum (19 MiB, 2 passes): fast tests
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
pass=0
fail=0
D=${MVR_TEST_DB:-$tmp/r.db}

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
dump() {
  sed 's/^/  out| /' "$tmp/out" | head -20
  sed 's/^/  err| /' "$tmp/err" | head -20
}
run() {
  "$MVROAD" --db "$D" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
}
# runin INPUT ARGS...: with INPUT on standard input
runin() {
  input=$1
  shift
  printf '%s\n' "$input" | "$MVROAD" --db "$D" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
expect() {
  if [ "$rc" -eq "$1" ]; then
    ok
  else
    bad "$2: exit status $rc, expected $1"
    dump
  fi
}
has() { # has FILE TEXT LABEL
  if grep -qF -- "$2" "$1"; then ok; else
    bad "$3: no '$2'"
    dump
  fi
}
hasnt() {
  if grep -qF -- "$2" "$1"; then
    bad "$3: '$2' found"
    dump
  else ok; fi
}
sql() {
  case $D in
  postgres*://*) "$MVR_PG_BIN/psql" -X -q -At -d "$D" -c "$1" ;;
  *) sqlite3 "$D" "$1" ;;
  esac
}
# the whole database as text
dumpdb() {
  case $D in
  postgres*://*) "$MVR_PG_BIN/pg_dump" -d "$D" ;;
  *) sqlite3 "$D" .dump ;;
  esac
}

run init
expect 0 "init"

# --- users -----------------------------------------------------------------
runin 'editor-password' user add ed --role editor --name 'Edith E'
expect 0 "user add editor"
runin 'liaison-a-pass' user add la --role liaison --org 'JTC 1/SC 29'
expect 0 "user add liaison A"
runin 'liaison-b-pass' user add lb --role liaison --org W3C
expect 0 "user add liaison B"
runin 'admin-password' user add adm --role admin
expect 0 "user add admin"
runin 'editor-password' user add ed --role editor
expect 1 "user add: taken"
has "$tmp/err" 'exists already' "user add: taken message"
runin 'short' user add sh --role editor
expect 1 "user add: short password"
has "$tmp/err" 'at least 8' "user add: short password message"
runin 'long-enough' user add nn --role liaison
expect 2 "user add: liaison without --org"
runin 'long-enough' user add nn --role editor --org W3C
expect 2 "user add: --org for an editor"
runin 'long-enough' user add nn --role root
expect 2 "user add: unknown role"
runin 'long-enough' user add nn
expect 2 "user add: no role"
run user add nn --role editor
expect 1 "user add: no password on stdin"
runin 'long-enough' user add 'a b' --role editor
expect 1 "user add: bad login"

# nothing in clear in the database
if dumpdb | grep -q 'editor-password'; then
  bad "a password is stored in clear"
else ok; fi
h=$(sql "SELECT pwhash FROM users WHERE login = 'ed'")
case $h in
'$argon2id$v=19$m='*) ok ;;
*) bad "hash is not Argon2id: $h" ;;
esac

run user list
expect 0 "user list"
has "$tmp/out" 'ISO/IEC JTC 1/SC 29' "user list: organisation normalised"
has "$tmp/out" 'secretariat' "user list: admin is secretariat"
run user list --format json
expect 0 "user list json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
u={x["login"]: x for x in d["users"]};
assert u["la"]["org"] == "ISO/IEC JTC 1/SC 29", u
assert u["ed"]["org"] is None and u["ed"]["role"] == "editor"
assert u["ed"]["name"] == "Edith E"
assert not u["lb"]["disabled"]' "$tmp/out"; then ok; else
  bad "user list json shape"
  dump
fi
run user list --format xml
expect 2 "user list: bad format"

runin 'new-editor-pass' user passwd ed
expect 0 "user passwd"
runin 'new-editor-pass' user passwd nobody
expect 1 "user passwd: no such login"
runin 'x' user passwd ed
expect 1 "user passwd: short"
run user disable lb
expect 0 "user disable"
run user list --format json
has "$tmp/out" '"login": "lb", "name": "", "role": "liaison", "org": "W3C", "disabled": true' "disabled shown"
run user enable lb
expect 0 "user enable"
run user disable nobody
expect 1 "user disable: no such login"
run user
expect 2 "user: no action"
run user frob x
expect 2 "user: unknown action"
run user --help
expect 0 "user --help"
has "$tmp/out" 'Argon2id' "user --help text"

# --- tokens ----------------------------------------------------------------
run token create la --name 'upload script'
expect 0 "token create"
TOKEN=$(cat "$tmp/out")
case $TOKEN in
mvr_????????????????????????????????????????????????????????????????) ok ;;
*) bad "token format: $TOKEN" ;;
esac
if dumpdb | grep -q "${TOKEN#mvr_}"; then
  bad "a token is stored in clear"
else ok; fi
run token create nobody
expect 1 "token create: no such login"
run token list
expect 0 "token list"
has "$tmp/out" 'upload script' "token list: name"
hasnt "$tmp/out" "$TOKEN" "token list never shows the token"
run token list la --format json
expect 0 "token list json"
has "$tmp/out" '"revoked": false' "token list json"
run token create la
TOKEN2=$(cat "$tmp/out")
run token revoke 2
expect 0 "token revoke"
run token revoke 2
expect 1 "token revoke: again"
run token revoke abc
expect 2 "token revoke: not a number"
run token list --format json
has "$tmp/out" '"revoked": true' "revoked shown"
run token --help
expect 0 "token --help"

# --- the server ------------------------------------------------------------
"$MVROAD" --db "$D" import "$SRC/data/examples/metaverse-standards.csv" \
  >/dev/null 2>&1 || bad "import the examples"
. "$SRC/tests/cli/server.sh"
serve_start "$tmp/server.log" "$D" || exit 1
B=http://127.0.0.1:$port
J=$tmp/jar
# post PATH DATA [CURL-ARGS...]: POST a form from our own origin with the
# cookie jar; sets $code, $tmp/h, $tmp/b
post() {
  p=$1
  d=$2
  shift 2
  code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' -b "$J" -c "$J" \
    -H "Origin: $B" --data "$d" "$@" "$B$p")
}
get() {
  p=$1
  shift
  code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' -b "$J" -c "$J" \
    "$@" "$B$p")
}
is() { # is VALUE EXPECTED LABEL
  if [ "$1" = "$2" ]; then ok; else
    bad "$3: got '$1', expected '$2'"
    sed 's/^/  h| /' "$tmp/h" 2>/dev/null | head -12
    head -c 300 "$tmp/b" 2>/dev/null | sed 's/^/  b| /'
  fi
}
signin_csrf() { awk '$6 == "mvr_signin" { print $7 }' "$J"; }
session_csrf() {
  get /login
  sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/b" | head -1
}

rm -f "$J"
get /login
is "$code" 200 "GET /login"
has "$tmp/h" 'Cache-Control: no-store' "login form not cached"
has "$tmp/h" 'HttpOnly; SameSite=Strict' "sign-in cookie flags"
has "$tmp/b" 'name="csrf"' "login form has a CSRF field"
has "$tmp/h" 'Content-Security-Policy' "login form CSP"
C=$(signin_csrf)
# sign-in without the form's token, with a wrong one, from elsewhere
post /login "login=la&password=liaison-a-pass"
is "$code" 403 "login without CSRF token"
post /login "login=la&password=liaison-a-pass&csrf=0$C"
is "$code" 403 "login with a wrong CSRF token"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" \
  -H 'Origin: http://evil.example' --data "login=la&password=liaison-a-pass&csrf=$C" "$B/login")
is "$code" 403 "login from a foreign origin"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" \
  --data "login=la&password=liaison-a-pass&csrf=$C" "$B/login")
is "$code" 403 "login with neither Origin nor Referer"
post /login "login=la&password=wrong-password&csrf=$C"
is "$code" 401 "login with a wrong password"
hasnt "$tmp/h" 'mvr_session=' "no session after a wrong password"
# GET never signs in
get "/login?login=la&password=liaison-a-pass"
hasnt "$tmp/h" 'mvr_session=' "GET /login with credentials does nothing"
C=$(signin_csrf)
post /login "login=la&password=liaison-a-pass&csrf=$C"
is "$code" 303 "login"
has "$tmp/h" 'mvr_session=' "session cookie set"
has "$tmp/h" 'Path=/; HttpOnly; SameSite=Strict' "session cookie flags"
hasnt "$tmp/h" 'Secure' "no Secure without --tls-proxy"
S1=$(awk '$6 == "mvr_session" { print $7 }' "$J")
[ ${#S1} -eq 64 ] && ok || bad "session token is not 256 bits of hex: $S1"
if dumpdb | grep -q "$S1"; then
  bad "the session token is stored in clear"
else ok; fi
get /login
has "$tmp/b" 'signed in as <strong>la</strong>' "signed-in page"
has "$tmp/h" 'Cache-Control: no-store' "signed-in page not cacheable"
get /entries
has "$tmp/h" 'Cache-Control: no-store' "signed-in listing not cacheable"
SC=$(session_csrf)
# rotation: signing in again gives a new session, the old one ends
post /login "login=la&password=liaison-a-pass&csrf=$SC"
is "$code" 303 "login again"
S2=$(awk '$6 == "mvr_session" { print $7 }' "$J")
[ "$S1" != "$S2" ] && ok || bad "the session was not rotated"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "mvr_session=$S1" \
  -H "Origin: $B" --data "csrf=$SC" "$B/logout")
is "$code" 401 "the old session is gone"
SC=$(session_csrf)
# logout needs the session's CSRF token and our origin
post /logout "csrf=bad"
is "$code" 403 "logout with a wrong CSRF token"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" \
  -H "Origin: http://evil.example" --data "csrf=$SC" "$B/logout")
is "$code" 403 "logout from a foreign origin"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" \
  -H "Referer: $B/login" --data "csrf=$SC" "$B/logout")
is "$code" 303 "logout with a Referer from our pages"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "mvr_session=$S2" \
  -H "Origin: $B" --data "csrf=$SC" "$B/logout")
is "$code" 401 "the session ended on the server"
get /logout
is "$code" 405 "GET /logout"
has "$tmp/h" 'Allow: POST' "Allow for /logout"

# --- the submissions API ---------------------------------------------------
H='SDO / Org.,Reference,Type,Title,Status,Category,Summary'
printf '%s\nJTC 1/SC 29,ISO/IEC 23090-77,Standard,Scene part,Under development,Enabling Technology,x.\nW3C,WebFoo API,Standard,Foo,Published,Enabling Technology,y.\n,ISO/IEC 23090-78,Standard,Other,Bogus,Enabling Technology,z.\n' "$H" >"$tmp/mixed.csv"
printf '%s\nJTC 1/SC 29,ISO/IEC 23090-77,Standard,Scene part,Under development,Enabling Technology,x.\n' "$H" >"$tmp/own.csv"
api() { # api TOKEN FILE CTYPE QUERY
  code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' \
    ${1:+-H "Authorization: Bearer $1"} -H "Content-Type: $3" \
    --data-binary "@$2" "$B/api/v1/submissions$4")
}
api "$TOKEN" "$tmp/mixed.csv" text/csv '?dry_run=1'
is "$code" 422 "dry run with errors"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["error"]
assert d["code"] == "invalid_submission"
det = {(x["row"], x["column"]) for x in d["details"]}
assert (3, "SDO / Org.") in det, det
assert (4, "Status") in det, det' "$tmp/b"; then ok; else
  bad "422 details by row and column"
  cat "$tmp/b"
fi
# a message longer than the answer keeps of it, quoting a cell of
# accented letters: cut between characters, the answer valid UTF-8
python3 -c 'import sys
open(sys.argv[1], "w", encoding="utf-8").write(sys.argv[2] + "\nJTC 1/SC 29,"
  "ISO/IEC 23090-79,Standard,Long,Published," + "é" * 400 + ",x.\n")' \
  "$tmp/long.csv" "$H"
api "$TOKEN" "$tmp/long.csv" text/csv '?dry_run=1'
is "$code" 422 "dry run, a long bad category"
if python3 -c 'import json,sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))["error"]
m = [x["message"] for x in d["details"] if x["column"] == "Category"]
assert m and "éé" in m[0], d' "$tmp/b"; then ok; else
  bad "a long message cut inside a character (invalid UTF-8)"
  head -c 700 "$tmp/b"
fi
# and another organisation's row whose name is long and accented (the
# message quotes 200 bytes of it)
python3 -c 'import sys
open(sys.argv[1], "w", encoding="utf-8").write(sys.argv[2] + "\nX" + "É" * 150 +
  ",ISO/IEC 23090-79,Standard,Long,Published,General,x.\n")' \
  "$tmp/longorg.csv" "$H"
api "$TOKEN" "$tmp/longorg.csv" text/csv '?dry_run=1'
is "$code" 422 "dry run, a long accented organisation"
if python3 -c 'import json,sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))["error"]
m = [x["message"] for x in d["details"] if x["column"] == "SDO / Org."]
assert m and "this row is for XÉÉ" in m[0], d' "$tmp/b"; then ok; else
  bad "an organisation name cut inside a character (invalid UTF-8)"
  head -c 700 "$tmp/b"
fi
api "$TOKEN" "$tmp/mixed.csv" text/csv ''
is "$code" 422 "submission with another organisation's row"
[ "$(sql "SELECT count(*) FROM proposals")" = 0 ] && ok ||
  bad "a refused submission stored proposals"
api "$TOKEN" "$tmp/own.csv" text/csv '?dry_run=1'
is "$code" 200 "dry run, clean"
has "$tmp/b" '"stored": false' "dry run stores nothing"
[ "$(sql "SELECT count(*) FROM proposals")" = 0 ] && ok ||
  bad "a dry run stored proposals"
api "$TOKEN" "$tmp/own.csv" text/csv ''
is "$code" 201 "submission stored"
has "$tmp/b" '"proposed": 1' "stored as a proposal"
run list --format json
hasnt "$tmp/out" '23090-77' "a proposal is not in the roadmap yet"
api "$TOKEN" "$tmp/own.csv" text/plain ''
is "$code" 415 "unknown media type"
api "" "$tmp/own.csv" text/csv ''
is "$code" 401 "no credentials"
api "${TOKEN}x" "$tmp/own.csv" text/csv ''
is "$code" 401 "bad token"
has "$tmp/h" 'WWW-Authenticate: Bearer' "401 names the scheme"
api "$TOKEN2" "$tmp/own.csv" text/csv ''
is "$code" 401 "revoked token"
head -c 9000000 /dev/zero | tr '\0' a >"$tmp/big.csv"
api "$TOKEN" "$tmp/big.csv" text/csv ''
is "$code" 413 "oversized submission"
# the editor approves (command line for now); anonymous readers see it
run approve 1
expect 0 "approve the proposal"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$B/api/v1/entries?q=Scene")
is "$code" 200 "anonymous search"
has "$tmp/b" '23090-77' "the approved entry is public"
# an editor's token may not pretend to be a liaison; a liaison's session
# needs the CSRF header for the API
rm -f "$J"
get /login
C=$(signin_csrf)
post /login "login=la&password=liaison-a-pass&csrf=$C"
SC=$(session_csrf)
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$J" -H "Origin: $B" \
  -H 'Content-Type: text/csv' --data-binary "@$tmp/own.csv" \
  "$B/api/v1/submissions?dry_run=1")
is "$code" 403 "session without X-CSRF-Token"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$J" -H "Origin: $B" \
  -H "X-CSRF-Token: $SC" -H 'Content-Type: text/csv' \
  --data-binary "@$tmp/own.csv" "$B/api/v1/submissions?dry_run=1")
is "$code" 200 "session with X-CSRF-Token"

# --- the upload page: preview with every problem, then submit -------------
cp "$tmp/mixed.csv" "$tmp/mixed-upload.csv"
printf '%s\nJTC 1/SC 29,ISO/IEC 23090-80,Standard,Uploaded part,Under development,Enabling Technology,u.\n' "$H" >"$tmp/upload.csv"
get /submit
is "$code" 200 "GET /submit"
has "$tmp/b" 'enctype="multipart/form-data"' "the upload form is multipart"
SC=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/b" | head -1)
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$J" -H "Origin: $B" \
  -F "csrf=$SC" -F action=preview -F "file=@$tmp/mixed-upload.csv" "$B/submit")
is "$code" 422 "preview of a file with errors"
has "$tmp/b" 'this row is for W3C' "preview: the other organisation's row"
has "$tmp/b" 'unknown status' "preview: the bad status"
has "$tmp/b" '<td>4</td><td>Status</td>' "preview: row and column"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$J" -H "Origin: $B" \
  -F action=preview -F "file=@$tmp/upload.csv" "$B/submit")
is "$code" 403 "upload without CSRF token"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$J" -H "Origin: $B" \
  -F "csrf=$SC" -F action=preview -F "file=@$tmp/upload.csv" "$B/submit")
is "$code" 200 "preview of a clean file"
has "$tmp/b" 'Submit for review' "preview offers to submit"
[ "$(sql "SELECT count(*) FROM entries WHERE reference LIKE '%23090-80%'")" = 0 ] &&
  [ "$(sql "SELECT count(*) FROM proposals WHERE reference LIKE '%23090-80%'")" = 0 ] &&
  ok || bad "the preview stored something"
DATA=$(sed -n 's/.*name="data" value="\([^"]*\)".*/\1/p' "$tmp/b")
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -b "$J" -H "Origin: $B" \
  -F "csrf=$SC" -F action=submit -F filename=upload.csv -F "data=$DATA" \
  "$B/submit")
is "$code" 201 "submit after the preview"
has "$tmp/b" 'wait for an editor' "submitted page"
[ "$(sql "SELECT count(*) FROM proposals WHERE state = 'pending'")" -ge 1 ] &&
  ok || bad "no proposal stored by the upload page"

# --- review in the browser: the editor approves a whole submission ---------
printf '%s\nJTC 1/SC 29,ISO/IEC 23090-79,Standard,Web reviewed part,Under development,Enabling Technology,w.\n' "$H" >"$tmp/own2.csv"
api "$TOKEN" "$tmp/own2.csv" text/csv ''
is "$code" 201 "second submission"
sub=$(sed -n 's/.*"submission_id": \([0-9]*\).*/\1/p' "$tmp/b")
get /review
is "$code" 403 "a liaison may not review"
rm -f "$J"
get /login
C=$(signin_csrf)
post /login "login=ed&password=new-editor-pass&csrf=$C"
is "$code" 303 "editor signs in"
get /review
is "$code" 200 "GET /review"
has "$tmp/b" 'ISO/IEC 23090-79' "the proposal is listed"
has "$tmp/b" 'name="submission" value="'"$sub"'"' "a form per submission"
SC=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/b" | head -1)
get "/review?csrf=$SC&submission=$sub&action=approve"
is "$code" 200 "GET /review with the form's fields in the query"
[ "$(sql "SELECT count(*) FROM proposals WHERE state = 'pending' AND submission_id = $sub")" = 1 ] &&
  ok || bad "a GET approved something"
post /review "submission=$sub&action=approve"
is "$code" 403 "approve without CSRF token"
post /review "csrf=$SC&submission=$sub&action=approve"
is "$code" 303 "approve the submission"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$B/api/v1/entries?q=reviewed")
has "$tmp/b" '23090-79' "the entry approved on the web is public"

# --- conflicts in the browser ------------------------------------------------
# ITU-T SG21 asserts another status for an IEEE entry (as test_curate.sh)
printf '%s\nIEEE,IEEE P3079.9,Draft Standard,Motion test,Active PAR,General,m.\n' "$H" >"$tmp/c1.csv"
printf '%s\nIEEE,IEEE P3079.9,Draft Standard,Motion test,Published,General,m.\n' "$H" >"$tmp/c2.csv"
run import --date 2025-10-01 "$tmp/c1.csv"
expect 0 "import an IEEE entry"
run import --org "ITU-T SG21" --date 2025-10-02 "$tmp/c2.csv"
expect 0 "import another organisation's value"
cid=$(sql "SELECT min(id) FROM conflicts WHERE state = 'open'")
if [ -n "$cid" ]; then
  get /conflicts
  is "$code" 200 "GET /conflicts"
  has "$tmp/b" 'name="conflict" value="'"$cid"'"' "the conflict is listed"
  SC=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/b" | head -1)
  post /conflicts "csrf=$SC&conflict=$cid&take=current&note=kept"
  is "$code" 303 "resolve on the web"
  [ "$(sql "SELECT state FROM conflicts WHERE id = $cid")" = resolved ] &&
    ok || bad "the conflict is still open"
else
  bad "no conflict opened by another organisation's value"
fi

# --- accounts in the browser: the secretariat -------------------------------
get /admin/users
is "$code" 403 "an editor may not manage accounts"
rm -f "$J"
get /login
C=$(signin_csrf)
post /login "login=adm&password=admin-password&csrf=$C"
is "$code" 303 "secretariat signs in"
get /admin/users
is "$code" 200 "GET /admin/users"
has "$tmp/b" 'ISO/IEC JTC 1/SC 29' "accounts listed"
SC=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/b" | head -1)
post /admin/users "csrf=$SC&action=add&login=web.user&role=liaison&org=IEEE&name=%3Cb%3EW%3C%2Fb%3E&password=web-user-pass"
is "$code" 303 "add an account on the web"
post /admin/users "csrf=$SC&action=add&login=web.user&role=editor&password=web-user-pass"
is "$code" 409 "add an account twice"
post /admin/users "csrf=$SC&action=add&login=x2&role=editor&password=short"
is "$code" 400 "add with a short password"
get /admin/users
has "$tmp/b" '&lt;b&gt;W&lt;/b&gt;' "names are escaped"
hasnt "$tmp/b" '<b>W</b>' "no markup from a name"
post /admin/users "csrf=$SC&action=disable&login=web.user"
is "$code" 303 "disable on the web"
[ "$(sql "SELECT disabled FROM users WHERE login = 'web.user'")" = 1 ] && ok ||
  bad "not disabled"
post /admin/users "csrf=$SC&action=disable&login=adm"
is "$code" 400 "the secretariat cannot disable itself"
post /admin/users "action=disable&login=ed"
is "$code" 403 "admin form without CSRF token"

# --- throttling -------------------------------------------------------------
rm -f "$J"
get /login
C=$(signin_csrf)
n=0
while [ $n -lt 10 ]; do
  post /login "login=ed&password=not-the-password&csrf=$C"
  is "$code" 401 "failed sign-in $n"
  C=$(signin_csrf) # the form comes back with a new token
  n=$((n + 1))
done
post /login "login=ed&password=new-editor-pass&csrf=$C"
is "$code" 429 "throttled after 10 failures"
C=$(signin_csrf)
ra=$(sed -n 's/^Retry-After: \([0-9]*\).*/\1/p' "$tmp/h" | tr -d '\r')
[ -n "$ra" ] && [ "$ra" -gt 0 ] && [ "$ra" -le 900 ] && ok ||
  bad "Retry-After '$ra'"
hasnt "$tmp/h" 'mvr_session=' "no session while throttled"
# another account from the same address still works
post /login "login=lb&password=liaison-b-pass&csrf=$C"
is "$code" 303 "another login is not throttled"

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

echo "test_auth: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
