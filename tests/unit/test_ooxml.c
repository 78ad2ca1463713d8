/* test_ooxml.c - the DOCX and XLSX readers on files built in memory: every
 * Word structure a cell's text can hide in (nested tables, content
 * controls, smart tags, hyperlinks, fields, tracked changes, spans and
 * merges, repeated headers, the template's own example rows), and Excel's
 * shared and inline strings, numbers, dates, merged cells, hidden rows
 * and several sheets; checked through imports and `inspect` output. The
 * hostile inputs are in test_ooxml_hostile.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mvroad.h"
#include "numfmt.h"
#include "ooxml_build.h"
#include "testdb.h"

#define HEADER "SDO / Org.|Reference|Type|Title|Status|Category|Summary"
#define ROW1                                                                   \
  "W3C|WebGPU|Standard|WebGPU|Under development|"                              \
  "Enabling Technology|GPU access from the web."
#define ROW2                                                                   \
  "IEEE|IEEE 2888.1|Standard|Sensor interfaces|Published|"                     \
  "Interoperability|Sensors for cyber-physical spaces."

/* --- a string builder ---------------------------------------------------- */

typedef struct sb {
  char *p;
  size_t n, cap;
} sb;

static void sb_add(sb *b, const char *s)
{
  size_t k = strlen(s);

  if (b->n + k + 1 > b->cap) {
    b->cap = (b->n + k + 1) * 2;
    b->p = realloc(b->p, b->cap);
    assert_non_null(b->p);
  }
  memcpy(b->p + b->n, s, k + 1);
  b->n += k;
}

/* A row of `cells` separated by '|'; a cell starting with '<' is the
 * inside of its w:tc as written, others one plain paragraph. `trpr` is
 * the row's properties (or ""). */
static void tr(sb *b, const char *trpr, const char *cells)
{
  const char *p = cells;

  sb_add(b, "<w:tr>");
  sb_add(b, trpr);
  for (;;) {
    const char *bar = strchr(p, '|');
    size_t n = bar ? (size_t)(bar - p) : strlen(p);
    char cell[4096];
    snprintf(cell, sizeof cell, "%.*s", (int)n, p);
    sb_add(b, "<w:tc>");
    if (cell[0] == '<') {
      sb_add(b, cell);
    } else {
      sb_add(b, "<w:p><w:r><w:t xml:space=\"preserve\">");
      sb_add(b, cell);
      sb_add(b, "</w:t></w:r></w:p>");
    }
    sb_add(b, "</w:tc>");
    if (!bar)
      break;
    p = bar + 1;
  }
  sb_add(b, "</w:tr>");
}

/* --- fixture ------------------------------------------------------------- */

typedef struct fixture {
  mvr_db *db;
  mvr_report *rep;
  mvr_import_result res;
  sb out; /* inspect output */
} fixture;

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  char err[256];

  assert_non_null(f);
  assert_int_equal(mvr_db_open(testdb_fresh(":memory:"), MVR_OPEN_CREATE,
                               &f->db, err, sizeof err),
                   MVR_OK);
  assert_int_equal(mvr_report_new(&f->rep), MVR_OK);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;

  mvr_report_free(f->rep);
  mvr_db_close(f->db);
  free(f->out.p);
  free(f);
  return 0;
}

static mvr_status import(fixture *f, const char *name, unsigned char *z,
                         const size_t *len)
{
  mvr_import_opts o = {0};
  mvr_status rc;

  assert_non_null(z);
  o.date = "2025-10-09";
  mvr_report_clear(f->rep);
  rc = mvr_import_mem(f->db, NULL, name, z, *len, &o, f->rep, &f->res);
  free(z);
  return rc;
}

static mvr_status collect(void *ud, const char *p, size_t n)
{
  sb *b = ud;
  char *tmp = malloc(n + 1);

  memcpy(tmp, p, n);
  tmp[n] = '\0';
  sb_add(b, tmp);
  free(tmp);
  return MVR_OK;
}

/* `inspect` output of the file, in f->out. */
static const char *inspect(fixture *f, const char *name, unsigned char *z,
                           const size_t *len, unsigned flags)
{
  assert_non_null(z);
  f->out.n = 0;
  sb_add(&f->out, "");
  mvr_report_clear(f->rep);
  assert_int_equal(mvr_inspect_mem(name, z, *len, NULL, NULL, flags, collect,
                                   &f->out, f->rep),
                   MVR_OK);
  free(z);
  return f->out.p;
}

static long entries(fixture *f)
{
  mvr_query q = {0};
  long n = -1;

  assert_int_equal(mvr_query_count(f->db, &q, &n), MVR_OK);
  return n;
}

/* The first diagnostic with `code`, or NULL. */
static const mvr_diag *diag(fixture *f, const char *code)
{
  size_t i;

  for (i = 0; i < mvr_report_count(f->rep); i++)
    if (strcmp(mvr_report_get(f->rep, i)->code, code) == 0)
      return mvr_report_get(f->rep, i);
  return NULL;
}

static void has(const char *hay, const char *needle)
{
  if (!strstr(hay, needle))
    fail_msg("expected to find\n  %s\nin\n%s", needle, hay);
}

static const char *field(fixture *f, const char *ref, const char *which)
{
  static char buf[4][1024];
  static int k;
  mvr_entry_detail *d = NULL;
  const char *v;

  assert_int_equal(mvr_entry_lookup(f->db, ref, &d), MVR_OK);
  v = strcmp(which, "sdo") == 0       ? d->entry.sdo
      : strcmp(which, "title") == 0   ? d->entry.title
      : strcmp(which, "summary") == 0 ? d->entry.summary
                                      : d->entry.reference;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s", v);
  mvr_entry_detail_free(d);
  return buf[k];
}

/* --- DOCX ---------------------------------------------------------------- */

static unsigned char *table_doc(const char *before, const char *rows,
                                size_t *len)
{
  sb b = {0};
  unsigned char *z;

  sb_add(&b, before);
  sb_add(&b, "<w:tbl><w:tblPr/><w:tblGrid/>");
  sb_add(&b, rows);
  sb_add(&b, "</w:tbl><w:p/>");
  z = docx_body(b.p, len);
  free(b.p);
  return z;
}

static void test_docx_basic(void **state)
{
  fixture *f = *state;
  sb rows = {0};
  size_t len;

  tr(&rows, "", HEADER);
  tr(&rows, "", ROW1);
  tr(&rows, "", ROW2);
  /* a short row: Word draws no cell there, which is an empty Summary */
  tr(&rows, "",
     "ETSI|GS MEC 003|Specification|MEC framework|Published|"
     "Infrastructure");
  assert_int_equal(import(f, "x.docx",
                          table_doc("<w:p><w:r><w:t>Annex 1</w:t></w:r></w:p>"
                                    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>not "
                                    "a template</w:t></w:r></w:p></w:tc>"
                                    "</w:tr></w:tbl>",
                                    rows.p, &len),
                          &len),
                   MVR_OK);
  assert_int_equal(f->res.added, 3);
  assert_int_equal(entries(f), 3);
  assert_string_equal(field(f, "IEEE 2888.1", "title"), "Sensor interfaces");
  free(rows.p);
}

static void test_docx_diag_position(void **state)
{
  fixture *f = *state;
  sb rows = {0};
  size_t len;
  char *s = NULL;
  const mvr_diag *d;

  tr(&rows, "", HEADER);
  tr(&rows, "", ROW1);
  tr(&rows, "", "IEEE|IEEE 2888.1|Standard|Sensors|Published|Sensing|x");
  assert_int_equal(import(f, "x.docx", table_doc("", rows.p, &len), &len),
                   MVR_ERR_DATA);
  d = diag(f, "categories");
  assert_non_null(d);
  assert_int_equal(mvr_diag_format(d, &s), MVR_OK);
  has(s, "x.docx:table 1:row 3:Category: error:");
  assert_int_equal(entries(f), 0);
  mvr_free(s);
  free(rows.p);
}

static void test_docx_nested_and_sdt(void **state)
{
  fixture *f = *state;
  sb inner = {0}, outer = {0};
  size_t len;
  const char *j;

  /* the template table inside a content control inside a cell of a
   * layout table; one row inside a row-level content control; one cell's
   * text in a cell-level one, another showing its placeholder */
  tr(&inner, "", HEADER);
  sb_add(&inner, "<w:sdt><w:sdtPr><w:alias w:val=\"row\"/></w:sdtPr>"
                 "<w:sdtContent>");
  tr(&inner, "", ROW1);
  sb_add(&inner, "</w:sdtContent></w:sdt>");
  tr(&inner, "",
     "IEEE|<w:sdt><w:sdtContent><w:p><w:r><w:t>IEEE 2888.1</w:t></w:r>"
     "</w:p></w:sdtContent></w:sdt>|Standard|Sensors|Published|"
     "Interoperability|<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
     "<w:sdtContent><w:p><w:r><w:t>Click here to enter text."
     "</w:t></w:r></w:p></w:sdtContent></w:sdt>");
  sb_add(&outer, "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Layout</w:t></w:r>"
                 "</w:p><w:sdt><w:sdtContent><w:tbl>");
  sb_add(&outer, inner.p);
  sb_add(&outer, "</w:tbl></w:sdtContent></w:sdt><w:p><w:r><w:t>after"
                 "</w:t></w:r></w:p></w:tc></w:tr></w:tbl>");
  j = inspect(f, "x.docx", docx_body(outer.p, &len), &len, 0);
  has(j, "{\"name\": \"table 1\", \"rows\": [\n    {\"row\": 1, \"role\": "
         "\"other\", \"cells\": [\"Layout\\nafter\"]}");
  has(j, "{\"name\": \"table 2\"");
  has(j, "\"cells\": [\"IEEE\", \"IEEE 2888.1\", \"Standard\", \"Sensors\", "
         "\"Published\", \"Interoperability\", \"\"]");
  has(j, "\"template\": true, \"header_row\": 1, \"columns\": {\"sdo\": 1, "
         "\"reference\": 2, \"type\": 3, \"title\": 4, \"status\": 5, "
         "\"categories\": 6, \"summary\": 7}");
  assert_int_equal(import(f, "x.docx", docx_body(outer.p, &len), &len), MVR_OK);
  assert_int_equal(entries(f), 2);
  assert_string_equal(field(f, "IEEE 2888.1", "summary"), "");
  free(inner.p);
  free(outer.p);
}

static void test_docx_runs(void **state)
{
  fixture *f = *state;
  sb rows = {0};
  size_t len;
  const char *j;

  tr(&rows, "", HEADER);
  tr(&rows, "",
     /* smart tag, custom XML and a hyperlink around runs */
     "W3C|<w:p><w:smartTag w:element=\"x\"><w:r><w:t>Web</w:t></w:r>"
     "</w:smartTag><w:customXml w:element=\"y\"><w:r><w:t>G</w:t></w:r>"
     "</w:customXml><w:hyperlink r:id=\"rId9\" xmlns:r=\"http://schemas."
     "openxmlformats.org/officeDocument/2006/relationships\"><w:r><w:t>PU"
     "</w:t></w:r></w:hyperlink></w:p>"
     /* a simple field and a complex one: results, not codes */
     "|<w:p><w:fldSimple w:instr=\" DOCPROPERTY t \"><w:r><w:t>Standard"
     "</w:t></w:r></w:fldSimple></w:p>"
     "|<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>"
     "<w:instrText> HYPERLINK \"https://x\" </w:instrText></w:r><w:r>"
     "<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>Web</w:t>"
     "</w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>GPU"
     "</w:t></w:r></w:p>"
     /* hidden text, a no-break hyphen, a tab */
     "|<w:p><w:r><w:t>Under</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr>"
     "<w:t>HIDDEN</w:t></w:r><w:r><w:tab/><w:t>development</w:t></w:r>"
     "</w:p>"
     "|<w:p><w:r><w:t>Enabling</w:t><w:noBreakHyphen/><w:t>Technology"
     "</w:t></w:r></w:p>"
     /* paragraphs and a line break */
     "|<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>"
     "</w:pPr><w:r><w:t>GPU access</w:t><w:br/><w:t>from the web.</w:t>"
     "</w:r></w:p><w:p/><w:p><w:r><w:t>Second paragraph.</w:t></w:r>"
     "</w:p>");
  j = inspect(f, "x.docx", table_doc("", rows.p, &len), &len, 0);
  has(j, "\"cells\": [\"W3C\", \"WebGPU\", \"Standard\", \"WebGPU\", "
         "\"Under development\", \"Enabling-Technology\", \"GPU "
         "access\\nfrom the web.\\n\\nSecond paragraph.\"]");
  free(rows.p);
}

static void test_docx_tracked_changes(void **state)
{
  fixture *f = *state;
  sb rows = {0};
  size_t len;
  const char *j;

  tr(&rows, "", HEADER);
  tr(&rows, "",
     "W3C|WebGPU|Standard|<w:p><w:r><w:t>Web</w:t></w:r><w:del w:id=\"1\" "
     "w:author=\"a\"><w:r><w:delText>XR</w:delText></w:r></w:del><w:ins "
     "w:id=\"2\" w:author=\"a\"><w:r><w:t>GPU</w:t></w:r></w:ins></w:p>"
     "|<w:p><w:moveFrom w:id=\"3\" w:author=\"a\"><w:r><w:t>Published"
     "</w:t></w:r></w:moveFrom><w:moveTo w:id=\"4\" w:author=\"a\"><w:r>"
     "<w:t>Under development</w:t></w:r></w:moveTo></w:p>"
     "|Enabling Technology|GPU access from the web.");
  /* a deleted row is gone once the changes are accepted */
  tr(&rows, "<w:trPr><w:del w:id=\"5\" w:author=\"a\"/></w:trPr>", ROW2);
  j = inspect(f, "x.docx", table_doc("", rows.p, &len), &len, 0);
  has(j, "\"cells\": [\"W3C\", \"WebGPU\", \"Standard\", \"WebGPU\", "
         "\"Under development\", \"Enabling Technology\"");
  assert_null(strstr(j, "IEEE"));
  assert_int_equal(import(f, "x.docx", table_doc("", rows.p, &len), &len),
                   MVR_OK);
  assert_int_equal(entries(f), 1);
  free(rows.p);
}

static void test_docx_spans_and_merges(void **state)
{
  fixture *f = *state;
  sb rows = {0};
  size_t len;
  const char *j;
  static const char vrestart[] =
      "<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>W3C"
      "</w:t></w:r></w:p>";
  static const char vcont[] = "<w:tcPr><w:vMerge/></w:tcPr><w:p/>";
  static const char span2[] =
      "<w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>Category"
      "</w:t></w:r></w:p>";
  char row[1024];

  /* a leading empty grid column (gridBefore), Category spanning two grid
   * columns, SDO merged down three rows, and a gridAfter on one row */
  snprintf(row, sizeof row, "SDO / Org.|Reference|Type|Title|Status|%s|Summary",
           span2);
  tr(&rows, "<w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>", row);
  snprintf(row, sizeof row,
           "%s|WebGPU|Standard|WebGPU|Under development|Enabling "
           "Technology||GPU access from the web.",
           vrestart);
  tr(&rows, "<w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>", row);
  snprintf(row, sizeof row,
           "%s|WebXR Layers|Standard|WebXR Layers API|Under development|"
           "Enabling Technology||Layers.",
           vcont);
  tr(&rows, "<w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>", row);
  snprintf(row, sizeof row,
           "%s|WebXR AR|Standard|WebXR AR Module|Under development|"
           "Interoperability",
           vcont);
  tr(&rows,
     "<w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"2\"/>"
     "</w:trPr>",
     row);
  j = inspect(f, "x.docx", table_doc("", rows.p, &len), &len, 0);
  has(j, "\"cells\": [\"\", \"SDO / Org.\", \"Reference\", \"Type\", "
         "\"Title\", \"Status\", \"Category\", \"\", \"Summary\"]");
  has(j, "\"cells\": [\"\", \"W3C\", \"WebXR Layers\"");
  has(j, "\"cells\": [\"\", \"W3C\", \"WebXR AR\", \"Standard\", \"WebXR AR "
         "Module\", \"Under development\", \"Interoperability\", \"\", "
         "\"\"]");
  has(j, "\"columns\": {\"sdo\": 2, \"reference\": 3, \"type\": 4, "
         "\"title\": 5, \"status\": 6, \"categories\": 7, \"summary\": 9}");
  assert_int_equal(import(f, "x.docx", table_doc("", rows.p, &len), &len),
                   MVR_OK);
  assert_int_equal(entries(f), 3);
  assert_string_equal(field(f, "WebXR AR", "sdo"), "W3C");
  free(rows.p);
}

static void test_docx_repeated_header(void **state)
{
  fixture *f = *state;
  sb rows = {0};
  size_t len;
  const char *j;

  /* marked as a header row that Word repeats, then typed again after a
   * page break, with different spelling of the same columns */
  tr(&rows, "<w:trPr><w:tblHeader/></w:trPr>", HEADER);
  tr(&rows, "", ROW1);
  tr(&rows, "", "SDO/Org|REFERENCE|Type|Title|Status|Category|Summary");
  tr(&rows, "", ROW2);
  j = inspect(f, "x.docx", table_doc("", rows.p, &len), &len, 0);
  has(j, "{\"row\": 3, \"role\": \"repeat\"");
  assert_int_equal(import(f, "x.docx", table_doc("", rows.p, &len), &len),
                   MVR_OK);
  assert_int_equal(f->res.added, 2);
  assert_int_equal(f->res.rows, 2);
  assert_int_equal(mvr_report_tally(f->rep, MVR_ERROR), 0);
  free(rows.p);
}

static void test_docx_template_examples(void **state)
{
  fixture *f = *state;
  sb rows = {0};
  size_t len;
  char path[1024];
  const mvr_diag *d;

  tr(&rows, "", HEADER);
  tr(&rows, "",
     "ITU-T SG21|H.MV-FRADAI|Draft Recommendation|Functional requirements "
     "and architecture for digital asset interoperability|Under "
     "development|Interoperability|Defines functions and architecture for "
     "asset transfer, exchange, and synchronization.");
  tr(&rows, "",
     "W3C|WebXR API|Standard|WebXR Device API|Published|Enabling "
     "technology, Interoperability|API for web-based immersive "
     "technologies.");
  /* the same document, filled in for real, is imported */
  tr(&rows, "",
     "W3C|WebXR API|Standard|WebXR Device API|Under development|Enabling "
     "technology, Interoperability|Candidate Recommendation Draft.");
  assert_int_equal(import(f, "x.docx", table_doc("", rows.p, &len), &len),
                   MVR_OK);
  assert_int_equal(f->res.added, 1);
  assert_int_equal(f->res.skipped, 2);
  assert_int_equal(mvr_report_tally(f->rep, MVR_WARNING), 2);
  d = diag(f, "example");
  assert_non_null(d);
  assert_int_equal(d->row, 2);
  has(d->message, "example 1 (ITU-T SG21, H.MV-FRADAI)");
  free(rows.p);

  /* the bundled CSV of the same examples is imported as it is */
  snprintf(path, sizeof path, "%s/data/examples/annex1-examples.csv",
           MVR_SOURCE_DIR);
  mvr_report_clear(f->rep);
  assert_int_equal(mvr_import_file(f->db, NULL, path, NULL, f->rep, &f->res),
                   MVR_OK);
  assert_int_equal(f->res.rows, 6);
  assert_null(diag(f, "example"));
}

static void test_docx_text_outside_tables(void **state)
{
  fixture *f = *state;
  size_t len;
  const char *j;

  j = inspect(f, "x.docx",
              docx_body("<w:p><w:r><w:t>Annex 1</w:t></w:r></w:p><w:p/>"
                        "<w:p><w:r><w:t>Fill </w:t></w:r><w:ins><w:r><w:t>"
                        "in</w:t></w:r></w:ins><w:del><w:r><w:delText>out"
                        "</w:delText></w:r></w:del></w:p>",
                        &len),
              &len, MVR_INSPECT_TEXT);
  has(j, "\"text\": [\n    \"Annex 1\",\n    \"Fill in\"\n ]");
}

static void test_docx_wrong_kind(void **state)
{
  fixture *f = *state;
  const char *names[] = {"Sheet1"};
  const char *sheets[] = {"<sheetData/>"};
  size_t len;
  const mvr_diag *d;

  assert_int_not_equal(
      import(f, "x.docx", xlsx(names, sheets, 1, "", NULL, NULL, &len), &len),
      MVR_OK);
  d = diag(f, "format");
  assert_non_null(d);
  has(d->message, "an Excel workbook, not a Word document; name it .xlsx");
}

/* --- XLSX ---------------------------------------------------------------- */

#define SST                                                                    \
  "<si><t>SDO / Org.</t></si><si><r><rPr><b/></rPr><t>Refer</t></r><r>"        \
  "<t>ence</t></r><rPh><t>PHONETIC</t></rPh></si><si><t>Type</t></si>"         \
  "<si><t>Title</t></si><si><t>Status</t></si><si><t>Category</t></si>"        \
  "<si><t>Summary</t></si><si><t>W3C</t></si><si><t>Published</t></si>"        \
  "<si><t>Line_x000D_break</t></si>"

#define HEAD_ROW                                                               \
  "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v>"  \
  "</c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"       \
  "<c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v>5</v></c><c "        \
  "r=\"G1\" t=\"s\"><v>6</v></c><c r=\"H1\" t=\"inlineStr\"><is><t>Date"       \
  "</t></is></c></row>"

static const char *istr(char *buf, size_t n, const char *ref, const char *s)
{
  snprintf(buf, n, "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref,
           s);
  return buf;
}

static void test_xlsx_values(void **state)
{
  fixture *f = *state;
  const char *names[] = {"Instructions", "Input"};
  char sheet[8192], a[6][256];
  const char *sheets[2];
  size_t len;
  const char *j;

  snprintf(sheet, sizeof sheet,
           "<sheetData>" HEAD_ROW
           "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c>%s%s%s"
           "<c r=\"E2\" t=\"s\"><v>8</v></c>%s<c r=\"G2\"><v>2023</v></c>"
           "<c r=\"H2\" s=\"1\"><v>45000</v></c></row>"
           "<row r=\"3\" hidden=\"1\"><c r=\"A3\" t=\"s\"><v>7</v></c>"
           "<c r=\"B3\" t=\"str\"><f>\"Web\"&amp;\"NN\"</f><v>WebNN</v></c>"
           "%s<c r=\"D3\" t=\"s\"><v>9</v></c><c r=\"E3\" t=\"s\"><v>8</v>"
           "</c>%s<c r=\"G3\"><v>1.5</v></c><c r=\"H3\" s=\"2\"><v>45292.75"
           "</v></c></row></sheetData>",
           istr(a[0], 256, "B2", "WebGPU"), istr(a[1], 256, "C2", "Standard"),
           istr(a[2], 256, "D2", "WebGPU"),
           istr(a[3], 256, "F2", "Enabling Technology"),
           istr(a[4], 256, "C3", "Standard"),
           istr(a[5], 256, "F3", "Interoperability"));
  sheets[0] =
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
      "Fill in the Input sheet.</t></is></c></row><row r=\"2\"><c "
      "r=\"A2\" t=\"b\"><v>1</v></c><c r=\"B2\" s=\"3\"><v>0.25</v>"
      "</c><c r=\"C2\" t=\"e\"><v>#N/A</v></c><c r=\"D2\" t=\"inlineStr\">"
      "<is><t>'=1+1</t></is></c></row></sheetData>";
  sheets[1] = sheet;
  j = inspect(f, "x.xlsx",
              xlsx(names, sheets, 2, SST,
                   "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/>",
                   "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
                   "<xf numFmtId=\"164\"/><xf numFmtId=\"9\"/>",
                   &len),
              &len, 0);
  has(j, "{\"name\": \"Instructions\", \"rows\": [\n    {\"row\": 1, "
         "\"role\": \"other\", \"cells\": [\"Fill in the Input sheet.\", "
         "\"\", \"\", \"\"]}");
  has(j, "{\"name\": \"Input\"");
  has(j, "\"cells\": [\"SDO / Org.\", \"Reference\", \"Type\"");
  has(j, "\"cells\": [\"W3C\", \"WebGPU\", \"Standard\", \"WebGPU\", "
         "\"Published\", \"Enabling Technology\", \"2023\", \"2023-03-15\"]");
  has(j, "\"cells\": [\"W3C\", \"WebNN\", \"Standard\", \"Line\\rbreak\", "
         "\"Published\", \"Interoperability\", \"1.5\", \"2024-01-01\"]");
  /* an apostrophe guarding a formula-like text is dropped, as in CSV */
  has(j, "\"cells\": [\"TRUE\", \"25%\", \"#N/A\", \"=1+1\"]");
  has(j, "\"template\": true, \"header_row\": 1");
  /* the hidden row is imported, with a warning */
  assert_non_null(diag(f, "hidden"));
  assert_int_equal(
      import(f, "x.xlsx", xlsx(names, sheets, 2, SST, NULL, NULL, &len), &len),
      MVR_OK);
  assert_int_equal(f->res.added, 2);
  assert_int_equal(diag(f, "hidden")->row, 3);
  assert_string_equal(diag(f, "hidden")->table, "Input");
}

static void test_xlsx_merged_cells(void **state)
{
  fixture *f = *state;
  const char *names[] = {"Roadmap input", "Lists Hidden"};
  char sheet[8192], a[9][256];
  const char *sheets[2];
  size_t len;
  const char *j;

  /* SDO merged down A2:A4, Summary merged across G3:H3 */
  snprintf(
      sheet, sizeof sheet,
      "<sheetData>" HEAD_ROW
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c>%s<c r=\"C2\" "
      "t=\"s\"><v>2</v></c>%s<c r=\"E2\" t=\"s\"><v>8</v></c>%s</row>"
      "<row r=\"3\"><c r=\"A3\" s=\"0\"/>%s<c r=\"C3\" t=\"s\"><v>2</v>"
      "</c>%s<c r=\"E3\" t=\"s\"><v>8</v></c>%s%s</row>"
      "<row r=\"4\">%s<c r=\"C4\" t=\"s\"><v>2</v></c>%s<c r=\"E4\" "
      "t=\"s\"><v>8</v></c></row></sheetData>"
      "<mergeCells count=\"2\"><mergeCell ref=\"A2:A4\"/>"
      "<mergeCell ref=\"G3:H3\"/></mergeCells>",
      istr(a[0], 256, "B2", "WebGPU"), istr(a[1], 256, "D2", "WebGPU"),
      istr(a[2], 256, "F2", "Interoperability"), istr(a[3], 256, "B3", "WebNN"),
      istr(a[4], 256, "D3", "WebNN"), istr(a[5], 256, "F3", "Interoperability"),
      istr(a[6], 256, "G3", "Neural networks."), istr(a[7], 256, "B4", "WebXR"),
      istr(a[8], 256, "D4", "WebXR Device API"));
  sheets[0] = sheet;
  sheets[1] = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
              "Standard</t></is></c></row></sheetData>";
  j = inspect(f, "x.xlsx", xlsx(names, sheets, 2, SST, NULL, NULL, &len), &len,
              0);
  has(j, "\"cells\": [\"W3C\", \"WebNN\", \"Type\", \"WebNN\", "
         "\"Published\", \"Interoperability\", \"Neural networks.\", "
         "\"Neural networks.\"]");
  has(j, "{\"row\": 4, \"role\": \"data\", \"cells\": [\"W3C\", \"WebXR\"");
  assert_non_null(diag(f, "hidden")); /* the hidden sheet */
  /* "Type" in the Type column is an error: the row is not imported */
  assert_int_equal(
      import(f, "x.xlsx", xlsx(names, sheets, 2, SST, NULL, NULL, &len), &len),
      MVR_ERR_DATA);
  assert_int_equal(entries(f), 0);
}

static void test_numfmt(void **state)
{
  static const struct {
    const char *code;
    long id;
    const char *v, *want;
  } cases[] = {
      {NULL, 0, "2023", "2023"},
      {NULL, 0, "2023.0", "2023"},
      {NULL, 0, "-0", "0"},
      {NULL, 0, "0.30000000000000004", "0.3"},
      {NULL, 0, "1E+20", "1e+20"},
      {NULL, 0, "abc", "abc"},
      {NULL, 14, "45000", "2023-03-15"},
      {NULL, 14, "60", "1900-02-29"},
      {NULL, 14, "59", "1900-02-28"},
      {NULL, 14, "61", "1900-03-01"},
      /* out of the date range, and of long's (fuzz/regress/xlsx_sheet):
       * as General */
      {NULL, 14, "66666666666666666666666666666666666645000",
       "6.66666666666667e+40"},
      {NULL, 22, "-1e300", "-1e+300"},
      {NULL, 21, "1e300", "1e+300"},
      {NULL, 22, "45000.5", "2023-03-15 12:00"},
      {NULL, 21, "0.75", "18:00:00"},
      {NULL, 4, "1234567.891", "1,234,567.89"},
      {NULL, 10, "0.1234", "12.34%"},
      {"dd/mm/yyyy", -1, "45292", "2024-01-01"},
      {"[$-409]mmmm d, yyyy;@", -1, "45292", "2024-01-01"},
      {"\"Q\"0", -1, "7", "7"},
      {"0.000", -1, "2.5", "2.500"},
      {"0.00E+00", -1, "12345", "12345"},
      {"[h]:mm", -1, "0.5", "12:00:00"},
      {"General", -1, "7.25", "7.25"},
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mvr_buf b = MVR_BUF_INIT(1024);
    mvr_numfmt fmt = cases[i].code ? mvr_numfmt_parse(cases[i].code)
                                   : mvr_numfmt_builtin(cases[i].id);
    mvr_numfmt_format(fmt, 0, cases[i].v, &b);
    if (strcmp(mvr_buf_cstr(&b), cases[i].want) != 0)
      fail_msg("%s / %ld / %s: got \"%s\", want \"%s\"",
               cases[i].code ? cases[i].code : "-", cases[i].id, cases[i].v,
               mvr_buf_cstr(&b), cases[i].want);
    mvr_buf_free(&b);
  }
  {
    mvr_buf b = MVR_BUF_INIT(64);
    mvr_numfmt_format(mvr_numfmt_builtin(14), 1, "0.5", &b);
    mvr_buf_reset(&b);
    mvr_numfmt_format(mvr_numfmt_builtin(14), 1, "1", &b);
    assert_string_equal(mvr_buf_cstr(&b), "1904-01-02");
    mvr_buf_free(&b);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_docx_basic, setup, teardown),
      cmocka_unit_test_setup_teardown(test_docx_diag_position, setup, teardown),
      cmocka_unit_test_setup_teardown(test_docx_nested_and_sdt, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_docx_runs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_docx_tracked_changes, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_docx_spans_and_merges, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_docx_repeated_header, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_docx_template_examples, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_docx_text_outside_tables, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_docx_wrong_kind, setup, teardown),
      cmocka_unit_test_setup_teardown(test_xlsx_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_xlsx_merged_cells, setup, teardown),
      cmocka_unit_test(test_numfmt),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
