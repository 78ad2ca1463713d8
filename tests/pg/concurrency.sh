#!/bin/sh
# concurrency.sh - the issue's concurrency test (issue 8, item 6): W
# writer processes x R transactions each, CLI imports and HTTP
# submissions mixed, while 2 readers loop `stats` and `search`; on
# SQLite (a file) and on PostgreSQL. Each transaction stores one
# one-row file: writer w's batches of B alternate between one
# `mvroad import` of B files (one transaction per file) and one curl
# process that POSTs B files to /api/v1/submissions of a `mvroad serve`
# over the same register, with a liaison's API token (stored as
# proposals). Afterwards: every import succeeded and every POST was
# answered 201 "stored": true (no "database is locked", no
# serialisation error reaching a user); every acknowledged entry and
# proposal is there exactly once; entry ids dense (1..N: the writer
# lock serialises the max(id) + 1 numbering); no reader failed; the
# server logged no error; on SQLite, integrity_check and
# foreign_key_check are clean.
#
# CONC_WRITERS (8), CONC_ROUNDS (200: transactions per writer) and
# CONC_BATCH (20) change the size. Run by ctest as pg/concurrency
# through tests/pg/with_pg.sh.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${MVROAD_TEST_PG:?run through tests/pg/with_pg.sh}"
unset MVROAD_DB
USER=mvroad
export USER
W=${CONC_WRITERS:-8}
R=${CONC_ROUNDS:-200}
B=${CONC_BATCH:-20}
tmp=$(mktemp -d)
spid=
cleanup() {
  [ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}

# the files: c-W-K.csv for the CLI (W3C), h-W-K.csv for HTTP (the
# liaison's organisation); batch b of writer w goes through the CLI when
# w + b is even
mkdir "$tmp/f"
awk -v W="$W" -v R="$R" -v B="$B" -v d="$tmp/f" 'BEGIN {
  H = "SDO / Org.,Reference,Type,Title,Status,Category,Summary"
  for (w = 1; w <= W; w++)
    for (k = 1; k <= R; k++) {
      b = int((k - 1) / B)
      if ((w + b) % 2 == 0) {
        f = sprintf("%s/c-%d-%d.csv", d, w, k)
        printf "%s\nW3C,Test Spec W%d K%d,Specification,Concurrent spec %d %d,Under development,Enabling Technology,Written by writer %d.\n", H, w, k, w, k, w >f
      } else {
        f = sprintf("%s/h-%d-%d.csv", d, w, k)
        printf "%s\nJTC 1/SC 29,ISO/IEC %d%04d,Standard,Posted part %d %d,Under development,Enabling Technology,Posted by writer %d.\n", H, 70 + w, k, w, k, w >f
      }
      close(f)
    }
}'
ncli=$(ls "$tmp/f" | grep -c '^c-')
nhttp=$(ls "$tmp/f" | grep -c '^h-')

# serve NAME DB: a server on a free port (tests/cli/server.sh); sets
# $spid and $base
. "$SRC/tests/cli/server.sh"
serve() {
  serve_start "$tmp/$1-serve.log" "$2" || bad "$1: the server did not start"
  spid=$pid
}

# writer NAME DB W: writer w's R transactions, batch by batch
writer() {
  name=$1 db=$2 w=$3
  k=1
  while [ "$k" -le "$R" ]; do
    last=$((k + B - 1))
    [ "$last" -gt "$R" ] && last=$R
    if [ -e "$tmp/f/c-$w-$k.csv" ]; then
      files=
      j=$k
      while [ $j -le "$last" ]; do
        files="$files $tmp/f/c-$w-$j.csv"
        j=$((j + 1))
      done
      # shellcheck disable=SC2086
      "$MVROAD" --db "$db" import --date 2025-01-10 $files \
        >/dev/null 2>"$tmp/$name-w$w.err" ||
        { echo "writer $w: import $k-$last failed:" >>"$tmp/$name-fails"; cat "$tmp/$name-w$w.err" >>"$tmp/$name-fails"; }
    else
      cfg=$tmp/$name-w$w.curl
      : >"$cfg"
      j=$k
      while [ $j -le "$last" ]; do
        {
          echo "url = \"$base/api/v1/submissions\""
          echo "header = \"Authorization: Bearer $TOKEN\""
          echo "header = \"Content-Type: text/csv\""
          echo "data-binary = \"@$tmp/f/h-$w-$j.csv\""
          echo "output = \"$tmp/$name-r-$w-$j\""
          echo "write-out = \"$w $j %{http_code}\\n\""
          [ $j -lt "$last" ] && echo "next"
        } >>"$cfg"
        j=$((j + 1))
      done
      curl -s -K "$cfg" >>"$tmp/$name-codes" 2>>"$tmp/$name-fails" ||
        echo "writer $w: curl $k-$last failed" >>"$tmp/$name-fails"
    fi
    k=$((last + 1))
  done
}

# engine NAME DB
engine() {
  name=$1 db=$2
  t0=$(date +%s)
  "$MVROAD" --db "$db" init >/dev/null 2>&1 || bad "$name: init"
  printf 'liaison-conc-pass\n' |
    "$MVROAD" --db "$db" user add lc --role liaison --org 'JTC 1/SC 29' \
      >/dev/null 2>&1 || bad "$name: user add"
  TOKEN=$("$MVROAD" --db "$db" token create lc 2>/dev/null) ||
    bad "$name: token create"
  serve "$name" "$db"
  rm -f "$tmp/stop"
  : >"$tmp/$name-codes"
  readers=
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
    readers="$readers $!"
    j=$((j + 1))
  done
  pids=
  w=1
  while [ $w -le "$W" ]; do
    writer "$name" "$db" "$w" &
    pids="$pids $!"
    w=$((w + 1))
  done
  for p in $pids; do wait "$p"; done
  : >"$tmp/stop"
  for p in $readers; do wait "$p"; done
  kill "$spid" 2>/dev/null
  wait "$spid" 2>/dev/null
  spid=
  t1=$(date +%s)
  echo "pg/concurrency: $name: $W writers x $R transactions ($ncli CLI, $nhttp HTTP) in $((t1 - t0)) s"
  if [ -s "$tmp/$name-fails" ]; then
    bad "$name: a writer or reader failed"
    head -20 "$tmp/$name-fails" | sed 's/^/  | /'
  else ok; fi
  # every POST answered 201 and stored
  n201=$(grep -c ' 201$' "$tmp/$name-codes")
  [ "$n201" = "$nhttp" ] && ok ||
    { bad "$name: $n201 of $nhttp submissions answered 201"; grep -v ' 201$' "$tmp/$name-codes" | sort | uniq -c | head -5; }
  nstored=$(cat "$tmp/$name"-r-* 2>/dev/null | grep -c '"stored": true')
  [ "$nstored" = "$nhttp" ] && ok || bad "$name: $nstored of $nhttp submissions stored"
  if grep -qiE 'locked|serializ|deadlock|error' "$tmp/$name-serve.log"; then
    bad "$name: the server logged errors"
    grep -iE 'locked|serializ|deadlock|error' "$tmp/$name-serve.log" | head -5
  else ok; fi
  # every acknowledged entry, each once
  "$MVROAD" --db "$db" export --format csv >"$tmp/$name.csv" 2>/dev/null
  got=$(grep -c '^W3C,Test Spec W' "$tmp/$name.csv")
  [ "$got" = "$ncli" ] && ok || bad "$name: $got entries, wanted $ncli"
  dups=$(grep '^W3C,Test Spec W' "$tmp/$name.csv" | cut -d, -f2 | sort | uniq -d | wc -l)
  [ "$dups" = 0 ] && ok || bad "$name: $dups entries twice"
  # every acknowledged proposal, each once
  "$MVROAD" --db "$db" proposals --format json >"$tmp/$name-p.json" 2>/dev/null
  got=$(grep -o '"reference": "ISO/IEC [0-9]*"' "$tmp/$name-p.json" | sort -u | wc -l)
  all=$(grep -o '"reference": "ISO/IEC [0-9]*"' "$tmp/$name-p.json" | wc -l)
  [ "$got" = "$nhttp" ] && [ "$all" = "$nhttp" ] && ok ||
    bad "$name: $got distinct proposals ($all in all), wanted $nhttp"
  subs=$("$MVROAD" --db "$db" stats 2>/dev/null | sed -n 's/.*(\([0-9]*\) submissions).*/\1/p')
  [ "$subs" = $((ncli + nhttp)) ] && ok || bad "$name: $subs submissions, wanted $((ncli + nhttp))"
  # ids dense: the largest id is the number of entries
  max=$(awk -F, '/^W3C,Test Spec W/ { if ($NF + 0 > m) m = $NF + 0 }
    END { print m }' "$tmp/$name.csv")
  [ "$max" = "$ncli" ] && ok || bad "$name: last id $max, wanted $ncli"
  r1=$(cat "$tmp/$name-reads1" 2>/dev/null)
  [ "${r1:-0}" -gt 0 ] && ok || bad "$name: the readers did not run"
}

engine sqlite "$tmp/c.db"
[ "$(sqlite3 "$tmp/c.db" 'PRAGMA integrity_check')" = ok ] && ok ||
  bad "sqlite: integrity_check"
[ -z "$(sqlite3 "$tmp/c.db" 'PRAGMA foreign_key_check')" ] && ok ||
  bad "sqlite: foreign_key_check"
engine postgresql "$MVROAD_TEST_PG"
echo "pg/concurrency: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
