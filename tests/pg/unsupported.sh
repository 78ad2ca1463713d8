#!/bin/sh
# unsupported.sh - the store operations not yet ported to PostgreSQL
# (accounts, coordination records: docs/postgresql.md) fail cleanly
# there: exit status 1, the message "not yet supported on PostgreSQL:
# OPNAME", no crash, and the register still works afterwards. Also: a
# server that cannot be reached is a clear error, not a crash.
#
# Run by ctest as pg/unsupported through tests/pg/with_pg.sh.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
: "${MVROAD_TEST_PG:?run through tests/pg/with_pg.sh}"
unset MVROAD_DB
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
DB=$MVROAD_TEST_PG

# expect STATUS OPNAME ARGS...: mvroad ARGS exits STATUS and names OPNAME
expect() {
  want=$1 op=$2
  shift 2
  (cd "$tmp" && MVROAD_PWHASH_FAST=1 NO_COLOR=1 "$MVROAD" --db "$DB" "$@") \
    >"$tmp/out" 2>&1 </dev/null
  got=$?
  if [ "$got" -ne "$want" ]; then
    fail=$((fail + 1))
    echo "FAIL: mvroad $*: exit $got, wanted $want"
    sed 's/^/  | /' "$tmp/out" | head -10
  elif [ -n "$op" ] &&
    ! grep -q "not yet supported on PostgreSQL: $op" "$tmp/out"; then
    fail=$((fail + 1))
    echo "FAIL: mvroad $*: no 'not yet supported on PostgreSQL: $op'"
    sed 's/^/  | /' "$tmp/out" | head -10
  else
    pass=$((pass + 1))
  fi
}

expect 0 "" import --date 2025-01-10 "$SRC/data/examples/annex1-examples.csv"
expect 1 users user list
expect 1 tokens token list
expect 1 coord_list org list
expect 1 coord_list rep list
# the register is untouched and still answers
expect 0 "" stats
expect 0 "" list --sort reference

# an unreachable server: a clear message, exit 1, no file created
(cd "$tmp" && "$MVROAD" --db "postgresql://mvroad@/nowhere?host=$tmp/none" \
  stats) >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q "cannot connect to PostgreSQL" "$tmp/out" &&
  [ -z "$(ls "$tmp" | grep -v '^out$')" ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: unreachable server: exit $rc"
  sed 's/^/  | /' "$tmp/out" | head -10
fi

echo "pg/unsupported: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
