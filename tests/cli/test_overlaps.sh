#!/bin/sh
# test_overlaps.sh - `mvroad overlaps` (issue 7) as a user runs it on the
# bundled dataset: the VVC twin text and the glTF transposition listed as
# equivalences, the digital-twin work of ITU-T SG20 and IEEE as an
# overlap, with its shared words, in text, JSON and CSV, and in Annex C
# of the Word roadmap; --min and --limit; the pairs examined beside n(n-1)/2; wrong usage exits 2,
# nothing found exits 1.
#
# Run by ctest as cli/test_overlaps with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
dump() {
  sed 's/^/  out| /' "$tmp/out" | head -30
  sed 's/^/  err| /' "$tmp/err" | head -10
}
run() {
  "$MVROAD" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
expect_rc() {
  if [ "$rc" -eq "$1" ]; then
    ok
  else
    bad "$2: exit status $rc, expected $1"
    dump
  fi
}
has() {
  if grep -qF -- "$2" "$1"; then
    ok
  else
    bad "$3: '$2' not found"
    dump
  fi
}
pycheck() {
  label=$1
  shift
  if python3 -c "$@" >"$tmp/py" 2>&1; then
    ok
  else
    bad "$label"
    sed 's/^/  py| /' "$tmp/py"
  fi
}

. "$SRC/tests/cli/testdb.sh"
D=$(testdb r) || exit 1
run --db "$D" import "$SRC/data/examples/metaverse-standards.csv"
expect_rc 0 "import the bundled dataset"

run --db "$D" overlaps
expect_rc 0 "overlaps, text"
has "$tmp/out" "equivalent (twin text)" "the twin text"
has "$tmp/out" "ITU-T H.266" "H.266"
has "$tmp/out" "ISO/IEC 23090-3" "23090-3"
has "$tmp/out" "shared: " "shared words"
has "$tmp/out" "pairs examined" "the summary line"

run --db "$D" overlaps --format json
expect_rc 0 "overlaps, json"
pycheck "json: equivalences, digital twins, counts" '
import json, sys
d = json.load(open(sys.argv[1]))
def find(a, b):
    for p in d["pairs"]:
        if {p["a"]["reference"], p["b"]["reference"]} == {a, b}:
            return p
p = find("ITU-T H.266", "ISO/IEC 23090-3")
assert p and p["kind"] == "equivalent" and p["why"] == "twin text", p
p = find("glTF 2.0", "ISO/IEC 12113")
assert p and p["kind"] == "equivalent", p
p = find("ITU-T Y.4238", "IEEE 2888.1-2023")
assert p and p["kind"] == "overlap" and "physical" in p["terms"], p
assert all(p["a"]["family"] != p["b"]["family"] for p in d["pairs"])
assert d["examined"] < d["all_pairs"] and d["entries"] == 128
assert d["found"] + d["equivalents"] == len(d["pairs"])
assert all(1 <= p["cluster"] <= len(d["clusters"]) for p in d["pairs"])
' "$tmp/out"

run --db "$D" overlaps --format csv --limit 3
expect_rc 0 "overlaps, csv, limit"
has "$tmp/out" "kind,why,score,cluster,a_id" "csv header"
n=$(wc -l <"$tmp/out")
[ "$n" -eq 4 ] && ok || { bad "csv --limit 3: $n lines"; dump; }

run --db "$D" overlaps --min 0.9
expect_rc 1 "nothing at 0.9"
has "$tmp/out" "0 overlaps and 0 known equivalences" "empty summary"

# the Word roadmap: Annex C, coordination opportunities; Annex D, gaps
run --db "$D" export --format docx -o "$tmp/r.docx"
expect_rc 0 "export docx"
pycheck "docx: coordination opportunities and gaps" '
import re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
t = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", x))
c = t.index("Annex C \u2013 Coordination opportunities")
g = t.index("Annex D \u2013 Gaps")
assert c < g
eq = t[c:g]
assert "ITU-T H.266 (ITU-T SG16)" in eq and "twin text" in eq, eq[:400]
assert "ITU-T Y.4238" in eq and "IEEE 2888.1-2023" in eq
assert "topic Security and privacy (no published standard)" in t[g:]
' "$tmp/r.docx"
# a selection or a release: no analysis annexes (they are of the register)
run --db "$D" export --format docx --category General -o "$tmp/g.docx"
expect_rc 0 "export docx of a category"
pycheck "docx of a selection: no analysis" '
import sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
assert "Coordination opportunities" not in x
' "$tmp/g.docx"

run --db "$D" overlaps --min 2
expect_rc 2 "--min out of range"
run --db "$D" overlaps --format xml
expect_rc 2 "unknown format"
run --db "$D" overlaps extra
expect_rc 2 "unexpected argument"
run overlaps --help
expect_rc 0 "--help"
has "$tmp/out" "Usage: mvroad" "usage text"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
