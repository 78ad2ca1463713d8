#!/bin/sh
# Overlaps at scale (issue 7: 10^5 entries under 10 s, 10^6 under 2
# minutes and 4 GB, never all pairs): a generated register of N entries
# (gen_register N SEED DUPRATE VOCAB, the generator of bench/duplicates.sh)
# is imported, then `mvroad overlaps --limit 1000 --format json` is
# timed. One row per size and vocabulary: seconds (wall clock, and CPU:
# user + system, which a busy machine disturbs less), peak memory, the
# candidate pairs the rare-term index examined beside all n(n-1)/2, the
# pairs scored (different families), and the pairs found at the default
# score (the 1,000 best are written; all are classified and clustered).
#
# Usage: bench/overlaps.sh BUILD_DIR [N...]   (default N: 100000 1000000)
# Environment: VOCABS (default "20000"; 0 = gen_register's ~100 common
# words, where no word is rare), DUPRATE (default 0.02), MIN (default
# 0.15), SEED (default 1).
set -eu
BUILD=${1:?usage: bench/overlaps.sh BUILD_DIR [N...]}
shift
[ $# -gt 0 ] || set -- 100000 1000000
VOCABS=${VOCABS:-20000}
DUPRATE=${DUPRATE:-0.02}
MIN=${MIN:-0.15}
SEED=${SEED:-1}
MVROAD=$BUILD/mvroad
GEN=$BUILD/gen_register
OUT=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$OUT"' EXIT

field() {
  sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" "$OUT/ovl.json" | head -1
}

printf '%-8s %-8s %8s %7s %8s %12s %14s %9s %9s %9s\n' n vocab seconds \
  cpu_s peak_MB examined 'n(n-1)/2' ratio scored found
for vocab in $VOCABS; do
  for n in "$@"; do
    "$GEN" "$n" "$SEED" "$DUPRATE" "$vocab" >"$OUT/in.csv"
    rm -f "$OUT/mv.db" "$OUT/mv.db-wal" "$OUT/mv.db-shm"
    "$MVROAD" --db "$OUT/mv.db" import "$OUT/in.csv" >/dev/null 2>"$OUT/err" ||
      { cat "$OUT/err" >&2; exit 1; }
    rm -f "$OUT/in.csv"
    # exit 1 means "none found", which is a result too
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$MVROAD" --db "$OUT/mv.db" \
      overlaps --min "$MIN" --limit 1000 --format json >"$OUT/ovl.json" \
      2>"$OUT/err" || [ $? -eq 1 ] || { cat "$OUT/err" >&2; exit 1; }
    read -r secs user sys kb <"$OUT/time"
    examined=$(field examined)
    all=$(field all_pairs)
    [ "$vocab" -eq 0 ] && vname=builtin || vname=$vocab
    printf '%-8s %-8s %8.2f %7.2f %8.1f %12s %14s %9.2e %9s %9s\n' \
      "$(field entries)" "$vname" "$secs" "$(echo "$user + $sys" | bc -l)" \
      "$(echo "$kb / 1024" | bc -l)" "$examined" "$all" \
      "$(echo "$examined / $all" | bc -l)" "$(field scored)" "$(field found)"
    mb=$(echo "$kb / 1024" | bc -l)
    if [ "$n" -ge 1000000 ]; then
      if [ "$(echo "$secs < 120 && $mb < 4096" | bc -l)" = 1 ]; then v=met; else v="NOT met"; fi
      printf '%-8s target (issue 7): overlaps of 10^6 under 2 min and 4 GB: %.1f s, %.0f MB, %s\n' \
        "$n" "$secs" "$mb" "$v"
    elif [ "$n" -ge 100000 ]; then
      if [ "$(echo "$secs < 10" | bc -l)" = 1 ]; then v=met; else v="NOT met"; fi
      printf '%-8s target (issue 7): overlaps of 10^5 under 10 s: %.1f s, %s\n' \
        "$n" "$secs" "$v"
    fi
  done
done
