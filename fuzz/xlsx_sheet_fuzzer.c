/* xlsx_sheet_fuzzer.c - the Excel worksheet reader (import_xlsx.c): the
 * input is xl/worksheets/sheet1.xml (or, when it does not start with
 * '<', its sheetData), put into a minimal XLSX with fixed shared strings
 * and styles, and imported. */
#include "fuzz_common.h"
#include "ooxml_pkg.h"

static const char SST[] =
    "<sst xmlns=\"" SML_NS "\"><si><t>SDO / Org.</t></si><si><r><t>Refer</t>"
    "</r><r><t>ence</t></r></si><si><t>Type</t></si><si><t>Title</t></si>"
    "<si><t>Status</t></si><si><t>Category</t></si><si><t>Summary</t></si>"
    "<si><t>ETSI</t></si></sst>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char head[] = "<worksheet xmlns=\"" SML_NS "\">";
  static const char tail[] = "</worksheet>";
  unsigned char *z;
  size_t len = 0;
  char *doc;
  size_t dl;

  if (size > (1u << 20))
    return 0;
  if (size && data[0] == '<') {
    z = fuzz_xlsx((const char *)data, size, SST, sizeof SST - 1, &len);
  } else {
    dl = sizeof head - 1 + size + sizeof tail - 1;
    doc = malloc(dl + 1);
    if (!doc)
      return 0;
    memcpy(doc, head, sizeof head - 1);
    memcpy(doc + sizeof head - 1, data, size);
    memcpy(doc + sizeof head - 1 + size, tail, sizeof tail);
    z = fuzz_xlsx(doc, dl, SST, sizeof SST - 1, &len);
    free(doc);
  }
  if (z)
    fuzz_import("fuzz.xlsx", z, len);
  free(z);
  return 0;
}
