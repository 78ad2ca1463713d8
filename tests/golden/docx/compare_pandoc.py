#!/usr/bin/env python3
"""compare_pandoc.py - check `mvroad inspect --text` of a Word file against
pandoc's reading of it (the .native file beside it in
../shared/testdata/wild-docx), as was done by hand for every expected
file in this folder. Needs pandoc (bench-deps.sh). Not run by ctest.

Usage: compare_pandoc.py MVROAD DOCX NATIVE

Both sides are reduced to what matters for an import: for each table, its
rows of non-empty cell texts (pandoc's row spans filled down, as mvroad
fills vertically merged cells), and the paragraphs outside tables. Text is
compared with white space collapsed and curly quotes made straight."""
import json, re, subprocess, sys

def inl(xs):
    out = []
    for x in xs:
        t, c = x["t"], x.get("c")
        if t == "Str": out.append(c)
        elif t in ("Space", "SoftBreak"): out.append(" ")
        elif t == "LineBreak": out.append("\n")
        elif t == "Quoted":
            q = '"' if c[0]["t"] == "DoubleQuote" else "'"
            out.append(q + inl(c[1]) + q)
        elif t in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript",
                   "SmallCaps", "Underline"): out.append(inl(c))
        elif t in ("Span", "Link"): out.append(inl(c[1]))
        elif t == "Cite": out.append(inl(c[1]))
        elif t == "Code": out.append(c[1])
        elif t == "Math": out.append(c[1])
        elif t == "Note": pass
    return "".join(out)

def blocks(bs, tables, paras):
    """Text of blocks, tables collected separately."""
    out = []
    for b in bs:
        t, c = b["t"], b.get("c")
        if t in ("Para", "Plain", "Header"):
            s = inl(c if t != "Header" else c[2])
            out.append(s)
            if paras is not None and s.strip(): paras.append(s)
        elif t in ("BulletList",):
            for item in c: out.append(blocks(item, tables, paras))
        elif t == "OrderedList":
            for item in c[1]: out.append(blocks(item, tables, paras))
        elif t in ("Div", "BlockQuote"):
            out.append(blocks(c[1] if t == "Div" else c, tables, paras))
        elif t == "Table":
            table(c, tables)
        elif t == "LineBlock":
            out.extend(inl(l) for l in c)
    return "\n".join(out)

def table(c, tables):
    head, bodies, foot = c[3], c[4], c[5]
    rows = list(head[1])
    for b in bodies: rows += b[2] + b[3]
    rows += foot[1]
    grid, pending = [], {}  # pending: col -> (text, rows left)
    idx = len(tables); tables.append(None)
    for r in rows:
        line, col = {}, 0
        cells = r[1]
        it = iter(cells)
        while True:
            while col in pending:
                txt, left = pending[col]
                line[col] = txt
                if left <= 1: del pending[col]
                else: pending[col] = (txt, left - 1)
                col += 1
            cell = next(it, None)
            if cell is None: break
            rs, cs = cell[2], cell[3]
            txt = blocks(cell[4], tables, None)
            line[col] = txt
            if rs > 1: pending[col] = (txt, rs - 1)
            col += cs
        grid.append([line[k] for k in sorted(line)])
    tables[idx] = grid

def norm(s):
    s = s.replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2018", "'").replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()

def reduce_rows(rows):
    return [[norm(x) for x in r if norm(x)] for r in rows if any(norm(x) for x in r)]

def main():
    mvroad, docx, native = sys.argv[1:4]
    ast = json.loads(subprocess.run(["pandoc", "-f", "native", "-t", "json", native],
                                    check=True, capture_output=True).stdout)
    ptables, pparas = [], []
    blocks(ast["blocks"] if isinstance(ast, dict) else ast[1], ptables, pparas)
    ours = json.loads(subprocess.run([mvroad, "inspect", "--text", docx], check=True,
                                     capture_output=True).stdout)
    otables = [[row["cells"] for row in t["rows"]] for t in ours["tables"]]
    ok = True
    if len(otables) != len(ptables):
        print(f"{docx}: {len(otables)} tables, pandoc {len(ptables)}"); ok = False
    for i, (a, b) in enumerate(zip(otables, ptables)):
        if reduce_rows(a) != reduce_rows(b):
            print(f"{docx}: table {i + 1} differs:\n  mvroad {reduce_rows(a)}\n  pandoc {reduce_rows(b)}")
            ok = False
    a = [norm(p) for p in ours.get("text", []) if norm(p)]
    b = [norm(p) for p in pparas if norm(p)]
    if a != b:
        print(f"{docx}: paragraphs differ:\n  mvroad {a}\n  pandoc {b}"); ok = False
    print(("ok   " if ok else "DIFF ") + docx)
    return 0 if ok else 1

sys.exit(main())
