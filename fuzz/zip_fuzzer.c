/* zip_fuzzer.c - the package reader (src/lib/ooxml*.c): the zip
 * container checks, content types, relationships, and a streaming XML
 * read of the main part, on bytes taken as a whole .docx/.xlsx file. */
#include "fuzz_common.h"
#include "ooxml.h"

static void on_error(void *ud, const char *code, const char *msg)
{
  (void)ud;
  if (!code || !msg)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const ns[] = {
      "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "http://schemas.openxmlformats.org/spreadsheetml/2006/main", NULL};
  static const char *const names[] = {"tbl", "tr", "tc", "t", "sheet",
                                      "row", "c",  "v", NULL};
  mvr_ooxml *pkg = NULL;
  const mvr_ooxml_rel *rels;
  const char *part, *ct;
  mvr_xml *x = NULL;
  mvr_xml_event ev;
  mvr_buf attr = MVR_BUF_INIT(4096);
  size_t n, i, events = 0;

  if (mvr_ooxml_open(data, size, on_error, NULL, &pkg) != MVR_OK)
    return 0;
  (void)mvr_ooxml_kind(mvr_ooxml_content_type(pkg, "/word/document.xml"));
  if (mvr_ooxml_rels(pkg, NULL, &rels, &n) == MVR_OK)
    for (i = 0; i < n; i++)
      if (!rels[i].target)
        abort();
  if (mvr_ooxml_main_part(pkg, &part, &ct) == MVR_OK) {
    (void)mvr_ooxml_rels(pkg, part, &rels, &n);
    if (mvr_ooxml_xml_open(pkg, part, ns, names, &x) == MVR_OK) {
      while (mvr_xml_next(x, &ev) == MVR_OK && ev != MVR_XML_EOF &&
             events++ < 100000) {
        if (ev == MVR_XML_START) {
          (void)mvr_xml_elem(x);
          (void)mvr_xml_attr(x, MVR_XML_OWN, "val", &attr);
          (void)mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "r", &attr);
        } else if (ev == MVR_XML_TEXT) {
          size_t len;
          (void)mvr_xml_text(x, &len);
        }
      }
      mvr_xml_close(x);
    }
  }
  mvr_buf_free(&attr);
  mvr_ooxml_close(pkg);
  return 0;
}
