#!/bin/sh
# Possible duplicates at scale (issue 4: "over 100,000 entries in seconds,
# not by comparing all pairs"): a generated register of N entries, DUPRATE
# of them repeating an earlier title the way organisations vary it
# (gen_register N SEED DUPRATE VOCAB), is imported, then `mvroad
# duplicates` is timed. One row per size and vocabulary: seconds (wall
# clock, and CPU: user + system, which a busy machine disturbs less), peak
# memory, the candidate pairs the word index examined beside all n(n-1)/2
# pairs, the pairs whose similarity was computed, and the pairs reported.
#
# Two title vocabularies: "builtin", gen_register's ~100 common words
# (every title word is frequent: the worst case for an index of rare
# words), and a Zipf vocabulary of VOCAB made-up words, closer to real
# titles (the bundled dataset has ~600 distinct title words in 128 rows).
#
# Usage: bench/duplicates.sh BUILD_DIR [N...]   (default N: 10000 100000)
# Environment: VOCABS (default "0 20000"; 0 = builtin), DUPRATE (default
# 0.02), MIN (default 0.8), SEED (default 1).
set -eu
BUILD=${1:?usage: bench/duplicates.sh BUILD_DIR [N...]}
shift
[ $# -gt 0 ] || set -- 10000 100000
VOCABS=${VOCABS:-0 20000}
DUPRATE=${DUPRATE:-0.02}
MIN=${MIN:-0.8}
SEED=${SEED:-1}
MVROAD=$BUILD/mvroad
GEN=$BUILD/gen_register
OUT=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$OUT"' EXIT

# the value of "key": in the JSON summary line
field() {
  sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" "$OUT/dups.json" | head -1
}

printf '%-8s %-8s %-7s %8s %7s %8s %12s %14s %9s %8s %9s\n' n vocab \
  duprate seconds cpu_s peak_MB examined 'n(n-1)/2' ratio scored reported
for vocab in $VOCABS; do
  for n in "$@"; do
    "$GEN" "$n" "$SEED" "$DUPRATE" "$vocab" >"$OUT/in.csv"
    rm -f "$OUT/mv.db" "$OUT/mv.db-wal" "$OUT/mv.db-shm"
    "$MVROAD" --db "$OUT/mv.db" import "$OUT/in.csv" >/dev/null 2>"$OUT/err" ||
      { cat "$OUT/err" >&2; exit 1; }
    # exit 1 means "none found", which is a result too
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$MVROAD" --db "$OUT/mv.db" \
      duplicates --min "$MIN" --format json >"$OUT/dups.json" 2>"$OUT/err" ||
      [ $? -eq 1 ] || { cat "$OUT/err" >&2; exit 1; }
    read -r secs user sys kb <"$OUT/time"
    examined=$(field examined)
    all=$(field all_pairs)
    [ "$vocab" -eq 0 ] && vname=builtin || vname=$vocab
    printf '%-8s %-8s %-7s %8.2f %7.2f %8.1f %12s %14s %9.2e %8s %9s\n' \
      "$(field entries)" "$vname" "$DUPRATE" "$secs" \
      "$(echo "$user + $sys" | bc -l)" \
      "$(echo "$kb / 1024" | bc -l)" "$examined" "$all" \
      "$(echo "$examined / $all" | bc -l)" "$(field scored)" "$(field found)"
  done
done
