/* arena.h - a string arena: many small copies freed at once (entry
 * details, statistics). */
#ifndef MVR_ARENA_H
#define MVR_ARENA_H

#include <stddef.h>

#include "mvroad.h"

typedef struct mvr_arena_block mvr_arena_block;
typedef struct mvr_arena {
  mvr_arena_block *head;
  int failed;
} mvr_arena;

/* Copy `s` (NULL gives ""); NULL when out of memory (then a->failed). */
const char *mvr_arena_strdup(mvr_arena *a, const char *s);
void *mvr_arena_alloc(mvr_arena *a, size_t n);
void mvr_arena_free(mvr_arena *a);

#endif
