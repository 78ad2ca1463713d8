#!/bin/sh
# unit.sh SUITE... - run cmocka suites with their registers on PostgreSQL
# (issue 8): MVR_TEST_PG (tests/unit/testdb.h) is the throwaway server of
# with_pg.sh. Every suite runs, one after the other (they share the
# server); the exit status is 1 if any failed, and each suite's result
# and time are printed.
set -u
: "${MVROAD_TEST_PG:?run under tests/pg/with_pg.sh}"
MVR_TEST_PG=$MVROAD_TEST_PG
export MVR_TEST_PG
failed=""
for t in "$@"; do
  start=$(date +%s)
  if "$t"; then
    echo "pg/unit: $(basename "$t"): ok ($(($(date +%s) - start)) s)"
  else
    echo "pg/unit: $(basename "$t"): FAILED ($(($(date +%s) - start)) s)"
    failed="$failed $(basename "$t")"
  fi
done
if [ -n "$failed" ]; then
  echo "pg/unit: failed:$failed"
  exit 1
fi
echo "pg/unit: $# suites passed on PostgreSQL"
