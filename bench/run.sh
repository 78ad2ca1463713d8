#!/bin/sh
# `make bench`: every benchmark, one table each. Never part of `make test`.
set -eu
BUILD=${1:-build}
cd "$(dirname "$0")/.."
echo "== import (baseline: sqlite3 .import into a plain table)"
sh bench/import.sh "$BUILD" ${BENCH_ROWS:-100000 1000000}
