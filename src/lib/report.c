/* report.c - collections of diagnostics (mvr_report) and their GCC-style
 * formatting. */
#include "report.h"

#include <stdarg.h>
#include <string.h>

#include "buf.h"
#include "util.h"

#define REPORT_DEFAULT_MAX 1000

struct mvr_report {
  mvr_diag *items;
  size_t n, cap, max;
  unsigned long tally[3];
  mvr_diag_fn fn;
  void *ud;
  unsigned long quiet; /* next diagnostics the callback saw already */
};

mvr_status mvr_report_new(mvr_report **out)
{
  mvr_report *r = mvr_malloc(sizeof *r);

  *out = NULL;
  if (!r)
    return MVR_ERR_NOMEM;
  memset(r, 0, sizeof *r);
  r->max = REPORT_DEFAULT_MAX;
  *out = r;
  return MVR_OK;
}

static void diag_clear(mvr_diag *d)
{
  mvr_free((char *)d->file);
  mvr_free((char *)d->table);
  mvr_free((char *)d->column);
  mvr_free((char *)d->code);
  mvr_free((char *)d->message);
}

void mvr_report_clear(mvr_report *rep)
{
  size_t i;

  if (!rep)
    return;
  for (i = 0; i < rep->n; i++)
    diag_clear(&rep->items[i]);
  rep->n = 0;
  memset(rep->tally, 0, sizeof rep->tally);
}

void mvr_report_free(mvr_report *rep)
{
  if (!rep)
    return;
  mvr_report_clear(rep);
  mvr_free(rep->items);
  mvr_free(rep);
}

void mvr_report_set_callback(mvr_report *rep, mvr_diag_fn fn, void *ud)
{
  rep->fn = fn;
  rep->ud = ud;
}

void mvr_report_set_max(mvr_report *rep, size_t max)
{
  rep->max = max;
}

size_t mvr_report_count(const mvr_report *rep)
{
  return rep ? rep->n : 0;
}

unsigned long mvr_report_tally(const mvr_report *rep, mvr_severity sev)
{
  if (!rep || (unsigned)sev > MVR_ERROR)
    return 0;
  return rep->tally[sev];
}

const mvr_diag *mvr_report_get(const mvr_report *rep, size_t i)
{
  if (!rep || i >= rep->n)
    return NULL;
  return &rep->items[i];
}

static char *dup_or_null(const char *s)
{
  return s ? mvr_strdup(s) : NULL;
}

mvr_status mvr_report_add(mvr_report *rep, mvr_severity sev,
                          const mvr_pos *pos, const char *code,
                          const char *fmt, ...)
{
  mvr_buf msg = MVR_BUF_INIT(64 * 1024);
  mvr_diag d;
  mvr_status rc = MVR_OK;
  va_list ap;

  if (!rep)
    return MVR_OK;
  rep->tally[sev]++;
  va_start(ap, fmt);
  mvr_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  rc = mvr_buf_status(&msg);
  if (rc)
    goto out;

  memset(&d, 0, sizeof d);
  d.severity = sev;
  d.file = pos ? pos->file : NULL;
  d.table = pos ? pos->table : NULL;
  d.row = pos ? pos->row : 0;
  d.col = pos ? pos->col : 0;
  d.column = pos ? pos->column : NULL;
  d.code = code;
  d.message = mvr_buf_cstr(&msg);
  if (rep->quiet)
    rep->quiet--;
  else if (rep->fn)
    rep->fn(&d, rep->ud);

  if (rep->n >= rep->max)
    goto out;
  if (rep->n == rep->cap) {
    size_t cap = rep->cap ? rep->cap * 2 : 16;
    mvr_diag *p = mvr_realloc(rep->items, cap * sizeof *p);
    if (!p) {
      rc = MVR_ERR_NOMEM;
      goto out;
    }
    rep->items = p;
    rep->cap = cap;
  }
  d.file = dup_or_null(d.file);
  d.table = dup_or_null(d.table);
  d.column = dup_or_null(d.column);
  d.code = dup_or_null(d.code);
  d.message = mvr_buf_detach(&msg);
  if ((pos && pos->file && !d.file) || (pos && pos->table && !d.table) ||
      (pos && pos->column && !d.column) || (code && !d.code) ||
      !d.message) {
    diag_clear(&d);
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  rep->items[rep->n++] = d;
out:
  mvr_buf_free(&msg);
  return rc;
}

void mvr_report_mark(const mvr_report *rep, mvr_report_pos *m)
{
  memset(m, 0, sizeof *m);
  if (!rep)
    return;
  m->n = rep->n;
  memcpy(m->tally, rep->tally, sizeof m->tally);
}

void mvr_report_rewind(mvr_report *rep, const mvr_report_pos *m)
{
  size_t i;

  if (!rep || rep->n < m->n)
    return;
  for (i = m->n; i < rep->n; i++)
    diag_clear(&rep->items[i]);
  rep->n = m->n;
  for (i = 0; i < 3; i++) {
    rep->quiet += rep->tally[i] - m->tally[i];
    rep->tally[i] = m->tally[i];
  }
}

void mvr_report_unmute(mvr_report *rep)
{
  if (rep)
    rep->quiet = 0;
}

static const char *sev_name(mvr_severity s)
{
  switch (s) {
  case MVR_ERROR:
    return "error";
  case MVR_WARNING:
    return "warning";
  default:
    return "note";
  }
}

mvr_status mvr_diag_format(const mvr_diag *d, char **out)
{
  mvr_buf b = MVR_BUF_INIT(128 * 1024);
  mvr_status rc;

  *out = NULL;
  mvr_buf_puts(&b, d->file ? d->file : "<input>");
  if (d->table) {
    /* documents: FILE:table 2:row 5:Category: error: ... */
    mvr_buf_printf(&b, ":%s", d->table);
    if (d->row)
      mvr_buf_printf(&b, ":row %lu", d->row);
    if (d->column)
      mvr_buf_printf(&b, ":%s", d->column);
  } else {
    /* row formats: FILE:ROW:COL: error: Column: ... */
    if (d->row)
      mvr_buf_printf(&b, ":%lu", d->row);
    if (d->row && d->col)
      mvr_buf_printf(&b, ":%lu", d->col);
  }
  mvr_buf_printf(&b, ": %s: ", sev_name(d->severity));
  if (!d->table && d->column)
    mvr_buf_printf(&b, "%s: ", d->column);
  mvr_buf_puts(&b, d->message ? d->message : "");
  rc = mvr_buf_status(&b);
  if (rc == MVR_OK)
    *out = mvr_buf_detach(&b);
  mvr_buf_free(&b);
  return rc ? rc : (*out ? MVR_OK : MVR_ERR_NOMEM);
}
