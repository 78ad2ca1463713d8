#!/bin/sh
# test_web_heavy.sh - heavy answers (overlaps, Word and Excel exports) run
# one at a time in `mvroad serve` (src/server/request.h, heavy_begin): on a
# generated register where overlaps cost a second or more, a second heavy
# request while one runs is answered 503 at once, with Retry-After and a
# JSON error "busy"; the running one completes (200); afterwards heavy
# requests are served again (the gate was released, also after an error).
#
# Run by ctest as cli/test_web_heavy with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
GEN=$(dirname "$MVROAD")/gen_register

tmp=$(mktemp -d)
pid=
bg=
cleanup() {
  [ -n "$bg" ] && kill "$bg" 2>/dev/null
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
D=$tmp/r.db
rc=0
fail() {
  echo "FAIL: $*"
  rc=1
}

# 30,000 entries over a 20,000-word vocabulary: about 10^5 overlapping
# pairs, 1.5 s of CPU for one /api/v1/overlaps on the 2-core machine
"$GEN" 30000 1 0 20000 >"$tmp/in.csv" &&
  "$MVROAD" --db "$D" import "$tmp/in.csv" >"$tmp/imp" 2>&1 || {
  echo "FAIL: loading the data"
  cat "$tmp/imp"
  exit 1
}

. "$SRC/tests/cli/server.sh"
serve_start "$tmp/server.log" "$D" --no-access-log --no-cache || exit 1
B=http://127.0.0.1:$port

# check_answer CODE BODY HEADERS: a 200 with pairs, or a 503 "busy" with
# Retry-After; sets $busy when a 503
check_answer() {
  case $1 in
  200)
    grep -q '"pairs"' "$2" || fail "a 200 without pairs: $(head -c 200 "$2")"
    ;;
  503)
    busy=1
    grep -qi '^Retry-After: *5' "$3" || fail "a 503 without Retry-After: 5"
    grep -q '"code": *"busy"' "$2" ||
      fail "a 503 that is not the JSON error \"busy\": $(head -c 300 "$2")"
    ;;
  *) fail "overlaps answered $1" ;;
  esac
}

# One heavy request in the background and others while it runs: one of
# them is turned away. Which one depends on which reaches the server
# first, and the two may queue on one thread of the pool, so a round can
# see no 503 on a loaded machine; up to 5 rounds.
busy=""
round=0
while [ -z "$busy" ] && [ $round -lt 5 ]; do
  curl -s -o "$tmp/first" -D "$tmp/fh" -w '%{http_code}' \
    "$B/api/v1/overlaps?min=0.15" >"$tmp/first.code" &
  bg=$!
  i=0
  while [ $i -lt 100 ] && kill -0 "$bg" 2>/dev/null; do
    code=$(curl -s -o "$tmp/second" -D "$tmp/h" -w '%{http_code}' \
      "$B/api/v1/overlaps?min=0.5")
    check_answer "$code" "$tmp/second" "$tmp/h"
    [ -n "$busy" ] && break
    i=$((i + 1))
  done
  wait "$bg"
  bg=
  check_answer "$(cat "$tmp/first.code")" "$tmp/first" "$tmp/fh"
  round=$((round + 1))
done
[ -n "$busy" ] ||
  fail "no 503 in $round rounds of two overlaps requests at once"

# the gate is free again: another overlaps request, an HTML page and a
# workbook download are served
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$B/api/v1/overlaps?min=0.5")
[ "$code" = 200 ] || fail "overlaps after the first: $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$B/overlaps?min=0.6&limit=5")
[ "$code" = 200 ] || fail "/overlaps page after the first: $code"
code=$(curl -s -o "$tmp/b.xlsx" -w '%{http_code}' \
  "$B/entries.xlsx?q=coding")
[ "$code" = 200 ] || fail "a workbook download after the first: $code"
# a refused parameter does not hold the gate either
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/overlaps?min=7")
[ "$code" = 400 ] || fail "min=7: $code (expected 400)"
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/overlaps?min=0.9")
[ "$code" = 200 ] || fail "overlaps after a 400: $code"

kill "$pid" 2>/dev/null
wait "$pid"
src=$?
pid=
[ "$src" -eq 0 ] || fail "server exit status $src"
if grep -q 'Sanitizer\|runtime error' "$tmp/server.log"; then
  fail "sanitizer report from the server"
  grep -A20 'Sanitizer\|runtime error' "$tmp/server.log" | head -40
fi
[ "$rc" -eq 0 ] && echo "ok: heavy answers one at a time (503 + Retry-After)"
exit "$rc"
