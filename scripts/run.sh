#!/bin/sh
# `make run`: load the bundled data into the register and print it.
# Usage: scripts/run.sh PATH/TO/mvroad DB
set -eu
MVROAD=$1
DB=$2
cd "$(dirname "$0")/.."

"$MVROAD" --db "$DB" init
# The six example rows of the seed's Annex 1, then the verified dataset.
# Running again is harmless: an identical file is recognised and skipped.
"$MVROAD" --db "$DB" import --date 2025-10-09 data/examples/annex1-examples.csv
"$MVROAD" --db "$DB" import --date 2025-11-01 data/examples/metaverse-standards.csv
echo
"$MVROAD" --db "$DB" stats
echo
"$MVROAD" --db "$DB" export --format md
