#!/bin/sh
# test_release.sh - releases from the command line: `release create` and
# `release list` (text and JSON), `diff A B` in text, Markdown and JSON
# (release names or `current`), `--as-of RELEASE` on list, search, stats
# and export (and export's `--release`), `history` in text and JSON, the
# immutability of a release, exit statuses and --help.
#
# Run by ctest as cli/test_release with MVROAD=<binary> SRC=<source dir>.
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
. "$SRC/tests/cli/testdb.sh"
D=$(testdb r) || exit 1

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
dump() {
  sed 's/^/  out| /' "$tmp/out" | head -20
  sed 's/^/  err| /' "$tmp/err" | head -20
}
run() {
  "$MVROAD" --db "$D" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
# expect STATUS LABEL: the last run exited with STATUS.
expect() {
  if [ "$rc" -eq "$1" ]; then
    ok
  else
    bad "$2: exit status $rc, expected $1"
    dump
  fi
}
# has FILE TEXT LABEL / hasnt FILE TEXT LABEL
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
csv() {
  name=$1
  shift
  printf '%s\n' "$HEADER" "$@" >"$tmp/$name"
}
same() {
  if cmp -s "$1" "$2"; then
    ok
  else
    bad "$3"
    diff "$1" "$2" | head -20
  fi
}

# --- no register yet ----------------------------------------------------
run release list
expect 1 "release list without a register"
if testdb_pg; then # an empty PostgreSQL database
  has "$tmp/err" "no mvroad register in this database yet" \
    "release list without a register says why"
else
  has "$tmp/err" "no such database" "release list without a register says why"
fi

# --- help and usage -----------------------------------------------------
for cmd in release diff history; do
  run "$cmd" --help
  expect 0 "$cmd --help"
  has "$tmp/out" "Usage: mvroad" "$cmd --help prints the usage"
done
has "$tmp/out" "ID|REFERENCE" "history --help names its argument"
"$MVROAD" --help >"$tmp/out" 2>&1
has "$tmp/out" "release" "mvroad --help lists release"
has "$tmp/out" "history" "mvroad --help lists history"

csv v1.csv \
  'ITU-T SG21,H.266,Recommendation,Versatile video coding,Under development,Enabling Technology,VVC.' \
  'IEEE,IEEE 2888.1,Standard,Sensor interface,Published,Interoperability,Sensors.' \
  'W3C,WebXR API,Standard,WebXR Device API,Published,Enabling Technology,Immersive web.' \
  'ETSI ISG MEC,ETSI GS MEC 002,Technical Specification,MEC use cases,Published,Infrastructure,Edge computing.'
csv v2.csv \
  'ITU-T SG21,ITU-T H.266,Recommendation,Versatile video coding,Published,Enabling Technology,VVC.' \
  'IEEE,IEEE 2888.1,Standard,Sensor interface for cyber and physical world,Published,Interoperability,Sensors.' \
  'ETSI ISG MEC,ETSI GS MEC 002,Technical Specification,MEC use cases,Withdrawn,Infrastructure,Edge computing.' \
  'ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2,Standard,Omnidirectional media format,Published,Enabling Technology,OMAF.'
csv v3.csv \
  '3GPP SA4,3GPP TR 26.998,Technical Report,Glass-type AR/MR devices,Under development,Enabling Technology,AR glasses.' \
  'W3C,WebXR API,Standard,WebXR Device API,Published,Enabling Technology,Immersive web in the browser.'

run import --date 2025-01-10 "$tmp/v1.csv"
expect 0 "import v1"
run release list
expect 1 "release list with no releases"
has "$tmp/err" "no releases yet" "release list says there are none"
run release list --format json
expect 1 "release list --format json with no releases"
has "$tmp/out" '{"releases": []}' "an empty JSON list"

# --- release create: errors ---------------------------------------------
run release
expect 2 "release without an action"
run release publish R1
expect 2 "release with an unknown action"
run release create
expect 2 "release create without a name"
run release create R1 R2
expect 2 "release create with two names"
run release create current
expect 2 "release create current"
has "$tmp/err" "live roadmap" "current is reserved"
run release create R1 --date 2025-13-01
expect 2 "release create with a bad date"
has "$tmp/err" "YYYY-MM-DD" "a bad date says the format"
run release create R1 --format json
expect 2 "release create --format"
run release list --note x
expect 2 "release list --note"
run release list --format xml
expect 2 "release list --format xml"

# --- the scripted sequence ------------------------------------------------
run release create R1 --date 2025-01-20 --note "JCA-MV meeting 1"
expect 0 "release create R1"
has "$tmp/out" "4 entries" "R1 holds 4 entries"
run release create R1
expect 1 "release create R1 again"
has "$tmp/err" "exists already" "a second R1 is refused"
for f in json csv md; do
  "$MVROAD" --db "$D" export --format $f >"$tmp/r1.$f"
done
"$MVROAD" --db "$D" list >"$tmp/r1.list"
"$MVROAD" --db "$D" stats --format json >"$tmp/r1.stats"

run import --date 2025-05-10 "$tmp/v2.csv"
expect 0 "import v2"
run release create R2 --date 2025-05-20
expect 0 "release create R2"
has "$tmp/out" "5 entries" "R2 holds 5 entries"
run import --date 2025-10-10 "$tmp/v3.csv"
expect 0 "import v3"

run release list
expect 0 "release list"
has "$tmp/out" "JCA-MV meeting 1" "release list shows the note"
has "$tmp/out" "2025-05-20" "release list shows the date"
run release list --format json
expect 0 "release list --format json"
pycheck "release list JSON" '
import json, sys
r = json.load(open(sys.argv[1]))["releases"]
want = [("R1", "2025-01-20", 4, "JCA-MV meeting 1"), ("R2", "2025-05-20", 5, "")]
got = [(x["name"], x["date"], x["entries"], x["note"]) for x in r]
if got != want or not all(x["created_at"].endswith("Z") and x["actor"] for x in r):
    print(r); sys.exit(1)
' "$tmp/out"

# --- diff -------------------------------------------------------------------
run diff --format json R1 R2
expect 0 "diff --format json R1 R2"
pycheck "diff R1 R2 lists exactly the changes made in between" '
import json, sys
d = json.load(open(sys.argv[1]))
bad = 0
if (d["from"], d["to"]) != ("R1", "R2"):
    print("from/to", d["from"], d["to"]); bad = 1
if [e["reference"] for e in d["added"]] != ["ISO/IEC 23090-2"] or d["removed"] != []:
    print("added/removed", d["added"], d["removed"]); bad = 1
ch = {c["id"]: c for c in d["changed"]}
if sorted(ch) != [1, 2, 4]:
    print("changed", d["changed"]); bad = 1
if ch[1]["fields"]["status"] != {"from": "Under development", "to": "Published"}:
    print("H.266", ch[1]); bad = 1
if ch[2]["fields"]["title"] != {"from": "Sensor interface", "to": "Sensor interface for cyber and physical world"}:
    print("IEEE", ch[2]); bad = 1
if ch[4]["fields"]["status"]["to"] != "Withdrawn" or ch[4]["reference"] != "ETSI GS MEC 002":
    print("MEC", ch[4]); bad = 1
if [w["id"] for w in d["withdrawn"]] != [4] or d["withdrawn"][0]["previous_status"] != "Published":
    print("withdrawn", d["withdrawn"]); bad = 1
t = {(x["from"], x["to"]): x["count"] for x in d["status_transitions"]}
if t != {("Under development", "Published"): 1, ("Published", "Withdrawn"): 1}:
    print("transitions", t); bad = 1
if d["counts"] != {"added": 1, "removed": 0, "changed": 3, "withdrawn": 1}:
    print("counts", d["counts"]); bad = 1
sys.exit(bad)
' "$tmp/out"
run diff R2 current
expect 0 "diff R2 current"
has "$tmp/out" "1 added, 0 removed, 1 changed" "R2 -> current counts"
has "$tmp/out" "+ 3GPP TR 26.998" "R2 -> current added"
has "$tmp/out" 'summary: "Immersive web." -> "Immersive web in the browser."' "R2 -> current field change"
hasnt "$tmp/out" "H.266" "R2 -> current leaves H.266 out"
run diff --format md R1 current
expect 0 "diff --format md R1 current"
has "$tmp/out" "# Changes from R1 to current" "Markdown title"
has "$tmp/out" "| Under development | Published | 1 |" "Markdown status transitions"
has "$tmp/out" "## Withdrawn (1)" "Markdown withdrawn section"
run diff current current
expect 0 "diff current current"
has "$tmp/out" "No changes" "nothing changed"
run diff R1
expect 2 "diff with one version"
run diff --format xml R1 R2
expect 2 "diff --format xml"
run diff R1 R9
expect 1 "diff with an unknown release"
has "$tmp/err" 'no release named "R9"' "unknown release named"
if [ -s "$tmp/out" ]; then bad "diff R1 R9 wrote output"; dump; else ok; fi

# --- as of --------------------------------------------------------------------
for f in json csv md; do
  run export --release R1 --format $f
  expect 0 "export --release R1 --format $f"
  same "$tmp/r1.$f" "$tmp/out" "export --release R1 --format $f differs from the export made then"
  run export --as-of R1 --format $f
  same "$tmp/r1.$f" "$tmp/out" "export --as-of R1 --format $f differs from the export made then"
done
run list --as-of R1
expect 0 "list --as-of R1"
same "$tmp/r1.list" "$tmp/out" "list --as-of R1 differs from the listing made then"
run stats --as-of R1 --format json
expect 0 "stats --as-of R1"
pycheck "stats --as-of R1 counts R1" '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for k in ("entries", "organisations", "submissions", "categories", "statuses", "types", "sdos"):
    if a[k] != b[k]:
        print(k, a[k], b[k]); sys.exit(1)
' "$tmp/r1.stats" "$tmp/out"
run export -o "$tmp/r1-file.json" --release R1 --format json
expect 0 "export -o --release R1"
same "$tmp/r1.json" "$tmp/r1-file.json" "export -o --release R1"
run list --as-of R1 --status Withdrawn
expect 1 "nothing withdrawn in R1"
run list --as-of R2 --status Withdrawn
expect 0 "list --as-of R2 --status Withdrawn"
has "$tmp/out" "MEC 002" "MEC 002 withdrawn in R2"
run list --as-of R2 --sdo "JTC 1"
expect 0 "list --as-of R2 --sdo 'JTC 1' (a parent body)"
has "$tmp/out" "23090-2" "the sub-body's entry"
run search --as-of R1 cyber
expect 1 "R1 does not know the new title"
run search --as-of R2 cyber physical
expect 0 "search --as-of R2"
has "$tmp/out" "2888.1" "search in R2's text"
run search --as-of R2 browser
expect 1 "R2 does not know WebXR's new summary"
run search browser
expect 0 "the current roadmap knows it"
run list --as-of current
expect 0 "list --as-of current"
has "$tmp/out" "26.998" "current is the live roadmap"
run list --as-of R9
expect 1 "list --as-of an unknown release"
has "$tmp/err" 'no release named "R9"' "list --as-of R9 says why"

# --- history --------------------------------------------------------------------
run history "Rec. ITU-T H.266"
expect 0 "history H.266"
has "$tmp/out" "R1 (2025-01-20): entered: Under development" "history: entered in R1"
has "$tmp/out" 'status: "Under development" -> "Published"' "history: status change in R2"
has "$tmp/out" "Sources (2)" "history: sources"
run history --format json "3GPP TR 26.998"
expect 0 "history --format json"
pycheck "history JSON of an entry newer than every release" '
import json, sys
d = json.load(open(sys.argv[1]))
r = d["releases"]
if d["entry"]["id"] != 6 or [x["present"] for x in r] != [False, False] \
   or r[0]["entry"] is not None or d["since_release"] != {} or len(d["sources"]) != 1:
    print(d); sys.exit(1)
' "$tmp/out"
run history --format json 3
pycheck "history JSON of WebXR" '
import json, sys
d = json.load(open(sys.argv[1]))
r = d["releases"]
if [x["present"] for x in r] != [True, True] or r[1]["changes"] != {} \
   or d["since_release"]["summary"]["to"] != "Immersive web in the browser.":
    print(d); sys.exit(1)
' "$tmp/out"
run history "ISO/IEC 99999"
expect 1 "history of an unknown entry"
run history
expect 2 "history without an entry"
run history --format xml 1
expect 2 "history --format xml"

# --- immutability ---------------------------------------------------------------
for sql in "UPDATE releases SET note = 'x'" "DELETE FROM releases" \
  "UPDATE release_entries SET title = 'x'" "DELETE FROM release_entries" \
  "INSERT INTO release_entries SELECT release_id, entry_id + 100, org, family, refkey, reference, ref_detail, type, title, status, status_detail, categories, catmask, summary, url, first_seen, last_updated, version FROM release_entries"; do
  if testdb_sql "$D" "$sql" >/dev/null 2>&1; then
    bad "the release tables accepted: $sql"
  else
    ok
  fi
done
run export --release R1 --format json
same "$tmp/r1.json" "$tmp/out" "R1 changed after attempts to edit it"

# the Word roadmap carries "Changes since version A" from the release before
if command -v unzip >/dev/null 2>&1; then
  run export --release R2 --format docx -o "$tmp/r2.docx"
  expect 0 "export --release R2 --format docx"
  unzip -p "$tmp/r2.docx" word/document.xml >"$tmp/doc.xml"
  has "$tmp/doc.xml" "Changes since version R1" "Word roadmap of R2 has the changes annex"
  run export --format docx -o "$tmp/cur.docx"
  expect 0 "export --format docx of the current roadmap"
  unzip -p "$tmp/cur.docx" word/document.xml >"$tmp/doc.xml"
  has "$tmp/doc.xml" "Changes since version" "Word roadmap has the changes annex"
else
  echo "skip: unzip is missing, the Word annex is not checked"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
