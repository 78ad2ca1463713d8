#!/bin/sh
# Export speed and memory: the roadmap of N generated entries written as a
# Word document, as an Excel workbook and as a static web site (html; its
# file_MB is that of search.json) (beside the CSV export, the
# streaming baseline). Prints one row per size and format with wall-clock
# and CPU seconds (user + system: steadier on a busy machine), peak memory
# (to show what the writers add to the query's own) and file size.
# Target (issue 3): the Word roadmap of 10^4 entries in under 5 s.
#
# Usage: bench/export.sh BUILD_DIR [N...]   (default N: 10000 100000)
set -eu
BUILD=${1:?usage: bench/export.sh BUILD_DIR [N...]}
shift
[ $# -gt 0 ] || set -- 10000 100000
MVROAD=$BUILD/mvroad
GEN=$BUILD/gen_register
# titles and summaries drawn from the bundled real dataset's words
VOCAB=${VOCAB:-$(cd "$(dirname "$0")/.." && pwd)/data/examples/metaverse-standards.csv}
OUT=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$OUT"' EXIT
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed" >&2; exit 1; }

# wall seconds, peak KB, user and system seconds of a command (GNU time)
measure() {
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/err" || {
    cat "$OUT/err" >&2
    exit 1
  }
  cat "$OUT/time"
}

row() { # entries what seconds peak_kb user sys file
  size=$(wc -c <"$7")
  printf '%-9s %-8s %9.2f %9.2f %9.1f %9.1f\n' "$1" "$2" "$3" \
    "$(echo "$5 + $6" | bc -l)" "$(echo "$4 / 1024" | bc -l)" \
    "$(echo "$size / 1048576" | bc -l)"
}

printf '%-9s %-8s %9s %9s %9s %9s\n' entries export seconds cpu_s peak_MB \
  file_MB
for n in "$@"; do
  "$GEN" "$n" 1 0 "$VOCAB" >"$OUT/in.csv"
  rm -f "$OUT/mv.db" "$OUT/mv.db-wal" "$OUT/mv.db-shm"
  "$MVROAD" --db "$OUT/mv.db" import "$OUT/in.csv" >/dev/null 2>&1
  for f in csv docx xlsx; do
    set -- $(measure "$MVROAD" --db "$OUT/mv.db" export --format "$f" \
      -o "$OUT/roadmap.$f")
    row "$n" "$f" "$1" "$2" "$3" "$4" "$OUT/roadmap.$f"
    if [ "$f" = docx ] && [ "$n" -eq 10000 ]; then
      ok=$(echo "$1 < 5" | bc -l)
      [ "$ok" -eq 1 ] && verdict="met" || verdict="NOT met"
      printf '          target (issue 7): Word roadmap of 10^4 entries under 5 s: %.2f s, %s\n' \
        "$1" "$verdict"
    fi
  done
  # the static site (issue 7): a directory; file_MB is its search.json
  rm -rf "$OUT/site"
  set -- $(measure "$MVROAD" --db "$OUT/mv.db" export --format html \
    -o "$OUT/site")
  row "$n" html "$1" "$2" "$3" "$4" "$OUT/site/search.json"
  rm -rf "$OUT/site"
done
