#!/bin/sh
# compare.sh - the same command-line scenario against SQLite and against
# PostgreSQL (issue 8); every output (stdout, stderr, exit status) must be
# the same on both engines. Imports of the bundled examples and of a
# changed copy, proposals, merges, releases; then export (json, csv, md),
# search, list in every sort order and filter, stats and facets, show,
# history, diff, duplicates, accents in searches. Searches ranked by
# relevance ("rank", the default of search) are compared as sets: SQLite
# ranks with FTS5's bm25, PostgreSQL with ts_rank, which may order equal
# matches differently.
#
# Run by ctest as pg/compare through tests/pg/with_pg.sh (MVROAD_TEST_PG
# set); it fails, never skips, when PostgreSQL is missing.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
: "${MVROAD_TEST_PG:?run through tests/pg/with_pg.sh}"
unset MVROAD_DB
USER=mvroad
export USER

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
EX=$SRC/data/examples

# inputs: the examples, a copy with one title and one status changed
# (an update), and a file imported as a proposal
sed -e 's/Spatial Reference Model,Published/Spatial Reference Model (revised),Under development/' \
  "$EX/annex1-examples.csv" >"$tmp/changed.csv"
printf '%s\n' 'SDO / Org.,Reference,Type,Title,Status,Category,Summary' \
  'W3C,WebXR Layers API Level 2,Specification,WebXR Layers API Level 2,Under development,Enabling Technology,Layers for immersive web content.' \
  >"$tmp/proposed.csv"
# accents, which both engines' full-text words fold alike (schema 11)
printf '%s\n' 'SDO / Org.,Reference,Type,Title,Status,Category,Summary' \
  'ETSI,GR ARF 099,Report,Générateur de réalité augmentée,Published,Enabling Technology,Ça marche: façade naïve coöperation; Œuvre Øresund Straße ÀÉÎÕÜ ǅ ḁ ỳ.' \
  >"$tmp/accents.csv"

# run DB OUT NAME ARGS...: one command, its outputs and status in OUT/NAME
run() {
  db=$1 out=$2 name=$3
  shift 3
  (cd "$tmp" && NO_COLOR=1 "$MVROAD" --db "$db" "$@") >"$out/$name" 2>&1
  echo "[exit $?]" >>"$out/$name"
  sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIMESTAMP/g' \
    "$out/$name"
}

# the same, its lines sorted without their trailing commas (JSON): the
# relevance order may differ
run_set() {
  run "$@"
  sed -i 's/,$//' "$2/$3"
  sort -o "$2/$3" "$2/$3"
}

scenario() {
  db=$1 out=$2
  mkdir -p "$out"
  run "$db" "$out" 00-init init
  sed -i "s|$db|DB|" "$out/00-init"
  run "$db" "$out" 01-import import --date 2025-01-10 \
    "$EX/annex1-examples.csv" "$EX/metaverse-standards.csv"
  run "$db" "$out" 02-reimport import --date 2025-01-11 "$EX/annex1-examples.csv"
  run "$db" "$out" 02a-accents import --date 2025-01-11 "$tmp/accents.csv"
  run "$db" "$out" 03-export-json export --format json
  run "$db" "$out" 04-export-csv export --format csv
  run "$db" "$out" 05-export-md export --format md
  run "$db" "$out" 06-list list
  for k in sdo reference title status updated; do
    run "$db" "$out" "07-list-$k" list --sort "$k" --format json
  done
  run "$db" "$out" 08-list-page list --sort reference --limit 7 --offset 5
  run "$db" "$out" 09-list-sdo list --sdo "JTC 1/SC 29" --format csv
  run "$db" "$out" 10-list-cat list --category Infrastructure --status Published
  run "$db" "$out" 11-list-type list --type Standard --sort title
  run "$db" "$out" 12-list-none list --sdo W3C --status Withdrawn
  run_set "$db" "$out" 13-search-twin search twin
  run_set "$db" "$out" 14-search-prefix search --format json digital tw
  run "$db" "$out" 15-search-sorted search --sort reference avatar
  run "$db" "$out" 16-search-punct search --sort reference "23090-2"
  run "$db" "$out" 17-search-slash search --sort sdo --format csv "ISO/IEC" MAR
  run "$db" "$out" 18-search-none search zzzyzzy
  run "$db" "$out" 19-search-filter search --sort title --category Interoperability asset
  # search words that are tsquery or FTS5 syntax are taken as words
  run "$db" "$out" 19a-search-quote search --sort reference '"twin'
  run "$db" "$out" 19b-search-ops search --sort reference "twin & !avatar | x:*"
  run "$db" "$out" 19c-search-apos search --sort reference "user's"
  run "$db" "$out" 19d-search-dash search --sort reference -- "-- ;"
  run "$db" "$out" 19e-search-case search --sort reference --format csv "DIGITAL Twin "
  # accents folded alike, whichever side has them (U+0301 combining)
  for w in generateur "GÉNÉRATEUR réalité" "Ge$(printf '\314\201')ne$(printf '\314\201')rateur" \
    "facade naive" cooperation œuvre oeuvre ØRESUND strasse straße aeiou ǆ a ḁ y; do
    run "$db" "$out" "19f-search-accent-$w" search --sort reference "$w"
  done
  run "$db" "$out" 20-stats stats
  run "$db" "$out" 21-stats-json stats --format json
  run "$db" "$out" 22-stats-sdo stats --sdo ITU-T --format json
  run "$db" "$out" 23-show show "ISO/IEC 23090-2"
  run "$db" "$out" 24-show-json show --format json 5
  run "$db" "$out" 25-show-none show "ISO 99999"
  run "$db" "$out" 26-release release create R1 --date 2025-02-01 --note first
  run "$db" "$out" 27-release-again release create R1
  run "$db" "$out" 28-import-changed import --date 2025-03-01 "$tmp/changed.csv"
  run "$db" "$out" 29-propose import --propose --date 2025-03-02 "$tmp/proposed.csv"
  run "$db" "$out" 30-proposals proposals --format json
  run "$db" "$out" 31-approve approve 1
  run "$db" "$out" 32-duplicates duplicates --format json
  run "$db" "$out" 33-merge merge "ISO/IEC 23090-2" "ISO/IEC 23090-5"
  run "$db" "$out" 34-merge-again merge "ISO/IEC 23090-2" "ISO/IEC 23090-5"
  run "$db" "$out" 35-release2 release create R2 --date 2025-04-01
  run "$db" "$out" 36-release-list release list --format json
  run "$db" "$out" 37-diff diff R1 R2
  run "$db" "$out" 38-diff-json diff --format json R1 current
  run "$db" "$out" 39-diff-md diff --format md R2 current
  run "$db" "$out" 40-asof-list list --as-of R1 --sort reference
  run "$db" "$out" 41-asof-search search --as-of R1 --sort reference spatial model
  run "$db" "$out" 42-asof-stats stats --as-of R1 --format json
  run "$db" "$out" 43-asof-export export --release R1 --format json
  run "$db" "$out" 44-history history "ISO/IEC 18026"
  run "$db" "$out" 45-history-json history --format json "ISO/IEC 23090-2"
  run "$db" "$out" 46-unmerge unmerge "ISO/IEC 23090-2" "ISO/IEC 23090-5"
  run "$db" "$out" 47-not-dup not-duplicate 1 2
  run "$db" "$out" 48-conflicts conflicts --format json
  run "$db" "$out" 49-export-after export --format json
  run "$db" "$out" 50-show-after show --format json "ISO/IEC 23090-5"
  # coordination records (issue 6)
  run "$db" "$out" 60-coord-import coord import "$SRC/data/coord/jca-mv-seed.json"
  for k in meeting doc ls org term; do
    run "$db" "$out" "61-$k-list" $k list --format csv
  done
  run "$db" "$out" 62-report report orgs-without-input --today 2026-06-01 --format csv
  run "$db" "$out" 63-ls-due ls due --today 2026-05-01 --within 14 --format csv
  run "$db" "$out" 64-ls-add ls add JCA-MV-LS/o-2 --direction outgoing \
    --title Invitation --to "Open Example Consortium" --date 2026-01-05 \
    --deadline 2026-03-01 --purpose "for action"
  run "$db" "$out" 65-ls-link ls link JCA-MV-LS/o-2 1
  run "$db" "$out" 66-trace report submission-trace --format csv
  run "$db" "$out" 67-ls-remove ls remove JCA-MV-LS/o-2
  run "$db" "$out" 68-rep-add rep add jane@example.org --name "Jane Q." \
    --org "SC 29" --nominated-on 2026-01-10
  run "$db" "$out" 69-rep-add2 rep add other@example.net --name Other \
    --org ETRI --valid-until 2026-06-10
  run "$db" "$out" 70-rep-list rep list --format csv
  run "$db" "$out" 71-rep-remove rep remove jane@example.org
  run "$db" "$out" 72-rep-list rep list --format csv
  run "$db" "$out" 73-term term add metaverse "Source A" --definition "a persistent world"
  run "$db" "$out" 74-term-show term show metaverse
  run "$db" "$out" 75-status report org-status --today 2026-06-01 --format json
  # analysis (issue 7): topics, overrides, gaps, overlaps
  run "$db" "$out" 80-gaps gaps --format csv
  run "$db" "$out" 81-topic topic "ISO/IEC 18026" "Digital twins" --note why
  run "$db" "$out" 82-topic-remove topic "ISO/IEC 23090-2" "Digital twins" --remove
  run "$db" "$out" 83-gaps-json gaps --format json
  run "$db" "$out" 84-topic-auto topic "ISO/IEC 18026" "Digital twins" --auto
  run "$db" "$out" 85-overlaps overlaps --format json --limit 50
  # the last step shows what the others did
  for f in "$out"/*; do
    echo "== ${f##*/}: $(tail -n 1 "$f")"
  done >"$out.summary"
  mv "$out.summary" "$out/99-summary"
}

scenario "$tmp/register.db" "$tmp/sqlite"
scenario "$MVROAD_TEST_PG" "$tmp/pg"

pass=0
fail=0
for f in "$tmp"/sqlite/*; do
  name=$(basename "$f")
  if diff -u "$f" "$tmp/pg/$name" >"$tmp/diff" 2>&1; then
    pass=$((pass + 1))
  else
    echo "FAIL: pg/compare/$name: PostgreSQL differs from SQLite"
    head -40 "$tmp/diff"
    fail=$((fail + 1))
  fi
done
# the scenario must have done something on both engines
for need in 01-import:'127 added' 20-stats:'entries from' 26-release:R1 \
  37-diff:changed 31-approve:'exit 0' 60-coord-import:'exit 0' \
  70-rep-list:jane@example.org 71-rep-remove:'exit 0' \
  81-topic:'set by hand' 83-gaps-json:'"overridden": 2'; do
  name=${need%%:*} text=${need#*:}
  if ! grep -q "$text" "$tmp/pg/$name"; then
    echo "FAIL: pg/compare/$name: no '$text' in the PostgreSQL output"
    sed 's/^/  | /' "$tmp/pg/$name" | head -10
    fail=$((fail + 1))
  fi
done
[ -n "${KEEP:-}" ] && cat "$tmp/pg/99-summary"
echo "pg/compare: $pass outputs identical, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 85 ]
