/* arena.c - the string arena (see arena.h). */
#include "arena.h"

#include <string.h>

#define BLOCK 8192

struct mvr_arena_block {
  mvr_arena_block *next;
  size_t used, cap;
  _Alignas(16) char data[];
};

void *mvr_arena_alloc(mvr_arena *a, size_t n)
{
  mvr_arena_block *b = a->head;
  void *p;

  n = (n + 15) & ~(size_t)15;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > BLOCK ? n : BLOCK;
    b = mvr_malloc(sizeof *b + cap);
    if (!b) {
      a->failed = 1;
      return NULL;
    }
    b->next = a->head;
    b->used = 0;
    b->cap = cap;
    a->head = b;
  }
  p = b->data + b->used;
  b->used += n;
  return p;
}

const char *mvr_arena_strdup(mvr_arena *a, const char *s)
{
  size_t n;
  char *p;

  if (!s)
    s = "";
  n = strlen(s);
  p = mvr_arena_alloc(a, n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n + 1);
  return p;
}

void mvr_arena_free(mvr_arena *a)
{
  mvr_arena_block *b = a->head;

  while (b) {
    mvr_arena_block *next = b->next;
    mvr_free(b);
    b = next;
  }
  a->head = NULL;
}
