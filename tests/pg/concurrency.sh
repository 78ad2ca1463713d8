#!/bin/sh
# concurrency.sh - several writer processes and readers on one register
# (issue 8, a small form of the item 6): W writers each import R
# files of 5 new entries, one after the other, while 2 readers run
# `stats` and `search` in a loop; on SQLite (a file) and on PostgreSQL.
# Every import must succeed (no "database is locked", no serialisation
# error reaching the user), every acknowledged entry must be there, ids
# dense (1..N: the writer lock serialises the max(id) + 1 numbering),
# and no reader may fail.
#
# Run by ctest as pg/concurrency through tests/pg/with_pg.sh.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${MVROAD_TEST_PG:?run through tests/pg/with_pg.sh}"
unset MVROAD_DB
W=${CONC_WRITERS:-4}
R=${CONC_ROUNDS:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}

w=1
while [ $w -le "$W" ]; do
  k=1
  while [ $k -le "$R" ]; do
    f=$tmp/w$w-r$k.csv
    echo 'SDO / Org.,Reference,Type,Title,Status,Category,Summary' >"$f"
    i=1
    while [ $i -le 5 ]; do
      echo "W3C,Test Spec W$w R$k N$i,Specification,Concurrent spec $w $k $i,Under development,Enabling Technology,Written by writer $w." >>"$f"
      i=$((i + 1))
    done
    k=$((k + 1))
  done
  w=$((w + 1))
done

# engine NAME DB
engine() {
  name=$1 db=$2
  "$MVROAD" --db "$db" init >/dev/null 2>&1 || bad "$name: init"
  : >"$tmp/stop"
  rm -f "$tmp/stop"
  j=1
  while [ $j -le 2 ]; do
    (
      n=0
      while [ ! -e "$tmp/stop" ]; do
        "$MVROAD" --db "$db" stats >/dev/null 2>"$tmp/$name-reader$j.err" ||
          { echo "reader $j: stats failed" >>"$tmp/$name-fails"; cat "$tmp/$name-reader$j.err" >>"$tmp/$name-fails"; }
        "$MVROAD" --db "$db" search --sort reference spec >/dev/null \
          2>"$tmp/$name-reader$j.err"
        [ $? -le 1 ] ||
          { echo "reader $j: search failed" >>"$tmp/$name-fails"; cat "$tmp/$name-reader$j.err" >>"$tmp/$name-fails"; }
        n=$((n + 1))
      done
      echo "$n" >"$tmp/$name-reads$j"
    ) &
    j=$((j + 1))
  done
  pids=
  w=1
  while [ $w -le "$W" ]; do
    (
      k=1
      while [ $k -le "$R" ]; do
        "$MVROAD" --db "$db" import --date 2025-01-10 "$tmp/w$w-r$k.csv" \
          >/dev/null 2>"$tmp/$name-w$w.err" ||
          { echo "writer $w round $k failed:" >>"$tmp/$name-fails"; cat "$tmp/$name-w$w.err" >>"$tmp/$name-fails"; }
        k=$((k + 1))
      done
    ) &
    pids="$pids $!"
    w=$((w + 1))
  done
  for p in $pids; do wait "$p"; done
  : >"$tmp/stop"
  wait
  if [ -s "$tmp/$name-fails" ]; then
    bad "$name: a writer or reader failed"
    head -20 "$tmp/$name-fails" | sed 's/^/  | /'
  else ok; fi
  want=$((W * R * 5))
  "$MVROAD" --db "$db" export --format csv >"$tmp/$name.csv" 2>/dev/null
  got=$(grep -c '^W3C,Test Spec W' "$tmp/$name.csv")
  [ "$got" = "$want" ] && ok || bad "$name: $got entries, wanted $want"
  # every file's entries, each once
  w=1
  while [ $w -le "$W" ]; do
    k=1
    while [ $k -le "$R" ]; do
      n=$(grep -c "^W3C,Test Spec W$w R$k N" "$tmp/$name.csv")
      [ "$n" = 5 ] || bad "$name: writer $w round $k: $n entries of 5"
      k=$((k + 1))
    done
    w=$((w + 1))
  done
  subs=$("$MVROAD" --db "$db" stats 2>/dev/null | sed -n 's/.*(\([0-9]*\) submissions).*/\1/p')
  [ "$subs" = $((W * R)) ] && ok || bad "$name: $subs submissions, wanted $((W * R))"
  # ids dense: the largest id is the number of entries
  max=$(awk -F, '/^W3C,Test Spec W/ { if ($NF + 0 > m) m = $NF + 0 }
    END { print m }' "$tmp/$name.csv")
  [ "$max" = "$want" ] && ok || bad "$name: last id $max, wanted $want"
  r1=$(cat "$tmp/$name-reads1" 2>/dev/null)
  [ "${r1:-0}" -gt 0 ] && ok || bad "$name: the readers did not run"
}

engine sqlite "$tmp/c.db"
engine postgresql "$MVROAD_TEST_PG"
echo "pg/concurrency: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
