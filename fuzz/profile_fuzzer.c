/* profile_fuzzer.c - the profile loader (JSON -> vocabularies). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  mvr_report *rep = NULL;
  mvr_profile *p = NULL;

  if (mvr_report_new(&rep))
    abort();
  if (mvr_profile_load((const char *)data, size, "fuzz.json", rep, &p) ==
      MVR_OK) {
    if (!p || !mvr_profile_name(p))
      abort();
    mvr_profile_free(p);
  }
  mvr_report_free(rep);
  return 0;
}
