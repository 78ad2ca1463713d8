/* ooxml_pkg.h - wrapping a fuzzed XML part into a minimal DOCX or XLSX
 * package (stored entries, made by libzip through tests/unit/ooxml_build.h)
 * so that the part readers see mutated XML rather than mutated zip
 * structure (fuzz/zip_fuzzer.c covers that). */
#ifndef MVR_FUZZ_OOXML_PKG_H
#define MVR_FUZZ_OOXML_PKG_H

#include "../tests/unit/ooxml_build.h"

#define SML_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define CT_SML                                                                 \
  "application/vnd.openxmlformats-officedocument.spreadsheetml."

/* An XLSX of one sheet: worksheet `sheet` and shared strings `sst`, both
 * whole parts; caller frees. */
static inline unsigned char *fuzz_xlsx(const char *sheet, size_t sheetlen,
                                       const char *sst, size_t sstlen,
                                       size_t *len)
{
  static const char ct[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
      "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
      "vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_SML
      "sheet.main+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" "
      "ContentType=\"" CT_SML "sharedStrings+xml\"/>"
      "<Override PartName=\"/xl/styles.xml\" ContentType=\"" CT_SML
      "styles+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" "
      "ContentType=\"" CT_SML "worksheet+xml\"/></Types>";
  static const char rels[] =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
      "relationships\"><Relationship Id=\"rId1\" Type=\"" REL_T
      "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  static const char wb[] =
      "<workbook xmlns=\"" SML_NS "\" xmlns:r=\"http://schemas."
      "openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
      "<sheet name=\"Input\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
      "</workbook>";
  static const char wbrels[] =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
      "relationships\"><Relationship Id=\"rId1\" Type=\"" REL_T
      "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship "
      "Id=\"rIdS\" Type=\"" REL_T "sharedStrings\" Target=\"sharedStrings.xml\""
      "/><Relationship Id=\"rIdY\" Type=\"" REL_T "styles\" "
      "Target=\"/xl/styles.xml\"/></Relationships>";
  static const char styles[] =
      "<styleSheet xmlns=\"" SML_NS "\"><numFmts><numFmt numFmtId=\"164\" "
      "formatCode=\"0.00%\"/></numFmts><cellXfs><xf numFmtId=\"0\"/>"
      "<xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";
  /* an empty part would be taken as strlen() by zip_parts */
  part p[6] = {{"[Content_Types].xml", ct, 0, 1},
               {"_rels/.rels", rels, 0, 1},
               {"xl/workbook.xml", wb, 0, 1},
               {"xl/_rels/workbook.xml.rels", wbrels, 0, 1},
               {"xl/styles.xml", styles, 0, 1},
               {"xl/sharedStrings.xml", sstlen ? sst : " ", sstlen ? sstlen : 1,
                1}};
  part all[7];

  memcpy(all, p, sizeof p);
  all[6] = (part){"xl/worksheets/sheet1.xml", sheetlen ? sheet : " ",
                  sheetlen ? sheetlen : 1, 1};
  return zip_parts(all, 7, len);
}

#endif
