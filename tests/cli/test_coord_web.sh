#!/bin/sh
# test_coord_web.sh - the coordination pages of the web server (issue 6)
# and their access rules, with curl: the reports and registers are
# public and say what the seed implies; the representatives' pages are
# refused to anonymous askers; a representative's e-mail and name appear
# in no anonymous page, API answer or download. (Written with curl
# because the access-control matrix of issue 5 has not landed yet; the
# editor's view is covered once accounts exist.)
# Run by ctest as cli/test_coord_web with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"

tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
. "$SRC/tests/cli/testdb.sh"
D=$(testdb w) || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
EMAIL=web.rep-4410@example.org
NAME="Webb Representative"

"$MVROAD" --db "$D" init >/dev/null || bad init
"$MVROAD" --db "$D" coord import "$SRC/data/coord/jca-mv-seed.json" >/dev/null ||
  bad "seed import"
"$MVROAD" --db "$D" import "$SRC/data/examples/annex1-examples.csv" \
  >/dev/null 2>&1
"$MVROAD" --db "$D" rep add "$EMAIL" --name "$NAME" --org "SC 24" \
  --valid-until 2026-06-01 >/dev/null || bad "rep add"

. "$SRC/tests/cli/server.sh"
serve_start "$tmp/log" "$D" || exit 1

get() { # get URL: sets $code, body in $tmp/b
  code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base$1")
}
has() { grep -qF -- "$1" "$tmp/b" && ok || bad "$2: no '$1'"; }
no_person() { # the body names neither the e-mail nor the person
  if grep -qaF "$EMAIL" "$tmp/b" || grep -qaF "$NAME" "$tmp/b"; then
    bad "$1 shows the representative"
  else
    ok
  fi
}

# the reports, public, as the seed implies
get "/coord/orgs-without-input?today=2026-06-01"
[ "$code" = 200 ] && ok || bad "orgs-without-input: $code"
for o in "ISO/IEC JTC 1/SC 29" "ISO/IEC JTC 1/SC 36" "3GPP TSG SA" TSAG; do
  has "$o" "orgs without input"
done
no_person "orgs-without-input"
get "/coord/ls-overdue?today=2026-06-01"
[ "$code" = 200 ] && ok || bad "ls-overdue: $code"
has "JCA-MV-LS/o-1" "overdue LS"
has "-21" "days overdue"
get "/api/v1/coord/ls-awaiting-reply"
has '"number": "JCA-MV-Doc-007"' "LS awaiting reply (API)"

# every anonymous coordination page and API answer: no personal data
for p in "" /orgs-without-input /org-status /ls-overdue /ls-awaiting-reply \
  /ls /docs /meetings /terms; do
  for pre in /coord /api/v1/coord; do
    [ "$pre$p" = /api/v1/coord ] && continue
    get "$pre$p"
    [ "$code" = 200 ] && ok || bad "$pre$p: $code"
    no_person "$pre$p"
  done
done
get /coord
grep -q 'href="/coord/reps' "$tmp/b" && bad "/coord links personal pages" || ok

# the personal pages are refused, without a trace of their content
for u in /coord/reps /api/v1/coord/reps /coord/reps-to-confirm \
  "/api/v1/coord/reps-to-confirm?today=2026-06-01"; do
  get "$u"
  [ "$code" = 401 ] && ok || bad "$u: $code, expected 401"
  no_person "$u (refused)"
done

# the register's other pages, downloads and search
for u in / /entries "/entries?q=example" /entries.csv /entries.json /orgs \
  "/orgs/ISO%2FIEC%20JTC%201%2FSC%2024" /api/v1/entries "/api/v1/entries?q=rep" \
  /api/v1/orgs /api/v1/stats /api/v1/openapi.json; do
  get "$u"
  no_person "$u"
done
get /roadmap.docx
unzip -p "$tmp/b" word/document.xml >"$tmp/doc.xml" 2>/dev/null && ok ||
  bad "roadmap.docx is not a Word file"
if grep -qaF "$EMAIL" "$tmp/doc.xml" || grep -qaF "$NAME" "$tmp/doc.xml"; then
  bad "roadmap.docx shows the representative"
else
  ok
fi
grep -qF "ISO/IEC JTC 1/SC 24" "$tmp/doc.xml" && ok ||
  bad "roadmap.docx: the nominating organisation is not in the annex"

echo "test_coord_web: $pass passed, $fail failed"
[ "$fail" = 0 ]
