/* xlsx_sst_fuzzer.c - the Excel shared-strings reader (import_xlsx.c):
 * the input is xl/sharedStrings.xml, put into a minimal XLSX whose one
 * sheet refers to shared strings 0-9 (a header and a data row), and
 * imported. */
#include "fuzz_common.h"
#include "ooxml_pkg.h"

#define S(ref, i) "<c r=\"" ref "\" t=\"s\"><v>" #i "</v></c>"
static const char SHEET[] =
    "<worksheet xmlns=\"" SML_NS "\"><sheetData><row r=\"1\">" S("A1", 0)
        S("B1", 1) S("C1", 2) S("D1", 3) S("E1", 4) S("F1", 5) S("G1", 6)
            "</row><row r=\"2\">" S("A2", 7) S("B2", 8) S("C2", 9) S("D2", 8)
                S("E2", 9) S("F2", 7) S("G2", 1) "</row></sheetData>"
                                                 "</worksheet>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  unsigned char *z;
  size_t len = 0;

  if (size > (1u << 20))
    return 0;
  z = fuzz_xlsx(SHEET, sizeof SHEET - 1, (const char *)data, size, &len);
  if (z)
    fuzz_import("fuzz.xlsx", z, len);
  free(z);
  return 0;
}
