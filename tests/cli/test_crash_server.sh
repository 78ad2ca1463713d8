#!/bin/sh
# test_crash_server.sh - crash consistency of web submissions (issue 9,
# SECURITY.md G1, the server): `mvroad serve` is killed with SIGKILL at a
# random moment while liaison representatives' uploads (POST
# /api/v1/submissions, two or three at once) are in flight,
# MVR_CRASH_RUNS times (30 in `make test`, 1,000 in `make torture`), and
# started again on the same register. After every kill:
#   - PRAGMA integrity_check is ok, and the restarted server answers;
#   - every submission that was acknowledged (201 received before the
#     kill) is in the register whole: all its rows, as proposals of one
#     submission;
#   - no submission is partly applied: a file's rows are all there or none
#     is, and no submission record exists without its proposals.
# The delays are spread over a large upload's own duration (measured
# first), so kills land before, during and after the commit.
#
# Run by ctest as cli/test_crash_server with MVROAD=<binary>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
MVROAD_PWHASH_FAST=1
export MVROAD_PWHASH_FAST
RUNS=${MVR_CRASH_RUNS:-30}

tmp=$(mktemp -d)
pid=
stop_server() {
  if [ -n "$pid" ]; then
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
  fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
DB=$tmp/reg.db
HEADER='SDO / Org.,Reference,Type,Title,Status,Category,Summary'
fail=0
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}

for c in sqlite3 curl; do
  command -v $c >/dev/null || {
    bad "$c is not installed (scripts/deps.sh installs it)"
    exit 1
  }
done

# rand N: a random number in [0, N)
rand() {
  od -An -N4 -tu4 /dev/urandom | awk -v n="$1" '{ print $1 % n }'
}

# mkfile TAG ROWS: a template CSV of ROWS rows of the liaison's own
# organisation, each title naming TAG (to find the file's rows again)
mkfile() {
  awk -v n="$2" -v f="$1" -v h="$HEADER" 'BEGIN {
    print h
    for (i = 1; i <= n; i++)
      printf "JTC 1/SC 29,ISO/IEC 23090-%d,Standard,Part %d of %s," \
        "Under development,Enabling Technology,Summary %d.\n", i, i, f, i
  }' >"$tmp/$1.csv"
}

# start_server: serve the register on a free port (tests/cli/server.sh);
# sets pid and B
. "$SRC/tests/cli/server.sh"
start_server() {
  serve_start "$tmp/server.log" "$DB" || {
    bad "the server does not start on the register"
    exit 1
  }
  B=$base
}

# submit TAG: upload TAG.csv; the HTTP status lands in TAG.code
submit() {
  curl -s -o "$tmp/$1.body" -w '%{http_code}' --max-time 60 \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
    --data-binary "@$tmp/$1.csv" "$B/api/v1/submissions" >"$tmp/$1.code"
}

"$MVROAD" --db "$DB" import "$SRC/data/examples/metaverse-standards.csv" \
  >/dev/null 2>&1 || bad "import the bundled data"
printf 'la-password\n' |
  "$MVROAD" --db "$DB" user add la --role liaison --org 'JTC 1/SC 29' \
    >/dev/null 2>&1 || bad "user add"
TOKEN=$("$MVROAD" --db "$DB" token create la 2>/dev/null) || bad "token create"

# the time a large upload takes here (ms), to spread the kills over it
start_server
mkfile probe 3000
t0=$(date +%s%N)
submit probe
t1=$(date +%s%N)
[ "$(cat "$tmp/probe.code")" = 201 ] ||
  bad "a plain upload fails: $(cat "$tmp/probe.code") $(cat "$tmp/probe.body")"
span=$(((t1 - t0) / 1000000 + 5))
echo "probe 3000 3000" >"$tmp/rows"
echo probe >"$tmp/acked"

acked=0
refused=0
lost=0
i=0
while [ "$i" -lt "$RUNS" ]; do
  i=$((i + 1))
  [ -n "$pid" ] || start_server
  uploads=$((2 + $(rand 2)))
  k=0
  cpids=
  tags=
  while [ "$k" -lt "$uploads" ]; do
    k=$((k + 1))
    tag=r${i}u$k
    if [ $(((i + k) % 5)) -eq 0 ]; then
      rows=$((2000 + $(rand 2001)))
    else
      rows=$((5 + $(rand 46)))
    fi
    mkfile "$tag" "$rows"
    echo "$tag $rows" >>"$tmp/rows"
    submit "$tag" &
    cpids="$cpids $!"
    tags="$tags $tag"
  done
  delay=$(rand $((span * 1000))) # microseconds
  sleep "$(awk -v d="$delay" 'BEGIN { printf "%.6f", d / 1000000 }')"
  stop_server
  for c in $cpids; do wait "$c" 2>/dev/null; done
  for tag in $tags; do
    case $(cat "$tmp/$tag.code") in
    201)
      acked=$((acked + 1))
      echo "$tag" >>"$tmp/acked"
      ;;
    000) lost=$((lost + 1)) ;; # the connection died with the server
    *)
      refused=$((refused + 1))
      bad "run $i: $tag answered $(cat "$tmp/$tag.code"): $(cat "$tmp/$tag.body")"
      ;;
    esac
    rm -f "$tmp/$tag.csv" "$tmp/$tag.body" "$tmp/$tag.code"
  done

  ic=$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)
  [ "$ic" = ok ] || bad "run $i: integrity_check: $ic"
  # file tag -> proposals, submissions
  sqlite3 -separator ' ' "$DB" "SELECT substr(title, instr(title, ' of ') + 4),
      count(*), count(DISTINCT submission_id)
    FROM proposals WHERE title LIKE 'Part % of %' GROUP BY 1" \
    >"$tmp/have" 2>&1 || bad "run $i: cannot read the register"
  # one pass each (a loop of awk calls would grow with the runs)
  awk 'NR == FNR { want[$1] = $2; next }
       want[$1] != $2 || $3 != 1 {
         print $1 ": " $2 " proposals in " $3 " submissions, file of " \
           want[$1] " rows" }' "$tmp/rows" "$tmp/have" >"$tmp/partial"
  while read -r line; do
    bad "run $i: partly applied: $line"
  done <"$tmp/partial"
  awk 'NR == FNR { have[$1] = 1; next } !($1 in have) { print $1 }' \
    "$tmp/have" "$tmp/acked" >"$tmp/missing"
  while read -r tag; do
    bad "run $i: acknowledged submission $tag is missing"
  done <"$tmp/missing"
  orphans=$(sqlite3 "$DB" "SELECT count(*) FROM submissions s
    WHERE s.mode <> 'direct'
      AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.submission_id = s.id)")
  [ "$orphans" = 0 ] || bad "run $i: $orphans submissions without proposals"
done

# the register still serves after the last kill
start_server
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/stats")
[ "$code" = 200 ] || bad "the restarted server answers $code"
stop_server

echo "server crash runs: $RUNS; uploads acknowledged: $acked;" \
  "cut by the kill: $lost; refused: $refused; problems: $fail"
[ "$acked" -gt 1 ] || bad "no upload was ever acknowledged"
[ "$lost" -gt 0 ] || bad "no upload was ever cut by a kill"
[ "$fail" -eq 0 ]
