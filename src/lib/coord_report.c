/* coord_report.c - the secretariat's reports over the coordination
 * records, and the word-level difference of two definitions. */
#define _DEFAULT_SOURCE /* timegm */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "coord_int.h"
#include "db.h"
#include "util.h"

static const char *const reports[] = {
    "orgs-without-input", "org-status", "reps-to-confirm",
    "ls-awaiting-reply",  "ls-overdue", "ls-due",
    "submission-trace",   NULL};

const char *const *mvr_coord_reports(void)
{
  return reports;
}

static const char *const c_orgs[] = {"organisation", "kind", "invited_by",
                                     "invited_on", "deadline", "status"};
static const char *const c_reps[] = {"organisation", "name", "email", "role",
                                     "valid_until", "doc", "reason"};
static const char *const c_await[] = {"number", "title", "from", "date",
                                      "purpose", "deadline"};
static const char *const c_due[] = {"number", "direction", "title", "from",
                                    "to", "deadline", "days_left"};
static const char *const c_trace[] = {"submission", "file", "organisation",
                                      "received", "doc", "doc_title", "ls"};

/* Days from a to b (YYYY-MM-DD both, checked by mvr_date_valid). */
static long day_number(const char *d)
{
  struct tm t;
  memset(&t, 0, sizeof t);
  t.tm_year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
              (d[3] - '0') - 1900;
  t.tm_mon = (d[5] - '0') * 10 + (d[6] - '0') - 1;
  t.tm_mday = (d[8] - '0') * 10 + (d[9] - '0');
  return (long)(timegm(&t) / 86400);
}

static long days_between(const char *a, const char *b)
{
  if (!mvr_date_valid(a) || !mvr_date_valid(b))
    return 0;
  return day_number(b) - day_number(a);
}

static int replied(const coord_snapshot *z, const char *number)
{
  size_t i;
  for (i = 0; i < z->ls.n; i++)
    if (strcmp(z->ls.rows[i][1], "outgoing") == 0 &&
        coord_list_has(z->ls.rows[i][9], number))
      return 1;
  return 0;
}

mvr_status mvr_coord_report(mvr_db *db, const char *report, const char *today,
                            long within, const char *const **cols,
                            size_t *ncols, mvr_coord_fn fn, void *ud)
{
  coord_snapshot z;
  char now[11], num[32];
  mvr_status rc = MVR_OK;
  size_t i, k;
  int which = -1;

  if (!db || !report)
    return MVR_ERR_ARG;
  for (i = 0; reports[i]; i++)
    if (strcmp(reports[i], report) == 0)
      which = (int)i;
  if (which < 0)
    return mvr_db_fail(db, MVR_ERR_ARG, "no report '%s'", report);
  if (today && !mvr_date_valid(today))
    return mvr_db_fail(db, MVR_ERR_ARG, "'%s' is not a date (YYYY-MM-DD)",
                       today);
  if (!today) {
    mvr_date_today(now);
    today = now;
  }
  if (within < 0)
    within = 0;
  if (cols || ncols) {
    static const char *const *const c[] = {c_orgs,  c_orgs, c_reps, c_await,
                                           c_due,   c_due,  c_trace};
    static const size_t nc[] = {6, 6, 7, 6, 7, 7, 7};
    if (cols)
      *cols = c[which];
    if (ncols)
      *ncols = nc[which];
  }
  if (!fn)
    return MVR_OK;
  rc = coord_snapshot_load(db, &z);
  if (rc)
    return rc;
  switch (which) {
  case 0:
  case 1: {
    coord_rows all;
    rc = coord_all_orgs(db, &z, &all);
    for (i = 0; !rc && i < all.n; i++) {
      coord_status st;
      const char *v[6];
      coord_org_status(&z, all.rows[i][0], today, &st);
      if (which == 0 && (!st.invited_ls || st.input_on))
        continue;
      if (which == 1 && !st.invited_ls && !st.input_on && !st.nominated)
        continue;
      v[0] = all.rows[i][0];
      v[1] = all.rows[i][2];
      v[2] = st.invited_ls ? st.invited_ls : "";
      v[3] = st.invited_on ? st.invited_on : "";
      v[4] = st.deadline ? st.deadline : "";
      v[5] = st.text;
      rc = fn(ud, v, 6);
    }
    coord_rows_free(&all);
    break;
  }
  case 2:
    for (i = 0; !rc && i < z.reps.n; i++) {
      char **r = z.reps.rows[i];
      char why[96];
      const char *v[7];
      *why = '\0';
      if (*r[5] && strcmp(r[5], today) < 0)
        snprintf(why, sizeof why, "expired on %s", r[5]);
      else if (*r[5] && days_between(today, r[5]) <= (within ? within : 30))
        snprintf(why, sizeof why, "expires on %s", r[5]);
      else if (!*r[6])
        snprintf(why, sizeof why, "no nominating document");
      if (!*why)
        continue;
      v[0] = r[2];
      v[1] = r[1];
      v[2] = r[0];
      v[3] = r[3];
      v[4] = r[5];
      v[5] = r[6];
      v[6] = why;
      rc = fn(ud, v, 7);
    }
    break;
  case 3:
    for (i = 0; !rc && i < z.ls.n; i++) {
      char **l = z.ls.rows[i];
      const char *v[6];
      if (strcmp(l[1], "incoming") || strcmp(l[10], "open") ||
          (strcmp(l[7], "for action") && strcmp(l[7], "for comment")) ||
          replied(&z, l[0]))
        continue;
      v[0] = l[0];
      v[1] = l[2];
      v[2] = l[3];
      v[3] = l[6];
      v[4] = l[7];
      v[5] = l[8];
      rc = fn(ud, v, 6);
    }
    break;
  case 4:
  case 5:
    for (i = 0; !rc && i < z.ls.n; i++) {
      char **l = z.ls.rows[i];
      const char *v[7];
      long left;
      if (strcmp(l[10], "open") || !*l[8])
        continue;
      left = days_between(today, l[8]);
      if (which == 4 ? left >= 0 : left > within)
        continue;
      snprintf(num, sizeof num, "%ld", left);
      for (k = 0; k < 3; k++)
        v[k] = l[k];
      v[3] = l[3];
      v[4] = l[4];
      v[5] = l[8];
      v[6] = num;
      rc = fn(ud, v, 7);
    }
    break;
  case 6: {
    coord_rows docs = z.docs;
    for (i = 0; !rc && i < z.subs.n; i++) {
      char **s = z.subs.rows[i];
      const char *v[7];
      mvr_buf ls = MVR_BUF_INIT(1 << 20);
      v[5] = "";
      for (k = 0; k < docs.n; k++) {
        size_t len = strlen(docs.rows[k][0]);
        if (*s[3] && strncmp(s[3], docs.rows[k][0], len) == 0 &&
            (s[3][len] == '\0' || s[3][len] == '-'))
          v[5] = docs.rows[k][2];
      }
      for (k = 0; k < z.ls_subs.n; k++)
        if (strcmp(z.ls_subs.rows[k][1], s[0]) == 0)
          mvr_buf_printf(&ls, "%s%s", mvr_buf_cstr(&ls)[0] ? "; " : "",
                         z.ls_subs.rows[k][0]);
      rc = mvr_buf_status(&ls);
      v[0] = s[0];
      v[1] = s[4];
      v[2] = s[1];
      v[3] = s[2];
      v[4] = s[3];
      v[6] = mvr_buf_cstr(&ls);
      if (!rc)
        rc = fn(ud, v, 7);
      mvr_buf_free(&ls);
    }
    break;
  }
  }
  coord_snapshot_free(&z);
  return rc;
}

/* --- word diff ----------------------------------------------------------
 * A longest common subsequence over words. diff.c compares releases field
 * by field, and no Debian C library offers a word-level diff over two
 * strings (libgit2/xdiff work on lines of files): definitions are a few
 * hundred words, so the quadratic table below is small. */

#define MAX_WORDS 4000

typedef struct words {
  const char **w;
  size_t *len, n;
} words;

static mvr_status split(const char *s, words *out)
{
  size_t cap = 0, n = 0;
  const char *p = s;

  memset(out, 0, sizeof *out);
  for (; *p; p++)
    if (!isspace((unsigned char)*p) &&
        (p == s || isspace((unsigned char)p[-1])))
      cap++;
  if (cap > MAX_WORDS)
    return MVR_ERR_TOOBIG;
  out->w = mvr_malloc((cap + 1) * sizeof *out->w);
  out->len = mvr_malloc((cap + 1) * sizeof *out->len);
  if (!out->w || !out->len) {
    mvr_free(out->w);
    mvr_free(out->len);
    return MVR_ERR_NOMEM;
  }
  for (p = s; *p;) {
    while (*p && isspace((unsigned char)*p))
      p++;
    if (!*p)
      break;
    out->w[n] = p;
    while (*p && !isspace((unsigned char)*p))
      p++;
    out->len[n] = (size_t)(p - out->w[n]);
    n++;
  }
  out->n = n;
  return MVR_OK;
}

static int same(const words *a, size_t i, const words *b, size_t j)
{
  return a->len[i] == b->len[j] && memcmp(a->w[i], b->w[j], a->len[i]) == 0;
}

mvr_status mvr_coord_word_diff(const char *a, const char *b,
                               mvr_coord_diff_fn fn, void *ud)
{
  words wa, wb;
  unsigned short *t = NULL;
  size_t i, j, cols;
  mvr_status rc;

  if (!a || !b || !fn)
    return MVR_ERR_ARG;
  rc = split(a, &wa);
  if (rc)
    return rc;
  rc = split(b, &wb);
  if (rc) {
    mvr_free(wa.w);
    mvr_free(wa.len);
    return rc;
  }
  cols = wb.n + 1;
  /* t[i][j] = LCS length of a[i..] and b[j..] (at most MAX_WORDS) */
  t = mvr_malloc((wa.n + 1) * cols * sizeof *t);
  if (!t) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (i = wa.n + 1; i-- > 0;)
    for (j = wb.n + 1; j-- > 0;) {
      unsigned short v;
      if (i == wa.n || j == wb.n)
        v = 0;
      else if (same(&wa, i, &wb, j))
        v = (unsigned short)(t[(i + 1) * cols + j + 1] + 1);
      else {
        unsigned short d = t[(i + 1) * cols + j], r = t[i * cols + j + 1];
        v = d > r ? d : r;
      }
      t[i * cols + j] = v;
    }
  i = j = 0;
  while (!rc && (i < wa.n || j < wb.n)) {
    if (i < wa.n && j < wb.n && same(&wa, i, &wb, j)) {
      rc = fn(ud, '=', wa.w[i], wa.len[i]);
      i++;
      j++;
    } else if (j < wb.n &&
               (i == wa.n || t[i * cols + j + 1] >= t[(i + 1) * cols + j])) {
      rc = fn(ud, '+', wb.w[j], wb.len[j]);
      j++;
    } else {
      rc = fn(ud, '-', wa.w[i], wa.len[i]);
      i++;
    }
  }
out:
  mvr_free(t);
  mvr_free(wa.w);
  mvr_free(wa.len);
  mvr_free(wb.w);
  mvr_free(wb.len);
  return rc;
}
