#!/bin/sh
# test_import_batch.sh - what the import speed work (issues 2, 3) must not
# change: entries new in an import are indexed for search in one statement
# at its commit, so the index must hold exactly the final text of every
# entry, also when one file names the same entry twice (the second row
# updates an entry not yet indexed), when a later file updates it, and
# when an import fails (nothing indexed). A new register is created with
# every migration in one transaction: it ends at the current schema
# version with a consistent full-text index.
#
# A large Word file, read with its part inflated by a second thread, gives
# the same register as the same rows in CSV.
#
# Run by ctest as cli/test_import_batch with MVROAD=<binary> SRC=<source>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
unset MVROAD_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
HEADER='SDO / Org.,Reference,Type,Title,Status,Category,Summary'
DB=$tmp/reg.db

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}

command -v sqlite3 >/dev/null || {
  echo "sqlite3 is not installed: skipped"
  exit 0
}

# the FTS5 index agrees with the entries table (external content)
fts_ok() {
  sqlite3 "$DB" "INSERT INTO entries_fts(entries_fts, rank)
                 VALUES ('integrity-check', 1)" 2>"$tmp/fts" &&
    [ ! -s "$tmp/fts" ]
}
# hits QUERY: the references `mvroad search` finds, sorted, one line
hits() {
  "$MVROAD" --db "$DB" search --format json "$1" 2>/dev/null |
    grep -o '"reference": *"[^"]*"' | sed 's/.*: *"//; s/"$//' | sort |
    tr '\n' ' '
}

# 1. one file, the same entry twice: the second row wins, indexed once
{
  echo "$HEADER"
  echo 'W3C,WebXR Device API,Standard,Zebra first words,Published,General,Alpha'
  echo 'IEEE,IEEE 2888.1,Standard,Giraffe,Published,General,Beta'
  echo 'W3C,WebXR Device API,Standard,Okapi second words,Published,General,Gamma'
} >"$tmp/a.csv"
"$MVROAD" --db "$DB" import "$tmp/a.csv" >"$tmp/out" 2>&1 ||
  bad "importing a.csv: $(cat "$tmp/out")"
if fts_ok; then ok; else bad "index inconsistent after a.csv: $(cat "$tmp/fts")"; fi
[ "$(hits Okapi)" = "WebXR Device API " ] && ok ||
  bad "the second row's title is not found: '$(hits Okapi)'"
[ "$(hits Zebra)" = "" ] && ok ||
  bad "the first row's replaced title is still found: '$(hits Zebra)'"
[ "$(hits Giraffe)" = "IEEE 2888.1 " ] && ok ||
  bad "a new entry is not found: '$(hits Giraffe)'"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM entries_fts")" = 2 ] && ok ||
  bad "the index does not hold exactly two entries"

# 2. a later file updates an indexed entry and adds one
{
  echo "$HEADER"
  echo 'IEEE,IEEE 2888.1,Standard,Pangolin,Published,General,Beta'
  echo 'ITU-T SG21,H.MV-NEW,Draft Recommendation,Quokka,Under development,General,Delta'
} >"$tmp/b.csv"
"$MVROAD" --db "$DB" import "$tmp/b.csv" >"$tmp/out" 2>&1 ||
  bad "importing b.csv: $(cat "$tmp/out")"
if fts_ok; then ok; else bad "index inconsistent after b.csv: $(cat "$tmp/fts")"; fi
[ "$(hits Pangolin)" = "IEEE 2888.1 " ] && ok || bad "updated title not found"
[ "$(hits Giraffe)" = "" ] && ok || bad "old title still found after update"
[ "$(hits Quokka)" = "ITU-T H.MV-NEW " ] && ok || bad "second file's new entry not found"

# 3. a failing file (an unknown category) indexes nothing
{
  echo "$HEADER"
  echo 'W3C,Walrus Spec,Standard,Walrus,Published,General,Eps'
  echo 'W3C,Narwhal Spec,Standard,Narwhal,Published,Nonsense,Eps'
} >"$tmp/c.csv"
if "$MVROAD" --db "$DB" import "$tmp/c.csv" >"$tmp/out" 2>&1; then
  bad "a file with an unknown category was imported"
else
  ok
fi
if fts_ok; then ok; else bad "index inconsistent after a failed import"; fi
[ "$(hits Walrus)" = "" ] && ok || bad "a failed import's entry is searchable"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM entries_fts")" = 3 ] && ok ||
  bad "the failed import changed the index"

# 4. a new register is at the current schema version (one transaction for
# all migrations), and opening it again migrates nothing
v=$(sqlite3 "$DB" "PRAGMA user_version")
"$MVROAD" --db "$tmp/new.db" init >/dev/null 2>&1 || bad "init fails"
[ "$(sqlite3 "$tmp/new.db" "PRAGMA user_version")" = "$v" ] && ok ||
  bad "a new register is not at schema version $v"
"$MVROAD" --db "$tmp/new.db" stats >/dev/null 2>&1 && ok ||
  bad "a new register cannot be read"

# 4b. more new entries than one indexing batch (2,048), with repeats of an
# entry indexed in an earlier batch and of one still waiting in this one
awk -v h="$HEADER" 'BEGIN {
  print h
  for (i = 1; i <= 2100; i++)
    printf "W3C,CR-batch-%d,Standard,Title %d,Published,General,Word%d\n", i, i, i
  print "W3C,CR-batch-1,Standard,Renamed first,Published,General,Lemur"
  print "W3C,CR-batch-2090,Standard,Renamed late,Published,General,Tapir"
}' >"$tmp/d.csv"
DB=$tmp/batch.db
"$MVROAD" --db "$DB" import "$tmp/d.csv" >"$tmp/out" 2>&1 ||
  bad "importing d.csv: $(cat "$tmp/out")"
if fts_ok; then ok; else bad "index inconsistent after d.csv: $(cat "$tmp/fts")"; fi
[ "$(sqlite3 "$DB" "SELECT count(*) FROM entries_fts")" = 2100 ] && ok ||
  bad "the index does not hold the 2,100 entries"
[ "$(hits Lemur)" = "batch-1 " ] && ok ||
  bad "an entry of the first batch, updated later: '$(hits Lemur)'"
[ "$(hits Tapir)" = "batch-2090 " ] && ok ||
  bad "an entry of the last batch, updated: '$(hits Tapir)'"
[ "$(hits Word2100)" = "batch-2100 " ] && ok ||
  bad "the last entry is not found: '$(hits Word2100)'"
DB=$tmp/reg.db

# 5. a large Word file (its document.xml is inflated by a second thread,
# ahead of the parser) gives the same register as the same rows in CSV
GEN=$(dirname "$MVROAD")/gen_register
if [ -x "$GEN" ] && [ -n "${SRC:-}" ] && command -v python3 >/dev/null; then
  "$GEN" 1500 >"$tmp/big.csv"
  python3 "$SRC/bench/gen_docx.py" "$tmp/big.csv" "$tmp/big.docx"
  "$MVROAD" --db "$tmp/csv.db" import "$tmp/big.csv" >/dev/null 2>&1 ||
    bad "importing the large CSV"
  "$MVROAD" --db "$tmp/docx.db" import "$tmp/big.docx" >"$tmp/out" 2>&1 ||
    bad "importing the large DOCX: $(cat "$tmp/out")"
  "$MVROAD" --db "$tmp/csv.db" export --format json >"$tmp/csv.json"
  "$MVROAD" --db "$tmp/docx.db" export --format json >"$tmp/docx.json"
  if [ -s "$tmp/csv.json" ] && cmp -s "$tmp/csv.json" "$tmp/docx.json"; then
    ok
  else
    bad "the large DOCX and the same rows in CSV give different registers"
  fi
else
  echo "gen_register, SRC or python3 missing: large DOCX case skipped"
fi

echo "import batch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
