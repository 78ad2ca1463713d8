#!/bin/sh
# test_web_browser.sh - the web register in a real browser: playwright-core
# (tests/browser, installed by scripts/deps.sh) driving Debian's chromium,
# headless. Builds a fresh register, starts `mvroad serve` on a free port of
# 127.0.0.1, runs tests/browser/register.mjs (search, facet, entry,
# keyboard, pages without JavaScript; a liaison uploads a file with errors,
# sees them by row and column, uploads the fixed file and submits; an
# editor approves; anonymous readers see the entry), then
# tests/browser/editor.mjs (the overdue-LS and organisations-without-input
# reports with no e-mail for anonymous readers; the editor merges a
# duplicate pair and creates a release; the "Signed in as" header), and
# always stops the server. Screenshots go to $ARTIFACTS (default: ./artifacts under the
# directory ctest runs in, i.e. the build directory; artifacts/pg when the
# register is on PostgreSQL, tests/cli/testdb.sh).
#
# It FAILS (never skips) when chromium, node or playwright-core is missing.
# Run by ctest as cli/test_web_browser with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
MVROAD_PWHASH_FAST=1
export MVROAD_PWHASH_FAST
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
ARTIFACTS=${ARTIFACTS:-$PWD/artifacts}

if [ ! -x "$CHROMIUM" ]; then
  echo "FAIL: $CHROMIUM is missing: run scripts/deps.sh (Debian package chromium)"
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "FAIL: node is missing: run scripts/deps.sh"
  exit 1
fi
if [ ! -f "$SRC/tests/browser/node_modules/playwright-core/package.json" ]; then
  echo "FAIL: playwright-core is missing: run scripts/deps.sh" \
    "(npm ci --prefix tests/browser)"
  exit 1
fi

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
# on PostgreSQL too (pg/cli_web), its screenshots beside SQLite's
testdb_pg && ARTIFACTS=$ARTIFACTS/pg
mkdir -p "$ARTIFACTS"
D=$(testdb browser)

"$MVROAD" --db "$D" init >/dev/null 2>&1 &&
  "$MVROAD" --db "$D" import --date 2025-10-09 \
    "$SRC/data/examples/annex1-examples.csv" >/dev/null 2>&1 &&
  "$MVROAD" --db "$D" import --date 2025-11-01 \
    "$SRC/data/examples/metaverse-standards.csv" >/dev/null 2>&1 || {
  echo "FAIL: loading the bundled data"
  exit 1
}
# the coordination records (issue 6) and one representative, whose
# e-mail no anonymous page may show (editor.mjs)
REP_EMAIL=brenda.browser-$$@example.org
export REP_EMAIL
"$MVROAD" --db "$D" coord import "$SRC/data/coord/jca-mv-seed.json" \
  >/dev/null 2>&1 &&
  "$MVROAD" --db "$D" rep add "$REP_EMAIL" --name "Brenda Browser" \
    --org "SC 24" --valid-until 2026-06-01 >/dev/null 2>&1 || {
  echo "FAIL: loading the coordination records"
  exit 1
}
LIAISON_PW=liaison-$$-pass
EDITOR_PW=editor-$$-pass
export LIAISON_PW EDITOR_PW
printf '%s\n' "$LIAISON_PW" | "$MVROAD" --db "$D" user add la \
  --role liaison --org 'JTC 1/SC 29' >/dev/null 2>&1 &&
  printf '%s\n' "$EDITOR_PW" | "$MVROAD" --db "$D" user add ed \
    --role editor >/dev/null 2>&1 || {
  echo "FAIL: mvroad user add"
  exit 1
}

. "$SRC/tests/cli/server.sh"
serve_start "$tmp/server.log" "$D" || exit 1

rc=0
node "$SRC/tests/browser/register.mjs" "http://127.0.0.1:$port" \
  "$ARTIFACTS" "$tmp" || rc=$?
node "$SRC/tests/browser/editor.mjs" "http://127.0.0.1:$port" \
  "$ARTIFACTS" || rc=$((rc + $?))
echo "screenshots: $ARTIFACTS"
kill "$pid" 2>/dev/null
wait "$pid"
src=$?
pid=
if [ "$src" -ne 0 ]; then
  echo "FAIL: server exit status $src"
  rc=1
fi
if grep -q 'Sanitizer\|runtime error' "$tmp/server.log"; then
  echo "FAIL: sanitizer report from the server"
  grep -A20 'Sanitizer\|runtime error' "$tmp/server.log" | head -40
  rc=1
fi
[ "$rc" -eq 0 ] || {
  echo "server log (last lines):"
  tail -20 "$tmp/server.log" | sed 's/^/  log| /'
}
exit "$rc"
