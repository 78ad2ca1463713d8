#!/bin/sh
# test_export_office.sh - black-box tests of the Word and Excel writers:
# `mvroad export --format docx|xlsx` (the roadmap) and `mvroad template
# --format docx|xlsx|csv [--org NAME]` (Annex 1). Every XML part must be
# well-formed, LibreOffice must convert each file to PDF (skipped when
# soffice is missing), the Word roadmap must have its styles, repeated
# header rows, page numbers, landscape section and clause tables (an entry
# of two categories in both), the workbook must hold no formula and show
# formula-like titles as text behind an apostrophe, and the templates must
# carry their drop-down lists and check cleanly. The round trip through
# `mvroad import` is skipped until the DOCX/XLSX readers exist.
#
# Run by ctest as cli/test_export_office with MVROAD=<binary> SRC=<source
# dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
. "$SRC/tests/cli/testdb.sh"
DB=$(testdb db) || exit 1

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
  fi
}
# pycheck LABEL SCRIPT [ARGS...]: a Python check; prints why on failure.
pycheck() {
  label=$1
  shift
  if python3 -c "$@" >"$tmp/py" 2>&1; then
    ok
  else
    bad "$label"
    sed 's/^/  py| /' "$tmp/py" | head -20
  fi
}
# parts FILE PART...: the package holds these parts, and every XML part
# in it is well-formed.
parts() {
  f=$1
  shift
  if ! unzip -l "$f" >"$tmp/list" 2>&1; then
    bad "unzip -l $f"
    return
  fi
  ok
  for p in "$@"; do
    has "$tmp/list" " $p" "$(basename "$f") holds $p"
  done
  if [ -z "$XMLLINT" ]; then
    return
  fi
  for p in $(awk 'NR > 3 && $4 ~ /(\.xml|\.rels)$/ { print $4 }' \
    "$tmp/list"); do
    # unzip reads [ ] in a name as a wildcard
    pat=$(printf '%s' "$p" | sed 's/\[/\\[/g; s/\]/\\]/g')
    if unzip -p "$f" "$pat" | xmllint --noout - 2>"$tmp/xml"; then
      ok
    else
      bad "$(basename "$f"):$p is not well-formed XML"
      head -5 "$tmp/xml"
    fi
  done
}
# pdf FILE: LibreOffice converts FILE to a non-empty PDF.
pdf() {
  if [ -z "$SOFFICE" ]; then
    return
  fi
  case $1 in
  *.xlsx)
    if [ -z "$CALC" ]; then
      return
    fi
    ;;
  esac
  out=$tmp/pdf/$(basename "$1")
  mkdir -p "$out"
  # a private profile: parallel runs must not share LibreOffice's lock
  timeout 180 "$SOFFICE" -env:UserInstallation="file://$tmp/lo" --headless \
    --convert-to pdf --outdir "$out" "$1" >"$tmp/lo.log" 2>&1
  pdf=$out/$(basename "$1" | sed 's/\.[a-z]*$//').pdf
  if [ -s "$pdf" ] && head -c 5 "$pdf" | grep -q '%PDF-'; then
    ok
  else
    bad "LibreOffice did not convert $(basename "$1") to PDF"
    sed 's/^/  lo| /' "$tmp/lo.log" | head -10
  fi
}

command -v python3 >/dev/null || {
  echo "skip: python3 is needed"
  exit 0
}
XMLLINT=$(command -v xmllint || true)
[ -n "$XMLLINT" ] || echo "skip: xmllint not found; XML parts not checked"
SOFFICE=$(command -v soffice || command -v libreoffice || true)
CALC=
if [ -z "$SOFFICE" ]; then
  echo "skip: soffice (LibreOffice) not found; no conversion to PDF"
else
  # Calc converts the workbooks; Writer alone (libreoffice-writer-nogui)
  # cannot
  for d in /usr/lib/libreoffice/program /usr/local/lib/libreoffice/program \
    /opt/libreoffice*/program; do
    [ -e "$d/libsclo.so" ] && CALC=1
  done
  [ -n "$CALC" ] || echo "skip: LibreOffice Calc not installed; workbooks" \
    "not converted to PDF (apt-get install libreoffice-calc-nogui)"
fi

# --- the register: the bundled data, and formula-like titles ------------
run --db "$DB" import "$SRC/data/examples/metaverse-standards.csv"
expect_rc 0 "import the bundled data"
cat >"$tmp/inject.csv" <<'EOF'
SDO / Org.,Reference,Type,Title,Status,Category,Summary
Acme Forum,ACME-1,Standard,=1+1,Published,General,A title that is a formula
Acme Forum,ACME-2,Standard,@SUM(1),Published,"Interoperability, Infrastructure",An at sign
Acme Forum,ACME-3,Standard,-x,Under development,Enabling Technology,A minus
Acme Forum,ACME-4,Standard,+x,Published,Application/Service,"A plus; <b>&amp;</b> ""quoted"""
EOF
run --db "$DB" import "$tmp/inject.csv"
expect_rc 0 "import formula-like titles"
"$MVROAD" --db "$DB" export --format json >"$tmp/all.json"

# --- usage ----------------------------------------------------------------
run --db "$DB" export --format docx
expect_rc 2 "docx without -o"
has "$tmp/err" "-o FILE" "docx without -o says so"
run --db "$DB" export --format pdf -o "$tmp/x.pdf"
expect_rc 2 "unknown export format"
run --db "$DB" export --format docx -o "$tmp/no/such/dir/r.docx"
expect_rc 1 "docx into a missing directory"
has "$tmp/err" "r.docx" "the error names the file"
run --db "$DB" export --help
has "$tmp/out" "docx" "export --help names docx"
has "$tmp/out" "xlsx" "export --help names xlsx"
# "-o -" writes to a pipe; never to a terminal
"$MVROAD" --db "$DB" export --format docx -o - >"$tmp/pipe.docx" 2>"$tmp/err"
rc=$?
expect_rc 0 "docx to a pipe"
if head -c 2 "$tmp/pipe.docx" | grep -q PK; then ok; else bad "docx to a pipe is a zip"; fi
if command -v script >/dev/null 2>&1; then
  TERM=xterm script -qec "'$MVROAD' --db '$DB' export --format xlsx -o -" \
    /dev/null >"$tmp/tty" 2>&1 </dev/null
  rc=$?
  expect_rc 2 "xlsx to a terminal is refused"
  has "$tmp/tty" "terminal" "the refusal says why"
else
  echo "skip: script(1) not found; terminal refusal not checked"
fi

# --- the Word roadmap ------------------------------------------------------
run --db "$DB" export --format docx -o "$tmp/roadmap.docx"
expect_rc 0 "export docx"
parts "$tmp/roadmap.docx" "[Content_Types].xml" _rels/.rels \
  word/document.xml word/styles.xml word/_rels/document.xml.rels \
  word/footer1.xml docProps/core.xml docProps/app.xml
mkdir -p "$tmp/docx"
(cd "$tmp/docx" && unzip -oq ../roadmap.docx)
pycheck "docx: styles, repeated headers, page numbers, landscape" '
import sys
d = sys.argv[1]
doc = open(d + "/word/document.xml", encoding="utf-8").read()
sty = open(d + "/word/styles.xml", encoding="utf-8").read()
ftr = open(d + "/word/footer1.xml", encoding="utf-8").read()
rels = open(d + "/word/_rels/document.xml.rels", encoding="utf-8").read()
for s in ("w:styleId=\"Heading1\"", "w:styleId=\"Heading2\"",
          "<w:style w:type=\"table\" w:styleId=\"RoadmapTable\""):
    assert s in sty, s
assert "<w:tblHeader/>" in doc, "no repeated header row"
assert "w:orient=\"landscape\"" in doc, "no landscape section"
assert doc.count("<w:sectPr>") == 3, "sections: %d" % doc.count("<w:sectPr>")
assert "footerReference" in doc and "footer1.xml" in rels
assert " PAGE " in ftr and "fldChar" in ftr, "no PAGE field"
for t in ("Metaverse Standardization Roadmap", "Summary",
          "Entries by organisation and category",
          "Contributing organisations", "Submissions received"):
    assert t in doc, t
' "$tmp/docx"
pycheck "docx: one clause per category; entries in each of their clauses" '
import sys, re
import xml.etree.ElementTree as ET
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
body = ET.parse(sys.argv[1] + "/word/document.xml").getroot().find(W + "body")
def text(el):
    return "".join((t.text or "") if t.tag == W + "t" else "\t"
                   for t in el.iter() if t.tag in (W + "t", W + "tab"))
clauses, tables, heading = [], {}, None
for el in body:
    if el.tag == W + "p":
        st = el.find(W + "pPr/" + W + "pStyle")
        if st is not None and st.get(W + "val") == "Heading1":
            heading = text(el)
            clauses.append(heading)
    elif el.tag == W + "tbl":
        rows = [[text(c) for c in r.findall(W + "tc")] for r in el.findall(W + "tr")]
        if rows and rows[0][:3] == ["SDO / Org.", "Reference", "Type"]:
            assert rows[0] == ["SDO / Org.", "Reference", "Type", "Title",
                               "Status", "Category", "Summary"], rows[0]
            tables[heading] = rows[1:]
want = ["General", "Application/Service", "Enabling Technology",
        "Interoperability & Infrastructure"]
got = [c.split(None, 1)[1] for c in clauses if c[:1].isdigit() and c[:2] != "1\t"]
assert got == want, got
refs = {h.split(None, 1)[1]: [r[1] for r in rows] for h, rows in tables.items()}
# two categories: in both clauses
assert "ETSI GS ARF 003" in refs["General"], "ARF 003 not in General"
assert "ETSI GS ARF 003" in refs["Enabling Technology"], "ARF 003 not in ET"
assert "ACME-4" in refs["Application/Service"]
# Interoperability and Infrastructure: one clause, listed once
ii = refs["Interoperability & Infrastructure"]
assert ii.count("ETSI GS ARF 004-5") == 1, ii.count("ETSI GS ARF 004-5")
assert ii.count("ACME-2") == 1
# sorted by SDO: each organisation is one run of rows
for h, rows in tables.items():
    sdos = [r[0] for r in rows]
    runs = [s for i, s in enumerate(sdos) if i == 0 or sdos[i - 1] != s]
    assert len(runs) == len(set(runs)), (h, runs)
# user text is text, escaped, never markup
allrows = [r for rows in tables.values() for r in rows]
titles = [r[3] for r in allrows]
for t in ("=1+1", "@SUM(1)", "-x", "+x"):
    assert t in titles, t
assert any("<b>&amp;</b> \"quoted\"" in r[6] for r in allrows)
' "$tmp/docx"
pdf "$tmp/roadmap.docx"
# a roadmap read as a release says which
REL=$(testdb rel) || exit 1
if testdb_pg; then # a copy of the register: mvroad migrate
  "$MVROAD" migrate --from "$DB" --to "$REL" >/dev/null ||
    bad "migrate the register to a copy"
else
  cp "$DB" "$REL"
fi
run --db "$REL" release create JCA-MV-1 --date 2026-05-22
if [ "$rc" -eq 0 ]; then
  run --db "$REL" export --format docx --as-of JCA-MV-1 \
    -o "$tmp/rel.docx"
  expect_rc 0 "export docx as of a release"
  unzip -p "$tmp/rel.docx" word/document.xml >"$tmp/rel.xml"
  has "$tmp/rel.xml" "Release JCA-MV-1 of 2026-05-22" \
    "the title block names the release"
else
  echo "skip: releases (mvroad release create failed)"
fi

# --- the workbook -------------------------------------------------------------
run --db "$DB" export --format xlsx -o "$tmp/roadmap.xlsx"
expect_rc 0 "export xlsx"
parts "$tmp/roadmap.xlsx" "[Content_Types].xml" xl/workbook.xml \
  xl/styles.xml xl/worksheets/sheet1.xml xl/worksheets/sheet6.xml
mkdir -p "$tmp/xlsx"
(cd "$tmp/xlsx" && unzip -oq ../roadmap.xlsx)
pycheck "xlsx: sheets, autofilter, frozen header, widths, no formulas" '
import sys, glob, re
d = sys.argv[1]
wb = open(d + "/xl/workbook.xml", encoding="utf-8").read()
names = re.findall(r"<sheet name=\"([^\"]*)\"", wb)
assert names == ["All entries", "General", "Application-Service",
                 "Enabling Technology", "Interoperability",
                 "Infrastructure"], names
assert "wrapText=\"1\"" in open(d + "/xl/styles.xml").read()
for f in sorted(glob.glob(d + "/xl/worksheets/sheet*.xml")):
    x = open(f, encoding="utf-8").read()
    assert "<autoFilter ref=\"A1:J" in x, f
    assert "state=\"frozen\"" in x and "ySplit=\"1\"" in x, f
    assert "customWidth=\"1\"" in x, f
    assert "<f>" not in x and "<f " not in x, "a formula in " + f
' "$tmp/xlsx"
pycheck "xlsx: formula-like titles are text behind an apostrophe" '
import sys, glob, html
d = sys.argv[1]
text = ""
for f in glob.glob(d + "/xl/worksheets/sheet*.xml") + glob.glob(d + "/xl/sharedStrings.xml"):
    text += html.unescape(open(f, encoding="utf-8").read())
for t in ("=1+1", "@SUM(1)", "-x", "+x"):
    assert "<t>\x27" + t + "</t>" in text, t
    assert "<t>" + t + "</t>" not in text, "unguarded " + t
' "$tmp/xlsx"
pycheck "xlsx: every entry on the first sheet, and on each of its categories" '
import sys, json, re, html
d, js = sys.argv[1], sys.argv[2]
entries = json.load(open(js))["entries"]
def refs(n):
    x = open(d + "/xl/worksheets/sheet%d.xml" % n, encoding="utf-8").read()
    return [html.unescape(v) for v in re.findall(r"<c r=\"B\d+\"[^>]*><is><t[^>]*>([^<]*)</t>", x)][1:]
assert sorted(refs(1)) == sorted(e["reference"] for e in entries)
cats = ["General", "Application/Service", "Enabling Technology",
        "Interoperability", "Infrastructure"]
for i, c in enumerate(cats):
    want = sorted(e["reference"] for e in entries if c in e["categories"])
    assert sorted(refs(i + 2)) == want, c
' "$tmp/xlsx" "$tmp/all.json"
pdf "$tmp/roadmap.xlsx"

# --- templates ------------------------------------------------------------------
for f in docx xlsx csv; do
  run template --format "$f" -o "$tmp/blank.$f"
  expect_rc 0 "blank $f template"
  run --db "$DB" template --format "$f" -o "$tmp/sc29.$f" --org "JTC 1/SC 29"
  expect_rc 0 "$f template pre-filled for SC 29"
  has "$tmp/err" "20 entries" "$f template: 20 entries pre-filled"
done
run template --format docx
expect_rc 2 "template without -o"
run template --format pdf -o "$tmp/t.pdf"
expect_rc 2 "unknown template format"
run --db "$tmp/none.db" template --format csv -o "$tmp/t.csv" --org IEEE
expect_rc 1 "--org without a register"

parts "$tmp/blank.docx" word/document.xml word/styles.xml word/footer1.xml
parts "$tmp/sc29.docx" word/document.xml
pycheck "docx template: Annex 1 heading, columns, note, rows" '
import sys
import xml.etree.ElementTree as ET
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
def load(f):
    import zipfile
    return ET.fromstring(zipfile.ZipFile(f).read("word/document.xml"))
def text(el):
    return "".join(t.text or "" for t in el.iter(W + "t"))
for f, filled in ((sys.argv[1], 0), (sys.argv[2], 20)):
    root = load(f)
    paras = [text(p) for p in root.iter(W + "p")]
    assert "Template for Inputs to the Metaverse Standardization Roadmap" in paras
    assert ("Note \u2013 Categories include: General, Application/Service, "
            "Enabling Technology, and Interoperability & Infrastructure.") in paras
    tbls = list(root.iter(W + "tbl"))
    assert len(tbls) == 1, len(tbls)
    rows = [[text(c) for c in r.findall(W + "tc")] for r in tbls[0].findall(W + "tr")]
    assert rows[0] == ["SDO / Org.", "Reference", "Type", "Title", "Status",
                       "Category", "Summary"], rows[0]
    full = [r for r in rows[1:] if any(r)]
    assert len(full) == filled, (f, len(full))
    assert len(rows) - 1 - filled >= 5, "no empty rows to fill in"
    if filled:
        assert all(r[0] == "ISO/IEC JTC 1/SC 29" for r in full)
' "$tmp/blank.docx" "$tmp/sc29.docx"
parts "$tmp/blank.xlsx" xl/workbook.xml xl/worksheets/sheet1.xml \
  xl/worksheets/sheet2.xml
pycheck "xlsx template: drop-down lists, frozen header, instructions" '
import sys, zipfile, re, html
for f, filled in ((sys.argv[1], 0), (sys.argv[2], 20)):
    z = zipfile.ZipFile(f)
    wb = z.read("xl/workbook.xml").decode()
    assert re.findall(r"<sheet name=\"([^\"]*)\"", wb) == ["Template", "Instructions"]
    s1 = z.read("xl/worksheets/sheet1.xml").decode()
    assert "state=\"frozen\"" in s1
    # a list of values, or a range of the Instructions sheet
    dv = re.findall(r"<dataValidation type=\"list\"[^>]*sqref=\"([A-Z])2:[A-Z]\d+\"><formula1>([^<]*)</formula1>", s1)
    assert [c for c, f in dv] == ["C", "E", "F"], dv
    lists = html.unescape(z.read("xl/worksheets/sheet2.xml").decode()
                          + z.read("xl/sharedStrings.xml").decode())
    for (col, f), want in zip(dv, (("Recommendation", "Draft Recommendation"),
                                   ("Published", "Under development", "Withdrawn"),
                                   ("General", "Enabling Technology",
                                    "Interoperability & Infrastructure"))):
        f = html.unescape(f)
        for v in want:
            assert v in lists, v
            assert f.startswith("Instructions!") or v in f.strip("\"").split(","), (col, v, f)
    rows = len(re.findall(r"<row r=", s1))
    assert rows == filled + 1, (f, rows)
' "$tmp/blank.xlsx" "$tmp/sc29.xlsx"
if [ "$(head -1 "$tmp/blank.csv")" = "$(printf 'SDO / Org.,Reference,Type,Title,Status,Category,Summary\r')" ] &&
  [ "$(wc -l <"$tmp/blank.csv")" -eq 1 ]; then ok; else bad "blank CSV template is the header line"; fi
run check "$tmp/blank.csv"
expect_rc 0 "the blank CSV template checks"
has "$tmp/out" "0 rows" "the blank CSV template has no rows"
run check "$tmp/sc29.csv"
expect_rc 0 "the pre-filled CSV template checks"
has "$tmp/out" "20 rows" "the pre-filled CSV template has 20 rows"
has "$tmp/out" "0 warnings" "the pre-filled CSV template has no warning"
run --db "$DB" check "$tmp/sc29.csv"
has "$tmp/out" "0 new, 0 changed, 20 unchanged" \
  "the pre-filled CSV template, returned unchanged, changes nothing"
# the Word and Excel templates too, once mvroad reads those formats
for f in docx xlsx; do
  run check "$tmp/blank.$f"
  if grep -q "unknown file format" "$tmp/err"; then
    echo "skip: checking the $f templates (mvroad does not read $f yet)"
    continue
  fi
  expect_rc 0 "the blank $f template checks"
  has "$tmp/out" "0 rows" "the blank $f template has no rows"
  run --db "$DB" check "$tmp/sc29.$f"
  expect_rc 0 "the pre-filled $f template checks"
  has "$tmp/out" "0 new, 0 changed, 20 unchanged" \
    "the pre-filled $f template, returned unchanged, changes nothing"
done
for f in blank.docx sc29.docx blank.xlsx sc29.xlsx; do
  pdf "$tmp/$f"
done

# --- the round trip: import the roadmap into an empty register -------------
# roundtrip FORMAT FIELDS: import roadmap.FORMAT into an empty register and
# compare the entries' FIELDS with the original's
roundtrip() {
  RT=$(testdb "rt_$1") || exit 1
  run --db "$RT" import "$tmp/roadmap.$1"
  if grep -q "unknown file format" "$tmp/err"; then
    echo "skip: round trip of $1 (mvroad import does not read $1 yet)"
    return
  fi
  expect_rc 0 "import roadmap.$1 into an empty register"
  "$MVROAD" --db "$RT" export --format json >"$tmp/rt-$1.json"
  pycheck "roadmap.$1 imports back to the same entries ($2)" '
import sys, json
a = json.load(open(sys.argv[1]))["entries"]
b = json.load(open(sys.argv[2]))["entries"]
fields = sys.argv[3].split(",")
key = lambda e: (e["sdo"], e["reference"])
pa = {key(e): [e[f] for f in fields] for e in a}
pb = {key(e): [e[f] for f in fields] for e in b}
assert len(a) == len(b), (len(a), len(b))
diff = [(k, pa[k], pb.get(k)) for k in pa if pa[k] != pb.get(k)]
guard = [d for d in diff if d[2] and any(
    isinstance(x, str) and y == "\x27" + x for x, y in zip(d[1], d[2]))]
assert not guard, ("the reader keeps the apostrophe that guards a "
                   "formula-like cell; strip it as import_csv.c does",
                   guard[:3])
assert not diff, diff[:3]
' "$tmp/all.json" "$tmp/rt-$1.json" "$2"
}
# the Word tables carry the template's seven columns; the workbook also
# the status detail and the URL
roundtrip docx sdo,reference,type,title,status,categories,summary
roundtrip xlsx sdo,reference,type,title,status,status_detail,categories,summary,url

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
