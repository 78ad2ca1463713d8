#!/bin/sh
# test_inspect_docx.sh - the DOCX reader on real documents, through the
# mvroad binary:
#
# 1. `mvroad inspect --text` of each Word file in ../shared/testdata/
#    wild-docx (read from there, never copied here) must equal the
#    expected JSON in tests/golden/docx/, which was checked against
#    pandoc's reading of the same file (tests/golden/docx/
#    compare_pandoc.py; tracked changes accepted). Importing any of them
#    stores nothing (none holds the template) and says why.
# 2. A DOCX made by LibreOffice from an HTML page with a template table
#    (row span, line breaks, paragraphs, a link, curly quotes, one of
#    Annex 1's example rows) imports correctly, and a bad cell is
#    reported as FILE:table N:row R:Column.
#
# Run by ctest as cli/test_inspect_docx with MVROAD, SRC and SHARED set.
# Parts whose inputs are missing are skipped with a message.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
SHARED=${SHARED:-$SRC/../shared}
WILD=$SHARED/testdata/wild-docx
unset MVROAD_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
. "$SRC/tests/cli/testdb.sh"
WILD_DB=$(testdb wild)
LO_DB=$(testdb lo)
LO2_DB=$(testdb lo2)

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
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
    sed 's/^/  err| /' "$tmp/err" | head -5
  fi
}
has() {
  if grep -qF -- "$2" "$1"; then
    ok
  else
    bad "$3: no \"$2\""
    sed 's/^/  | /' "$1" | head -20
  fi
}

# --- 1. real Word files ------------------------------------------------------
if [ -d "$WILD" ]; then
  for expected in "$SRC"/tests/golden/docx/*.json; do
    name=$(basename "$expected" .json)
    if [ ! -f "$WILD/$name.docx" ]; then
      echo "skip: $WILD/$name.docx is missing"
      continue
    fi
    (cd "$WILD" && "$MVROAD" inspect --text "$name.docx") >"$tmp/out" \
      2>"$tmp/err"
    if diff -u "$expected" "$tmp/out" >"$tmp/diff"; then
      ok
    else
      bad "inspect $name.docx differs from tests/golden/docx/$name.json"
      head -40 "$tmp/diff"
    fi
    run --db "$WILD_DB" import "$WILD/$name.docx"
    expect_rc 1 "import $name.docx (no template table)"
    has "$tmp/err" "no table with the template's header" \
      "import $name.docx says why nothing was imported"
  done
  run --db "$WILD_DB" list --format json
  if grep -q '"reference"' "$tmp/out"; then
    bad "the wild documents stored entries"
  else
    ok
  fi
else
  echo "skip: $WILD is absent; the real Word files are not tested"
fi

# --- 2. a document made by LibreOffice ---------------------------------------
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$SOFFICE" ]; then
  echo "skip: soffice is missing (scripts/deps.sh installs" \
    "libreoffice-writer-nogui); the LibreOffice document is not tested"
else
  cat >"$tmp/input.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Roadmap input</title></head>
<body>
<h1>Annex 1: Template for Inputs to the Metaverse Standardization Roadmap</h1>
<p>Input from W3C and ISO/IEC JTC 1/SC 29.</p>
<table border="1">
<tr><th>SDO / Org.</th><th>Reference</th><th>Type</th><th>Title</th>
<th>Status</th><th>Category</th><th>Summary</th></tr>
<tr><td rowspan="2">W3C</td><td>WebGPU</td><td>Standard</td><td>WebGPU</td>
<td>Under development</td><td>Enabling Technology</td>
<td>GPU access<br>from the web.</td></tr>
<tr><td>WebXR Layers</td><td>Standard</td><td>WebXR Layers API</td>
<td>Under development</td><td>Enabling Technology</td>
<td><p>Composition layers.</p><p>Second paragraph.</p></td></tr>
<tr><td>ISO/IEC JTC 1/SC 29</td>
<td><a href="https://www.iso.org/standard/83535.html">ISO/IEC 23090-2:2023</a></td>
<td>Standard</td><td>Omnidirectional media format</td><td>Published</td>
<td>Interoperability, Enabling technology</td>
<td>OMAF &#8211; &#8220;immersive&#8221; media.</td></tr>
<tr><td>IEEE</td><td>IEEE P7016</td><td>Draft Standard</td>
<td>Ethically aligned design for XR/Metaverse</td><td>Under development</td>
<td>General</td>
<td>Provides ethical guidance for metaverse-based systems.</td></tr>
</table>
</body></html>
EOF
  sed 's/>Enabling Technology</>Sensing</' "$tmp/input.html" \
    >"$tmp/wrong.html"
  "$SOFFICE" --headless --norestore \
    "-env:UserInstallation=file://$tmp/lo-profile" \
    --convert-to "docx:MS Word 2007 XML" --outdir "$tmp" \
    "$tmp/input.html" "$tmp/wrong.html" >"$tmp/lo.log" 2>&1
  if [ ! -f "$tmp/input.docx" ] || [ ! -f "$tmp/wrong.docx" ]; then
    bad "LibreOffice did not convert the HTML page to DOCX"
    sed 's/^/  | /' "$tmp/lo.log"
  else
    run inspect "$tmp/input.docx"
    expect_rc 0 "inspect the LibreOffice document"
    has "$tmp/out" '"template": true, "header_row": 1' \
      "the LibreOffice table is a template table"
    has "$tmp/out" '["W3C", "WebXR Layers", "Standard"' \
      "the row-spanning SDO cell fills down"
    has "$tmp/out" '"Composition layers.\nSecond paragraph."' \
      "paragraphs in a cell are lines"
    run --db "$LO_DB" import --date 2025-10-09 "$tmp/input.docx"
    expect_rc 0 "import the LibreOffice document"
    has "$tmp/out" "3 rows: 3 added" "three rows imported"
    has "$tmp/err" "table 1:row 5: warning: this row is the template's" \
      "the example row is skipped with a warning"
    run --db "$LO_DB" show "WebXR Layers"
    has "$tmp/out" "W3C" "the merged SDO cell reached the second row"
    run --db "$LO_DB" show "ISO/IEC 23090-2"
    has "$tmp/out" "Omnidirectional media format" "the linked reference"
    run --db "$LO2_DB" import "$tmp/wrong.docx"
    expect_rc 1 "a bad category refuses the file"
    has "$tmp/err" "wrong.docx:table 1:row 2:Category: error:" \
      "the error names the table, row and column"
    run --db "$LO2_DB" list --format json
    if grep -q '"reference"' "$tmp/out"; then
      bad "the refused file stored entries"
    else
      ok
    fi
  fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
