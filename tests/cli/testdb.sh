# testdb.sh - sourced by the CLI suites (issue 8): the registers a suite
# works on, on either engine. By default SQLite files under $tmp, as the
# suites always had them. When MVR_TEST_DB holds a PostgreSQL URI (ctest
# pg/cli: tests/pg/cli.sh under tests/pg/with_pg.sh, which also sets
# MVR_PG_BIN), each register is a schema of that database, made empty,
# reached through the URI with its search_path set to the schema.

# testdb_pg: true when the suite runs on PostgreSQL.
testdb_pg() {
  case ${MVR_TEST_DB:-} in postgres*://*) return 0 ;; esac
  return 1
}

# testdb NAME: print the --db of a fresh register NAME ($tmp/NAME.db, or
# the schema r_NAME emptied; NAME in [a-z0-9_]).
testdb() {
  if testdb_pg; then
    "$MVR_PG_BIN/psql" -X -q -d "$MVR_TEST_DB" -v ON_ERROR_STOP=1 \
      -c "SET client_min_messages = warning" \
      -c "DROP SCHEMA IF EXISTS r_$1 CASCADE" \
      -c "CREATE SCHEMA r_$1" >/dev/null || {
      echo "testdb.sh: cannot make the schema r_$1 in $MVR_TEST_DB" >&2
      exit 1
    }
    case $MVR_TEST_DB in
    *\?*) printf '%s&options=-csearch_path%%3Dr_%s\n' "$MVR_TEST_DB" "$1" ;;
    *) printf '%s?options=-csearch_path%%3Dr_%s\n' "$MVR_TEST_DB" "$1" ;;
    esac
  else
    rm -f "$tmp/$1.db" "$tmp/$1.db-wal" "$tmp/$1.db-shm"
    printf '%s/%s.db\n' "$tmp" "$1"
  fi
}

# testdb_sql DB SQL: run SQL on the register DB from a connection of its
# own; rows on standard output, non-zero status when refused.
testdb_sql() {
  case $1 in
  postgres*://*)
    "$MVR_PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" ;;
  *) sqlite3 "$1" "$2" ;;
  esac
}
