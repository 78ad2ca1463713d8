#!/bin/sh
# `make run`: load the bundled data into the register, print a summary, then
# serve it at http://127.0.0.1:8080/ in the foreground (Ctrl-C stops it).
# Usage: scripts/run.sh PATH/TO/mvroad DB [HOST:PORT]
set -eu
MVROAD=$1
DB=$2
LISTEN=${3:-127.0.0.1:8080}
cd "$(dirname "$0")/.."

"$MVROAD" --db "$DB" init
# The six example rows of the seed's Annex 1, then the verified dataset.
# Running again is harmless: an identical file is recognised and skipped.
"$MVROAD" --db "$DB" import --date 2025-10-09 data/examples/annex1-examples.csv
"$MVROAD" --db "$DB" import --date 2025-11-01 data/examples/metaverse-standards.csv
echo
"$MVROAD" --db "$DB" stats
echo
echo "Serving the register at http://$LISTEN/ (Ctrl-C stops it)"
# exec: Ctrl-C (SIGINT) reaches the server itself, which lets requests in
# flight finish, closes the database and exits 0
exec "$MVROAD" --db "$DB" serve --listen "$LISTEN"
