#!/bin/sh
# test_web_editor.sh - the pages of issue 5 for signed-in roles, with curl
# against a server on a free port of 127.0.0.1: the header ("Signed in as
# LOGIN (role)", sign-out, the role's links; "Sign in" when anonymous) and
# the answer cache (a signed-in page is never served from it nor stored
# in it); /duplicates (merge, not a duplicate); creating a release from
# /releases; /releases/A...B and /releases/{name}/roadmap.docx; the
# secretariat's /admin/orgs and /admin/reps (a removed person is gone
# from the database file). Every action is checked with the CLI on the
# same register, i.e. it really changed it. Payloads in the data, the
# names and the forms appear escaped on every new page.
#
# Run by ctest as cli/test_web_editor with MVROAD=<binary> SRC=<source>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB NO_COLOR
MVROAD_PWHASH_FAST=1
export MVROAD_PWHASH_FAST
PY=$(python3 -c 'import sys; print(sys.executable)')

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
M() { "$MVROAD" --db "$D" "$@"; }

# --- a register: examples, a duplicate pair with hostile titles, the
# --- coordination seed, accounts -------------------------------------------
M import "$SRC/data/examples/metaverse-standards.csv" >/dev/null 2>&1 ||
  bad "import"
XT='<script>alert(1)</script> Widget "API"'
cat >"$tmp/xss.csv" <<EOF
SDO / Org.,Reference,Type,Title,Status,Category,Summary
W3C,WidgetOne,Standard,"<script>alert(1)</script> Widget ""API""",Published,General,x
W3C,WidgetTwo <img src=x onerror=alert(2)>,Standard,"<script>alert(1)</script> Widget ""API""",Published,General,y
EOF
M import "$tmp/xss.csv" >/dev/null 2>&1 || bad "import xss.csv"
M coord import "$SRC/data/coord/jca-mv-seed.json" >/dev/null 2>&1 ||
  bad "coord import"
XREL='R0"><script>alert(6)</script>'
M release create "$XREL" >/dev/null 2>&1 || bad "release $XREL"
adduser() {
  printf "%s\n" "$1-password" | M user add "$@" >/dev/null 2>&1 ||
    bad "user add $*"
}
adduser ed --role editor
adduser sec --role secretariat
adduser la --role liaison --org 'JTC 1/SC 29'
ids=$(M duplicates --format json 2>/dev/null | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
pairs = d["pairs"] if isinstance(d, dict) else d
for p in pairs:
    a, b = p["a"], p["b"]
    if "Widget" in a["title"]:
        print("%d,%d" % (a["id"], b["id"]))' 2>/dev/null)
[ -n "$ids" ] && ok || bad "the widget pair is a possible duplicate"
a_id=${ids%,*}
b_id=${ids#*,}

. "$SRC/tests/cli/server.sh"
serve_start "$tmp/server.log" "$D" || exit 1
B=http://127.0.0.1:$port

# signin LOGIN: cookie jar $tmp/jar.LOGIN with LOGIN's session; sets $csrf
signin() {
  j=$tmp/jar.$1
  rm -f "$j"
  curl -s -o /dev/null -b "$j" -c "$j" "$B/login"
  t=$(awk '$6 == "mvr_signin" { print $7 }' "$j")
  st=$(curl -s -o /dev/null -w '%{http_code}' -b "$j" -c "$j" -H "Origin: $B" \
    --data "login=$1&password=$1-password&csrf=$t" "$B/login")
  [ "$st" = 303 ] || bad "sign in as $1: $st"
  csrf=$(curl -s -b "$j" "$B/login" |
    sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
}
# get WHO URL: sets $code, body $tmp/b, headers $tmp/h (WHO "-": anonymous)
get() {
  if [ "$1" = - ]; then
    code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$B$2")
  else
    code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' \
      -b "$tmp/jar.$1" "$B$2")
  fi
}
# post WHO PATH DATA: a form from our own pages; sets $code, $loc, $tmp/b
post() {
  code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' \
    -b "$tmp/jar.$1" -H "Origin: $B" --data "csrf=$csrf&$3" "$B$2")
  loc=$(tr -d '\r' <"$tmp/h" | sed -n 's/^Location: //Ip')
}
expect() { [ "$code" = "$1" ] && ok || bad "$2: status $code, expected $1"; }
has() { grep -qF -- "$1" "$tmp/b" && ok || bad "$2: no '$1'"; }
hasnt() { grep -qF -- "$1" "$tmp/b" && bad "$2: has '$1'" || ok; }
header() { tr -d '\r' <"$tmp/h" | sed -n "s/^$1: //Ip" | head -1; }
DOMCHECK='import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        assert tag not in ("script", "img", "iframe", "object", "embed",
                           "frame", "base", "meta") or (tag == "meta" and
            set(a) <= {"charset", "name", "content"}), (tag, attrs)
        for k, v in attrs:
            assert not k.startswith("on"), (tag, k, v)
            assert k != "style", (tag, k)
P().feed(open(sys.argv[1], encoding="utf-8").read())'
domcheck() {
  if "$PY" -c "$DOMCHECK" "$tmp/b" >"$tmp/py" 2>&1; then ok; else
    bad "$1: markup from the data"
    sed 's/^/  py| /' "$tmp/py" | tail -3
  fi
}

# --- 1. the header, and the answer cache -----------------------------------
get - /entries
expect 200 "anonymous /entries"
has '<a href="/login">Sign in</a>' "anonymous header"
hasnt 'Signed in as' "anonymous header"
hasnt '/duplicates' "anonymous navigation"
[ "$(header Vary)" = Cookie ] && ok || bad "public page without Vary: Cookie"
get - /entries # now from the cache
for who in ed sec la; do
  signin "$who"
done
get ed /entries
expect 200 "editor /entries"
has 'Signed in as <strong>ed</strong> (editor)' "editor header (after a cached anonymous copy)"
has '<form method="post" action="/logout"><input type="hidden" name="csrf" value="' "sign-out form"
grep -q "name=\"csrf\" value=\"$csrf\"" "$tmp/b" && bad "sec's token on ed's page" || ok
for l in /review /conflicts /duplicates '/releases#new-release'; do
  has "<a href=\"$l\"" "editor navigation"
done
hasnt '/admin/users' "editor navigation"
[ "$(header Cache-Control)" = no-store ] && ok ||
  bad "signed-in page Cache-Control: $(header Cache-Control)"
# a page first asked for by a signed-in user, then anonymously
get sec /orgs
has 'Signed in as <strong>sec</strong> (secretariat)' "secretariat header"
for l in /admin/users /admin/orgs /admin/reps /duplicates; do
  has "<a href=\"$l\"" "secretariat navigation"
done
get - /orgs
hasnt 'Signed in as' "anonymous /orgs after a signed-in one"
get - /orgs
hasnt 'Signed in as' "anonymous /orgs from the cache"
get la /orgs
has 'Signed in as <strong>la</strong> (liaison)' "liaison header"
has '<a href="/submit"' "liaison navigation"
hasnt '/duplicates' "liaison navigation"
hasnt '/review' "liaison navigation"
# an error page says who is signed in too
get ed /entries/999999
expect 404 "404 page"
has 'Signed in as <strong>ed</strong>' "error page header"
# and so does one answered before routing: no such page, a wrong method
get ed /no-such-page
expect 404 "unknown address"
has 'Signed in as <strong>ed</strong>' "unknown address: header"
hasnt '<a href="/login">Sign in</a>' "unknown address: no sign-in link"
get ed /logout
expect 405 "GET on a POST-only address"
has 'Signed in as <strong>ed</strong>' "405 page header"
get - /no-such-page
expect 404 "unknown address, anonymous"
has '<a href="/login">Sign in</a>' "unknown address, anonymous: sign-in link"
# the sign-out button works
signin la
post la /logout ""
expect 303 "sign out"
get la /orgs
has '<a href="/login">Sign in</a>' "after sign-out"
signin la

# --- 2. duplicates -----------------------------------------------------------
signin ed
get ed /duplicates
expect 200 "/duplicates"
has "value=\"$a_id,$b_id\"" "the widget pair is offered"
has '&lt;script&gt;alert(1)&lt;/script&gt;' "the title escaped"
has '<mark>Widget</mark>' "the shared words"
domcheck /duplicates
get - /duplicates
expect 401 "anonymous /duplicates"
get la /duplicates
expect 403 "liaison /duplicates"
# forms from elsewhere or without the token are refused
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.ed" \
  -H "Origin: $B" --data "action=merge&ids=$a_id,$b_id" "$B/duplicates")
expect 403 "merge without the CSRF token"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.ed" \
  -H "Origin: http://evil.example" \
  --data "csrf=$csrf&action=merge&ids=$a_id,$b_id" "$B/duplicates")
expect 403 "merge from another origin"
post ed /duplicates "action=merge&ids=$a_id"
expect 400 "merge with one id"
post ed /duplicates "action=explode&ids=$a_id,$b_id"
expect 400 "unknown action"
post ed /duplicates "action=merge&ids=$a_id,$b_id&keep=1"
expect 400 "keep an id of neither"
M show "$b_id" | grep -q 'Merged here' && bad "merged before the POST" || ok
post ed /duplicates "action=merge&ids=$a_id,$b_id&keep=$b_id&note=same+widget"
expect 303 "merge"
[ "$loc" = /duplicates ] && ok || bad "merge redirects to $loc"
M show "$b_id" >"$tmp/show"
grep -q "Merged here.*entry $a_id" "$tmp/show" && ok ||
  bad "mvroad show $b_id does not show the merge"
M show "$b_id" --format json 2>/dev/null | grep -q 'same widget' ||
  M history "$b_id" 2>/dev/null | grep -q 'merge' && ok ||
  bad "the merge is not in the history"
post ed /duplicates "action=merge&ids=$a_id,$b_id&keep=$a_id"
expect 409 "merging into a merged entry"
has 'merged' "the 409 says why"
get ed /duplicates
hasnt "value=\"$a_id,$b_id\"" "a merged pair is no longer offered"
# not a duplicate: H.266 and ISO/IEC 23090-3 (part title)
get ed /duplicates
pair=$(sed -n 's/.*name="ids" value="\([0-9]*,[0-9]*\)".*/\1/p' "$tmp/b" | head -1)
if [ -n "$pair" ]; then
  ok
  post ed /duplicates "action=not-duplicate&ids=$pair&note=different+bodies"
  expect 303 "not a duplicate"
  M not-duplicate --list >"$tmp/nd" 2>&1
  grep -q 'different bodies' "$tmp/nd" && ok ||
    bad "mvroad not-duplicate --list does not have the mark"
  get ed /duplicates
  sec="id=\"dup-${pair%,*}-${pair#*,}\""
  hasnt "$sec" "a dismissed pair is no longer offered"
  # it is listed with the marks, and the mark can be undone
  has 'Marked not duplicates' "the marks section"
  has 'different bodies' "the mark's note"
  has 'value="undo-not-duplicate"' "an undo button"
  domcheck "/duplicates with a mark"
  post ed /duplicates "action=undo-not-duplicate&ids=$pair"
  expect 303 "undo the mark"
  M not-duplicate --list >"$tmp/nd" 2>&1
  grep -q 'different bodies' "$tmp/nd" && bad "the mark is still in force" || ok
  get ed /duplicates
  has "$sec" "an undone pair is offered again"
  has 'No pair is marked.' "no marks left"
  post ed /duplicates "action=undo-not-duplicate&ids=$pair"
  expect 404 "undoing a mark that is not there"
  has 'no not-duplicate mark' "the 404 says why"
  # marked again: a new mark
  post ed /duplicates "action=not-duplicate&ids=$pair&note=different+bodies+again"
  expect 303 "mark again"
  M not-duplicate --list >"$tmp/nd" 2>&1
  grep -q 'different bodies again' "$tmp/nd" && ok ||
    bad "marking again does not make a new mark"
else
  bad "no other pair to dismiss"
fi

# --- 2. releases from the web ---------------------------------------------
get ed /releases
has 'action="/releases"' "the editor sees the release form"
has '&lt;script&gt;alert(6)' "the release name escaped"
domcheck "/releases (editor)"
get - /releases
hasnt 'action="/releases"' "anonymous readers get no release form"
get la /releases
hasnt 'action="/releases"' "liaison gets no release form"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.la" -H "Origin: $B" \
  --data "name=X" "$B/releases")
[ "$code" = 403 ] && ok || bad "liaison POST /releases: $code"
post ed /releases "name=Web%201&note=from+the+web"
expect 303 "create a release"
[ "$loc" = /releases/Web%201 ] && ok || bad "redirect to $loc"
M release list >"$tmp/rl"
grep -q '^Web 1 ' "$tmp/rl" && grep -q 'from the web' "$tmp/rl" && ok ||
  bad "mvroad release list lacks Web 1: $(cat "$tmp/rl")"
grep -q 'Web 1.* ed ' "$tmp/rl" && ok || bad "the release is not by ed"
get - /releases/Web%201
expect 200 "the new release's page"
post ed /releases "name=Web%201"
expect 409 "a release name taken"
has 'exists already' "the 409 says why"
post ed /releases "name=current"
expect 422 "the reserved name"
has 'live roadmap' "the 422 says why"
post ed /releases "name="
expect 422 "an empty name"
post ed /releases 'name=%3Cscript%3Ealert(7)%3C%2Fscript%3E%22&note=%3Cimg%20src%3Dx%3E'
expect 303 "a hostile release name"
hostile=$loc
post ed /releases 'name=%3Cscript%3Ealert(7)%3C%2Fscript%3E%22&note=%3Cimg%20src%3Dx%3E'
expect 409 "the hostile name again"
domcheck "the 409 page with the name sent back"
has 'value="&lt;script&gt;alert(7)&lt;/script&gt;&quot;"' "the name sent back escaped"
get - "$hostile"
expect 200 "the hostile release's page"
domcheck "the hostile release's page"
n=$(M release list | wc -l)
[ "$n" -eq 4 ] && ok || bad "$n lines of releases (header + 3 expected)"

# --- 3. /releases/A...B and the Word roadmap of a release -------------------
get - "/releases/Web%201...current"
expect 200 "/releases/A...current"
sed -n '/<main/,/<\/main>/p' "$tmp/b" >"$tmp/range"
get - "/diff?from=Web%201&to=current"
sed -n '/<main/,/<\/main>/p' "$tmp/b" >"$tmp/diff"
cmp -s "$tmp/range" "$tmp/diff" && ok ||
  bad "/releases/A...B differs from /diff?from=A&to=B"
get - "/releases/Web%201...$(printf '%s' "$hostile" | sed 's|/releases/||')"
expect 200 "/releases/A...B with a hostile B"
domcheck "/releases/A...B"
has '&lt;script&gt;alert(7)' "the names escaped"
get - "/releases/Web%201...Nope"
expect 404 "/releases/A...B with an unknown B"
get - "/releases/Web%201/roadmap.docx"
expect 200 "the Word roadmap of a release"
[ "$(header Content-Type)" = \
  application/vnd.openxmlformats-officedocument.wordprocessingml.document ] &&
  ok || bad "docx type $(header Content-Type)"
head -c 2 "$tmp/b" | grep -q PK && ok || bad "the docx is not a zip"
unzip -p "$tmp/b" word/document.xml 2>/dev/null | grep -q 'Web 1' && ok ||
  bad "the docx does not name release Web 1"
get - "/releases/Nope/roadmap.docx"
expect 404 "the Word roadmap of an unknown release"

# --- 4. the secretariat: organisations and representatives -------------------
signin sec
get sec /admin/orgs
expect 200 "/admin/orgs"
has 'action="/admin/orgs"' "the organisation form"
get ed /admin/orgs
expect 403 "editor /admin/orgs"
get - /admin/reps
expect 401 "anonymous /admin/reps"
post sec /admin/orgs 'name=Web%20Forum%20%3Cscript%3Ealert(3)%3C%2Fscript%3E&kind=forum&aliases=WFX%3B%20WF2&parent=ITU-T'
expect 303 "add an organisation"
M org list --format csv >"$tmp/orgs"
grep -q 'Web Forum <script>alert(3)</script>,ITU-T,forum,WFX; WF2' "$tmp/orgs" &&
  ok || bad "mvroad org list lacks the organisation: $(grep Web "$tmp/orgs")"
get sec /admin/orgs
has 'Web Forum &lt;script&gt;alert(3)&lt;/script&gt;' "the organisation escaped"
domcheck /admin/orgs
post sec /admin/orgs 'name=&kind=forum'
expect 422 "an organisation without a name"
has 'name is required' "the 422 says why"
EMAIL=web.person-7731@example.org
post sec /admin/reps "action=add&email=$EMAIL&name=%3Cb%3EPat%3C%2Fb%3E%20Web&org=SC%2024&role=JCA-MV%20representative&valid_until=2026-13-01"
expect 422 "a bad date"
has 'valid_until' "the 422 names the field"
domcheck "the 422 page with the values sent back"
post sec /admin/reps "action=add&email=$EMAIL&name=%3Cb%3EPat%3C%2Fb%3E%20Web&org=SC%2024&role=JCA-MV%20representative&valid_until=2026-12-01"
expect 303 "add a representative"
M rep list --format csv | grep -q "$EMAIL,<b>Pat</b> Web,ISO/IEC JTC 1/SC 24" &&
  ok || bad "mvroad rep list lacks the representative"
get sec /admin/reps
has "$EMAIL" "the representative listed"
has '&lt;b&gt;Pat&lt;/b&gt; Web' "the name escaped"
domcheck /admin/reps
get ed /coord/reps
has "$EMAIL" "editors see the representative"
post ed /admin/reps "action=remove&email=$EMAIL"
expect 403 "an editor may not remove a person"
post sec /admin/reps "action=remove&email=$EMAIL"
expect 303 "remove the person"
M rep list --format csv | grep -q "$EMAIL" && bad "still in mvroad rep list" || ok
get ed /coord/reps
hasnt "$EMAIL" "removed: not on /coord/reps"
M rep export --format vcard 2>/dev/null | grep -q "$EMAIL" &&
  bad "removed: still in the vCard export" || ok
if testdb_pg; then # the row (the server's files are not looked at)
  n=$(testdb_sql "$D" "SELECT count(*) FROM coord_reps WHERE email = lower('$EMAIL')")
  [ "$n" = 0 ] && ok || bad "removed: the e-mail is still in coord_reps"
elif grep -qaF "$EMAIL" "$D" "$D-wal" 2>/dev/null; then
  bad "removed: the e-mail is still in the database file"
else ok; fi
post sec /admin/reps "action=remove&email=$EMAIL"
expect 404 "removing the person again"
post sec /admin/reps "action=drop&email=$EMAIL"
expect 400 "an unknown action"

# --- abuse: every new form refuses a missing token, a foreign origin and
# --- an oversized body, and changes nothing then -----------------------------
signin ed
ed_csrf=$csrf
signin sec
sec_csrf=$csrf
M release list >"$tmp/rl.before"
M org list --format csv >"$tmp/orgs.before"
big=$(head -c 70000 /dev/zero | tr '\0' x)
for route in "ed /duplicates action=merge&ids=1,2" "ed /releases name=Abuse" \
  "sec /admin/orgs name=Abuse%20Org" \
  "sec /admin/reps action=add&email=a@example.org&name=A&org=W3C"; do
  set -- $route
  who=$1 path=$2 data=$3
  [ "$who" = ed ] && t=$ed_csrf || t=$sec_csrf
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.$who" \
    -H "Origin: $B" --data "$data" "$B$path")
  expect 403 "$path without the CSRF token"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.$who" \
    -H "Origin: $B" --data "csrf=0000$t&$data" "$B$path")
  expect 403 "$path with a wrong CSRF token"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.$who" \
    -H "Origin: http://127.0.0.1:1" --data "csrf=$t&$data" "$B$path")
  expect 403 "$path from another origin"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.$who" \
    --data "csrf=$t&$data" "$B$path")
  expect 403 "$path with neither Origin nor Referer"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.$who" \
    -H "Origin: $B" --data "csrf=$t&$data&note=$big" "$B$path")
  expect 413 "$path with a 70 kB body"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar.$who" \
    -H "Origin: $B" "$B$path?csrf=$t&$data" -X GET)
  expect 200 "GET $path with the form in the query (changes nothing)"
done
M release list >"$tmp/rl.after"
M org list --format csv >"$tmp/orgs.after"
cmp -s "$tmp/rl.before" "$tmp/rl.after" && ok || bad "a refused POST made a release"
cmp -s "$tmp/orgs.before" "$tmp/orgs.after" && ok ||
  bad "a refused POST changed the organisations"
M rep list --format csv | grep -q 'a@example.org' &&
  bad "a refused POST added a representative" || ok
M show 1 | grep -q 'Merged here' && bad "a refused POST merged" || ok

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

echo "test_web_editor: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
