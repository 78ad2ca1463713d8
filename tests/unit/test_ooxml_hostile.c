/* test_ooxml_hostile.c - the hostile-input corpus of SECURITY.md 2.1-2.4,
 * generated here at test time: zip bombs (by ratio, by declared size,
 * lying sizes, overlapping entries), zip-slip names, DOCTYPEs (XXE,
 * billion laughs, in UTF-16, after a comment), deep nesting, a huge text
 * node, truncated and non-zip files, wrong content types, encrypted
 * entries and files. Each must be refused in under a second with an
 * error naming the file, and nothing imported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mvroad.h"
#include "ooxml_build.h"
#include "testdb.h"

#define RELS_DEFAULT                                                           \
  "<Default Extension=\"rels\" ContentType=\"application/"                     \
  "vnd.openxmlformats-package.relationships+xml\"/>"

typedef struct fixture {
  mvr_db *db;
  mvr_report *rep;
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
  free(f);
  return 0;
}

/* Import `z` (freed) as `name`: it must fail fast, with an error naming
 * the file whose message holds `want`, and store nothing. */
static void refused(fixture *f, const char *name, unsigned char *z,
                    const size_t *len, const char *want)
{
  mvr_import_opts o = {0};
  mvr_import_result res;
  mvr_query q = {0};
  double t0, dt;
  long n = -1;
  size_t i;
  int found = 0;
  mvr_status rc;

  assert_non_null(z);
  mvr_report_clear(f->rep);
  o.date = "2025-10-09";
  t0 = now_s();
  rc = mvr_import_mem(f->db, NULL, name, z, *len, &o, f->rep, &res);
  dt = now_s() - t0;
  free(z);
  if (rc == MVR_OK)
    fail_msg("%s: imported, expected \"%s\"", name, want);
  for (i = 0; i < mvr_report_count(f->rep); i++) {
    const mvr_diag *d = mvr_report_get(f->rep, i);
    if (d->severity == MVR_ERROR && strcmp(d->file, name) == 0 &&
        strstr(d->message, want))
      found = 1;
  }
  if (!found) {
    for (i = 0; i < mvr_report_count(f->rep); i++)
      fprintf(stderr, "  got: %s\n", mvr_report_get(f->rep, i)->message);
    fail_msg("%s: no error saying \"%s\"", name, want);
  }
  if (dt >= 1.0 * time_factor())
    fail_msg("%s: took %.2f s of CPU", name, dt);
  if (getenv("OOXML_VERBOSE"))
    for (i = 0; i < mvr_report_count(f->rep); i++)
      fprintf(stderr, "%-13s %.3f s  %s\n", name, dt,
              mvr_report_get(f->rep, i)->message);
  assert_int_equal(res.added + res.updated, 0);
  assert_int_equal(mvr_query_count(f->db, &q, &n), MVR_OK);
  assert_int_equal(n, 0);
}

static unsigned char *docx_doc(const char *doc, size_t *len)
{
  return docx_raw(doc, strlen(doc), len);
}

/* --- zip bombs ------------------------------------------------------------ */

static void test_bomb_ratio(void **state)
{
  fixture *f = *state;
  size_t n = (size_t)50 << 20, len;
  char *big = malloc(n);

  /* 50 MiB of one letter deflates to about 50 KiB: 1000:1 */
  memset(big, 'a', n);
  memcpy(big, "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>",
         strlen("<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>"));
  refused(f, "ratio.docx", docx_raw(big, n, &len), &len, "zip bomb");
  free(big);
}

static void test_bomb_size(void **state)
{
  fixture *f = *state;
  size_t n = (size_t)100 << 20, len;
  char *big = malloc(n);

  /* a 100 MB text node: refused from its declared size, never inflated */
  memset(big, 'a', n);
  memcpy(big, "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>",
         strlen("<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>"));
  refused(f, "size.docx", docx_raw(big, n, &len), &len, "the limit is 64 MiB");
  free(big);
}

static void test_bomb_lying_size(void **state)
{
  fixture *f = *state;
  size_t n = (size_t)10 << 20, len;
  char *big = malloc(n);
  unsigned char *z;

  /* the headers say 4 KiB; the data inflates to 10 MiB */
  memset(big, ' ', n);
  memcpy(big, "<w:document xmlns:w=\"" W_NS "\"><w:body>",
         strlen("<w:document xmlns:w=\"" W_NS "\"><w:body>"));
  z = docx_raw(big, n, &len);
  patch32(z, len, (uint32_t)n, 4096);
  refused(f, "lying.docx", z, &len, "more than the 4096 bytes");
  /* the same above 1 MiB, where a second thread inflates the part ahead
   * of the parser: the limit is hit there and reported all the same.
   * Letters that do not deflate well, so the ratio check passes. */
  {
    size_t i, start = strlen("<w:document xmlns:w=\"" W_NS "\"><w:body>");
    uint32_t seed = 12345;
    for (i = start; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      big[i] = (char)('a' + (seed >> 16) % 26);
      if (i % 1000 == 0 && i + 6 < n) {
        memcpy(big + i, "<w:p/>", 6);
        i += 5;
      }
    }
  }
  z = docx_raw(big, n, &len);
  patch32(z, len, (uint32_t)n, 2u << 20);
  refused(f, "lying2.docx", z, &len, "more than the 2097152 bytes");
  free(big);
}

static void test_bomb_overlap(void **state)
{
  fixture *f = *state;
  size_t len;
  /* zbsm-style: the first entry's data runs over the second's header */
  raw_entry e[3] = {{"[Content_Types].xml", 0, "<Types/>", 0, 0, 0, 0, 60, 0},
                    {"_rels/.rels", 0, "<Relationships/>", 0, 0, 0, 0, 0, 0},
                    {"word/document.xml", 0, "<x/>", 0, 0, 0, 0, 0, 0}};
  raw_entry same[2] = {
      {"[Content_Types].xml", 0, "<Types/>", 0, 0, 0, 0, 0, 0},
      {"[Content_Types].xml", 0, "<Types/>", 0, 0, 0, 1, 0, 0}};

  refused(f, "overlap.docx", raw_zip(e, 3, &len), &len, "overlap");
  /* two directory entries for one local header: caught as overlap too */
  same[1].name = "other.xml";
  refused(f, "overlap2.docx", raw_zip(same, 2, &len), &len,
          "damaged or hostile");
}

/* --- names ---------------------------------------------------------------- */

static void test_names(void **state)
{
  fixture *f = *state;
  static const struct {
    const char *name;
    size_t nlen;
    const char *want;
  } bad[] = {
      {"../evil.xml", 0, "\"..\" path segment"},
      {"word/../../evil.xml", 0, "\"..\" path segment"},
      {"/etc/evil.xml", 0, "absolute path"},
      {"word\\..\\evil.xml", 0, "backslash"},
      {"C:evil.xml", 0, "colon"},
      {"word/a\0.xml", 11, "NUL byte"},
      {"word//a.xml", 0, "empty"},
  };
  size_t i, len;

  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    raw_entry e[2] = {{"[Content_Types].xml", 0, "<Types/>", 0, 0, 0, 0, 0, 0},
                      {bad[i].name, bad[i].nlen, "x", 0, 0, 0, 0, 0, 0}};
    refused(f, "names.docx", raw_zip(e, 2, &len), &len, bad[i].want);
  }
  {
    raw_entry e[2] = {{"word/document.xml", 0, "<a/>", 0, 0, 0, 0, 0, 0},
                      {"Word/Document.XML", 0, "<b/>", 0, 0, 0, 0, 0, 0}};
    refused(f, "case.docx", raw_zip(e, 2, &len), &len, "ignoring case");
  }
  {
    raw_entry e[1] = {{"word/link", 0, "/etc/passwd", 0, 0, 0, 0, 0, 1}};
    refused(f, "link.docx", raw_zip(e, 1, &len), &len, "symbolic link");
  }
}

/* --- XML ------------------------------------------------------------------ */

static void test_doctype(void **state)
{
  fixture *f = *state;
  size_t len, i, n;
  unsigned char *u16;
  const char *doc;

  refused(
      f, "xxe.docx",
      docx_doc("<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY "
               "x SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\"" W_NS
               "\"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>"
               "</w:body></w:document>",
               &len),
      &len, "DOCTYPE");
  refused(f, "laughs.docx",
          docx_doc("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol "
                   "\"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;"
                   "&lol;&lol;&lol;&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;"
                   "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY "
                   "lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"
                   "&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;"
                   "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\"><!ENTITY lol5 "
                   "\"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"
                   "&lol4;\"><!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;"
                   "&lol5;&lol5;&lol5;&lol5;&lol5;\"><!ENTITY lol7 \"&lol6;"
                   "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"
                   "\"><!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"
                   "&lol7;&lol7;&lol7;&lol7;\"><!ENTITY lol9 \"&lol8;&lol8;"
                   "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
                   "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>"
                   "&lol9;</w:t></w:r></w:p></w:body></w:document>",
                   &len),
          &len, "DOCTYPE");
  /* behind a comment and a processing instruction */
  refused(f, "late.docx",
          docx_doc("<?xml version=\"1.0\"?><!-- hi --><?pi x?>\n<!DOCTYPE "
                   "a><w:document xmlns:w=\"" W_NS "\"/>",
                   &len),
          &len, "DOCTYPE");
  /* in UTF-16, where a byte-wise search for "<!DOCTYPE" finds nothing */
  doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE a [<!ENTITY "
        "x SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\"" W_NS
        "\"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>"
        "</w:document>";
  n = strlen(doc);
  u16 = malloc(2 * n + 2);
  u16[0] = 0xFF;
  u16[1] = 0xFE;
  for (i = 0; i < n; i++) {
    u16[2 + 2 * i] = (unsigned char)doc[i];
    u16[3 + 2 * i] = 0;
  }
  refused(f, "utf16.docx", docx_raw((char *)u16, 2 * n + 2, &len), &len,
          "DOCTYPE");
  free(u16);
  /* an encoding the package may not use */
  refused(f, "latin1.docx",
          docx_doc("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><w:document "
                   "xmlns:w=\"" W_NS "\"/>",
                   &len),
          &len, "encoding");
}

/* `head` then `unit` n times; caller frees. */
static char *repeat(const char *head, const char *unit, size_t n)
{
  size_t hl = strlen(head), ul = strlen(unit), i;
  char *s = malloc(hl + ul * n + 1);

  memcpy(s, head, hl);
  for (i = 0; i < n; i++)
    memcpy(s + hl + i * ul, unit, ul);
  s[hl + ul * n] = '\0';
  return s;
}

#define DOC_HEAD "<w:document xmlns:w=\"" W_NS "\"><w:body>"
#define TEXT_HEAD DOC_HEAD "<w:p><w:r><w:t>"

static void test_deep_and_huge(void **state)
{
  fixture *f = *state;
  size_t len, i, n;
  char *doc, *big;

  doc = repeat(DOC_HEAD, "<w:sdt>", 10000);
  refused(f, "deep.docx", docx_doc(doc, &len), &len, "nested more than");
  free(doc);
  /* tables in tables in tables */
  {
    char *open = repeat(DOC_HEAD, "<w:tbl><w:tr><w:tc>", 40);
    char *close = repeat(open, "<w:p/></w:tc></w:tr></w:tbl>", 40);
    doc = repeat(close, "</w:body></w:document>", 1);
    refused(f, "tables.docx", docx_doc(doc, &len), &len, "nested more than 32");
    free(open);
    free(close);
    free(doc);
  }

  /* a 6 MB text node inside the size limits (stored, not deflated) */
  n = (size_t)6 << 20;
  big = malloc(n + 100);
  memcpy(big, TEXT_HEAD, strlen(TEXT_HEAD));
  for (i = strlen(TEXT_HEAD); i < n; i++)
    big[i] = (char)('a' + i % 26);
  memcpy(big + n, "</w:t></w:r></w:p></w:body></w:document>", 41);
  {
    part pp[3] = {
        {"[Content_Types].xml",
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
         "content-types\">" RELS_DEFAULT
         "<Override PartName=\"/word/document.xml\" "
         "ContentType=\"application/vnd.openxmlformats-officedocument."
         "wordprocessingml.document.main+xml\"/></Types>",
         0, 0},
        {"_rels/.rels",
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
         "2006/relationships\"><Relationship Id=\"r\" Type=\"" REL_T
         "officeDocument\" Target=\"word/document.xml\"/></Relationships>",
         0, 0},
        {"word/document.xml", big, n + 40, 1}};
    unsigned char *z = zip_parts(pp, 3, &len);
    refused(f, "text.docx", z, &len, "larger than the limit");
  }
  free(big);
}

/* --- containers --------------------------------------------------------------
 */

static void test_containers(void **state)
{
  fixture *f = *state;
  size_t len = 0, i;
  unsigned char *z;
  char names[2001][16];
  raw_entry *many;

  /* truncated in the middle */
  z = docx_body("<w:p><w:r><w:t>x</w:t></w:r></w:p>", &len);
  len = len * 6 / 10;
  refused(f, "cut.docx", z, &len, "truncated");
  /* not a zip at all */
  z = malloc(32);
  memcpy(z, "SDO / Org.,Reference,Title\n", 27);
  len = 27;
  refused(f, "csv.docx", z, &len, "not a zip archive");
  /* an encrypted Office file is an OLE compound file */
  z = calloc(1, 512);
  memcpy(z, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  len = 512;
  refused(f, "secret.docx", z, &len, "password-protected");
  /* an encrypted entry */
  {
    raw_entry e[1] = {{"word/document.xml", 0, "xxxxxxxx", 0, 1, 0, 0, 0, 0}};
    refused(f, "enc.docx", raw_zip(e, 1, &len), &len, "encrypted");
  }
  /* a compression method other than stored or deflated */
  {
    raw_entry e[1] = {{"word/document.xml", 0, "xxxxxxxx", 0, 0, 14, 0, 0, 0}};
    refused(f, "lzma.docx", raw_zip(e, 1, &len), &len, "method 14");
  }
  /* too many parts */
  many = calloc(2001, sizeof *many);
  for (i = 0; i < 2001; i++) {
    snprintf(names[i], sizeof names[i], "p%zu.xml", i);
    many[i].name = names[i];
    many[i].data = "x";
  }
  refused(f, "many.docx", raw_zip(many, 2001, &len), &len,
          "2001 parts; the limit is 2000");
  free(many);
}

static void test_package(void **state)
{
  fixture *f = *state;
  size_t len;
  part p[3] = {
      {"[Content_Types].xml",
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
       "content-types\">" RELS_DEFAULT
       "<Override PartName=\"/word/document.xml\" "
       "ContentType=\"application/xml\"/></Types>",
       0, 0},
      {"_rels/.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
       "2006/relationships\"><Relationship Id=\"r\" Type=\"" REL_T
       "officeDocument\" Target=\"word/document.xml\"/></Relationships>",
       0, 0},
      {"word/document.xml", "<w:document xmlns:w=\"" W_NS "\"/>", 0, 0}};

  /* the main part's content type is not a Word document's */
  refused(f, "type.docx", zip_parts(p, 3, &len), &len,
          "a package of unknown type, not a Word document");
  /* no [Content_Types].xml */
  refused(f, "nocts.docx", zip_parts(p + 1, 2, &len), &len,
          "[Content_Types].xml is missing");
  /* the relationship points at a part that is not there */
  p[0].data = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
              "content-types\">" RELS_DEFAULT
              "<Override PartName=\"/word/document.xml\" "
              "ContentType=\"application/vnd.openxmlformats-officedocument."
              "wordprocessingml.document.main+xml\"/></Types>";
  refused(f, "missing.docx", zip_parts(p, 2, &len), &len,
          "word/document.xml is missing");
  /* not well-formed */
  p[2].data = "<w:document xmlns:w=\"" W_NS "\"><w:body></w:document>";
  refused(f, "bad.docx", zip_parts(p, 3, &len), &len, "not well-formed XML");
  /* a Word file given as a workbook */
  p[2].data = "<w:document xmlns:w=\"" W_NS "\"/>";
  refused(f, "word.xlsx", zip_parts(p, 3, &len), &len,
          "a Word document, not an Excel workbook; name it .docx");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_bomb_ratio, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bomb_size, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bomb_lying_size, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bomb_overlap, setup, teardown),
      cmocka_unit_test_setup_teardown(test_names, setup, teardown),
      cmocka_unit_test_setup_teardown(test_doctype, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deep_and_huge, setup, teardown),
      cmocka_unit_test_setup_teardown(test_containers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_package, setup, teardown),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
