#!/bin/sh
# test_duplicates.sh - `mvroad duplicates` and `mvroad not-duplicate` as a
# user runs them: the same title written with other dashes, hyphens and
# prefixes under two references is proposed with its score, in text, JSON
# and CSV; --min and --limit; a pair marked not duplicate (by reference)
# is never proposed again, in this run or the next; merged entries are
# left out; wrong usage exits 2, nothing found exits 1.
#
# Run by ctest as cli/test_duplicates with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
HEADER='SDO / Org.,Reference,Type,Title,Status,Category,Summary'

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
hasnt() {
  if grep -qF -- "$2" "$1"; then
    bad "$3: '$2' found"
    dump
  else
    ok
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
{
  echo "$HEADER"
  echo 'ISO/IEC JTC 1/SC 24,ISO/IEC 19774-1,Standard,"Information technology — Computer graphics, image processing and environmental data representation — Part 1: Humanoid animation (H-Anim) architecture",Published,General,x'
  echo 'Web3D Consortium,H-Anim 2.0 Part 1,Specification,"Information technology -- Computer graphics, image processing and environmental data representation - Part 1: Humanoid Animation (HAnim) Architecture",Published,General,x'
  echo 'ISO/IEC JTC 1/SC 24,ISO/IEC 19774-2,Standard,"Information technology — Computer graphics, image processing and environmental data representation — Part 2: Humanoid animation (H-Anim) motion data animation",Published,General,x'
  echo 'IEEE,IEEE 2048.1-2024,Standard,IEEE Standard for Virtual Reality and Augmented Reality: Device Taxonomy and Definitions,Published,General,x'
  echo 'IEEE,IEEE P3079.9,Draft Standard,Standard for Virtual Reality and Augmented Reality: Device Taxonomy and Definitions,Under development,General,x'
  echo 'W3C,webxr,Standard,WebXR Device API,Published,General,x'
  echo 'ITU-T SG16,ITU-T H.266,Recommendation,Versatile video coding,Published,General,x'
  echo 'ISO/IEC JTC 1/SC 29,ISO/IEC 23090-3,Standard,Information technology — Coded representation of immersive media — Part 3: Versatile video coding,Published,General,x'
  echo 'ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2,Standard,Omnidirectional media format,Published,General,x'
} >"$tmp/in.csv"
run --db "$D" import "$tmp/in.csv"
expect_rc 0 "import"

# --- text ------------------------------------------------------------------
run --db "$D" duplicates
expect_rc 0 "duplicates"
has "$tmp/out" "1.00  the same title" "identical titles score 1"
has "$tmp/out" "ISO/IEC 19774-1" "the ISO/IEC side"
has "$tmp/out" "H-Anim 2.0 Part 1" "the Web3D side"
has "$tmp/out" "IEEE P3079.9" "IEEE Standard for X = Standard for X"
has "$tmp/out" "0.90  one title is the other's part title" "twin text"
has "$tmp/out" "3 possible duplicates among 9 entries" "summary"
has "$tmp/out" "of 36 pairs examined" "pairs examined against n(n-1)/2"
hasnt "$tmp/out" "ISO/IEC 19774-2" "Part 1 and Part 2 are not duplicates"
hasnt "$tmp/out" "webxr" "unrelated titles"

# --- JSON ------------------------------------------------------------------
run --db "$D" duplicates --format json
expect_rc 0 "duplicates --format json"
pycheck "JSON output" '
import json, sys
d = json.load(open(sys.argv[1]))
bad = 0
for k in ("min_score", "entries", "all_pairs", "examined", "scored", "found",
          "dismissed", "pairs"):
    if k not in d:
        print("missing", k); bad = 1
if d["entries"] != 9 or d["all_pairs"] != 36 or d["found"] != 3 \
   or d["min_score"] != 0.8 or not d["examined"] <= d["all_pairs"]:
    print(d); bad = 1
P = d["pairs"]
if [p["score"] for p in P] != sorted([p["score"] for p in P], reverse=True):
    print("not best first"); bad = 1
for p in P:
    if set(p) != {"score", "match", "a", "b"} or p["a"]["id"] >= p["b"]["id"] \
       or set(p["a"]) != {"id", "sdo", "reference", "title"}:
        print(p); bad = 1
refs = sorted((p["a"]["reference"], p["b"]["reference"], p["match"]) for p in P)
want = sorted([("ISO/IEC 19774-1", "H-Anim 2.0 Part 1", "same-title"),
               ("IEEE 2048.1-2024", "IEEE P3079.9", "same-title"),
               ("ITU-T H.266", "ISO/IEC 23090-3", "part-title")])
if refs != want:
    print(refs); bad = 1
sys.exit(bad)
' "$tmp/out"

# --- CSV, --min, --limit ---------------------------------------------------
run --db "$D" duplicates --format csv
expect_rc 0 "duplicates --format csv"
pycheck "CSV output" '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
if len(rows) != 3 or rows[0]["score"] != "1.000" or "b_title" not in rows[0]:
    print(rows); sys.exit(1)
' "$tmp/out"
run --db "$D" duplicates --min 1
expect_rc 0 "duplicates --min 1"
has "$tmp/out" "2 possible duplicates" "--min 1: identical titles only"
run --db "$D" duplicates --limit 1 --format json
expect_rc 0 "duplicates --limit 1"
pycheck "--limit 1" '
import json, sys
d = json.load(open(sys.argv[1]))
if len(d["pairs"]) != 1 or d["found"] != 3 or d["pairs"][0]["score"] != 1:
    print(d); sys.exit(1)
' "$tmp/out"

# --- wrong usage -----------------------------------------------------------
for args in "--min 0.2" "--min 1.5" "--min x" "--limit 0" "--limit -3" \
  "--format xml" "extra"; do
  # shellcheck disable=SC2086
  run --db "$D" duplicates $args
  expect_rc 2 "duplicates $args"
done
run --db "$tmp/none.db" duplicates
expect_rc 1 "duplicates without a database"
run --db "$D" duplicates --help
expect_rc 0 "duplicates --help"
has "$tmp/out" "--min SCORE" "help text"

# --- not-duplicate ---------------------------------------------------------
run --db "$D" not-duplicate --note "different documents" "IEEE P3079.9" "IEEE 2048.1-2024"
expect_rc 0 "not-duplicate by reference"
has "$tmp/out" "are marked not duplicates" "not-duplicate says so"
run --db "$D" not-duplicate "IEEE 2048.1-2024" "IEEE P3079.9"
expect_rc 0 "not-duplicate again changes nothing"
run --db "$D" duplicates
expect_rc 0 "duplicates after not-duplicate"
hasnt "$tmp/out" "IEEE P3079.9" "a dismissed pair is not proposed again"
has "$tmp/out" "2 possible duplicates" "two left"
has "$tmp/out" "1 dismissed as not duplicates" "the dismissed pair is counted"
run --db "$D" not-duplicate --list
expect_rc 0 "not-duplicate --list"
has "$tmp/out" "IEEE 2048.1-2024 /" "the mark is listed"
has "$tmp/out" "different documents" "with its note"
run --db "$D" not-duplicate --list --format json
expect_rc 0 "not-duplicate --list --format json"
pycheck "marks as JSON" '
import json, sys
m = json.load(open(sys.argv[1]))["not_duplicates"]
if len(m) != 1 or m[0]["a"] >= m[0]["b"] or m[0]["note"] != "different documents" \
   or not m[0]["at"] or not m[0]["actor"]:
    print(m); sys.exit(1)
' "$tmp/out"
run --db "$D" not-duplicate --list --format csv
expect_rc 0 "not-duplicate --list --format csv"
has "$tmp/out" "a,a_reference,b,b_reference,at,actor,note" "CSV header"
run --db "$D" not-duplicate --undo "IEEE 2048.1-2024" "IEEE P3079.9"
expect_rc 0 "not-duplicate --undo"
has "$tmp/out" "are no longer marked not duplicates" "--undo says so"
run --db "$D" duplicates
has "$tmp/out" "IEEE P3079.9" "an undone pair is proposed again"
run --db "$D" not-duplicate --undo "IEEE 2048.1-2024" "IEEE P3079.9"
expect_rc 1 "--undo of a mark not in force"
has "$tmp/err" "have no not-duplicate mark" "says there is no mark"
run --db "$D" not-duplicate --undo --note x "IEEE 2048.1-2024" "IEEE P3079.9"
expect_rc 2 "--undo with --note"
run --db "$D" not-duplicate --note "different documents" "IEEE P3079.9" "IEEE 2048.1-2024"
expect_rc 0 "marked again"
run --db "$D" not-duplicate "ITU-T H.266" "Rec. ITU-T H.266 (V3)"
expect_rc 1 "one entry twice is not a pair"
run --db "$D" not-duplicate "ITU-T H.266" "ISO/IEC 99999"
expect_rc 1 "no such entry"
has "$tmp/err" "no entry 'ISO/IEC 99999'" "names the missing entry"
run --db "$D" not-duplicate "ITU-T H.266"
expect_rc 2 "not-duplicate with one entry"
run --db "$D" not-duplicate --list extra
expect_rc 2 "not-duplicate --list with an entry"
run --db "$D" not-duplicate --format json 1 2
expect_rc 2 "not-duplicate --format without --list"

# --- merged entries are left out -------------------------------------------
run --db "$D" merge "ISO/IEC 19774-1" "H-Anim 2.0 Part 1"
expect_rc 0 "merge"
run --db "$D" duplicates
expect_rc 0 "duplicates after merge"
hasnt "$tmp/out" "H-Anim 2.0 Part 1" "a merged entry is not proposed"
has "$tmp/out" "1 possible duplicate among 8 entries" "one left"
run --db "$D" not-duplicate "ITU-T H.266" "ISO/IEC 23090-3"
expect_rc 0 "dismiss the last pair"
run --db "$D" duplicates
expect_rc 1 "nothing left to propose"
has "$tmp/out" "0 possible duplicates" "says none"

# --- the bundled dataset -----------------------------------------------------
B=$(testdb bundled) || exit 1
run --db "$B" import "$SRC/data/examples/metaverse-standards.csv"
expect_rc 0 "import the bundled dataset"
run --db "$B" duplicates --format json
expect_rc 0 "duplicates on the bundled dataset"
pycheck "bundled dataset: the VVC twin text, few pairs examined" '
import json, sys
d = json.load(open(sys.argv[1]))
refs = [(p["a"]["reference"], p["b"]["reference"]) for p in d["pairs"]]
if refs != [("ITU-T H.266", "ISO/IEC 23090-3")] \
   or d["examined"] * 100 > d["all_pairs"]:
    print(d); sys.exit(1)
' "$tmp/out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
