/* csv_fuzzer.c - the CSV import path, bytes -> register. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_import("fuzz.csv", data, size);
  return 0;
}
