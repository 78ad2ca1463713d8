#!/bin/sh
# with_pg.sh CMD [ARG...] - run CMD against a throwaway PostgreSQL server
# (issue 8). initdb into a temporary directory, listen on a Unix socket in
# it only (no TCP port to collide with), run CMD, stop the server and
# remove everything on any exit. The server refuses to run as root, so
# under root (CI on a fresh Debian) it runs as $MVR_PG_USER (default
# "postgres", created by Debian's postgresql package).
#
# CMD sees:
#   MVROAD_TEST_PG  a libpq URI for the database "mvroad" (owner mvroad)
#   PGHOST, PGUSER, PGDATABASE  for psql and friends
#   MVR_PG_BIN      the server's bin directory (createdb, dropdb, ...)
#
# If PostgreSQL is missing or does not start, this FAILS (exit 1) with the
# server's log: a PostgreSQL test is never skipped silently.
set -eu

fail() {
  echo "with_pg.sh: error: $*" >&2
  exit 1
}

[ $# -ge 1 ] || { echo "usage: with_pg.sh CMD [ARG...]" >&2; exit 2; }

bin=${MVR_PG_BIN:-}
if [ -z "$bin" ]; then
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && bin=$d
  done
fi
[ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] ||
  fail "PostgreSQL server binaries not found (install the Debian package" \
       "'postgresql': scripts/deps.sh, or set MVR_PG_BIN)"

dir=$(mktemp -d "${TMPDIR:-/tmp}/mvr-pg.XXXXXX") ||
  fail "cannot create a temporary directory"
as=""
if [ "$(id -u)" = 0 ]; then
  user=${MVR_PG_USER:-postgres}
  id "$user" >/dev/null 2>&1 ||
    fail "running as root and there is no user '$user' to run the server" \
         "(set MVR_PG_USER to an unprivileged user)"
  chown "$user" "$dir"
  as="runuser -u $user --"
fi

started=0
cleanup() {
  rc=$?
  if [ "$started" = 1 ]; then
    $as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
      true
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

$as "$bin/initdb" -D "$dir/data" -A trust -U mvroad -E UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  fail "initdb failed"
}
# a test server: no durability wanted, no TCP
started=1
$as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null 2>&1 || {
  cat "$dir/server.log" >&2 2>/dev/null || true
  fail "the PostgreSQL server did not start"
}
$as "$bin/createdb" -h "$dir" -U mvroad mvroad >/dev/null 2>&1 || {
  cat "$dir/server.log" >&2
  fail "createdb failed"
}

PGHOST=$dir PGUSER=mvroad PGDATABASE=mvroad MVR_PG_BIN=$bin
MVROAD_TEST_PG="postgresql://mvroad@/mvroad?host=$dir"
export PGHOST PGUSER PGDATABASE MVR_PG_BIN MVROAD_TEST_PG

set +e
"$@"
rc=$?
set -e
exit "$rc"
