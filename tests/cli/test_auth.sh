#!/bin/sh
# test_auth.sh - accounts from the command line: `user add|passwd|list|
# disable|enable` and `token create|list|revoke`: passwords read from
# standard input and stored only as Argon2id hashes, tokens printed once
# and stored only hashed, exit statuses, --help; then, when the server
# has the routes, the web side (login, logout, CSRF, Origin, 429).
#
# Run by ctest as cli/test_auth with MVROAD=<binary> SRC=<source dir>.
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
D=$tmp/r.db

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
sql() { sqlite3 "$D" "$1"; }

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
if sqlite3 "$D" .dump | grep -q 'editor-password'; then
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
if sqlite3 "$D" .dump | grep -q "${TOKEN#mvr_}"; then
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

echo "test_auth: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
