/* json_fuzzer.c - the JSON import path, bytes -> register. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_import("fuzz.json", data, size);
  return 0;
}
