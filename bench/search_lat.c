/* search_lat.c - in-process search and facet latency (issue 7): the
 * library calls a search page makes, timed one by one on an open
 * register, p50/p99/max in milliseconds.
 *
 *   search  a word of a title (drawn as titles use them), its 20 first
 *           hits by relevance and the four facet counts, from one
 *           snapshot: a search page (src/server/view.c sorts a search by
 *           "rank")
 *   query   the same words, the 20 ranked hits alone (mvr_query_run)
 *   facets  a category and a status filter, no text: 20 rows (by
 *           organisation and reference, the default) and the facets
 *   count   the word alone: mvr_query_count()
 *   cold_*  the first search page and the first listing page on the
 *           newly opened register, timed alone (they include what the
 *           store builds on first use), also counted in the rounds
 *
 * Usage: search_lat DB [ROUNDS]   (default 1000 rounds of each) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mvroad.h"

#define MAXW 4000

static double now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: what a query costs whatever else the
 * machine runs (wall-clock p99 on a shared machine is mostly waiting for
 * a core). */
static double cpu_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double *ct; /* CPU times of the rounds, beside t */

static int cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, long n, double hits)
{
  qsort(t, (size_t)n, sizeof *t, cmp);
  qsort(ct, (size_t)n, sizeof *ct, cmp);
  printf("%-8s %7ld %9.3f %9.3f %9.3f %12.0f %9.3f %9.3f\n", what, n,
         t[n / 2], t[(long)((double)n * 0.99)], t[n - 1], hits / (double)n,
         ct[n / 2], ct[(long)((double)n * 0.99)]);
}

/* One page: the facet counts and the first 20 rows, one snapshot. */
static int page(mvr_db *db, mvr_query *q, long *hits)
{
  mvr_stats *st = NULL;
  mvr_cursor *cur = NULL;
  const mvr_entry *e;
  int bad = 0;

  if (mvr_db_read_begin(db))
    return -1;
  q->limit = 0;
  if (mvr_stats_get(db, q, &st)) {
    mvr_db_read_end(db);
    return -1;
  }
  *hits = st->entries;
  q->limit = 20;
  if (mvr_query_run(db, q, &cur) != MVR_OK)
    bad = 1;
  while (!bad && mvr_cursor_next(cur, &e) == MVR_OK && e)
    ;
  mvr_cursor_free(cur);
  mvr_stats_free(st);
  mvr_db_read_end(db);
  return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
  static char *words[MAXW];
  mvr_query q;
  mvr_cursor *cur = NULL;
  const mvr_entry *e;
  mvr_db *db = NULL;
  const mvr_profile *p;
  long rounds = argc > 2 ? atol(argv[2]) : 1000, i, nw = 0, n;
  double *t, sum, t0_search = 0, cold_search, cold_list = 0;

  if (argc < 2 || rounds < 1) {
    fprintf(stderr, "usage: search_lat DB [ROUNDS]\n");
    return 2;
  }
  {
    char err[256] = "";
    if (mvr_db_open(argv[1], MVR_OPEN_READONLY, &db, err, sizeof err) !=
        MVR_OK) {
      fprintf(stderr, "%s: cannot open: %s\n", argv[1], err);
      return 1;
    }
  }
  t = malloc((size_t)rounds * sizeof *t);
  ct = malloc((size_t)rounds * sizeof *ct);
  /* the words of the titles of entries spread over the register */
  memset(&q, 0, sizeof q);
  q.limit = 400;
  q.sort = "reference";
  if (!t || !ct || mvr_query_run(db, &q, &cur) != MVR_OK)
    return 1;
  while (nw < MAXW && mvr_cursor_next(cur, &e) == MVR_OK && e) {
    char buf[512], *tok, *save = NULL;
    snprintf(buf, sizeof buf, "%s", e->title);
    for (tok = strtok_r(buf, " ,;:()-\xE2\x80\x94", &save); tok && nw < MAXW;
         tok = strtok_r(NULL, " ,;:()-\xE2\x80\x94", &save)) {
      size_t k, ok = strlen(tok) >= 5;
      for (k = 0; tok[k] && ok; k++)
        ok = (tok[k] >= 'a' && tok[k] <= 'z');
      if (ok)
        words[nw++] = strdup(tok);
    }
  }
  mvr_cursor_free(cur);
  /* open it again: the timed rounds start on a fresh connection */
  mvr_db_close(db);
  db = NULL;
  {
    char err[256] = "";
    if (mvr_db_open(argv[1], MVR_OPEN_READONLY, &db, err, sizeof err) !=
        MVR_OK) {
      fprintf(stderr, "%s: cannot open: %s\n", argv[1], err);
      return 1;
    }
  }
  if (!nw) {
    fprintf(stderr, "no words in the titles\n");
    return 1;
  }
  p = mvr_db_profile(db);
  printf("%-8s %7s %9s %9s %9s %12s %9s %9s\n", "query", "rounds",
         "p50_ms", "p99_ms", "max_ms", "mean_hits", "cpu_p50", "cpu_p99");
  /* search: word, hits and facets */
  for (i = 0, sum = 0; i < rounds; i++) {
    long hits = 0;
    double t0 = now_ms(), c0 = cpu_ms();
    memset(&q, 0, sizeof q);
    q.text = words[(size_t)(i * 7919) % (size_t)nw];
    q.sort = "rank";
    if (page(db, &q, &hits) != 0) {
      fprintf(stderr, "search %s: %s\n", q.text, mvr_db_errmsg(db));
      return 1;
    }
    t[i] = now_ms() - t0;
    ct[i] = cpu_ms() - c0;
    if (i == 0)
      t0_search = t[i];
    sum += (double)hits;
  }
  report("search", t, rounds, sum);
  cold_search = t0_search;
  /* query: the 20 ranked hits alone */
  for (i = 0, sum = 0; i < rounds; i++) {
    long rows = 0;
    double t0 = now_ms(), c0 = cpu_ms();
    memset(&q, 0, sizeof q);
    q.text = words[(size_t)(i * 7919) % (size_t)nw];
    q.sort = "rank";
    q.limit = 20;
    if (mvr_query_run(db, &q, &cur) != MVR_OK) {
      fprintf(stderr, "query %s: %s\n", q.text, mvr_db_errmsg(db));
      return 1;
    }
    while (mvr_cursor_next(cur, &e) == MVR_OK && e)
      rows++;
    mvr_cursor_free(cur);
    t[i] = now_ms() - t0;
    ct[i] = cpu_ms() - c0;
    sum += (double)rows;
  }
  report("query", t, rounds, sum);
  /* facets: category and status filters */
  for (i = 0, sum = 0; i < rounds; i++) {
    long hits = 0;
    double t0 = now_ms(), c0 = cpu_ms();
    memset(&q, 0, sizeof q);
    q.category = mvr_profile_category(
        p, (size_t)i % mvr_profile_category_count(p));
    q.status =
        mvr_profile_status(p, (size_t)(i / 3) % mvr_profile_status_count(p));
    if (page(db, &q, &hits) != 0) {
      fprintf(stderr, "facets: %s\n", mvr_db_errmsg(db));
      return 1;
    }
    t[i] = now_ms() - t0;
    ct[i] = cpu_ms() - c0;
    if (i == 0)
      cold_list = t[i];
    sum += (double)hits;
  }
  report("facets", t, rounds, sum);
  printf("%-8s %7d %9.3f %9.3f %9.3f %12s %9s %9s\n", "cold_s", 1,
         cold_search, cold_search, cold_search, "-", "-", "-");
  printf("%-8s %7d %9.3f %9.3f %9.3f %12s %9s %9s\n", "cold_l", 1,
         cold_list, cold_list, cold_list, "-", "-", "-");
  for (i = 0, sum = 0; i < rounds; i++) {
    double t0 = now_ms(), c0 = cpu_ms();
    memset(&q, 0, sizeof q);
    q.text = words[(size_t)(i * 7919) % (size_t)nw];
    if (mvr_query_count(db, &q, &n) != MVR_OK)
      return 1;
    t[i] = now_ms() - t0;
    ct[i] = cpu_ms() - c0;
    sum += (double)n;
  }
  report("count", t, rounds, sum);
  for (i = 0; i < nw; i++)
    free(words[i]);
  free(t);
  free(ct);
  mvr_db_close(db);
  return 0;
}
