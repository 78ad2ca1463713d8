#!/bin/sh
# Search and facet latency in-process (issue 7: p99 < 5 ms at 10^6
# entries): a generated register of N entries (gen_register N SEED 0
# VOCAB, the generator of bench/overlaps.sh) is imported, then
# build/search_lat (bench/search_lat.c) times ROUNDS of each query with
# the library on the open register: "search", a word of the titles with
# its 20 first hits by relevance and the four facet counts from one
# snapshot (what a search page costs, as src/server/view.c); "query", the
# 20 ranked hits alone; "facets", a category and status filter with its
# 20 first rows and facets; "count", the count of a word. p50/p99/max in
# milliseconds, and the mean hits (rows, for "query"); cpu_p50/cpu_p99:
# the same in CPU time of the thread (what the wall-clock figures are
# when the machine is not shared); cold_s/cold_l: the first search page
# and the first listing page on a fresh connection.
#
# Usage: bench/search_lat.sh BUILD_DIR [N...]   (default N: 10000 100000
# 1000000) Environment: VOCAB (default 20000: Zipf made-up words, a few
# common, most rare; 0 = gen_register's ~100 common words, where every
# word matches a large share of the register), ROUNDS (default 1000),
# SEED (default 1), FTS_OPTIMIZE=1 (merge the full-text index into one
# segment with the sqlite3 shell after the import, to measure that).
set -eu
BUILD=${1:?usage: bench/search_lat.sh BUILD_DIR [N...]}
shift
[ $# -gt 0 ] || set -- 10000 100000 1000000
VOCAB=${VOCAB:-20000}
ROUNDS=${ROUNDS:-1000}
SEED=${SEED:-1}
OUT=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$OUT"
trap 'rm -rf "$OUT"' EXIT

printf '%-8s %-6s %-8s %7s %9s %9s %9s %12s %9s %9s\n' n vocab query rounds \
  p50_ms p99_ms max_ms mean_hits cpu_p50 cpu_p99
for n in "$@"; do
  "$BUILD/gen_register" "$n" "$SEED" 0 "$VOCAB" >"$OUT/in.csv"
  rm -f "$OUT/mv.db" "$OUT/mv.db-wal" "$OUT/mv.db-shm"
  "$BUILD/mvroad" --db "$OUT/mv.db" import "$OUT/in.csv" >/dev/null \
    2>"$OUT/err" || { cat "$OUT/err" >&2; exit 1; }
  rm -f "$OUT/in.csv"
  if [ "${FTS_OPTIMIZE:-0}" = 1 ]; then
    sqlite3 "$OUT/mv.db" \
      "INSERT INTO entries_fts(entries_fts) VALUES('optimize');"
  fi
  /usr/bin/time -f %M -o "$OUT/rss" "$BUILD/search_lat" "$OUT/mv.db" \
    "$ROUNDS" >"$OUT/lat"
  tail -n +2 "$OUT/lat" |
    while read -r q r p50 p99 mx hits c50 c99; do
      printf '%-8s %-6s %-8s %7s %9s %9s %9s %12s %9s %9s\n' "$n" "$VOCAB" \
        "$q" "$r" "$p50" "$p99" "$mx" "$hits" "$c50" "$c99"
      if [ "$q" = search ] && [ "$n" -ge 1000000 ]; then
        if [ "$(echo "$p99 < 5" | bc -l)" = 1 ]; then v=met; else v="NOT met"; fi
        printf '%-8s target (issue 7): search p99 under 5 ms in-process at 10^6: %s ms, %s\n' \
          "$n" "$p99" "$v"
      fi
    done
  printf '%-8s peak memory of the process (all queries): %.1f MB\n' "$n" \
    "$(echo "$(cat "$OUT/rss") / 1024" | bc -l)"
done
