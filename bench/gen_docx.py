#!/usr/bin/env python3
"""gen_docx.py - turn an Annex 1 CSV (bench/gen_register) into a DOCX
holding one table of all its rows, marked up the way Word writes a table:
table style and grid, a repeated header row, cell widths, paragraph and
run properties and revision ids on every paragraph and run. For
bench/docx.sh; the standard library only.

Usage: gen_docx.py IN.csv OUT.docx"""
import csv
import sys
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WIDTHS = [1400, 1600, 1300, 2600, 1300, 1500, 3300]

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""


def cell(text, width, i, bold=False):
    rpr = ('<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New '
           'Roman"/>' + ("<w:b/>" if bold else "") +
           '<w:sz w:val="18"/><w:szCs w:val="18"/><w:lang w:val="en-GB"/>'
           '</w:rPr>')
    return ('<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>'
            '<w:p w14:paraId="%08X" w14:textId="77777777" w:rsidR="00A1B2C3" '
            'w:rsidRDefault="00A1B2C3"><w:pPr><w:spacing w:before="20" '
            'w:after="20"/><w:rPr><w:sz w:val="18"/></w:rPr></w:pPr>'
            '<w:r w:rsidRPr="00D4E5F6">%s<w:t xml:space="preserve">%s</w:t>'
            '</w:r></w:p></w:tc>' % (width, i, rpr, escape(text)))


def main():
    src, out = sys.argv[1], sys.argv[2]
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<w:document xmlns:w="%s" xmlns:w14="http://schemas.microsoft.'
             'com/office/word/2010/wordml"><w:body><w:p><w:r><w:t>Annex 1: '
             'Template for Inputs to the Metaverse Standardization Roadmap'
             '</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"'
             '/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" '
             'w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
             ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>' % W]
    parts += ['<w:gridCol w:w="%d"/>' % w for w in WIDTHS]
    parts.append("</w:tblGrid>")
    n = 0
    with open(src, newline="", encoding="utf-8") as f:
        for k, row in enumerate(csv.reader(f)):
            row = (row + [""] * 7)[:7]
            trpr = "<w:trPr><w:tblHeader/></w:trPr>" if k == 0 else ""
            parts.append('<w:tr w:rsidR="00A1B2C3" w:rsidTr="00A1B2C3">' + trpr)
            for c, text in enumerate(row):
                n += 1
                parts.append(cell(text, WIDTHS[c], n, bold=(k == 0)))
            parts.append("</w:tr>")
    parts.append('</w:tbl><w:p/><w:sectPr><w:pgSz w:w="16838" w:h="11906" '
                 'w:orient="landscape"/></w:sectPr></w:body></w:document>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", "".join(parts))


main()
