#!/bin/sh
# cli.sh SCRIPT... - run CLI suites (tests/cli/*.sh) with their registers
# on PostgreSQL (issue 8): MVR_TEST_DB (tests/cli/testdb.sh) is the
# throwaway server of with_pg.sh. Every suite runs, one after the other;
# the exit status is 1 if any failed, and each suite's result and time
# are printed.
set -u
: "${MVROAD_TEST_PG:?run under tests/pg/with_pg.sh}"
MVR_TEST_DB=$MVROAD_TEST_PG
export MVR_TEST_DB
failed=""
for t in "$@"; do
  start=$(date +%s)
  if sh "$t"; then
    echo "pg/cli: $(basename "$t"): ok ($(($(date +%s) - start)) s)"
  else
    echo "pg/cli: $(basename "$t"): FAILED ($(($(date +%s) - start)) s)"
    failed="$failed $(basename "$t")"
  fi
done
if [ -n "$failed" ]; then
  echo "pg/cli: failed:$failed"
  exit 1
fi
echo "pg/cli: $# suites passed on PostgreSQL"
