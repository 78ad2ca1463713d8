/* faults.h - the failing allocator shared by the fault-injection tests
 * (test_faults.c, test_ooxml_faults.c, test_vfs_faults.c): SQLite's OOM
 * loop. Allocation N fails, for N = 1, 2, ... until the use case
 * completes without meeting the failure; once with a single failure
 * (transient) and once with every allocation failing from N on
 * (persistent). MVR_FAULT_STRIDE=k tries every k-th failure point
 * (`make torture` sets 1). Static helpers, included by tests only. */
#ifndef MVR_TEST_FAULTS_H
#define MVR_TEST_FAULTS_H

#include <stdlib.h>

#include "mvroad.h"

static long fault_countdown = -1; /* fail when it reaches 0 */
static int fault_persistent;
static long fault_failures;

static int fault_should_fail(void)
{
  if (fault_countdown < 0)
    return 0;
  if (fault_countdown == 0) {
    fault_failures++;
    if (!fault_persistent)
      fault_countdown = -1;
    return 1;
  }
  fault_countdown--;
  return 0;
}

static void *fault_malloc(size_t n, void *ud)
{
  (void)ud;
  return fault_should_fail() ? NULL : malloc(n ? n : 1);
}

static void *fault_realloc(void *p, size_t n, void *ud)
{
  (void)ud;
  return fault_should_fail() ? NULL : realloc(p, n ? n : 1);
}

static void fault_free(void *p, void *ud)
{
  (void)ud;
  free(p);
}

/* Run `stmt` with no failure injected (checks inside a use case). */
#define FAULT_PAUSED(stmt)                                                     \
  do {                                                                         \
    long fault_saved_ = fault_countdown;                                       \
    fault_countdown = -1;                                                      \
    stmt;                                                                      \
    fault_countdown = fault_saved_;                                            \
  } while (0)

/* The stride: MVR_FAULT_STRIDE, else `dflt`. */
static long fault_stride(long dflt)
{
  const char *s = getenv("MVR_FAULT_STRIDE");
  long v = s ? strtol(s, NULL, 10) : dflt;
  return v > 0 ? v : 1;
}

/* The loop: run `use_case` (returns 1 when everything succeeded) with
 * failure point 0, k, 2k, ... until it succeeds without a failure having
 * been injected. Returns the failure point it completed at (about the
 * number of allocations the use case makes) and sets *runs. */
static long fault_loop(int persist, int (*use_case)(void), long dflt_stride,
                       long *runs)
{
  const mvr_allocator a = {fault_malloc, fault_realloc, fault_free, NULL};
  long i, step = fault_stride(dflt_stride);

  *runs = 0;
  if (mvr_set_allocator(&a) != MVR_OK)
    return -1;
  fault_persistent = persist;
  for (i = 0; i < 2000000; i += step, (*runs)++) {
    fault_countdown = i;
    fault_failures = 0;
    if (use_case() && fault_failures == 0)
      break;
  }
  fault_countdown = -1;
  mvr_set_allocator(NULL);
  return i;
}

#endif
