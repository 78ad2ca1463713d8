/* alloc.c - the replaceable allocator every library allocation goes
 * through (mvr_malloc/mvr_realloc/mvr_free). SQLite, jansson and libcsv
 * are pointed at it too (see db.c, import_json.c, import_csv.c), so a test
 * can make allocation N fail and check that the library reports
 * MVR_ERR_NOMEM cleanly. */
#include <stdlib.h>

#include "mvroad.h"

static void *std_malloc(size_t n, void *ud)
{
  (void)ud;
  return malloc(n ? n : 1);
}

static void *std_realloc(void *p, size_t n, void *ud)
{
  (void)ud;
  return realloc(p, n ? n : 1);
}

static void std_free(void *p, void *ud)
{
  (void)ud;
  free(p);
}

static mvr_allocator allocator = {std_malloc, std_realloc, std_free, NULL};

mvr_status mvr_set_allocator(const mvr_allocator *a)
{
  if (!a) {
    allocator = (mvr_allocator){std_malloc, std_realloc, std_free, NULL};
    return MVR_OK;
  }
  if (!a->malloc || !a->realloc || !a->free)
    return MVR_ERR_ARG;
  allocator = *a;
  return MVR_OK;
}

void *mvr_malloc(size_t size)
{
  return allocator.malloc(size, allocator.ud);
}

void *mvr_realloc(void *ptr, size_t size)
{
  return allocator.realloc(ptr, size, allocator.ud);
}

void mvr_free(void *ptr)
{
  if (ptr)
    allocator.free(ptr, allocator.ud);
}
