/* export_xlsx.c - the roadmap as an Excel workbook (`mvroad export
 * --format xlsx`): every entry on the first sheet, then one sheet per
 * category, each with the template's seven columns then status detail,
 * URL and id, an autofilter, a frozen header, set widths and wrapped
 * text. One pass over the entries writes all the sheets; libxlsxwriter's
 * constant-memory mode streams each sheet's rows to a temporary file, so
 * memory does not grow with the register. User text only ever goes
 * through mvr_xlsx_text(): a string, never a formula. */
#include <string.h>

#include "export_office.h"
#include "profile.h"
#include "util.h"
#include "xlsx_write.h"

#define MAX_SHEETS 64

typedef struct sheet {
  lxw_worksheet *ws;
  lxw_row_t rows; /* data rows written */
  int cat;        /* category index, -1 for all entries */
} sheet;

static void entry_row(mvr_xlsx *x, sheet *s, const mvr_entry *e,
                      const char *cats)
{
  lxw_row_t r = ++s->rows;
  const char *cells[MVR_XCOL_COUNT] = {
      [MVR_XCOL_SDO] = e->sdo,
      [MVR_XCOL_REFERENCE] = e->reference,
      [MVR_XCOL_TYPE] = e->type,
      [MVR_XCOL_TITLE] = e->title,
      [MVR_XCOL_STATUS] = e->status,
      [MVR_XCOL_CATEGORY] = cats,
      [MVR_XCOL_SUMMARY] = e->summary,
      [MVR_XCOL_STATUS_DETAIL] = e->status_detail,
      [MVR_XCOL_URL] = e->url};

  mvr_xlsx_fit_row(x, s->ws, r, cells, MVR_XCOL_COUNT);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_SDO, e->sdo, x->text);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_REFERENCE, e->reference, x->text);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_TYPE, e->type, x->text);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_TITLE, e->title, x->text);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_STATUS, e->status, x->text);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_CATEGORY, cats, x->text);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_SUMMARY, e->summary, x->text);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_STATUS_DETAIL, e->status_detail, x->text);
  mvr_xlsx_text(x, s->ws, r, MVR_XCOL_URL, e->url, x->text);
  if (!x->rc)
    mvr_xlsx_check(x, worksheet_write_number(s->ws, r, MVR_XCOL_ID,
                                             (double)e->id, x->text));
}

mvr_status mvr_export_xlsx(mvr_db *db, const mvr_query *q, const char *path)
{
  const mvr_profile *p = db->profile;
  mvr_buf cats = MVR_BUF_INIT(1 << 20);
  sheet sheets[MAX_SHEETS];
  size_t nsheets = 0, i, k;
  mvr_cursor *c = NULL;
  const mvr_entry *e;
  mvr_query cq;
  mvr_xlsx x;
  uint64_t only = 0;
  mvr_status rc;
  char err[512] = "";

  memset(&cq, 0, sizeof cq);
  if (q)
    cq = *q;
  if (!cq.sort)
    cq.sort = "sdo";
  /* a category filter keeps only that category's sheet */
  if (cq.category && *cq.category &&
      mvr_normalize_categories(p, cq.category, strlen(cq.category), &only, NULL,
                               NULL) != MVR_OK)
    only = 0;
  rc = mvr_query_run(db, &cq, &c);
  if (rc)
    return rc;
  rc = mvr_xlsx_open(&x, path, 1, "Metaverse Standardization Roadmap",
                     "Metaverse-related standardization work (JCA-MV)", err,
                     sizeof err);
  if (rc) {
    mvr_cursor_free(c);
    if (rc == MVR_ERR_IO)
      mvr_db_fail(db, rc, "%s", err);
    return rc;
  }
  sheets[nsheets].ws = mvr_xlsx_sheet(&x, "All entries");
  sheets[nsheets++].cat = -1;
  for (i = 0; i < p->categories.n && nsheets < MAX_SHEETS; i++) {
    if (only && !(only & ((uint64_t)1 << i)))
      continue;
    sheets[nsheets].ws = mvr_xlsx_sheet(&x, p->categories.labels[i]);
    sheets[nsheets++].cat = (int)i;
  }
  for (i = 0; i < nsheets; i++) {
    sheets[i].rows = 0;
    mvr_xlsx_header(&x, sheets[i].ws, MVR_XCOL_COUNT);
  }
  while (!x.rc) {
    rc = mvr_cursor_next(c, &e);
    if (rc || !e)
      break;
    if (sheets[0].rows + 1 >= LXW_ROW_MAX) {
      rc = mvr_db_fail(db, MVR_ERR_TOOBIG,
                       "%s: more entries than a worksheet holds (%d rows); "
                       "export a part with --sdo, --category or --limit",
                       path, LXW_ROW_MAX - 1);
      break;
    }
    mvr_buf_reset(&cats);
    for (k = 0; k < e->ncategories; k++) {
      if (k)
        mvr_buf_puts(&cats, "; ");
      mvr_buf_puts(&cats, e->categories[k]);
    }
    rc = mvr_buf_status(&cats);
    if (rc)
      break;
    entry_row(&x, &sheets[0], e, mvr_buf_cstr(&cats));
    /* and on the sheet of each of its categories */
    for (i = 1; i < nsheets; i++)
      for (k = 0; k < e->ncategories; k++)
        if (strcmp(e->categories[k], p->categories.labels[sheets[i].cat]) == 0)
          entry_row(&x, &sheets[i], e, mvr_buf_cstr(&cats));
  }
  for (i = 0; i < nsheets && !x.rc; i++)
    mvr_xlsx_check(&x, worksheet_autofilter(sheets[i].ws, 0, 0, sheets[i].rows,
                                            MVR_XCOL_COUNT - 1));
  if (rc) {
    /* keep the first error; throw the unfinished workbook away */
    if (!x.rc)
      x.rc = rc;
    mvr_xlsx_close(&x, path, NULL, 0);
    goto out;
  }
  rc = mvr_xlsx_close(&x, path, err, sizeof err);
  if (rc && *err)
    mvr_db_fail(db, rc, "%s", err);
out:
  mvr_cursor_free(c);
  mvr_buf_free(&cats);
  return rc;
}
