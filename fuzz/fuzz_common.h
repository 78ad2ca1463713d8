/* fuzz_common.h - shared by the libFuzzer harnesses (fuzz/<name>_fuzzer.c):
 * import bytes into a fresh in-memory register, the whole import path
 * (reader, header detection, validation, normalisation, store, commit).
 * Each harness defines LLVMFuzzerTestOneInput(); the same sources are
 * linked with libFuzzer (clang, `make fuzz`) or with fuzz/replay.c (gcc,
 * ctest replays every corpus and regression input). */
#ifndef MVR_FUZZ_COMMON_H
#define MVR_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mvroad.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch register: creating the schema costs far more than a small
 * import, so one in-memory register serves FUZZ_DB_REUSE inputs in a row
 * and is then replaced (bounded growth; a crash that depends on earlier
 * inputs still reproduces from the corpus replay). */
#define FUZZ_DB_REUSE 500
static mvr_db *fuzz_db;
static unsigned fuzz_db_uses;

static inline void fuzz_register_close(void)
{
  mvr_db_close(fuzz_db);
  fuzz_db = NULL;
}

static inline mvr_db *fuzz_register(void)
{
  char err[256];

  if (fuzz_db && fuzz_db_uses++ < FUZZ_DB_REUSE)
    return fuzz_db;
  if (!fuzz_db)
    atexit(fuzz_register_close); /* closed at exit: valgrind sees no leak */
  mvr_db_close(fuzz_db);
  fuzz_db = NULL;
  fuzz_db_uses = 1;
  if (mvr_db_open(":memory:", MVR_OPEN_CREATE, &fuzz_db, err, sizeof err))
    abort();
  return fuzz_db;
}

/* Import `size` bytes as file `name` (its extension picks the reader)
 * into the scratch register and check it is all-or-nothing: a failed
 * import adds no entry. Aborts on a broken invariant (the fuzzer reports
 * it). */
static inline void fuzz_import(const char *name, const void *data, size_t size)
{
  mvr_db *db = fuzz_register();
  mvr_report *rep = NULL;
  mvr_import_result res;
  long before = -1, after = -1;
  mvr_status rc;

  if (mvr_report_new(&rep))
    abort();
  memset(&res, 0, sizeof res);
  if (mvr_query_count(db, NULL, &before))
    abort();
  rc = mvr_import_mem(db, NULL, name, data, size, NULL, rep, &res);
  if (mvr_query_count(db, NULL, &after))
    abort();
  if (rc != MVR_OK && after != before)
    abort(); /* a failed import left rows behind */
  mvr_report_free(rep);
}

#endif
