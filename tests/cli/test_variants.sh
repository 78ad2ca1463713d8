#!/bin/sh
# test_variants.sh - one standard written many ways is one entry: edition
# years, ITU-T "Rec." forms with versions and dates, IEEE "Std" and years,
# 3GPP versions and releases, draft stages (DIS) and organisation aliases
# ("JTC 1/SC 29", "SG 21", "S1"), across files and within one file. Each
# change is logged with the submission that made it; an identical file
# imported again changes nothing.
#
# Run by ctest as cli/test_variants with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
. "$SRC/tests/cli/testdb.sh"

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
# assert LABEL COMMAND...: COMMAND succeeds; LABEL says what is wrong if not.
assert() {
  label=$1
  shift
  if "$@"; then
    ok
  else
    bad "$label"
  fi
}
dump() {
  sed 's/^/  out| /' "$tmp/out" | head -20
  sed 's/^/  err| /' "$tmp/err" | head -20
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
# csv NAME ROW...: write a template file with these data rows.
csv() {
  name=$1
  shift
  printf '%s\n' "$HEADER" "$@" >"$tmp/$name"
}
# import DB FILE DATE: import, expecting success.
import() {
  run --db "$1" import --date "$3" "$tmp/$2"
  expect_rc 0 "import $2"
}
# count DB TABLE: rows in a table of the register.
count() {
  testdb_sql "$1" "SELECT count(*) FROM $2;"
}
# entries DB N LABEL: the register holds N entries.
entries() {
  n=$(count "$1" entries)
  if [ "$n" = "$2" ]; then
    ok
  else
    bad "$3: $n entries, expected $2"
    "$MVROAD" --db "$1" list
  fi
}
# show_json DB REF: `show --format json REF` into $tmp/show.json.
show_json() {
  run --db "$1" show --format json "$2"
  expect_rc 0 "show '$2'"
  cp "$tmp/out" "$tmp/show.json"
}
# same_id DB REF ID: REF resolves to entry ID.
same_id() {
  run --db "$1" show --format json "$2"
  if [ "$rc" -eq 0 ] && python3 -c '
import json, sys
sys.exit(json.load(open(sys.argv[1]))["entry"]["id"] != int(sys.argv[2]))
' "$tmp/out" "$3"; then
    ok
  else
    bad "show '$2' does not find entry $3 (exit $rc)"
    dump
  fi
}
# entry_is FIELD VALUE LABEL: in $tmp/show.json
entry_is() {
  pycheck "$3: entry $1 is not '$2'" '
import json, sys
e = json.load(open(sys.argv[1]))["entry"]
if e[sys.argv[2]] != sys.argv[3]:
    print(repr(e[sys.argv[2]])); sys.exit(1)
' "$tmp/show.json" "$1" "$2"
}

# --- edition years, across files, with SDO aliases --------------------
D=$(testdb iso) || exit 1
csv iso1.csv 'ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2,Standard,Omnidirectional media format,Published,Enabling Technology,OMAF.'
csv iso2.csv 'JTC 1/SC 29,ISO/IEC 23090-2:2019(E),Standard,Omnidirectional media format (OMAF),Published,Enabling Technology,OMAF.'
csv iso3.csv 'ISO/IEC JTC1 SC29,ISO/IEC 23090-2:2023,Standard,Omnidirectional media format (OMAF),Published,Enabling Technology,OMAF.'
import "$D" iso1.csv 2025-01-10
import "$D" iso2.csv 2025-02-10
has "$tmp/out" "0 added, 1 updated" "iso2 updates the entry"
import "$D" iso3.csv 2025-03-10
has "$tmp/out" "0 added" "iso3 adds nothing"
entries "$D" 1 "ISO/IEC 23090-2 in three spellings"
show_json "$D" "ISO/IEC 23090-2"
entry_is sdo "ISO/IEC JTC 1/SC 29" "SC 29 aliases"
entry_is reference "ISO/IEC 23090-2" "edition dropped from the reference"
entry_is title "Omnidirectional media format (OMAF)" "later title wins"
entry_is first_seen 2025-01-10 "first seen"
pycheck "ISO/IEC 23090-2 sources and history" '
import json, sys
d = json.load(open(sys.argv[1]))
s, h = d["sources"], d["history"]
bad = 0
if [x["submission"] for x in s] != [1, 2, 3]:
    print("sources", [x["submission"] for x in s]); bad = 1
if [x["file"].rsplit("/", 1)[-1] for x in s] != ["iso1.csv", "iso2.csv", "iso3.csv"]:
    print("files", [x["file"] for x in s]); bad = 1
if [x["received"] for x in s] != ["2025-01-10", "2025-02-10", "2025-03-10"]:
    print("received", [x["received"] for x in s]); bad = 1
if not h or h[0]["action"] != "create" or h[0]["submission"] != 1:
    print("first change", h[:1]); bad = 1
t = [x for x in h if x["field"] == "title"]
if len(t) != 1 or t[0]["action"] != "update" or t[0]["submission"] != 2 \
   or t[0]["from"] != "Omnidirectional media format" \
   or t[0]["to"] != "Omnidirectional media format (OMAF)":
    print("title change", t); bad = 1
if any(x["submission"] not in (1, 2, 3) for x in h):
    print("a change without its submission", h); bad = 1
sys.exit(bad)
' "$tmp/show.json"
for ref in "ISO/IEC 23090-2:2023" "ISO/IEC 23090-2:2019(E)" "ISO/IEC 23090-2"; do
  same_id "$D" "$ref" 1
done
run --db "$D" list --sdo "JTC 1/SC 29"
expect_rc 0 "list --sdo 'JTC 1/SC 29'"
has "$tmp/out" "23090-2" "list --sdo alias"
run --db "$D" list --sdo "ISO/IEC JTC1 SC29"
expect_rc 0 "list --sdo 'ISO/IEC JTC1 SC29'"

# identical file again: nothing at all changes
before=$(count "$D" entries)/$(count "$D" submissions)/$(count "$D" changes)/$(count "$D" entry_sources)
"$MVROAD" --db "$D" export --format json >"$tmp/before.json"
run --db "$D" import --date 2025-04-10 "$tmp/iso2.csv"
expect_rc 0 "re-import iso2.csv"
has "$tmp/out" "already imported" "re-import says already imported"
cp "$tmp/iso2.csv" "$tmp/iso2-copy.csv"
run --db "$D" import --date 2025-04-10 "$tmp/iso2-copy.csv"
expect_rc 0 "import an identical copy"
has "$tmp/out" "already imported" "an identical copy is already imported"
run --db "$D" import --format json --date 2025-04-10 "$tmp/iso2.csv"
expect_rc 0 "re-import --format json"
has "$tmp/out" '"status": "already-imported"' "json report says already-imported"
after=$(count "$D" entries)/$(count "$D" submissions)/$(count "$D" changes)/$(count "$D" entry_sources)
assert "re-import changed the register: $before -> $after (entries/submissions/changes/sources)" [ "$before" = "$after" ]
"$MVROAD" --db "$D" export --format json >"$tmp/after.json"
assert "re-import changed the export" cmp -s "$tmp/before.json" "$tmp/after.json"

# a different file that confirms the same values: a source, no change
csv iso4.csv 'ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2,Standard,Omnidirectional media format (OMAF),Published,Enabling Technology,OMAF.'
changes_before=$(count "$D" changes)
import "$D" iso4.csv 2025-05-10
has "$tmp/out" "0 added, 0 updated, 1 unchanged" "a confirming file changes nothing"
changes_after=$(count "$D" changes)
assert "a confirming file logged changes ($changes_before -> $changes_after)" [ "$changes_before" = "$changes_after" ]
show_json "$D" 1
pycheck "a confirming file is recorded as a source" '
import json, sys
d = json.load(open(sys.argv[1]))
if len(d["sources"]) != 4 or d["sources"][3]["submission"] != 4:
    print(d["sources"]); sys.exit(1)
' "$tmp/show.json"

# --- ITU-T: Rec., version and date; SG21 aliases ----------------------
D=$(testdb itu) || exit 1
csv itu1.csv 'ITU-T SG21,Rec. ITU-T H.266 (V3) (09/2023),Recommendation,Versatile video coding,In force,Enabling technology,VVC.'
csv itu2.csv 'ITU-T Study Group 21,ITU-T H.266,Recommendation,Versatile video coding,Published,Enabling Technology,Versatile Video Coding (VVC).'
csv itu3.csv 'SG 21,H.266,Rec.,Versatile video coding,Published,Enabling Technology,Versatile Video Coding (VVC).'
import "$D" itu1.csv 2025-01-10
import "$D" itu2.csv 2025-02-10
import "$D" itu3.csv 2025-03-10
entries "$D" 1 "ITU-T H.266 in three spellings"
show_json "$D" "H.266"
entry_is sdo "ITU-T SG21" "SG21 aliases"
entry_is reference "ITU-T H.266" "H.266 display"
entry_is type "Recommendation" "Rec. is Recommendation"
entry_is status "Published" "In force is Published"
entry_is summary "Versatile Video Coding (VVC)." "summary update"
pycheck "H.266 history names submission 2 for the summary" '
import json, sys
h = json.load(open(sys.argv[1]))["history"]
s = [x for x in h if x["field"] == "summary"]
if len(s) != 1 or s[0]["submission"] != 2 or s[0]["to"] != "Versatile Video Coding (VVC).":
    print(h); sys.exit(1)
' "$tmp/show.json"
for ref in "Rec. ITU-T H.266 (V3) (09/2023)" "Rec. ITU-T H.266 (V3)" "ITU-T H.266" "ITU-T Rec. H.266"; do
  same_id "$D" "$ref" 1
done
run --db "$D" list --sdo "ITU-T Study Group 21"
expect_rc 0 "list --sdo 'ITU-T Study Group 21'"
has "$tmp/out" "H.266" "list by SG21 alias"

# --- IEEE: Std, year ----------------------------------------------------
D=$(testdb ieee) || exit 1
csv ieee1.csv 'IEEE,IEEE Std 2888.1-2023,IEEE Std,Specification of sensor interface for cyber and physical world,Published,Interoperability,Sensors.'
csv ieee2.csv 'IEEE,IEEE 2888.1-2023,Standard,Specification of sensor interface for cyber and physical world,Published,Interoperability,Sensors.'
csv ieee3.csv 'IEEE,IEEE 2888.1,Standard,Specification of sensor interface for cyber and physical world,Published,Interoperability,Sensor interfaces.'
import "$D" ieee1.csv 2025-01-10
import "$D" ieee2.csv 2025-02-10
import "$D" ieee3.csv 2025-03-10
entries "$D" 1 "IEEE 2888.1 in three spellings"
show_json "$D" "IEEE 2888.1"
entry_is type "Standard" "IEEE Std is Standard"
entry_is summary "Sensor interfaces." "IEEE summary update"
pycheck "IEEE reference keeps 2888.1" '
import json, sys
e = json.load(open(sys.argv[1]))["entry"]
if not e["reference"].startswith("IEEE 2888.1") or e["reference"].startswith("IEEE 2888.10"):
    print(e["reference"]); sys.exit(1)
' "$tmp/show.json"
for ref in "IEEE Std 2888.1-2023" "IEEE 2888.1-2023" "IEEE Std 2888.1"; do
  same_id "$D" "$ref" 1
done

# --- 3GPP: TR with and without family, version and release; S1 aliases
D=$(testdb 3gpp) || exit 1
csv g1.csv '3GPP SA4,3GPP TR 26.998,Technical Report,Support of glass-type AR/MR devices,Under development,Enabling Technology,AR glasses.'
csv g2.csv 'TSG SA WG4,TR 26.998,TR,Support of glass-type AR/MR devices,Under development,Enabling Technology,AR glasses.'
csv g3.csv 'S4,3GPP TR 26.998 version 17.1.0 Release 17,Technical Report,Support of glass-type AR/MR devices,Published,Enabling Technology,AR glasses.'
csv g4.csv 'TSG SA WG1,TR 22.856,Technical Report,Feasibility study on localized mobile metaverse services,Published,Application/Service,Study.'
csv g5.csv 'S1,3GPP TR 22.856,Technical Report,Feasibility study on localized mobile metaverse services,Published,Application/Service,Study of localized services.'
for f in g1 g2 g3 g4 g5; do
  import "$D" $f.csv 2025-06-0${f#g}
done
entries "$D" 2 "3GPP TR 26.998 and TR 22.856 in several spellings"
show_json "$D" "3GPP TR 26.998"
entry_is sdo "3GPP SA4" "SA4 aliases"
entry_is reference "3GPP TR 26.998" "3GPP display"
entry_is status "Published" "status updated by g3"
pycheck "TR 26.998 status change logged with submission 3" '
import json, sys
h = json.load(open(sys.argv[1]))["history"]
s = [x for x in h if x["field"] == "status"]
if len(s) != 1 or s[0]["submission"] != 3 or s[0]["from"] != "Under development" \
   or s[0]["to"] != "Published":
    print(h); sys.exit(1)
' "$tmp/show.json"
show_json "$D" "TR 22.856"
entry_is sdo "3GPP SA1" "TSG SA WG1 and S1 are 3GPP SA1"
entry_is reference "3GPP TR 22.856" "3GPP TR 22.856 display"
entry_is summary "Study of localized services." "S1 row updates the entry"
same_id "$D" "3GPP TR 26.998 version 17.1.0 Release 17" 1
same_id "$D" "TR 26.998" 1
run --db "$D" list --sdo S1
expect_rc 0 "list --sdo S1"
has "$tmp/out" "22.856" "list by S1 alias"
run --db "$D" list --sdo 3GPP
expect_rc 0 "list --sdo 3GPP"
n=$(grep -c 'TR 2' "$tmp/out")
assert "list --sdo 3GPP includes the working groups ($n rows)" [ "$n" -eq 2 ]

# --- draft stage, then the published standard ---------------------------
D=$(testdb dis) || exit 1
csv dis1.csv 'ISO/IEC JTC 1/SC 29,ISO/IEC DIS 23090-14,Standard,Scene description,DIS,Enabling Technology,Scene description for MPEG media.'
csv dis2.csv 'ISO/IEC JTC1 SC29,ISO/IEC 23090-14,Standard,Scene description,Published,Enabling Technology,Scene description for MPEG media.'
import "$D" dis1.csv 2025-01-10
show_json "$D" "ISO/IEC DIS 23090-14"
entry_is status "Under development" "DIS is under development"
import "$D" dis2.csv 2025-02-10
has "$tmp/out" "0 added, 1 updated" "the published standard updates the draft"
entries "$D" 1 "DIS and IS are one entry"
show_json "$D" "ISO/IEC 23090-14"
entry_is reference "ISO/IEC 23090-14" "no DIS in the reference"
entry_is status "Published" "the IS is published"
pycheck "DIS -> IS change logged with submission 2" '
import json, sys
h = json.load(open(sys.argv[1]))["history"]
s = [x for x in h if x["field"] == "status"]
if len(s) != 1 or s[0]["submission"] != 2 or s[0]["action"] != "update":
    print(h); sys.exit(1)
' "$tmp/show.json"
same_id "$D" "ISO/IEC DIS 23090-14" 1
same_id "$D" "ISO/IEC FDIS 23090-14" 1

# --- all the variants within one file -----------------------------------
D=$(testdb one) || exit 1
csv one.csv \
  'ITU-T SG21,Rec. ITU-T H.266 (V3) (09/2023),Recommendation,Versatile video coding,In force,Enabling technology,VVC.' \
  'ITU-T Study Group 21,ITU-T H.266,Recommendation,Versatile video coding,Published,Enabling Technology,VVC.' \
  'SG 21,H.266,Rec.,Versatile video coding,Published,Enabling Technology,VVC.' \
  'IEEE,IEEE Std 2888.1-2023,IEEE Std,Sensor interface,Published,Interoperability,Sensors.' \
  'IEEE,IEEE 2888.1-2023,Standard,Sensor interface,Published,Interoperability,Sensors.' \
  'IEEE,IEEE 2888.1,Standard,Sensor interface,Published,Interoperability,Sensors.' \
  '3GPP SA4,3GPP TR 26.998,Technical Report,Glass-type AR/MR devices,Published,Enabling Technology,AR.' \
  '3GPP SA4,TR 26.998,TR,Glass-type AR/MR devices,Published,Enabling Technology,AR.' \
  '3GPP SA4,3GPP TR 26.998 version 17.1.0 Release 17,Technical Report,Glass-type AR/MR devices,Published,Enabling Technology,AR.' \
  'TSG SA WG1,TR 22.856,Technical Report,Localized mobile metaverse services,Published,Application/Service,Study.' \
  'S1,3GPP TR 22.856,Technical Report,Localized mobile metaverse services,Published,Application/Service,Study.' \
  'JTC 1/SC 29,ISO/IEC 23090-2,Standard,OMAF,Published,Enabling Technology,OMAF.' \
  'ISO/IEC JTC1 SC29,ISO/IEC 23090-2:2023,Standard,OMAF,Published,Enabling Technology,OMAF.' \
  'ISO/IEC JTC 1/SC 29,ISO/IEC 23090-2:2019(E),Standard,OMAF,Published,Enabling Technology,OMAF.' \
  'ISO/IEC JTC 1/SC 29,ISO/IEC DIS 23090-14,Standard,Scene description,DIS,Enabling Technology,Scene.' \
  'ISO/IEC JTC 1/SC 29,ISO/IEC 23090-14,Standard,Scene description,Published,Enabling Technology,Scene.'
import "$D" one.csv 2025-07-01
has "$tmp/out" "16 rows: 6 added" "one file: six entries added"
entries "$D" 6 "variants within one file"
grep -c ': warning: ' "$tmp/err" >"$tmp/n"
assert "repeats within a file are not warned about" [ "$(cat "$tmp/n")" -ge 1 ]
"$MVROAD" --db "$D" export --format json >"$tmp/one.json"
pycheck "one file: canonical organisations and references" '
import json, sys
E = {e["reference"]: e for e in json.load(open(sys.argv[1]))["entries"]}
want = {"ITU-T H.266": "ITU-T SG21", "3GPP TR 26.998": "3GPP SA4",
        "3GPP TR 22.856": "3GPP SA1", "ISO/IEC 23090-2": "ISO/IEC JTC 1/SC 29",
        "ISO/IEC 23090-14": "ISO/IEC JTC 1/SC 29"}
bad = 0
for ref, sdo in want.items():
    if ref not in E or E[ref]["sdo"] != sdo:
        print(ref, E.get(ref)); bad = 1
if not [r for r in E if r.startswith("IEEE 2888.1")]:
    print(list(E)); bad = 1
if E.get("ISO/IEC 23090-14", {}).get("status") != "Published":
    print("later row does not win", E.get("ISO/IEC 23090-14")); bad = 1
sys.exit(bad)
' "$tmp/one.json"

# --- the same standard from CSV and from JSON ---------------------------
D=$(testdb mixed) || exit 1
csv m1.csv 'ITU-T SG21,H.266,Recommendation,Versatile video coding,Published,Enabling Technology,VVC.'
cat >"$tmp/m2.json" <<'EOF'
[{"sdo": "SG 21", "reference": "Rec. ITU-T H.266 (V3)", "type": "Recommendation",
  "title": "Versatile video coding", "status": "In force",
  "categories": ["Enabling technology", "Interoperability"], "summary": "VVC."}]
EOF
import "$D" m1.csv 2025-01-10
import "$D" m2.json 2025-02-10
entries "$D" 1 "H.266 from CSV and JSON"
show_json "$D" 1
pycheck "JSON submission adds a category" '
import json, sys
d = json.load(open(sys.argv[1]))
e, h = d["entry"], d["history"]
c = [x for x in h if x["field"] == "categories"]
if e["categories"] != ["Enabling Technology", "Interoperability"] or len(c) != 1 \
   or c[0]["submission"] != 2:
    print(d); sys.exit(1)
' "$tmp/show.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
