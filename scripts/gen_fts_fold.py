#!/usr/bin/env python3
"""Print the two translate() strings of PostgreSQL's mvr_fts_norm() (schema
slot 10 -> 11 of src/lib/schema_pg.h) as C string literals: every Latin
letter that SQLite's FTS5 tokenizer (unicode61 remove_diacritics 2, the
SQLite backend's) folds to an ASCII letter, with that letter, and the
combining marks it drops. Derived from the tokenizer itself, through
fts5vocab, so that both engines split and fold words the same way.

Usage: python3 scripts/gen_fts_fold.py   (needs Python's sqlite3 with FTS5)
"""
import sqlite3

db = sqlite3.connect(":memory:")
db.execute("CREATE VIRTUAL TABLE t USING fts5(x,"
           " tokenize='unicode61 remove_diacritics 2')")
db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
letters = list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00))
marks = list(range(0x300, 0x370))
for cp in letters + marks:
    db.execute("INSERT INTO t(rowid, x) VALUES (?, ?)",
               (cp, "q" + ("e" if cp in marks else "") + chr(cp) + "q"))


def terms(cp):
    return [r[0] for r in db.execute(
        "SELECT term FROM v WHERE doc = ? ORDER BY offset", (cp,))]


src, dst, drop = [], [], []
for cp in letters:
    t = terms(cp)
    if len(t) == 1 and len(t[0]) == 3 and t[0][1] < "\x80":
        src.append(chr(cp))
        dst.append(t[0][1])
for cp in marks:
    if terms(cp) == ["qeq"]:
        drop.append(chr(cp))


def literal(s, indent="    "):
    out, line = [], ""
    for ch in s:
        esc = "".join("\\x%02X" % b for b in ch.encode("utf-8"))
        if len(line) + len(esc) > 64:
            out.append(indent + '"' + line + '"')
            line = ""
        line += esc if ord(ch) > 127 else ch
    if line:
        out.append(indent + '"' + line + '"')
    return "\n".join(out)


print("/* %d letters, then %d combining marks (dropped) */" % (len(src), len(drop)))
print("#define PG_FOLD_FROM \\")
print(literal("".join(src) + "".join(drop)).replace('"\n', '" \\\n'))
print("#define PG_FOLD_TO \\")
print(literal("".join(dst)).replace('"\n', '" \\\n'))
