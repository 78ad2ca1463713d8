#!/bin/sh
# SQLite and PostgreSQL side by side (issue 8): import throughput of a
# generated N-row Annex 1 CSV, then the latency of a faceted search
# (`mvroad search WORD --category C --status S --limit 20` followed by
# `mvroad stats --category C --status S`, i.e. the hits and the four
# facet counts a search page shows), median of R runs of each command,
# as wall time of the whole process (start, connection, query, output).
#
# PostgreSQL is the throwaway server of tests/pg/with_pg.sh (Unix
# socket, fsync=off): its import figures are without durability, while
# SQLite's are with synchronous=FULL. Read them as the cost of the
# backend's statements, not of the disk.
#
# Usage: bench/pg.sh BUILD_DIR [N...]   (default N: 10000 100000;
#        BENCH_ROUNDS=R, default 15)
set -eu
BUILD=${1:?usage: bench/pg.sh BUILD_DIR [N...]}
shift
[ $# -gt 0 ] || set -- 10000 100000
cd "$(dirname "$0")/.."
if [ -z "${MVROAD_TEST_PG:-}" ]; then
  exec sh tests/pg/with_pg.sh sh "$0" "$BUILD" "$@"
fi
MVROAD=$BUILD/mvroad
GEN=$BUILD/gen_register
# titles and summaries drawn from the bundled real dataset's words
VOCAB=${VOCAB:-$(pwd)/data/examples/metaverse-standards.csv}
R=${BENCH_ROUNDS:-15}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

now_ms() { date +%s%3N; }
# median wall milliseconds of R runs of a command
median_ms() {
  : >"$OUT/ms"
  i=0
  while [ $i -lt "$R" ]; do
    t0=$(now_ms)
    "$@" >/dev/null 2>&1 || true
    t1=$(now_ms)
    echo $((t1 - t0)) >>"$OUT/ms"
    i=$((i + 1))
  done
  sort -n "$OUT/ms" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

printf '%-8s %-11s %9s %10s %12s %12s\n' rows engine import_s rows/s \
  search_ms facets_ms
for n in "$@"; do
  "$GEN" "$n" 1 0 "$VOCAB" >"$OUT/in.csv"
  "$MVR_PG_BIN/dropdb" -U mvroad --if-exists bench 2>/dev/null
  "$MVR_PG_BIN/createdb" -U mvroad bench
  for engine in sqlite postgresql; do
    if [ $engine = sqlite ]; then
      db=$OUT/bench.db
      rm -f "$db" "$db-wal" "$db-shm"
    else
      db="postgresql://mvroad@/bench?host=$PGHOST"
    fi
    t0=$(now_ms)
    "$MVROAD" --db "$db" import "$OUT/in.csv" >/dev/null 2>"$OUT/err" || {
      cat "$OUT/err" >&2
      exit 1
    }
    t1=$(now_ms)
    s=$(echo "($t1 - $t0) / 1000" | bc -l)
    q=$(median_ms "$MVROAD" --db "$db" search --category Interoperability \
      --status Published --limit 20 metaverse)
    f=$(median_ms "$MVROAD" --db "$db" stats --category Interoperability \
      --status Published)
    printf '%-8s %-11s %9.2f %10.0f %12s %12s\n' "$n" "$engine" "$s" \
      "$(echo "$n / $s" | bc -l)" "$q" "$f"
  done
done
"$MVR_PG_BIN/dropdb" -U mvroad --if-exists bench 2>/dev/null
