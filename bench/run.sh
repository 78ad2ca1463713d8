#!/bin/sh
# `make bench`: every benchmark, one table each, each beside its named
# baseline. Never part of `make test`. Installs what the baselines need
# (python3-docx, pandoc, wrk, nginx...) with scripts/bench-deps.sh.
#
# `make bench-quick` (BENCH_QUICK=1): the same benchmarks at small sizes
# and with short runs, to check that they work (a few minutes), not to
# quote figures. Sizes can also be set one by one: BENCH_ROWS (import),
# BENCH_DOCX_ROWS, BENCH_EXPORT_ROWS, BENCH_DUP_ROWS, BENCH_OVL_ROWS, BENCH_SERVE_SECS.
set -eu
BUILD=${1:-build}
cd "$(dirname "$0")/.."
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  : "${BENCH_ROWS:=10000}" "${BENCH_DOCX_ROWS:=1000}" "${BENCH_DOCX_REPEAT:=1}"
  : "${BENCH_EXPORT_ROWS:=1000}" "${BENCH_DUP_ROWS:=10000}"
  : "${BENCH_SERVE_SECS:=2}" "${BENCH_ROUNDS:=1}" "${BENCH_PG_ROWS:=2000}"
  : "${BENCH_OVL_ROWS:=10000}" "${BENCH_LAT_ROWS:=10000}"
  export BENCH_ROUNDS
fi
./scripts/bench-deps.sh
# everything below also goes to a log, whose target lines make the summary
# table at the end
LOG=$(mktemp)
trap 'rm -f "$LOG" "$LOG.ok"' EXIT
run_all() {
echo "== import (baseline: sqlite3 .import into a plain table)"
sh bench/import.sh "$BUILD" ${BENCH_ROWS:-100000 1000000}
echo
echo "== DOCX import (baselines: python-docx, pandoc, unzip | xmllint --stream)"
sh bench/docx.sh "$BUILD" "${BENCH_DOCX_ROWS:-5000}" "${BENCH_DOCX_REPEAT:-5}"
echo
echo "== export to CSV/DOCX/XLSX"
sh bench/export.sh "$BUILD" ${BENCH_EXPORT_ROWS:-10000 100000}
echo
echo "== possible duplicates (pairs examined vs n(n-1)/2)"
sh bench/duplicates.sh "$BUILD" ${BENCH_DUP_ROWS:-100000 1000000}
echo
echo "== overlaps across organisations (issue 7: pairs examined vs n(n-1)/2)"
sh bench/overlaps.sh "$BUILD" ${BENCH_OVL_ROWS:-100000 1000000}
echo
echo "== search and facet latency in-process (issue 7: p99 < 5 ms at 10^6)"
ROUNDS=${BENCH_LAT_ROUNDS:-200} sh bench/search_lat.sh "$BUILD" \
  ${BENCH_LAT_ROWS:-10000 100000 1000000}
echo
echo "== web server (baseline: nginx serving the same response)"
sh bench/serve.sh "$BUILD" "${BENCH_SERVE_SECS:-10}"
echo
echo "== coordination records (issue 6): imports and reports"
sh bench/coord.sh "$BUILD" "${BENCH_COORD_ROWS:-2000}"
echo
echo "== SQLite and PostgreSQL side by side (issue 8)"
sh bench/pg.sh "$BUILD" ${BENCH_PG_ROWS:-10000 100000}
}
# (in a subshell: the first failing benchmark stops the run, as before)
(run_all; : >"$LOG.ok") 2>&1 | tee "$LOG"

# one table: every figure the issues set a target for, as measured above
echo
echo "== summary: the issues' targets"
printf '| %-72s | %s |\n' "target (issue): measured" "verdict"
printf '|%s|%s|\n' "$(printf -- '-%.0s' $(seq 74))" "---------"
grep -ai 'target' "$LOG" | grep -aiE ' met|missed' | grep -av '(cache)' |
  sed 's/^ *//; s/^[0-9][0-9]* *//; s/^mvroad --no-cache/target (issue 5): mvroad --no-cache/' |
  awk '{
    v = "met"
    if ($0 ~ /NOT met|MISSED/) v = "NOT met"
    line = $0
    sub(/: targets? met.*$/, "", line)
    sub(/: target MISSED.*$/, "", line)
    sub(/, (NOT )?met$/, "", line)
    gsub(/  +/, " ", line)
    printf "| %-72s | %s |\n", line, v
  }'
echo "(sizes: BENCH_* variables; BENCH_QUICK=1 figures are not to be quoted)"
[ -f "$LOG.ok" ] || {
  echo "bench: a benchmark failed (above); the table has what ran" >&2
  exit 1
}
