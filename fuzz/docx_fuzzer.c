/* docx_fuzzer.c - the Word document part reader (import_docx.c): the
 * input is word/document.xml, put into a minimal DOCX and imported. */
#include "fuzz_common.h"
#include "ooxml_pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char head[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document xmlns:w=\"" W_NS
      "\"><w:body>";
  unsigned char *z;
  size_t len = 0;

  if (size > (1u << 20))
    return 0;
  /* inputs starting with '<?xml' or '<w:document' are whole parts; any
   * other input is a body, so that small mutations stay inside one */
  if ((size >= 2 && memcmp(data, "<?", 2) == 0) ||
      (size >= 11 && memcmp(data, "<w:document", 11) == 0)) {
    z = docx_raw((const char *)data, size, &len);
  } else {
    static const char tail[] = "</w:body></w:document>";
    char *doc = malloc(sizeof head - 1 + size + sizeof tail);
    if (!doc)
      return 0;
    memcpy(doc, head, sizeof head - 1);
    memcpy(doc + sizeof head - 1, data, size);
    memcpy(doc + sizeof head - 1 + size, tail, sizeof tail);
    z = docx_raw(doc, sizeof head - 1 + size + sizeof tail - 1, &len);
    free(doc);
  }
  if (z)
    fuzz_import("fuzz.docx", z, len);
  free(z);
  return 0;
}
