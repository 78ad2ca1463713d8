#!/bin/sh
# test_crash.sh - crash consistency (SECURITY.md G1, the importing
# process): `mvroad import` is killed with SIGKILL at a random moment,
# MVR_CRASH_RUNS times (30 in `make test`, 1,000 in `make torture`), on
# fresh files (most of 5-50 rows, every fifth of 2,000-4,000 rows) into
# one register. After every kill:
#   - PRAGMA integrity_check is ok;
#   - every import that was acknowledged (exit 0 and its summary printed
#     before the kill) is in the register whole;
#   - no import is partly applied: every submission holds exactly as many
#     sources as its file has rows, and the entries match the sources.
# The delays are spread over the import's own duration (measured first),
# so kills land before, during and after the commit.
#
# Run by ctest as cli/test_crash with MVROAD=<binary>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
unset MVROAD_DB
RUNS=${MVR_CRASH_RUNS:-30}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
DB=$tmp/reg.db
HEADER='SDO / Org.,Reference,Type,Title,Status,Category,Summary'
fail=0
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}

command -v sqlite3 >/dev/null || {
  echo "sqlite3 is not installed: skipped"
  exit 0
}

# rand N: a random number in [0, N)
rand() {
  od -An -N4 -tu4 /dev/urandom | awk -v n="$1" '{ print $1 % n }'
}

# mkfile NAME ROWS: a template CSV of ROWS rows with references unique
# to NAME
mkfile() {
  awk -v n="$2" -v f="$1" -v h="$HEADER" 'BEGIN {
    print h
    for (i = 1; i <= n; i++)
      printf "W3C,CR-%s-%d,Standard,Title %d of %s,Under development," \
        "Interoperability,Summary %d.\n", f, i, i, f, i
  }' >"$tmp/$1.csv"
}

# the time a large import takes here (ms), to spread the kills over it
mkfile probe 3000
t0=$(date +%s%N)
"$MVROAD" --db "$tmp/probe.db" import "$tmp/probe.csv" >/dev/null 2>&1 ||
  bad "a plain import fails"
t1=$(date +%s%N)
span=$(((t1 - t0) / 1000000 + 5))
rm -f "$tmp/probe.db"*

acked=0
killed=0
present_unacked=0
empty=0
i=0
: >"$tmp/acked"
: >"$tmp/rows"
while [ "$i" -lt "$RUNS" ]; do
  i=$((i + 1))
  name=f$i
  if [ $((i % 5)) -eq 0 ]; then
    rows=$((2000 + $(rand 2001)))
  else
    rows=$((5 + $(rand 46)))
  fi
  mkfile "$name" "$rows"
  echo "$name.csv $rows" >>"$tmp/rows"
  if [ "$rows" -gt 100 ]; then
    delay=$(rand $((span * 1000))) # microseconds
  else
    delay=$(rand $((span * 300)))
  fi
  "$MVROAD" --db "$DB" import "$tmp/$name.csv" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  sleep "$(awk -v d="$delay" 'BEGIN { printf "%.6f", d / 1000000 }')"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rc=$?
  if [ "$rc" -eq 0 ] && grep -q "rows:.*added" "$tmp/out"; then
    acked=$((acked + 1))
    echo "$name.csv" >>"$tmp/acked"
  elif [ "$rc" -eq 137 ]; then
    killed=$((killed + 1))
  elif [ "$rc" -ne 0 ]; then
    bad "run $i: exit $rc without a kill: $(cat "$tmp/err")"
  fi
  [ -f "$DB" ] || continue
  ic=$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)
  [ "$ic" = ok ] || bad "run $i: integrity_check: $ic"
  # killed while the register was being created: the schema is made in
  # one transaction (every migration), so there is none or all of it; a
  # later import makes it
  objs=$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master")
  if [ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master
                         WHERE name = 'entry_sources'")" = 0 ]; then
    [ "$objs" = 0 ] || bad "run $i: a partly created schema ($objs objects)"
    empty=$((empty + 1))
    rm -f "$tmp/$name.csv"
    continue
  fi
  # submission file name -> sources
  sqlite3 -separator ' ' "$DB" "SELECT s.file_name, count(es.rowid)
    FROM submissions s LEFT JOIN entry_sources es ON es.submission_id = s.id
    GROUP BY s.id" >"$tmp/subs" 2>&1 || bad "run $i: cannot read the register"
  # one pass each (a loop of awk calls would grow with the runs)
  awk 'NR == FNR { want[$1] = $2; next }
       { f = $1; sub(".*/", "", f)
         if (want[f] != $2) print f ": " $2 " sources of " want[f] " rows" }' \
    "$tmp/rows" "$tmp/subs" >"$tmp/partial"
  while read -r line; do
    bad "run $i: partly applied: $line"
  done <"$tmp/partial"
  awk 'NR == FNR { f = $1; sub(".*/", "", f); have[f] = 1; next }
       !($1 in have) { print $1 }' "$tmp/subs" "$tmp/acked" >"$tmp/missing"
  while read -r file; do
    bad "run $i: acknowledged import $file is missing"
  done <"$tmp/missing"
  if ! grep -qx "$name.csv" "$tmp/acked" &&
    awk -v f="$name.csv" '{ sub(".*/", "", $1) } $1 == f { found = 1 }
      END { exit !found }' "$tmp/subs"; then
    present_unacked=$((present_unacked + 1))
  fi
  e=$(sqlite3 "$DB" "SELECT count(*) FROM entries")
  s=$(sqlite3 "$DB" "SELECT count(*) FROM entry_sources")
  [ "$e" = "$s" ] || bad "run $i: $e entries but $s sources"
  rm -f "$tmp/$name.csv"
done

echo "crash runs: $RUNS; acknowledged: $acked; killed: $killed" \
  "(of which committed before the kill: $present_unacked);" \
  "killed before the schema existed: $empty; problems: $fail"
[ "$acked" -gt 0 ] || bad "no import was ever acknowledged"
[ "$killed" -gt 0 ] || bad "no import was ever killed"
[ "$fail" -eq 0 ]
