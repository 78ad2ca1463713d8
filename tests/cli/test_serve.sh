#!/bin/sh
# test_serve.sh - black-box tests of `mvroad serve`, the read-only web
# register: the server is started on 127.0.0.1 on a free port and every
# route is checked with curl: status codes, content types, the security
# headers on every response (errors included), the JSON shapes, facet
# counts against `mvroad stats`, downloads against `mvroad export`, the
# OpenAPI description against the route table, XSS payloads stored by an
# import (they must only ever appear escaped), SQL metacharacters in every
# filter, the request limits (query string, parameters, headers, bodies,
# methods, connections), the answer cache following the database, and a
# graceful stop on SIGTERM that leaves the database intact.
#
# Run by ctest as cli/test_serve with MVROAD=<binary> SRC=<source dir>.
# Under an ASan build, the server's sanitizer reports fail the test.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB NO_COLOR
# the interpreter itself, not a version manager's shim (10x faster to start)
PY=$(python3 -c 'import sys; print(sys.executable)')

tmp=$(mktemp -d)
pid=""
stop_server() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  pid=""
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
. "$SRC/tests/cli/testdb.sh"
db=$(testdb roadmap) || exit 1
CSP="default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
pycheck() {
  label=$1
  shift
  if "$PY" -c "$@" >"$tmp/py" 2>&1; then
    ok
  else
    bad "$label"
    sed 's/^/  py| /' "$tmp/py" | head -20
  fi
}

# ---- the register: the bundled data, hostile text, a release ----------

for f in "$SRC"/data/examples/*.csv; do
  "$MVROAD" --db "$db" import --date 2026-01-10 "$f" >/dev/null 2>&1 ||
    bad "import $f"
done
cat >"$tmp/xss.csv" <<'EOF'
SDO / Org.,Reference,Type,Title,Status,Category,Summary,URL
"Evil <script>alert(1)</script> Org","X.1 <svg onload=alert(2)>",Standard,<script>alert(1)</script>,Published,General,"""><img src=x onerror=alert(1)>",javascript:alert(8)
IEEE,P9999,Standard,"""><img src=x onerror=alert(1)> title",Under development,Interoperability,'onmouseover='alert(3)' x,https://example.org/a?b=1&c=<2>
EOF
"$MVROAD" --db "$db" import --date 2026-01-11 --org 'Org <b>bold</b>' \
  --doc '"><script>alert(5)</script>' "$tmp/xss.csv" >/dev/null 2>&1 ||
  bad "import xss.csv"
REL='R1"><script>alert(6)</script>'
"$MVROAD" --db "$db" release create "$REL" --date 2026-01-12 \
  --note '<img src=x onerror=alert(7)>' >/dev/null 2>&1 || bad "release"
xss_id=$("$MVROAD" --db "$db" list --format json |
  "$PY" -c 'import json,sys
print([e["id"] for e in json.load(sys.stdin)["entries"] if e["title"]=="<script>alert(1)</script>"][0])')
entries_before=$("$MVROAD" --db "$db" stats --format json |
  "$PY" -c 'import json,sys; print(json.load(sys.stdin)["entries"])')

# ---- the server ---------------------------------------------------------

# start_server ARGS...: serve $db on a free port (tests/cli/server.sh);
# sets $pid and $base.
. "$SRC/tests/cli/server.sh"
start_server() {
  serve_start "$tmp/server.log" "$db" "$@" || exit 1
}

# get URL [CURL-ARGS...]: fetch; sets $code and fills $tmp/h (headers)
# and $tmp/b (body).
get() {
  url=$1
  shift
  code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$@" "$base$url")
}
header() { # header NAME: its value in the last response
  tr -d '\r' <"$tmp/h" | sed -n "s/^$1: //Ip" | head -1
}
expect() { # expect CODE LABEL
  if [ "$code" = "$1" ]; then ok; else bad "$2: status $code, expected $1"; fi
}
expect_ctype() { # expect_ctype PREFIX LABEL
  case "$(header Content-Type)" in
  "$1"*) ok ;;
  *) bad "$2: Content-Type '$(header Content-Type)', expected $1" ;;
  esac
}
# The headers every response must carry, errors included.
secure() {
  [ "$(header Content-Security-Policy)" = "$CSP" ] && ok ||
    bad "$1: Content-Security-Policy '$(header Content-Security-Policy)'"
  [ "$(header X-Content-Type-Options)" = nosniff ] && ok ||
    bad "$1: no X-Content-Type-Options: nosniff"
  [ "$(header Referrer-Policy)" = same-origin ] && ok ||
    bad "$1: no Referrer-Policy"
  [ "$(header X-Frame-Options)" = DENY ] && ok || bad "$1: no X-Frame-Options"
  [ -n "$(header Cache-Control)" ] && ok || bad "$1: no Cache-Control"
}
api_error() { # api_error LABEL: the body is {"error": {code, message, details}}
  pycheck "$1: error shape" 'import json,sys
e=json.load(open(sys.argv[1]))["error"]
assert isinstance(e["code"],str) and e["code"], e
assert isinstance(e["message"],str) and e["message"], e
assert isinstance(e["details"],list), e' "$tmp/b"
}

start_server
grep -q "serving $db" "$tmp/server.log" && ok || bad "start message"

# ---- every route of the table ------------------------------------------

# A URL for each route pattern, and what it answers. A route of the table
# missing here fails the test.
sample() {
  case "$1" in
  /) echo "/ text/html" ;;
  /login) echo "/login text/html" ;;
  /coord) echo "/coord text/html" ;;
  /coord/*) echo "$1?today=2026-06-01 text/html" ;;
  /api/v1/coord/*) echo "$1 application/json" ;;
  /entries) echo "/entries?q=video text/html" ;;
  /entries.csv) echo "/entries.csv?status=Published text/csv" ;;
  /entries.json) echo "/entries.json?category=General application/json" ;;
  /entries.xlsx) echo "/entries.xlsx application/vnd.openxmlformats" ;;
  "/entries/{id}") echo "/entries/1 text/html" ;;
  /roadmap.docx) echo "/roadmap.docx application/vnd.openxmlformats" ;;
  /orgs) echo "/orgs text/html" ;;
  "/orgs/{name}") echo "/orgs/IEEE text/html" ;;
  /releases) echo "/releases text/html" ;;
  "/releases/{name}") echo "/releases/R1%22%3E%3Cscript%3Ealert(6)%3C%2Fscript%3E text/html" ;;
  "/releases/{name}/roadmap.docx") echo "/releases/R1%22%3E%3Cscript%3Ealert(6)%3C%2Fscript%3E/roadmap.docx application/vnd.openxmlformats" ;;
  /diff) echo "/diff?from=R1%22%3E%3Cscript%3Ealert(6)%3C%2Fscript%3E text/html" ;;
  /static/mvroad.css) echo "/static/mvroad.css text/css" ;;
  /api/v1/entries) echo "/api/v1/entries?q=video application/json" ;;
  "/api/v1/entries/{id}") echo "/api/v1/entries/1 application/json" ;;
  /api/v1/orgs) echo "/api/v1/orgs application/json" ;;
  "/api/v1/orgs/{name}") echo "/api/v1/orgs/IEEE application/json" ;;
  /api/v1/stats) echo "/api/v1/stats application/json" ;;
  /api/v1/releases) echo "/api/v1/releases application/json" ;;
  "/api/v1/releases/{name}") echo "/api/v1/releases/R1%22%3E%3Cscript%3Ealert(6)%3C%2Fscript%3E application/json" ;;
  /api/v1/diff) echo "/api/v1/diff?from=R1%22%3E%3Cscript%3Ealert(6)%3C%2Fscript%3E application/json" ;;
  /api/v1/openapi.json) echo "/api/v1/openapi.json application/json" ;;
  /overlaps) echo "/overlaps?min=0.2 text/html" ;;
  /api/v1/overlaps) echo "/api/v1/overlaps?limit=5 application/json" ;;
  /gaps) echo "/gaps text/html" ;;
  /api/v1/gaps) echo "/api/v1/gaps application/json" ;;
  esac
}
"$MVROAD" serve --routes >"$tmp/routes" || bad "serve --routes"
[ "$(wc -l <"$tmp/routes")" -ge 20 ] && ok || bad "route table too short"
while read -r method pattern role; do
  # routes that change state or need an account: test_access_matrix.sh
  # (every route x role) and test_auth.sh
  [ "$method" = GET ] && [ "$role" = anonymous ] || continue
  s=$(sample "$pattern")
  if [ -z "$s" ]; then
    bad "route $method $pattern has no test (add it to sample())"
    continue
  fi
  url=${s% *}
  ctype=${s#* }
  get "$url"
  expect 200 "$method $url"
  expect_ctype "$ctype" "$url"
  secure "$url"
  [ "$role" = anonymous ] && ok || bad "$pattern: role $role"
  case "$pattern" in
  /api/*)
    pycheck "$url: JSON" 'import json,sys; json.load(open(sys.argv[1]))' \
      "$tmp/b"
    ;;
  *.csv | *.json | *.xlsx | *.docx)
    case "$(header Content-Disposition)" in
    'attachment; filename="'*) ok ;;
    *) bad "$url: Content-Disposition '$(header Content-Disposition)'" ;;
    esac
    ;;
  esac
  # HEAD answers the same headers, no body
  code=$(curl -s -I -o "$tmp/h" -w '%{http_code}' "$base$url")
  expect 200 "HEAD $url"
  secure "HEAD $url"
done <"$tmp/routes"

# The OpenAPI description has every route of the table, with its method.
get /api/v1/openapi.json
pycheck "openapi.json covers the route table" 'import json,sys
d=json.load(open(sys.argv[1]))
assert d["openapi"].startswith("3."), d["openapi"]
for line in open(sys.argv[2]):
    method, pattern, role = line.split()
    assert pattern in d["paths"], "missing from openapi.json: " + pattern
    op = d["paths"][pattern][method.lower()]
    assert op["x-role"] == role and op["responses"]["200"], pattern
    if "{" in pattern:
        assert any(p["in"] == "path" for p in op["parameters"]), pattern
assert len(d["paths"]) == len({l.split()[1] for l in open(sys.argv[2])})
q = [p["name"] for p in d["paths"]["/api/v1/entries"]["get"]["parameters"]]
for n in ("q","sdo","category","status","type","sort","limit","offset"):
    assert n in q, n' "$tmp/b" "$tmp/routes"

# ---- pages ---------------------------------------------------------------

get /
grep -q '<html lang="en">' "$tmp/b" && ok || bad "/: lang"
grep -q 'class="skip" href="#main"' "$tmp/b" && ok || bad "/: skip link"
grep -q '<label for="site-q">' "$tmp/b" && ok || bad "/: search label"
grep -q '<title id="status-chart-t">Entries by status</title>' "$tmp/b" &&
  ok || bad "/: status chart title"
grep -q 'class="matrix"' "$tmp/b" && ok || bad "/: category x SDO table"
grep -q 'Latest release' "$tmp/b" && ok || bad "/: latest release"
get "/entries?page=2&limit=20"
grep -q 'Page 2 of' "$tmp/b" && ok || bad "/entries: page 2"
grep -q 'rel="prev"' "$tmp/b" && ok || bad "/entries: previous link"
get "/entries?sdo=IEEE&status=Published"
grep -q 'aria-current="true"' "$tmp/b" && ok || bad "/entries: selected facet"
grep -q 'href="/entries.csv?sdo=IEEE&amp;status=Published"' "$tmp/b" && ok ||
  bad "/entries: CSV link of the same view"
get /entries/1
grep -q '<h2 id="sources-h">Sources</h2>' "$tmp/b" && ok || bad "entry: sources"
get "/entries/ISO%2FIEC%2023090-3"
expect 200 "entry by reference"
get "/entries/999999"
expect 404 "unknown entry"
secure "unknown entry"
get /orgs/nobody-at-all
expect 404 "unknown organisation"
get /releases/none
expect 404 "unknown release"
# no Connection: close on a normal answer (keep-alive works)
get /entries
[ -z "$(header Connection)" ] && ok || bad "/entries: Connection: $(header Connection)"

# ---- the API -------------------------------------------------------------

get "/api/v1/entries?limit=5&offset=5&sort=id"
pycheck "entries shape" 'import json,sys
d=json.load(open(sys.argv[1]))
assert set(d) >= {"entries","total","facets","limit","offset"}, d.keys()
assert d["limit"] == 5 and d["offset"] == 5 and len(d["entries"]) == 5
assert d["total"] == int(sys.argv[2]), (d["total"], sys.argv[2])
assert set(d["facets"]) == {"sdo","category","status","type"}
e = d["entries"][0]
for k in ("id","sdo","reference","type","title","status","categories","summary","url"):
    assert k in e, k' "$tmp/b" "$entries_before"
# pages of the API put together are the whole listing, in order
all_ids=$(curl -s "$base/api/v1/entries?limit=1000&sort=id" |
  "$PY" -c 'import json,sys; print(" ".join(str(e["id"]) for e in json.load(sys.stdin)["entries"]))')
paged=""
off=0
while [ $off -lt "$entries_before" ]; do
  ids=$(curl -s "$base/api/v1/entries?limit=7&offset=$off&sort=id" |
    "$PY" -c 'import json,sys; print(" ".join(str(e["id"]) for e in json.load(sys.stdin)["entries"]))')
  paged="$paged $ids"
  off=$((off + 7))
done
[ "$(echo $paged)" = "$all_ids" ] && ok || bad "API pages differ from the whole"

# cli_args FILTER: the query string FILTER as `mvroad` options, in "$@"
# (use as: set --; cli_args "sdo=IEEE"; then "$@").
cli_args_file() {
  "$PY" -c 'import sys,urllib.parse
for k,v in urllib.parse.parse_qsl(sys.argv[1]): print("--"+k); print(v)' "$1" \
    >"$tmp/args"
}

# facet counts equal `mvroad stats` for the same filters
for filt in "" "sdo=ITU-T" "category=Enabling%20Technology" \
  "status=Published&type=Standard" "sdo=IEEE&category=Interoperability"; do
  cli_args_file "$filt"
  set --
  while IFS= read -r a; do set -- "$@" "$a"; done <"$tmp/args"
  "$MVROAD" --db "$db" stats --format json "$@" >"$tmp/stats.json" 2>&1
  get "/api/v1/entries?$filt"
  expect 200 "entries?$filt"
  pycheck "facets of '$filt' = mvroad stats $*" 'import json,sys
d=json.load(open(sys.argv[1])); s=json.load(open(sys.argv[2]))
f=d["facets"]
assert d["total"] == s["entries"], (d["total"], s["entries"])
assert f["category"] == s["categories"], (f["category"], s["categories"])
assert f["status"] == s["statuses"], (f["status"], s["statuses"])
assert f["type"] == s["types"], (f["type"], s["types"])
assert f["sdo"] == s["sdos"], (f["sdo"], s["sdos"])' "$tmp/b" "$tmp/stats.json"
done
# `mvroad stats` has no text search: a search's facets count its entries
for filt in "q=video" "q=metaverse&sdo=IEEE" "q=xr&status=Published"; do
  get "/api/v1/entries?$filt&limit=1000"
  expect 200 "entries?$filt"
  pycheck "facets of '$filt' count its entries" 'import json,sys,collections
d=json.load(open(sys.argv[1])); es=d["entries"]; f=d["facets"]
assert d["total"] == len(es) and d["total"] > 0, d["total"]
nz=lambda m: {k: v for k, v in m.items() if v}
C=collections.Counter
assert nz(f["category"]) == dict(C(x for e in es for x in e["categories"]))
assert nz(f["status"]) == dict(C(e["status"] for e in es))
assert nz(f["type"]) == dict(C(e["type"] for e in es))
assert f["sdo"] == dict(C(e["sdo"] for e in es))' "$tmp/b"
done
get /api/v1/stats
"$MVROAD" --db "$db" stats --format json >"$tmp/stats.json"
pycheck "/api/v1/stats = mvroad stats" 'import json,sys
assert json.load(open(sys.argv[1])) == json.load(open(sys.argv[2]))' \
  "$tmp/b" "$tmp/stats.json"
get /api/v1/orgs
pycheck "orgs" 'import json,sys
d=json.load(open(sys.argv[1])); s=json.load(open(sys.argv[2]))
assert {o["name"]: o["entries"] for o in d["orgs"]} == s["sdos"]' \
  "$tmp/b" "$tmp/stats.json"
get "/api/v1/entries/$xss_id"
pycheck "entry detail" 'import json,sys
d=json.load(open(sys.argv[1]))
assert d["entry"]["title"] == "<script>alert(1)</script>"
assert d["sources"] and d["sources"][0]["doc"] == "\"><script>alert(5)</script>"
assert isinstance(d["changes"], list) and isinstance(d["releases"], list)' \
  "$tmp/b"

# downloads are the same view as `mvroad export`
for filt in "" "status=Published" "sdo=IEEE&category=Interoperability" \
  "type=Recommendation&sort=title"; do
  cli_args_file "$filt"
  set --
  while IFS= read -r a; do set -- "$@" "$a"; done <"$tmp/args"
  "$MVROAD" --db "$db" export --format csv "$@" >"$tmp/export.csv"
  get "/entries.csv?$filt"
  expect 200 "/entries.csv?$filt"
  cmp -s "$tmp/b" "$tmp/export.csv" && ok ||
    bad "/entries.csv?$filt differs from mvroad export --format csv $*"
  "$MVROAD" --db "$db" export --format json "$@" >"$tmp/export.json"
  get "/entries.json?$filt"
  cmp -s "$tmp/b" "$tmp/export.json" && ok ||
    bad "/entries.json?$filt differs from mvroad export --format json $*"
done
get /entries.xlsx
[ "$(head -c 2 "$tmp/b")" = PK ] && ok || bad "/entries.xlsx is not a zip"
# a release name becomes a safe file name
get "/entries.csv?release=R1%22%3E%3Cscript%3Ealert(6)%3C%2Fscript%3E"
expect 200 "CSV of a release"
case "$(header Content-Disposition)" in
'attachment; filename="roadmap-R1_script_alert_6_script_.csv"') ok ;;
*) bad "release file name: $(header Content-Disposition)" ;;
esac

# ---- errors: shapes, statuses, headers ------------------------------------

get /no/such/page
expect 404 "unknown page"
expect_ctype text/html "404 page"
secure "404 page"
get /api/v1/nothing
expect 404 "unknown API route"
expect_ctype application/json "API 404"
secure "API 404"
api_error "API 404"
for m in POST PUT DELETE PATCH OPTIONS FOO; do
  get /entries -X "$m"
  expect 405 "$m /entries"
  secure "$m /entries"
  [ "$(header Allow)" = "GET, HEAD" ] && ok || bad "$m: Allow '$(header Allow)'"
  get /api/v1/entries -X "$m"
  expect 405 "$m /api/v1/entries"
  api_error "$m /api/v1/entries"
done
get /entries -X GET --data-binary 'x=1'
expect 413 "GET with a body"
secure "413"
get /api/v1/entries -X GET -H 'Transfer-Encoding: chunked' --data-binary x
expect 413 "chunked body"
api_error "413"
get "/api/v1/entries?limit=0"
expect 400 "limit=0"
api_error "limit=0"
pycheck "limit=0 names the parameter" 'import json,sys
d=json.load(open(sys.argv[1]))["error"]["details"]
assert d[0]["parameter"] == "limit", d' "$tmp/b"
for bad_q in "limit=abc" "limit=1001" "offset=-1" "sort=bogus" "bogus=1" \
  "q=a&q=b" "category=Nope" "status=Nope" "type=Nope"; do
  get "/api/v1/entries?$bad_q"
  expect 400 "?$bad_q"
  api_error "?$bad_q"
done
get "/entries?category=Nope"
expect 400 "page with an unknown category"
expect_ctype text/html "400 page"
secure "400 page"
get "/entries?bogus=1"
expect 200 "pages ignore unknown parameters"

# the decoder refuses NUL, control characters, bad escapes, invalid UTF-8
for raw in "q=a%00b" "q=a%0ab" "q=%1f" "q=%7f" "q=%zz" "q=%e" "q=%ff" \
  "q=%c0%af" "q=%ed%a0%80" "sdo=%00"; do
  get "/api/v1/entries?$raw"
  expect 400 "?$raw"
  api_error "?$raw"
done
get "/entries/%00"
expect 400 "NUL in the path"
get "/api/v1/entries?q=%C3%A9t%C3%A9+%E2%80%94"
expect 200 "UTF-8 search"

# limits: parameter count and length, URI length, header flood
qs=$("$PY" -c 'print("&".join("a%d=1" % i for i in range(33)))')
get "/entries?$qs"
expect 400 "33 parameters"
get "/api/v1/entries?q=$("$PY" -c 'print("a"*1100)')"
expect 400 "a 1,100-byte value"
get "/entries?q=$("$PY" -c 'print("a"*9000)')"
expect 414 "a 9 KB address"
secure "414"
code=$(curl -s -o /dev/null -w '%{http_code}' \
  "$base/entries?q=$("$PY" -c 'print("a"*100000)')")
case "$code" in 4??) ok ;; *) bad "100 KB query string: $code" ;; esac
"$PY" -c 'for i in range(2000): print("X-Flood-%d: %s" % (i, "a"*60))' \
  >"$tmp/flood"
code=$(curl -s -o /dev/null -w '%{http_code}' -H @"$tmp/flood" "$base/")
case "$code" in 4??) ok ;; *) bad "header flood: $code" ;; esac

# ---- SQL metacharacters in every filter: normal answers ------------------

for v in "'" "' OR '1'='1" "\"; DROP TABLE entries; --" "%" "_" "\\" \
  "*" "NEAR(a b)" "a OR b" "-x" "(" ")" "1;SELECT 1" "x' --" ":" "^" "{}"; do
  enc=$("$PY" -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$v")
  for p in q sdo category status type release; do
    for path in /entries /api/v1/entries /entries.csv /api/v1/stats; do
      code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base$path?$p=$enc")
      case "$code" in
      200 | 400 | 404) ok ;;
      *) bad "$path?$p=$v: status $code" ;;
      esac
    done
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/entries/$enc")
  case "$code" in 200 | 400 | 404) ok ;; *) bad "/entries/$v: $code" ;; esac
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/orgs/$enc")
  case "$code" in 200 | 400 | 404) ok ;; *) bad "/orgs/$v: $code" ;; esac
done
get "/api/v1/entries?q=%22video"
expect 200 "a quote in a search"

# ---- XSS: stored payloads appear escaped, never as markup -----------------

# No script, image, frame or object element, no event-handler attribute,
# no javascript: link, and only our own charts as SVG.
DOMCHECK='import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        assert tag not in ("script", "img", "iframe", "object", "embed",
                           "frame", "base", "meta") or (tag == "meta" and
            set(a) <= {"charset", "name", "content"}), (tag, attrs)
        assert tag != "svg" or a.get("role") == "img", attrs
        for k, v in attrs:
            assert not k.startswith("on"), (tag, k, v)
            assert k not in ("href", "src", "action", "formaction") or \
                not (v or "").strip().lower().startswith(("javascript:", "data:")), (tag, k, v)
            assert k != "style", (tag, k)
P().feed(open(sys.argv[1], encoding="utf-8").read())'

enc_org=$("$PY" -c 'import urllib.parse; print(urllib.parse.quote("Evil <script>alert(1)</script> Org", safe=""))')
enc_rel="R1%22%3E%3Cscript%3Ealert(6)%3C%2Fscript%3E"
for url in / /entries "/entries?q=alert" "/entries?q=%3Cscript%3E" \
  "/entries/$xss_id" /orgs "/orgs/$enc_org" /releases "/releases/$enc_rel" \
  "/diff?from=$enc_rel&to=current" "/releases/$enc_rel...current" \
  "/entries?sdo=$enc_org" \
  "/entries?category=%3Cscript%3E" "/entries?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E" \
  "/entries/$("$PY" -c 'import urllib.parse; print(urllib.parse.quote("<script>alert(9)</script>", safe=""))')" \
  "/nothing/%3Cscript%3Ealert(1)%3C%2Fscript%3E"; do
  get "$url"
  case "$code" in 200 | 400 | 404) ok ;; *) bad "$url: $code" ;; esac
  secure "$url"
  # a DOM check: parse the page as a browser would and look at the
  # elements and attributes it makes
  pycheck "$url: no markup from the data" "$DOMCHECK" "$tmp/b"
done
# issue 7: the status timeline of releases, the library's SVG, escaped
get /releases
grep -q '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="timeline-t timeline-d"' "$tmp/b" &&
  grep -q 'R1&quot;&gt;&lt;script&gt;alert(6)&lt;/script&gt;, ' "$tmp/b" && ok ||
  bad "/releases shows the status timeline, names escaped"
get "/entries/$xss_id"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/b" && ok ||
  bad "the title is shown escaped"
grep -q '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' "$tmp/b" && ok ||
  bad "the summary is shown escaped"
grep -q 'href="' "$tmp/b" && ! grep -q 'href="javascript' "$tmp/b" && ok ||
  bad "a javascript: URL is not a link"
grep -q '<dd>javascript:alert(8)</dd>' "$tmp/b" && ok ||
  bad "a javascript: URL is shown as text"
p9999=$(curl -s "$base/api/v1/entries?q=P9999" |
  "$PY" -c 'import json,sys; print(json.load(sys.stdin)["entries"][0]["id"])')
get "/entries/$p9999"
grep -q 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' "$tmp/b" && ok ||
  bad "a web address is a link, escaped"
grep -q '&#39;onmouseover=&#39;alert(3)&#39; x' "$tmp/b" && ok ||
  bad "quotes in the summary are escaped"
# the check itself finds what it looks for
for evil in '<p><script>x</script></p>' '<a href="javascript:x">' \
  '<p onclick="x">' '<img src=x>' '<svg onload=x>'; do
  printf '%s' "$evil" >"$tmp/evil"
  "$PY" -c "$DOMCHECK" "$tmp/evil" >/dev/null 2>&1 && bad "DOMCHECK misses $evil" || ok
done

# ---- the cache follows the database ---------------------------------------

n1=$(curl -s "$base/api/v1/stats" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["entries"])')
printf '%s\n' 'SDO / Org.,Reference,Type,Title,Status,Category,Summary' \
  'IEEE,P7777,Standard,Fresh entry,Published,General,s' >"$tmp/late.csv"
"$MVROAD" --db "$db" import --date 2026-02-01 "$tmp/late.csv" >/dev/null 2>&1 ||
  bad "import while serving"
n2=$(curl -s "$base/api/v1/stats" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["entries"])')
[ "$n2" -eq $((n1 + 1)) ] && ok || bad "after an import: $n1 -> $n2 entries"
get "/entries?q=Fresh"
grep -q 'Fresh entry' "$tmp/b" && ok || bad "a new entry is searchable at once"

# ---- the access log --------------------------------------------------------

grep -q '^127\.0\.0\.1 \[.*\] "GET /api/v1/stats" 200 ' "$tmp/server.log" &&
  ok || bad "access log line"
grep -q '"GET /entries?q=a\\x25ff\|"GET /api/v1/entries?q=%ff" 400' \
  "$tmp/server.log" && ok || bad "access log of a refused request"

# ---- connections: per-address limit, idle timeout ---------------------------

stop_server
start_server --max-per-ip 4 --timeout 2
"$PY" - "$port" >"$tmp/py" 2>&1 <<'EOF' && ok || { bad "connection limits"; sed 's/^/  py| /' "$tmp/py"; }
import socket, sys, time
port = int(sys.argv[1])
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
time.sleep(0.3)
extra = socket.create_connection(("127.0.0.1", port))
extra.settimeout(2)
extra.sendall(b"GET /static/mvroad.css HTTP/1.1\r\nHost: x\r\n\r\n")
try:
    got = extra.recv(100)
except ConnectionResetError:
    got = b""
assert got == b"", "a 5th connection from one address was served: %r" % got
# idle connections are closed after the timeout
time.sleep(3)
for s in idle:
    s.settimeout(2)
    try:
        assert s.recv(10) == b"", "an idle connection stayed open"
    except ConnectionResetError:
        pass
ok = socket.create_connection(("127.0.0.1", port))
ok.sendall(b"GET /static/mvroad.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
assert ok.recv(20).startswith(b"HTTP/1.1 200"), "no answer after the limit"
EOF

# ---- graceful stop ----------------------------------------------------------

kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
  sleep 0.05
  i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
  bad "still running 5 s after SIGTERM"
  kill -KILL "$pid"
fi
wait "$pid"
rc=$?
pid=""
[ $rc -eq 0 ] && ok || bad "exit status $rc after SIGTERM"
grep -q 'mvroad: stopped after' "$tmp/server.log" && ok || bad "stop message"
if grep -q 'Sanitizer\|runtime error' "$tmp/server.log"; then
  bad "sanitizer report"
  grep -A20 'Sanitizer\|runtime error' "$tmp/server.log" | head -40
else
  ok
fi
if ! testdb_pg && command -v sqlite3 >/dev/null; then
  [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] && ok ||
    bad "integrity_check after the stop"
fi
"$MVROAD" --db "$db" stats >/dev/null 2>&1 && ok || bad "the register opens"

# ---- usage -------------------------------------------------------------------

"$MVROAD" --db "$tmp/none.db" serve >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "serve without a database: not 1"
"$MVROAD" --db "$db" serve --listen nonsense >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "serve --listen nonsense: not 1"
"$MVROAD" --db "$db" serve --threads 0 >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "serve --threads 0: not 2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
