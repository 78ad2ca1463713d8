#!/bin/sh
# check_server.sh - run under with_pg.sh: the throwaway server answers on
# $MVROAD_TEST_PG, and has what the PostgreSQL backend relies on (UTF-8,
# ICU collations with numeric ordering for natural reference sort).
set -eu
[ -n "${MVROAD_TEST_PG:-}" ] || { echo "FAIL: MVROAD_TEST_PG unset" >&2; exit 1; }
out=$(psql -X -Atc "SELECT current_user, pg_encoding_to_char(encoding)
  FROM pg_database WHERE datname = current_database()" "$MVROAD_TEST_PG")
[ "$out" = "mvroad|UTF8" ] || { echo "FAIL: got '$out'" >&2; exit 1; }
out=$(psql -X -At "$MVROAD_TEST_PG" <<'SQL'
CREATE COLLATION mvr_natural (provider = icu, locale = 'und-u-kn-true');
SELECT string_agg(x, ' ' ORDER BY x COLLATE mvr_natural)
  FROM (VALUES ('X.10'), ('X.9'), ('x.2'), ('ISO 9')) v(x);
SQL
)
want="CREATE COLLATION
ISO 9 x.2 X.9 X.10"
[ "$out" = "$want" ] || { echo "FAIL: natural order: got '$out'" >&2; exit 1; }
echo "ok: throwaway PostgreSQL answers; ICU natural collation works"
