#!/bin/sh
# test_export_html.sh - `mvroad export --format html -o DIR` (issue 7): a
# static site of the bundled dataset plus hostile rows. Every page exists,
# every internal link resolves to a file in DIR, links are relative, no
# inline script or style, search.json parses and holds every entry, the
# XSS payloads appear escaped in every page, one entry page is checked
# field by field; a non-empty DIR is refused without --force, and a
# symbolic link inside DIR never makes the export write outside it.
#
# Run by ctest as cli/test_export_html with MVROAD=<binary> SRC=<source>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
dump() {
  sed 's/^/  out| /' "$tmp/out" | head -30
  sed 's/^/  err| /' "$tmp/err" | head -10
}
run() {
  "$MVROAD" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
expect_rc() {
  if [ "$rc" -eq "$1" ]; then
    ok
  else
    bad "$2: exit status $rc, expected $1"
    dump
  fi
}
has() {
  if grep -qF -- "$2" "$1"; then
    ok
  else
    bad "$3: '$2' not found"
    dump
  fi
}
pycheck() {
  label=$1
  shift
  if python3 -c "$@" >"$tmp/py" 2>&1; then
    ok
  else
    bad "$label"
    sed 's/^/  py| /' "$tmp/py"
  fi
}

. "$SRC/tests/cli/testdb.sh"
D=$(testdb r) || exit 1
run --db "$D" import --date 2026-01-10 "$SRC/data/examples/metaverse-standards.csv"
expect_rc 0 "import the bundled dataset"
cat >"$tmp/xss.csv" <<'EOF'
SDO / Org.,Reference,Type,Title,Status,Category,Summary,URL
"Evil <script>alert(1)</script> Org","X.1 <svg onload=alert(2)>",Standard,<script>alert(1)</script>,Published,General,"""><img src=x onerror=alert(1)>",javascript:alert(8)
IEEE,P9999,Standard,"""><img src=x onerror=alert(1)> title",Under development,Interoperability,'onmouseover='alert(3)' x,https://example.org/a?b=1&c=<2>
EOF
run --db "$D" import --date 2026-01-11 "$tmp/xss.csv"
expect_rc 0 "import hostile rows"
run --db "$D" release create 'R1"><script>alert(6)</script>' --date 2026-01-12 \
  --note '<img src=x onerror=alert(7)>'
expect_rc 0 "a release with a hostile name"
run --db "$D" export --format json -o "$tmp/all.json"
expect_rc 0 "the entries as JSON, to compare"

S=$tmp/site
run --db "$D" export --format html -o "$S"
expect_rc 0 "export html"
for f in index.html entries.html orgs.html overlaps.html gaps.html \
  releases.html style.css search.js search.json; do
  [ -s "$S/$f" ] && ok || bad "$f written"
done

# every page: links resolve inside DIR, relative only, no inline script,
# no event attribute, no style attribute; the payloads only escaped
pycheck "links, markup and escaping of every page" '
import os, sys, json
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote
site = sys.argv[1]
pages = []
for d, _, fs in os.walk(site):
    pages += [os.path.join(d, f) for f in fs if f.endswith(".html")]
entries = json.load(open(os.path.join(site, "search.json")))["entries"]
assert len(pages) == 6 + len(entries) + len(os.listdir(os.path.join(site, "org"))), len(pages)
links = 0
class P(HTMLParser):
    def __init__(self, path):
        super().__init__()
        self.path = path
        self.script = False
    def handle_starttag(self, tag, attrs):
        global links
        a = dict(attrs)
        for k, v in attrs:
            assert not k.startswith("on"), (self.path, tag, k)
            assert k != "style", (self.path, tag)
        assert tag not in ("img", "iframe", "object", "embed", "base"), (self.path, tag)
        if tag == "script":
            assert a.get("src"), (self.path, "inline script")
        if tag == "style":
            raise AssertionError((self.path, "style element"))
        for k in ("href", "src", "action"):
            v = a.get(k)
            if v is None:
                continue
            u = urlsplit(v)
            if u.scheme in ("http", "https"):
                continue
            assert not u.scheme and not u.netloc and not v.startswith("/"), (self.path, v)
            if v.startswith("#"):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(self.path), unquote(u.path)))
            assert target.startswith(os.path.normpath(site) + os.sep), (self.path, v)
            assert os.path.isfile(target), (self.path, v, "missing")
            links += 1
for p in pages:
    text = open(p, encoding="utf-8").read()
    for raw in ("<script>alert", "<svg onload", "<img src=x", "javascript:alert(8)\"", "<b>bold"):
        assert raw not in text, (p, raw)
    P(p).feed(text)
assert links > 1000, links
print(len(pages), "pages", links, "links")
' "$S"

# the hostile title, escaped, in each page that shows it
id=$(python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["entries"]:
    if e["title"] == "<script>alert(1)</script>":
        print(e["id"])' "$S/search.json")
[ -n "$id" ] && ok || bad "the hostile entry is in search.json"
for p in "entry/$id.html" entries.html; do
  has "$S/$p" '&lt;script&gt;alert(1)&lt;/script&gt;' "$p: title escaped"
done
has "$S/entry/$id.html" '<dd>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</dd>' \
  "summary escaped"
has "$S/entry/$id.html" '<dd>javascript:alert(8)</dd>' \
  "a javascript: address is text, not a link"
has "$S/entry/$id.html" 'Evil &lt;script&gt;alert(1)&lt;/script&gt; Org</a>' \
  "organisation escaped, linked to its page"
has "$S/releases.html" 'R1&quot;&gt;&lt;script&gt;alert(6)&lt;/script&gt;' \
  "release name escaped"
has "$S/releases.html" '&lt;img src=x onerror=alert(7)&gt;' "release note escaped"
has "$S/releases.html" 'aria-labelledby="timeline-t timeline-d"' \
  "the status timeline chart"
for f in "$S"/org/*.html; do
  if grep -q 'Evil' "$f"; then
    has "$f" '<h1>Evil &lt;script&gt;alert(1)&lt;/script&gt; Org</h1>' \
      "organisation page heading escaped"
  fi
done
P=$(python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["entries"]:
    if e["reference"].endswith("P9999"):
        print(e["id"])' "$S/search.json")
has "$S/entry/$P.html" \
  '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;" rel="noopener noreferrer">' \
  "a web address is a link, escaped"

# the search index parses and holds every entry, each with its page
pycheck "search.json has every entry" '
import json, os, sys
idx = json.load(open(sys.argv[1] + "/search.json"))["entries"]
allx = json.load(open(sys.argv[2]))["entries"]
ids = sorted(e["id"] for e in idx)
assert ids == sorted(e["id"] for e in allx), (len(ids), len(allx))
assert len(ids) == 130, len(ids)
for e in idx:
    assert e["href"] == "entry/%d.html" % e["id"]
    assert os.path.isfile(os.path.join(sys.argv[1], e["href"]))
    for k in ("reference", "sdo", "title", "status", "categories"):
        assert k in e, k
' "$S" "$tmp/all.json"
has "$S/index.html" '<script src="search.js" defer></script>' \
  "search.js loaded from a file"
has "$S/index.html" '<form class="search" role="search" action="entries.html" method="get">' \
  "without JavaScript the search opens the plain list"
has "$S/search.js" "textContent" "results set as text, not markup"
has "$S/index.html" 'aria-labelledby="categories-t categories-d"' \
  "index: chart by category"
has "$S/gaps.html" 'aria-labelledby="topic-category-t topic-category-d"' \
  "gaps: heat map"
has "$S/overlaps.html" 'twin text' "overlaps: the known twin texts"

H=$(python3 -c '
import json, sys
for e in json.load(open(sys.argv[1]))["entries"]:
    if e["reference"] == "ITU-T H.266":
        print(e["id"])' "$S/search.json")
[ -n "$H" ] && ok || bad "H.266 in the index"

# the client-side search in a real browser (Debian's chromium, as
# test_web_browser): the site served by a plain file server, a search
# given in the address (?q=) shows the matching entries as links, and a
# hostile title as text
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$S" \
    >"$tmp/http.log" 2>&1 &
  hpid=$!
  port=
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$tmp/http.log")
    [ -n "$port" ] && break
    sleep 0.25
  done
  browse() {
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
      --user-data-dir="$tmp/chrome" --virtual-time-budget=5000 \
      --dump-dom "http://127.0.0.1:$port/$1" 2>/dev/null >"$tmp/dom"
  }
  browse 'entries.html?q=versatile+video'
  has "$tmp/dom" '<h2>2 entries match</h2>' "search: two entries match"
  has "$tmp/dom" "<a href=\"entry/$H.html\">ITU-T H.266</a>" \
    "search: a link to the entry page"
  browse 'entry/1.html?q=alert'
  has "$tmp/dom" "<a href=\"../entry/$id.html\">X.1 &lt;svg onload=alert(2)&gt;</a>" \
    "search from a page below: relative link, hostile reference as text"
  has "$tmp/dom" ': &lt;script&gt;alert(1)&lt;/script&gt; (Published)</li>' \
    "search: hostile title as text"
  kill "$hpid" 2>/dev/null
  wait "$hpid" 2>/dev/null
else
  bad "$CHROMIUM is missing: run scripts/deps.sh (Debian package chromium)"
fi

# one entry page, golden-ish
pycheck "entry page of ITU-T H.266" '
import sys, re
t = open(sys.argv[1], encoding="utf-8").read()
want = [
 "<title>ITU-T H.266 - Metaverse Standardization Roadmap</title>",
 "<link rel=\"stylesheet\" href=\"../style.css\">",
 "<h1>ITU-T H.266</h1>",
 "<p class=\"lead\">Versatile video coding</p>",
 "<dt>Reference</dt><dd>ITU-T H.266</dd>",
 "<dt>Type</dt><dd>Recommendation</dd>",
 "<dt>Status</dt><dd>Published</dd>",
 "<dt>Categories</dt><dd>Enabling Technology</dd>",
 "<dt>Summary</dt><dd>Defines the VVC video codec (twin text of ISO/IEC 23090-3), which supports 360-degree and other immersive video formats.</dd>",
 "<dt>First seen</dt><dd>2026-01-10</dd>",
 "<dt>Id</dt><dd>%s</dd>" % sys.argv[2],
 "<a href=\"../index.html\">Home</a>",
]
for w in want:
    assert w in t, w
assert re.search(r"<dt>Organisation</dt><dd><a href=\"\.\./org/[0-9]+\.html\">ITU-T SG16</a></dd>", t)
assert t.count("<h1>") == 1 and t.rstrip().endswith("</html>")
' "$S/entry/$H.html" "$H"

# a non-empty directory is refused, --force writes into it
run --db "$D" export --format html -o "$S"
expect_rc 2 "a non-empty DIR without --force"
has "$tmp/err" "not empty" "says why"
run --db "$D" export --format html -o "$S" --force
expect_rc 0 "--force"
# never outside DIR: a symbolic link in DIR is not followed
mkdir "$tmp/out1" "$tmp/s2"
echo keep >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/s2/index.html"
run --db "$D" export --format html -o "$tmp/s2" --force
expect_rc 1 "a symbolic link as a page is refused"
has "$tmp/err" "index.html: a symbolic link: not followed" "says why"
[ "$(cat "$tmp/victim")" = keep ] && ok || bad "the file behind the link is unchanged"
mkdir "$tmp/s3"
ln -s "$tmp/out1" "$tmp/s3/entry"
run --db "$D" export --format html -o "$tmp/s3" --force
expect_rc 1 "a symbolic link as a sub-directory is refused"
[ -z "$(ls "$tmp/out1")" ] && ok || bad "nothing written through the link"

# usage
run --db "$D" export --format html
expect_rc 2 "html without -o"
run --db "$D" export --format html -o "$tmp/x" --status Published
expect_rc 2 "html with a filter"
run --db "$D" export --format json --force
expect_rc 2 "--force without html"
E=$(testdb empty) || exit 1
run --db "$E" init
run --db "$E" export --format html -o "$tmp/e"
expect_rc 0 "an empty register"
has "$tmp/e/entries.html" "The register is empty." "says so"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
