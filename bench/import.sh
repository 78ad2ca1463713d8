#!/bin/sh
# Import throughput: mvroad import of a generated N-row Annex 1 CSV, beside
# the baseline named in the foundation issue, sqlite3's own `.import` of
# the same file into a plain table. Prints one table row per size, with
# rows/s, the ratio to the baseline, and peak memory (to show it does not
# grow with the file). `check` runs the same import into a scratch
# temporary register and rolls back.
#
# A second baseline shows the floor set by the full-text index alone:
# the same `.import`, then FTS5 (mvroad's tokenizer) over the Reference,
# Title and Summary columns in the sqlite3 shell: no validation,
# normalisation, provenance or keys. Its ratio to `.import` is what the
# search index costs by itself on this machine; mvroad indexes every
# import before acknowledging it, so its own ratio cannot go below it.
#
# The JSON rows: the same file as JSON, imported by mvroad beside the
# sqlite3 shell reading it with json_each() into a plain table (sizes whose
# JSON passes 64 MiB, the limit of a JSON file, are skipped).
#
# Usage: bench/import.sh BUILD_DIR [N...]   (default N: 100000 1000000)
set -eu
BUILD=${1:?usage: bench/import.sh BUILD_DIR [N...]}
shift
[ $# -gt 0 ] || set -- 100000 1000000
MVROAD=$BUILD/mvroad
GEN=$BUILD/gen_register
# titles and summaries drawn from the bundled real dataset's words
VOCAB=${VOCAB:-$(cd "$(dirname "$0")/.." && pwd)/data/examples/metaverse-standards.csv}
OUT=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$OUT"' EXIT
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 is needed" >&2; exit 1; }

# seconds and peak KB of a command, via GNU time
measure() {
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/err" || {
    cat "$OUT/err" >&2
    exit 1
  }
  cat "$OUT/time"
}

# the floor: mvroad's full-text table (schema_sqlite.h: same columns and
# tokenizer) filled from the plain table
FTS_SQL="CREATE VIRTUAL TABLE f USING fts5(reference, title, summary,
  tokenize='unicode61 remove_diacritics 2');
INSERT INTO f(rowid, reference, title, summary)
  SELECT rowid, \"Reference\", \"Title\", \"Summary\" FROM t;"

printf '%-9s %-22s %9s %11s %8s %9s\n' rows tool seconds rows/s ratio peak_MB
for n in "$@"; do
  "$GEN" "$n" 1 0 "$VOCAB" >"$OUT/in.csv"
  rm -f "$OUT/plain.db" "$OUT/mv.db" "$OUT/mv.db-wal" "$OUT/mv.db-shm"
  set -- $(measure sqlite3 "$OUT/plain.db" ".import --csv $OUT/in.csv t")
  base=$1
  printf '%-9s %-22s %9.2f %11.0f %8s %9.1f\n' "$n" "sqlite3 .import" "$1" \
    "$(echo "$n / $1" | bc -l)" "1.00" "$(echo "$2 / 1024" | bc -l)"
  set -- $(measure sqlite3 "$OUT/plain.db" "$FTS_SQL")
  floor=$(echo "$base + $1" | bc -l)
  printf '%-9s %-22s %9.2f %11.0f %8.2f %9s\n' "$n" ".import + FTS5 (floor)" \
    "$floor" "$(echo "$n / $floor" | bc -l)" "$(echo "$floor / $base" | bc -l)" "-"
  set -- $(measure "$MVROAD" --db "$OUT/mv.db" import "$OUT/in.csv")
  printf '%-9s %-22s %9.2f %11.0f %8.2f %9.1f\n' "$n" "mvroad import" "$1" \
    "$(echo "$n / $1" | bc -l)" "$(echo "$1 / $base" | bc -l)" \
    "$(echo "$2 / 1024" | bc -l)"
  r=$(echo "$1 / $base" | bc -l)
  if [ "$(echo "$r <= 2" | bc -l)" = 1 ]; then verdict=met; else verdict="NOT met"; fi
  printf '%-9s target (issue 2): import within 2.00x of .import: %.2fx, %s\n' \
    "$n" "$r" "$verdict"
  printf '%-9s the full-text index alone costs %.2fx .import (floor: %.2fx)\n' \
    "$n" "$(echo "$floor / $base - 1" | bc -l)" "$(echo "$floor / $base" | bc -l)"
  set -- $(measure "$MVROAD" check "$OUT/in.csv")
  printf '%-9s %-22s %9.2f %11.0f %8.2f %9.1f\n' "$n" "mvroad check (scratch)" \
    "$1" "$(echo "$n / $1" | bc -l)" "$(echo "$1 / $base" | bc -l)" \
    "$(echo "$2 / 1024" | bc -l)"
  # the same rows as JSON (keys as `export --format json` writes them),
  # beside the sqlite3 shell's json_each() into a plain table. A JSON file
  # is read whole, at most 64 MiB (docs/limits.md): larger sizes are said
  # and skipped.
  python3 -c 'import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
keys = ["sdo", "reference", "type", "title", "status", "categories", "summary"]
out = []
for r in rows[1:]:
    e = dict(zip(keys, r))
    e["categories"] = [c.strip() for c in e["categories"].split(";")]
    out.append(e)
json.dump({"entries": out}, open(sys.argv[2], "w"), ensure_ascii=False)' \
    "$OUT/in.csv" "$OUT/in.json"
  jsize=$(wc -c <"$OUT/in.json")
  if [ "$jsize" -gt $((64 * 1024 * 1024)) ]; then
    printf '%-9s JSON: %d MB, over the 64 MiB a JSON file may have: skipped\n' \
      "$n" $((jsize / 1048576))
  else
    rm -f "$OUT/pj.db" "$OUT/mj.db" "$OUT/mj.db-wal" "$OUT/mj.db-shm"
    set -- $(measure sqlite3 "$OUT/pj.db" "CREATE TABLE t(sdo, reference,
      type, title, status, categories, summary);
      INSERT INTO t SELECT value->>'sdo', value->>'reference',
        value->>'type', value->>'title', value->>'status',
        value->>'categories', value->>'summary'
      FROM json_each(readfile('$OUT/in.json'), '\$.entries');")
    jbase=$1
    printf '%-9s %-22s %9.2f %11.0f %8s %9.1f\n' "$n" "sqlite3 json_each" \
      "$1" "$(echo "$n / $1" | bc -l)" "1.00" "$(echo "$2 / 1024" | bc -l)"
    set -- $(measure "$MVROAD" --db "$OUT/mj.db" import "$OUT/in.json")
    printf '%-9s %-22s %9.2f %11.0f %8.2f %9.1f\n' "$n" "mvroad import (JSON)" \
      "$1" "$(echo "$n / $1" | bc -l)" "$(echo "$1 / $jbase" | bc -l)" \
      "$(echo "$2 / 1024" | bc -l)"
  fi
  rm -f "$OUT/in.json"
done
# the machine may be shared: wall-clock ratios move with its load
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
