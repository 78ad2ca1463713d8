#!/bin/sh
# test_malformed.sh - bad inputs are refused whole, with GCC-style
# messages, and leave the register exactly as it was: wrong header,
# missing required value, unknown category, invalid UTF-8, empty file, a
# 10 MB cell, ragged rows, an unclosed quote, UTF-16, JSON that is not an
# array, has a wrong value type or duplicate keys, and one bad row among
# good ones. Semicolon- and tab-separated files and a BOM + CRLF file are
# fine; control characters are removed with a warning. `check` reports what `import` reports and never writes. Also the
# CSV export's formula guard and the export -> import round trips.
#
# Run by ctest as cli/test_malformed with MVROAD=<binary> SRC=<source dir>.
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
GOOD='W3C,WebGPU,Standard,WebGPU,Under development,Enabling Technology,GPU access from the web.'
DB=$tmp/reg.db

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
  sed 's/^/  out| /' "$tmp/out" | head -10
  sed 's/^/  err| /' "$tmp/err" | cut -c1-300 | head -10
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
# snap DB OUT: what must not change - the export and the row counts.
snap() {
  {
    sqlite3 "$1" "SELECT 'entries', count(*) FROM entries;
                  SELECT 'submissions', count(*) FROM submissions;
                  SELECT 'changes', count(*) FROM changes;
                  SELECT 'sources', count(*) FROM entry_sources;"
    "$MVROAD" --db "$1" export --format json
  } >"$2" 2>&1
}
# unchanged DB LABEL: the register DB equals the last snap.
unchanged() {
  snap "$1" "$tmp/snap.after"
  if cmp -s "$tmp/snap.before" "$tmp/snap.after"; then
    ok
  else
    bad "$2: the register changed"
    diff "$tmp/snap.before" "$tmp/snap.after" | head -10
  fi
}
# diags FILE ERRFILE OUT: the diagnostic lines about FILE.
diags() {
  grep -F -- "$1:" "$2" | grep -E ': (error|warning|note): ' >"$3"
}
# gcc_style FILE LABEL: stderr ($tmp/err) has an error for FILE as
# FILE:ROW:COL: error: ..., FILE:ROW: error: ... or FILE: error: ...
gcc_style() {
  n=$(printf '%s' "$1:" | wc -c)
  if grep -F -- "$1:" "$tmp/err" | cut -c$((n + 1))- |
    grep -Eq '^([0-9]+:){0,2} error: [^ ]'; then
    ok
  else
    bad "$2: no 'FILE:ROW:COL: error: ...' message naming $1"
    dump
  fi
}
# refused FILE LABEL [TEXT]: import and check both refuse FILE with exit
# 1 and the same GCC-style errors (containing TEXT); the register is
# unchanged by either. Each case works on its own copy of the register
# ($DB stays as it was even when a case fails).
refused() {
  CASE=$tmp/case.db
  rm -f "$CASE" "$CASE"-*
  sqlite3 "$DB" "VACUUM INTO '$CASE'"
  snap "$CASE" "$tmp/snap.before"
  run --db "$CASE" import --date 2025-11-01 "$1"
  expect_rc 1 "$2: import"
  gcc_style "$1" "$2: import"
  if [ $# -ge 3 ]; then
    has "$tmp/err" "$3" "$2: import message"
  fi
  unchanged "$CASE" "$2: import"
  diags "$1" "$tmp/err" "$tmp/diag.import"
  snap "$CASE" "$tmp/snap.before"
  run --db "$CASE" check "$1"
  expect_rc 1 "$2: check"
  gcc_style "$1" "$2: check"
  diags "$1" "$tmp/err" "$tmp/diag.check"
  if cmp -s "$tmp/diag.import" "$tmp/diag.check"; then
    ok
  else
    bad "$2: check and import report different diagnostics"
    diff "$tmp/diag.import" "$tmp/diag.check" | cut -c1-200 | head -10
  fi
  unchanged "$CASE" "$2: check"
}
# accepted FILE LABEL: import works.
accepted() {
  run --db "$DB" import --date 2025-11-01 "$1"
  expect_rc 0 "$2: import"
}
# field REF KEY VALUE LABEL: entry REF has KEY = VALUE.
field() {
  run --db "${FDB:-$DB}" show --format json "$1"
  expect_rc 0 "$4: show $1"
  pycheck "$4: $2 of $1 is not '$3'" '
import json, sys
e = json.load(open(sys.argv[1]))["entry"]
v = e[sys.argv[2]]
if isinstance(v, list): v = "; ".join(v)
if v != sys.argv[3]:
    print(repr(v)); sys.exit(1)
' "$tmp/out" "$2" "$3"
}

run --db "$DB" import --date 2025-10-09 "$SRC/data/examples/annex1-examples.csv"
expect_rc 0 "import annex1 as the starting register"

# --- bad CSV ------------------------------------------------------------
F=$tmp/header.csv
printf 'Organisation name,Doc,What,Name,Where,Kind\nW3C,WebGPU,Standard,WebGPU,Published,General\n' >"$F"
refused "$F" "wrong header" "Reference"

F=$tmp/missing.csv
printf '%s\n%s\n' "$HEADER" 'W3C,,Standard,WebXR Device API 2,Published,Interoperability,API.' >"$F"
refused "$F" "missing Reference" "Reference"
has "$tmp/err" "$F:2:2: error:" "missing Reference: row 2, column 2"

F=$tmp/missing-title.csv
printf '%s\n%s\n' "$HEADER" 'W3C,WebXR API,Standard,,Published,Interoperability,API.' >"$F"
refused "$F" "missing Title" "Title"

F=$tmp/category.csv
printf '%s\n%s\n' "$HEADER" 'W3C,WebXR API,Standard,WebXR Device API,Published,Interoperabilty,API.' >"$F"
refused "$F" "unknown category" '"Interoperabilty"'
if grep -F "$F:2:6: error:" "$tmp/err" | grep -qF '"Interoperability"'; then
  ok
else
  bad "unknown category: the message does not name 'Interoperability' at 2:6"
fi

F=$tmp/status.csv
printf '%s\n%s\n' "$HEADER" 'W3C,WebXR API,Standard,WebXR Device API,Sort of done,Interoperability,API.' >"$F"
refused "$F" "unknown status" "Sort of done"

F=$tmp/utf8.csv
printf '%s\n' "$HEADER" >"$F"
printf 'W3C,WebXR API,Standard,WebXR Device API,Published,Interoperability,API ' >>"$F"
off=$(wc -c <"$F" | tr -d ' ')
printf '\377 for the web.\n' >>"$F"
refused "$F" "invalid UTF-8" "offset $off"

F=$tmp/utf8-overlong.csv
printf '%s\n' "$HEADER" >"$F"
printf 'W3C,WebXR API,Standard,WebXR ' >>"$F"
off=$(wc -c <"$F" | tr -d ' ')
printf '\300\257 API,Published,Interoperability,API.\n' >>"$F"
refused "$F" "overlong UTF-8" "offset $off"

F=$tmp/empty.csv
: >"$F"
refused "$F" "empty file"

F=$tmp/big.csv
{
  printf '%s\n' "$HEADER"
  printf 'W3C,WebXR API,Standard,WebXR Device API,Published,Interoperability,'
  head -c 10485760 /dev/zero | tr '\0' x
  printf '\n'
} >"$F"
refused "$F" "10 MB cell"

F=$tmp/ragged-long.csv
printf '%s\n%s\n' "$HEADER" 'W3C,WebXR API,Standard,WebXR Device API,Published,Interoperability,API.,extra,cells' >"$F"
refused "$F" "ragged row (too many cells)" "9 cells"

F=$tmp/ragged-short.csv
printf '%s\n%s\n%s\n' "$HEADER" "$GOOD" 'W3C,WebXR API,Standard,WebXR Device API,Published' >"$F"
refused "$F" "ragged row (5 cells)"

# A row one cell short is ragged too (BUG: accepted without a word when
# the missing cell is the optional Summary).
F=$tmp/ragged-short2.csv
printf '%s\n%s\n%s\n' "$HEADER" "$GOOD" 'W3C,WebXR API,Standard,WebXR Device API,Published,Interoperability' >"$F"
refused "$F" "ragged row (6 cells)"

F=$tmp/quote.csv
printf '%s\n%s\n%s\n' "$HEADER" 'W3C,WebXR API,Standard,"WebXR Device API,Published,Interoperability,API.' "$GOOD" >"$F"
refused "$F" "unclosed quote" "quote"

F=$tmp/utf16.csv
python3 -c 'import sys; open(sys.argv[1], "w", encoding="utf-16").write(sys.argv[2] + "\n" + sys.argv[3] + "\n")' \
  "$F" "$HEADER" "$GOOD"
refused "$F" "UTF-16 file" "UTF"

F=$tmp/mixed.csv
printf '%s\n%s\n%s\n%s\n' "$HEADER" "$GOOD" \
  'W3C,WebXR API,Standard,WebXR Device API v2,Published,Enablng Technology,API.' \
  'W3C,WebTransport,Standard,WebTransport,Published,Infrastructure,Transport.' >"$F"
refused "$F" "one bad row among good ones" "$F:3:6: error:"
run --db "$CASE" show WebGPU
expect_rc 1 "the good rows of a bad file are not imported"
run --db "$CASE" show WebTransport
expect_rc 1 "the good rows after the bad one are not imported"
FDB=$CASE field "WebXR API" title "WebXR Device API" "a bad file changes no entry"

# --- bad JSON -----------------------------------------------------------
F=$tmp/object.json
printf '{"sdo": "W3C", "reference": "WebGPU", "type": "Standard", "title": "WebGPU", "status": "Published", "categories": "General", "summary": "x"}\n' >"$F"
refused "$F" "JSON object, not an array" "array"

F=$tmp/string.json
printf '"W3C"\n' >"$F"
refused "$F" "JSON string, not an array"

F=$tmp/truncated.json
printf '[{"sdo": "W3C", "reference": "WebGPU",\n' >"$F"
refused "$F" "truncated JSON"

F=$tmp/type.json
cat >"$F" <<'EOF'
[{"sdo": "W3C", "reference": "WebGPU", "type": "Standard", "title": "WebGPU",
  "status": "Published", "categories": ["General"], "summary": "x"},
 {"sdo": "W3C", "reference": "WebXR API", "type": "Standard", "title": true,
  "status": "Published", "categories": {"Interoperability": 1}, "summary": "x"}]
EOF
refused "$F" "JSON wrong value types" "title"
has "$tmp/err" "categories" "JSON wrong value type: categories named"

F=$tmp/type2.json
printf '[{"sdo": "W3C", "reference": "WebGPU", "type": "Standard", "title": "WebGPU", "status": "Published", "categories": [1, 2], "summary": "x"}]\n' >"$F"
refused "$F" "JSON categories of numbers" "categories"

# An array is a list of categories; for any other field it is a wrong
# type (BUG: accepted and joined with "; ").
F=$tmp/type3.json
printf '[{"sdo": "W3C", "reference": ["WebGPU", "WebNN"], "type": "Standard", "title": "WebGPU", "status": "Published", "categories": "General", "summary": "x"}]\n' >"$F"
refused "$F" "JSON array for the reference" "reference"

F=$tmp/notobj.json
printf '[["W3C", "WebGPU"]]\n' >"$F"
refused "$F" "JSON entry that is not an object"

F=$tmp/dup.json
printf '[{"sdo": "W3C", "reference": "WebGPU", "type": "Standard", "title": "WebGPU", "title": "Other", "status": "Published", "categories": "General", "summary": "x"}]\n' >"$F"
refused "$F" "JSON duplicate keys" "duplicate"

# --- files that cannot be read --------------------------------------------
snap "$DB" "$tmp/snap.before"
run --db "$DB" import "$tmp/no-such-file.csv"
expect_rc 1 "a missing file"
gcc_style "$tmp/no-such-file.csv" "a missing file"
unchanged "$DB" "a missing file"
run --db "$DB" import "$tmp"
expect_rc 1 "a directory"
unchanged "$DB" "a directory"

# --- several files: each stands alone ------------------------------------
printf '%s\n%s\n' "$HEADER" "$GOOD" >"$tmp/good.csv"
run --db "$DB" import --date 2025-11-02 "$tmp/mixed.csv" "$tmp/good.csv"
expect_rc 1 "a bad and a good file"
run --db "$DB" show WebGPU
expect_rc 0 "the good file of two is imported"
run --db "$DB" show WebTransport
expect_rc 1 "the bad file of two is not imported"

# --- check never writes -----------------------------------------------------
printf '%s\n%s\n' "$HEADER" 'W3C,WebTransport,Standard,WebTransport,Published,Infrastructure,Transport.' >"$tmp/new.csv"
snap "$DB" "$tmp/snap.before"
run --db "$DB" check "$tmp/new.csv"
expect_rc 0 "check a good file"
has "$tmp/out" "valid" "check a good file says valid"
unchanged "$DB" "check a good file"
run --db "$DB" check --format json "$tmp/new.csv" "$tmp/mixed.csv"
expect_rc 1 "check --format json"
pycheck "check --format json reports each file" '
import json, sys
r = json.load(open(sys.argv[1]))
ok = (len(r) == 2 and r[0]["status"] == "valid" and r[0]["errors"] == 0
      and r[1]["status"] == "errors" and r[1]["errors"] >= 1
      and any(d["row"] == 3 and d["col"] == 6 and d["severity"] == "error"
              for d in r[1]["diagnostics"]))
if not ok: print(r); sys.exit(1)
' "$tmp/out"
unchanged "$DB" "check --format json"
run --db "$DB" import --dry-run "$tmp/new.csv"
expect_rc 0 "import --dry-run"
unchanged "$DB" "import --dry-run"
mkdir "$tmp/empty-dir"
(cd "$tmp/empty-dir" && "$MVROAD" check "$tmp/new.csv") >"$tmp/out" 2>&1
assert "check created roadmap.db" [ ! -e "$tmp/empty-dir/roadmap.db" ]

# --- other dialects that must import fine ----------------------------------
F=$tmp/semicolon.csv
printf '%s\n%s\n' "$(printf '%s' "$HEADER" | tr ',' ';')" \
  'W3C;WebNN;Standard;Web Neural Network API, version 1;Under development;Enabling Technology;Machine learning, in the browser.' >"$F"
accepted "$F" "semicolon-separated"
field WebNN title "Web Neural Network API, version 1" "semicolon-separated"
field WebNN summary "Machine learning, in the browser." "semicolon-separated"

F=$tmp/tab.csv
printf '%s\n' "$(printf '%s' "$HEADER" | tr ',' '\t')" >"$F"
printf 'Khronos Group\tOpenXR 1.1\tStandard\tOpenXR, the API\tPublished\tInteroperability\tCross-platform XR.\n' >>"$F"
accepted "$F" "tab-separated"
field "OpenXR 1.1" title "OpenXR, the API" "tab-separated"
field "OpenXR 1.1" sdo "Khronos Group" "tab-separated"

F=$tmp/tab.tsv
printf 'SDO / Org.\tReference\tType\tTitle\tStatus\tCategory\tSummary\nKhronos Group\tglTF 2.0\tStandard\tglTF\tPublished\tInteroperability\t3D assets.\n' >"$F"
accepted "$F" "a .tsv file"
field "glTF 2.0" summary "3D assets." "a .tsv file"

F=$tmp/bom-crlf.csv
printf '\357\273\277%s\r\n%s\r\n' "$HEADER" \
  'W3C,WebXR Layers,Standard,WebXR Layers API,Under development,Enabling Technology,"Layers, for WebXR."' >"$F"
accepted "$F" "BOM + CRLF"
field "WebXR Layers" sdo "W3C" "BOM + CRLF"
field "WebXR Layers" summary "Layers, for WebXR." "BOM + CRLF"
field "WebXR Layers" status "Under development" "BOM + CRLF"

# control characters are removed with a warning naming the cell; Word's
# and Excel's manual line break (vertical tab) is a line break
F=$tmp/control.csv
printf '%s\n' "$HEADER" >"$F"
printf 'W3C,WebXR Hands,Standard,"WebXR\001 Hand\033 Input",Published,Interoperability,"Hands.\013Joints."\n' >>"$F"
accepted "$F" "control characters"
has "$tmp/err" "control.csv:2:4: warning: Title: 2 control characters removed (the first, U+0001, at byte 5 of the cell)" "control characters: warning with row and column"
if grep -q "Summary" "$tmp/err"; then
  bad "a vertical tab is not a control character to warn about"
  dump
else ok; fi
field "WebXR Hands" title "WebXR Hand Input" "control characters"
field "WebXR Hands" summary "Hands.
Joints." "vertical tab"

# --- CSV export: formula guard and round trips -----------------------------
D=$tmp/formula.db
cat >"$tmp/formula.csv" <<'EOF'
SDO / Org.,Reference,Type,Title,Status,Category,Summary
W3C,Ref A,Standard,=1+1,Published,General,"=HYPERLINK(""http://example.com"")"
W3C,Ref B,Standard,+x,Published,General,plain
W3C,Ref C,Standard,-x,Published,General,"Comma, and ""quotes"""
W3C,Ref D,Standard,@x,Published,General,plain
W3C,Ref E,Standard,'already quoted,Published,General,plain
EOF
run --db "$D" import --date 2025-10-09 "$tmp/formula.csv"
expect_rc 0 "import formula-like titles"
FDB=$D field "Ref A" title "=1+1" "formula-like text is stored as given"
run --db "$D" export --format csv
expect_rc 0 "export csv"
cp "$tmp/out" "$tmp/export.csv"
pycheck "export csv neutralises = + - @" '
import csv, sys
rows = {r["Reference"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
want = {"Ref A": "'"'"'=1+1", "Ref B": "'"'"'+x", "Ref C": "'"'"'-x", "Ref D": "'"'"'@x"}
bad = 0
for ref, t in want.items():
    if rows[ref]["Title"] != t:
        print(ref, repr(rows[ref]["Title"])); bad = 1
if not rows["Ref A"]["Summary"].startswith("'"'"'="):
    print("summary", repr(rows["Ref A"]["Summary"])); bad = 1
for r in rows.values():
    for k, v in r.items():
        if v and v[0] in "=+-@\t\r":
            print("unguarded", k, repr(v)); bad = 1
sys.exit(bad)
' "$tmp/export.csv"
"$MVROAD" --db "$D" export --format json >"$tmp/orig.json"
run --db "$tmp/rt-csv.db" import --date 2025-10-09 "$tmp/export.csv"
expect_rc 0 "import the csv export"
"$MVROAD" --db "$tmp/rt-csv.db" export --format json >"$tmp/rt-csv.json"
if cmp -s "$tmp/orig.json" "$tmp/rt-csv.json"; then
  ok
else
  bad "export csv -> import -> export json differs"
  diff "$tmp/orig.json" "$tmp/rt-csv.json" | head -10
fi
run --db "$tmp/rt-json.db" import --date 2025-10-09 "$tmp/orig.json"
expect_rc 0 "import the json export"
"$MVROAD" --db "$tmp/rt-json.db" export --format json >"$tmp/rt-json.json"
if cmp -s "$tmp/orig.json" "$tmp/rt-json.json"; then
  ok
else
  bad "export json -> import -> export json differs"
  diff "$tmp/orig.json" "$tmp/rt-json.json" | head -10
fi
# the whole working register round-trips too
"$MVROAD" --db "$DB" export --format json >"$tmp/all.json"
"$MVROAD" --db "$DB" export --format csv >"$tmp/all.csv"
run --db "$tmp/rt-all-csv.db" import --date 2025-10-09 "$tmp/all.csv"
expect_rc 0 "import the register's csv export"
run --db "$tmp/rt-all-json.db" import --date 2025-10-09 "$tmp/all.json"
expect_rc 0 "import the register's json export"
pycheck "register round trips keep every canonical field" '
import json, subprocess, sys
keys = ("sdo", "reference", "type", "title", "status", "status_detail",
        "categories", "summary", "url")
def load(p):
    return sorted(tuple(json.dumps(e[k]) for k in keys)
                  for e in json.load(open(p))["entries"])
a = load(sys.argv[1])
bad = 0
for db in sys.argv[3:]:
    out = subprocess.run([sys.argv[2], "--db", db, "export", "--format", "json"],
                         capture_output=True, check=True).stdout
    b = sorted(tuple(json.dumps(e[k]) for k in keys)
               for e in json.loads(out)["entries"])
    if a != b:
        print(db, [x for x in a if x not in b][:3], [x for x in b if x not in a][:3])
        bad = 1
sys.exit(bad)
' "$tmp/all.json" "$MVROAD" "$tmp/rt-all-csv.db" "$tmp/rt-all-json.db"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
