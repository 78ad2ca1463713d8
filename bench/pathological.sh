#!/bin/sh
# bench/pathological.sh [--check] [MVROAD] - adversarial inputs, timed
# (SECURITY.md G10, after cmark's pathological_tests.py). Each case is
# run at size n and 10n, each in its own `mvroad import` into a fresh
# register, and reports the user+system CPU time of both (less noisy than
# wall time on a shared machine), their ratio, the exit status, and the
# first diagnostic. Linear means: 10x the input costs at most 12x.
#
#   sh bench/pathological.sh build/mvroad            full sizes (10^6 rows...)
#   sh bench/pathological.sh --check build/mvroad    the test's sizes, and
#       fails if a case takes over LIMIT CPU seconds (default 10) or its ratio
#       is over RATIO (default 20: generous, the machine is shared)
#
# Needs python3 (it writes the inputs, DOCX and zip files included).
set -eu
mode=bench
if [ "${1:-}" = --check ]; then
  mode=check
  shift
fi
MVROAD=${1:-${MVROAD:-build/mvroad}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null || {
  echo "python3 is not installed: skipped"
  exit 0
}
exec python3 - "$mode" "$MVROAD" "$tmp" "${LIMIT:-10}" "${RATIO:-20}" <<'EOF'
import io, os, resource, subprocess, sys, time, zipfile

mode, mvroad, tmp, limit, ratio_max = sys.argv[1:6]
limit, ratio_max = float(limit), float(ratio_max)
check = mode == "check"
HEADER = "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def row(i):
    return ("W3C,PX-%d,Standard,Title %d,Under development,Interoperability,"
            "Summary %d.\n" % (i, i, i))


def docx(body, comp=zipfile.ZIP_DEFLATED):
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
          'openxmlformats.org/package/2006/content-types"><Default Extension='
          '"rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="'
          'application/xml"/><Override PartName="/word/document.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/></Types>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="%sofficeDocument"'
            ' Target="word/document.xml"/></Relationships>' % RT)
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="%s">'
           '<w:body>%s</w:body></w:document>' % (W, body))
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", comp) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
    return b.getvalue()


def tc(s):
    return "<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>" % s


HEAD_ROW = "<w:tr>" + "".join(tc(x) for x in HEADER.strip().split(",")) + "</w:tr>"


def csv_rows(n):
    return (HEADER + "".join(row(i) for i in range(n))).encode(), "csv"


def csv_unclosed_quote(n):
    return (HEADER + '"W3C' + "".join(row(i) for i in range(n))).encode(), "csv"


def csv_big_cell(n):  # n bytes in one quoted cell
    return (HEADER + 'W3C,X,Standard,"' + "a" * n + '",Draft,General,x\n').encode(), "csv"


def csv_wide_row(n):  # n cells in one row
    return (HEADER + ",".join(["x"] * n) + "\n").encode(), "csv"


def json_nested(n):
    return ("[" * n + "]" * n).encode(), "json"


def json_entries(n):
    items = ",".join('{"sdo":"W3C","reference":"PX-%d","type":"Standard",'
                     '"title":"T %d","status":"Draft","categories":"General"}'
                     % (i, i) for i in range(n))
    return ('{"entries":[' + items + "]}").encode(), "json"


def docx_nested_tables(n):
    body = "<w:tbl><w:tr><w:tc>" * n + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * n
    return docx(body), "docx"


def docx_nested_elements(n):  # runs inside runs, past the depth limit
    body = "<w:p>" + "<w:r>" * n + "</w:r>" * n + "</w:p>"
    return docx(body, zipfile.ZIP_STORED), "docx"


def docx_wide_row(n):
    body = "<w:tbl>" + HEAD_ROW + "<w:tr>" + tc("x") * n + "</w:tr></w:tbl>"
    # stored: deflated, this repetitive part trips the zip-bomb ratio check
    return docx(body, zipfile.ZIP_STORED), "docx"


def docx_rows(n):
    rows = "".join("<w:tr>" + tc("W3C") + tc("PX-%d" % i) + tc("Standard") +
                   tc("T %d" % i) + tc("Draft") + tc("General") + tc("s") +
                   "</w:tr>" for i in range(n))
    return docx("<w:tbl>" + HEAD_ROW + rows + "</w:tbl>", zipfile.ZIP_STORED), "docx"


def zip_tiny_entries(n):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_STORED) as z:
        for i in range(n):
            z.writestr("e/%d" % i, "")
    return b.getvalue(), "docx"


# name, generator, n (bench), n (check)
CASES = [
    ("CSV rows (n rows)", csv_rows, 100000, 5000),
    ("CSV one unclosed quote (n rows after it)", csv_unclosed_quote, 100000, 10000),
    ("CSV one cell of n bytes", csv_big_cell, 10 << 20, 1 << 20),
    ("CSV n cells in one row", csv_wide_row, 50000, 5000),
    ("JSON n nested arrays", json_nested, 100000, 10000),
    ("JSON n entries", json_entries, 30000, 3000),
    ("DOCX n nested tables", docx_nested_tables, 1000, 100),
    ("DOCX n nested runs", docx_nested_elements, 10000, 1000),
    ("DOCX n cells in one row", docx_wide_row, 50000, 5000),
    ("DOCX table of n rows", docx_rows, 10000, 1000),
    ("zip of n tiny entries", zip_tiny_entries, 20000, 2000),
]


def run(data, ext, tag):
    path = os.path.join(tmp, "in-%s.%s" % (tag, ext))
    db = os.path.join(tmp, "reg-%s.db" % tag)
    with open(path, "wb") as f:
        f.write(data)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([mvroad, "--db", db, "import", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
    return cpu, wall, p.returncode, (msg[0] if msg else "")


failed = 0
print("%-42s %10s %9s %9s %6s %5s  %s" % ("case", "n", "cpu(n)", "cpu(10n)",
                                           "ratio", "exit", "first message"))
for name, gen, nb, nc in CASES:
    n = nc if check else nb
    d1, ext = gen(n)
    d2, _ = gen(10 * n)
    c1, w1, rc1, m1 = run(d1, ext, "a")
    c2, w2, rc2, m2 = run(d2, ext, "b")
    ratio = c2 / max(c1, 0.01)  # below 10 ms the clock is too coarse
    m = m2.split(": ", 1)[-1][:70]
    print("%-42s %10d %8.3fs %8.3fs %6.1f %2d/%d  %s" % (name, n, c1, c2, ratio,
                                                      rc1, rc2, m))
    if check:
        if max(c1, c2) > limit:  # CPU time: a loaded machine stretches wall time
            print("FAIL: %s took %.1f s of CPU (limit %.0f s)" % (name, max(c1, c2), limit))
            failed += 1
        if c2 > 0.2 and ratio > ratio_max:
            print("FAIL: %s: 10x the input cost %.1fx (limit %.0fx)"
                  % (name, ratio, ratio_max))
            failed += 1
        if rc1 not in (0, 1) or rc2 not in (0, 1):
            print("FAIL: %s: exit status %d/%d (a crash?)" % (name, rc1, rc2))
            failed += 1
sys.exit(1 if failed else 0)
EOF
