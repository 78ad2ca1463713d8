#!/bin/sh
# `make bench`: every benchmark, one table each, each beside its named
# baseline. Never part of `make test`. Installs what the baselines need
# (python3-docx, pandoc, wrk, nginx...) with scripts/bench-deps.sh.
set -eu
BUILD=${1:-build}
cd "$(dirname "$0")/.."
./scripts/bench-deps.sh
echo "== import (baseline: sqlite3 .import into a plain table)"
sh bench/import.sh "$BUILD" ${BENCH_ROWS:-100000 1000000}
echo
echo "== DOCX import (baselines: python-docx, pandoc, unzip | xmllint --stream)"
sh bench/docx.sh "$BUILD"
echo
echo "== export to CSV/DOCX/XLSX"
sh bench/export.sh "$BUILD"
echo
echo "== possible duplicates (pairs examined vs n(n-1)/2)"
sh bench/duplicates.sh "$BUILD"
echo
echo "== web server (baseline: nginx serving the same response)"
sh bench/serve.sh "$BUILD"
echo
echo "== coordination records (issue 6): imports and reports"
sh bench/coord.sh "$BUILD" 2000
