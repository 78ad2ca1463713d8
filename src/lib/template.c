/* template.c - the Annex 1 template that organisations fill in (`mvroad
 * template`): a Word document reproducing Annex 1 of the JCA-MV liaison
 * statement, a workbook with drop-down lists taken from the profile, or
 * the CSV header line. With an organisation, the template is pre-filled
 * with its current entries, so that it can update rather than retype
 * them, and re-importing the returned file shows only what changed. */
#include <stdio.h>
#include <string.h>

#include "docx_write.h"
#include "export_office.h"
#include "outfile.h"
#include "profile.h"
#include "util.h"
#include "xlsx_write.h"

#define TEMPLATE_TITLE                                                         \
  "Template for Inputs to the Metaverse Standardization Roadmap"
#define INTRO                                                                  \
  "The following table provides a reference format to share information "      \
  "on metaverse-related standardization activities undertaken by each "        \
  "organization. The information on ongoing and published work among "         \
  "standards development organizations and related entities will be "          \
  "included in the Metaverse Standardization Roadmap."
#define TABLE_TITLE                                                            \
  "Table \xE2\x80\x93 Information on metaverse-related standardization "       \
  "activities"
#define FGMV_NOTE                                                              \
  "Note \xE2\x80\x93 The classification of metaverse standards described in "  \
  "FGMV-51 applies to this template and will be further discussed within "     \
  "the JCA-MV."
#define EMPTY_ROWS 10       /* in a blank template */
#define EMPTY_ROWS_AFTER 5  /* after pre-filled rows */
#define VALIDATED_ROWS 1000 /* rows with drop-down lists, at least */
#define HELP_WIDTH 100      /* of the Instructions sheet's column */
#define MAX_LIST 64         /* values of a drop-down list, at most */

static const mvr_docx_col cols[] = {
    {"SDO / Org.", 12}, {"Reference", 12}, {"Type", 10},    {"Title", 21},
    {"Status", 10},     {"Category", 13},  {"Summary", 22},
};

typedef struct tmpl {
  mvr_db *db;
  const mvr_profile *p;
  const char *org;      /* pre-fill with its entries, or NULL */
  const char *org_name; /* its canonical name, for the reader */
  long nrows;           /* entries pre-filled */
  mvr_buf cats;         /* an entry's categories joined */
  mvr_buf text;         /* composed instructions */
  char err[512];
} tmpl;

/* The status as the organisation wrote it ("In force", "DIS"): what it
 * will recognise, and what gives back the same status detail when the
 * file comes back. */
static const char *status_shown(const mvr_entry *e)
{
  return *e->status_detail ? e->status_detail : e->status;
}

static const char *join_categories(tmpl *t, const mvr_entry *e, const char *sep)
{
  size_t k;

  mvr_buf_reset(&t->cats);
  for (k = 0; k < e->ncategories; k++) {
    if (k)
      mvr_buf_puts(&t->cats, sep);
    mvr_buf_puts(&t->cats, e->categories[k]);
  }
  return mvr_buf_cstr(&t->cats);
}

/* The organisation's entries, by SDO then reference; *c stays NULL for a
 * blank template. */
static mvr_status prefill_cursor(tmpl *t, mvr_cursor **c)
{
  mvr_query q;

  *c = NULL;
  if (!t->org)
    return MVR_OK;
  memset(&q, 0, sizeof q);
  q.sdo = t->org;
  q.sort = "sdo";
  return mvr_query_run(t->db, &q, c);
}

/* "A, B, C and D" from a vocabulary. */
static void list_vocab(mvr_buf *b, const mvr_vocab *v, const char *last)
{
  size_t i;

  for (i = 0; i < v->n; i++) {
    if (i)
      mvr_buf_puts(b, i + 1 == v->n ? last : ", ");
    mvr_buf_printf(b, "\"%s\"", v->labels[i]);
  }
}

/* "General, Application/Service, Enabling Technology, and
 * Interoperability & Infrastructure": the note under Annex 1, from the
 * profile's clauses. */
static void category_note(tmpl *t, mvr_buf *b)
{
  uint64_t masks[64];
  size_t n = mvr_roadmap_clauses(t->p, masks, 64), i;

  mvr_buf_puts(b, "Note \xE2\x80\x93 Categories include: ");
  for (i = 0; i < n; i++) {
    if (i)
      mvr_buf_puts(b, i + 1 == n ? ", and " : ", ");
    mvr_category_labels(t->p, masks[i], " & ", b);
  }
  mvr_buf_puts(b, ".");
}

/* The instructions, one paragraph each, into t->text separated by NULs;
 * shared by the Word template and the workbook's Instructions sheet. */
static void instructions(tmpl *t, long filled)
{
  mvr_buf *b = &t->text;

  mvr_buf_reset(b);
  if (t->org) {
    char today[11];
    mvr_date_today(today);
    if (filled)
      mvr_buf_printf(
          b,
          "Pre-filled on %s with the %ld %s the roadmap holds for %s. "
          "Please correct them where needed, add new work in the empty "
          "rows, and mark work that has stopped as Withdrawn rather than "
          "deleting its row.",
          today, filled, filled == 1 ? "entry" : "entries", t->org_name);
    else
      mvr_buf_printf(b,
                     "Prepared on %s for %s, for which the roadmap holds "
                     "no entries yet.",
                     today, t->org_name);
    mvr_buf_putc(b, '\0');
  }
  mvr_buf_puts(b, INTRO);
  mvr_buf_putc(b, '\0');
  mvr_buf_puts(b, "How to fill in the table, one row per deliverable:");
  mvr_buf_putc(b, '\0');
  mvr_buf_puts(b, "SDO / Org.: the organization or group responsible, e.g. "
                  "\"ITU-T SG21\", \"ISO/IEC JTC 1/SC 29\", \"IEEE\".");
  mvr_buf_putc(b, '\0');
  mvr_buf_puts(b, "Reference: the number of the deliverable, e.g. "
                  "\"H.266\", \"ISO/IEC 23090-2\", \"IEEE P2048.1\".");
  mvr_buf_putc(b, '\0');
  mvr_buf_puts(b, "Type: one of ");
  list_vocab(b, &t->p->types, " or ");
  mvr_buf_puts(b, ".");
  mvr_buf_putc(b, '\0');
  mvr_buf_puts(b, "Status: ");
  list_vocab(b, &t->p->statuses, " or ");
  mvr_buf_puts(b, "; the stage as your organization names it (\"DIS\", "
                  "\"Active PAR\", \"In force\") is understood too.");
  mvr_buf_putc(b, '\0');
  mvr_buf_puts(b, "Category: one or more of ");
  list_vocab(b, &t->p->categories, " and ");
  mvr_buf_puts(b, ", separated by commas.");
  mvr_buf_putc(b, '\0');
  mvr_buf_puts(b, "Summary: one or two sentences on the scope.");
  mvr_buf_putc(b, '\0');
}

/* The paragraphs of t->text, in order. */
static const char *next_para(const tmpl *t, const char *at)
{
  const char *end = t->text.ptr + t->text.len;

  if (!at)
    return t->text.len ? t->text.ptr : NULL;
  at += strlen(at) + 1;
  return at < end ? at : NULL;
}

/* --- Word ------------------------------------------------------------- */

static mvr_status template_docx(tmpl *t, const char *path, long filled)
{
  mvr_buf note = MVR_BUF_INIT(1 << 16);
  mvr_docx *d = NULL;
  mvr_cursor *c = NULL;
  const mvr_entry *e;
  const char *para;
  mvr_status rc;
  int i;

  rc = mvr_docx_new(1, &d);
  if (rc)
    goto out;
  mvr_docx_heading(d, 1, NULL, TEMPLATE_TITLE);
  if (t->org)
    mvr_docx_paraf(d, NULL, "Organization: %s", t->org_name);
  instructions(t, filled);
  for (para = next_para(t, NULL); para; para = next_para(t, para))
    mvr_docx_para(d, NULL, para);
  mvr_docx_para(d, "TableTitle", TABLE_TITLE);
  mvr_docx_table_begin(d, cols, MVR_ARRAY_SIZE(cols));
  rc = prefill_cursor(t, &c);
  while (!rc && c) {
    rc = mvr_cursor_next(c, &e);
    if (rc || !e)
      break;
    mvr_docx_row_begin(d);
    mvr_docx_cell(d, e->sdo, 0);
    mvr_docx_cell(d, e->reference, 0);
    mvr_docx_cell(d, e->type, 0);
    mvr_docx_cell(d, e->title, 0);
    mvr_docx_cell(d, status_shown(e), 0);
    mvr_docx_cell(d, join_categories(t, e, ", "), 0);
    mvr_docx_cell(d, e->summary, 0);
    mvr_docx_row_end(d);
    t->nrows++;
  }
  if (rc)
    goto out;
  for (i = 0; i < (t->org ? EMPTY_ROWS_AFTER : EMPTY_ROWS); i++) {
    mvr_docx_row_begin(d);
    mvr_docx_row_end(d);
  }
  mvr_docx_table_end(d);
  category_note(t, &note);
  mvr_docx_para(d, "Note", mvr_buf_cstr(&note));
  mvr_docx_para(d, "Note", FGMV_NOTE);
  rc = mvr_buf_status(&note);
  if (!rc)
    rc = mvr_buf_status(&t->cats) ? mvr_buf_status(&t->cats)
                                  : mvr_buf_status(&t->text);
  if (!rc)
    rc = mvr_docx_save(d, path, TEMPLATE_TITLE,
                       "Annex 1 of the JCA-MV liaison statement", t->err,
                       sizeof t->err);
out:
  mvr_cursor_free(c);
  mvr_docx_free(d);
  mvr_buf_free(&note);
  return rc;
}

/* --- Excel ---------------------------------------------------------------- */

/* The values of one drop-down list: `n` strings, room for a NULL after
 * them. */
typedef struct dlist {
  char *v[MAX_LIST + 1];
  size_t n;
} dlist;

/* A drop-down list of `l` on rows 1..last of column `col`. The values
 * are also in column `src` of the Instructions sheet: the list names them
 * itself when they fit Excel's 255 characters (and hold no comma or
 * quote), and refers to that column otherwise. A value not in the list
 * only warns: the importer understands variants ("Rec.", "In force") and
 * several categories in one cell. */
static void dropdown(mvr_xlsx *x, lxw_worksheet *ws, lxw_col_t col, char src,
                     dlist *l, lxw_row_t last, const char *what,
                     const char *help)
{
  lxw_data_validation dv;
  char formula[64], title[32], message[256], etitle[32], emessage[256];
  size_t total = 0, i;
  int inline_ok = l->n > 0;

  memset(&dv, 0, sizeof dv);
  for (i = 0; i < l->n; i++) {
    total += strlen(l->v[i]) + (i ? 1 : 0);
    if (strpbrk(l->v[i], ",\""))
      inline_ok = 0;
  }
  snprintf(formula, sizeof formula, "=Instructions!$%c$2:$%c$%zu", src, src,
           l->n + 1);
  snprintf(title, sizeof title, "%s", what);
  snprintf(message, sizeof message, "%s", help);
  snprintf(etitle, sizeof etitle, "%s not in the list", what);
  snprintf(emessage, sizeof emessage,
           "This %s is not one of the list. Keep it only if it is a "
           "variant mvroad understands; otherwise choose from the list.",
           what);
  if (inline_ok && total <= 255) {
    l->v[l->n] = NULL;
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = l->v;
  } else {
    /* (libxlsxwriter 1.1.4 keeps a copy of this formula: a small leak) */
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = formula;
  }
  dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
  dv.input_title = title;
  dv.input_message = message;
  dv.error_title = etitle;
  dv.error_message = emessage;
  mvr_xlsx_check(x,
                 worksheet_data_validation_range(ws, 1, col, last, col, &dv));
}

/* A list with the labels of `v`. */
static void vocab_list(dlist *l, const mvr_vocab *v)
{
  for (l->n = 0; l->n < v->n && l->n < MAX_LIST; l->n++)
    l->v[l->n] = v->labels[l->n];
}

/* The values of a drop-down list, in column `col` of the Instructions
 * sheet, where they also show what may be written. */
static void list_column(mvr_xlsx *x, lxw_worksheet *ws, lxw_col_t col,
                        const char *head, const dlist *l)
{
  size_t i;

  mvr_xlsx_text(x, ws, 0, col, head, x->head);
  for (i = 0; i < l->n; i++)
    mvr_xlsx_text(x, ws, (lxw_row_t)(i + 1), col, l->v[i], NULL);
}

/* A paragraph of the Instructions sheet, in a row tall enough for it. */
static void help_line(mvr_xlsx *x, lxw_worksheet *ws, lxw_row_t *r,
                      const char *text)
{
  mvr_xlsx_fit_text(x, ws, *r, text, HELP_WIDTH);
  mvr_xlsx_text(x, ws, (*r)++, 0, text, x->text);
}

static mvr_status template_xlsx(tmpl *t, const char *path, long filled)
{
  mvr_buf note = MVR_BUF_INIT(1 << 16);
  lxw_worksheet *ws, *help;
  lxw_format *bold = NULL;
  mvr_cursor *c = NULL;
  const mvr_entry *e;
  const char *para;
  mvr_xlsx x;
  mvr_status rc;
  uint64_t masks[64];
  dlist types, statuses, cats;
  char *combos[64];
  size_t ncombos = 0, nclauses, i;
  lxw_row_t row = 0, last;

  rc = mvr_xlsx_open(&x, path, 0, TEMPLATE_TITLE,
                     "Annex 1 of the JCA-MV liaison statement", t->err,
                     sizeof t->err);
  if (rc)
    goto out;
  ws = mvr_xlsx_sheet(&x, "Template");
  help = mvr_xlsx_sheet(&x, "Instructions");
  if (!x.rc) {
    bold = workbook_add_format(x.wb);
    if (!bold)
      x.rc = MVR_ERR_NOMEM;
    else
      format_set_bold(bold);
  }
  mvr_xlsx_header(&x, ws, MVR_XCOL_TEMPLATE);

  rc = prefill_cursor(t, &c);
  while (!rc && c && !x.rc) {
    rc = mvr_cursor_next(c, &e);
    if (rc || !e)
      break;
    row++;
    {
      const char *cells[MVR_XCOL_TEMPLATE] = {
          e->sdo,    e->reference,    e->type,
          e->title,  status_shown(e), join_categories(t, e, "; "),
          e->summary};
      mvr_xlsx_fit_row(&x, ws, row, cells, MVR_XCOL_TEMPLATE);
    }
    mvr_xlsx_text(&x, ws, row, MVR_XCOL_SDO, e->sdo, x.text);
    mvr_xlsx_text(&x, ws, row, MVR_XCOL_REFERENCE, e->reference, x.text);
    mvr_xlsx_text(&x, ws, row, MVR_XCOL_TYPE, e->type, x.text);
    mvr_xlsx_text(&x, ws, row, MVR_XCOL_TITLE, e->title, x.text);
    mvr_xlsx_text(&x, ws, row, MVR_XCOL_STATUS, status_shown(e), x.text);
    mvr_xlsx_text(&x, ws, row, MVR_XCOL_CATEGORY, join_categories(t, e, "; "),
                  x.text);
    mvr_xlsx_text(&x, ws, row, MVR_XCOL_SUMMARY, e->summary, x.text);
    t->nrows++;
  }
  if (rc) {
    if (!x.rc)
      x.rc = rc; /* throws the workbook away */
    mvr_xlsx_close(&x, path, NULL, 0);
    goto out;
  }

  /* the lists: types, statuses, categories and their combinations
   * ("Interoperability & Infrastructure", as the template's note has it) */
  vocab_list(&types, &t->p->types);
  vocab_list(&statuses, &t->p->statuses);
  vocab_list(&cats, &t->p->categories);
  nclauses = mvr_roadmap_clauses(t->p, masks, 64);
  for (i = 0; i < nclauses && !x.rc && cats.n < MAX_LIST; i++) {
    if (!(masks[i] & (masks[i] - 1)))
      continue;
    mvr_buf_reset(&note);
    mvr_category_labels(t->p, masks[i], " & ", &note);
    combos[ncombos] = mvr_strdup(mvr_buf_cstr(&note));
    if (!combos[ncombos] || mvr_buf_status(&note))
      x.rc = MVR_ERR_NOMEM;
    else
      cats.v[cats.n++] = combos[ncombos];
    ncombos += combos[ncombos] != NULL;
  }
  if (!x.rc) {
    list_column(&x, help, 2, "Type values", &types);
    list_column(&x, help, 3, "Status values", &statuses);
    list_column(&x, help, 4, "Category values", &cats);
    worksheet_set_column(help, 2, 4, 30, x.text);
    last = row + VALIDATED_ROWS;
    dropdown(&x, ws, MVR_XCOL_TYPE, 'C', &types, last, "Type",
             "Choose the type of deliverable.");
    dropdown(&x, ws, MVR_XCOL_STATUS, 'D', &statuses, last, "Status",
             "Choose a status, or give the stage as your organization "
             "names it (DIS, Active PAR, In force).");
    dropdown(&x, ws, MVR_XCOL_CATEGORY, 'E', &cats, last, "Category",
             "Choose a category; for several, type them separated by "
             "commas.");
  }

  /* the Instructions sheet */
  if (!x.rc) {
    lxw_row_t r = 0;
    worksheet_set_column(help, 0, 0, HELP_WIDTH, x.text);
    worksheet_set_paper(help, 9); /* A4 */
    worksheet_set_landscape(help);
    worksheet_fit_to_pages(help, 1, 0);
    mvr_xlsx_text(&x, help, r++, 0, TEMPLATE_TITLE, bold);
    if (t->org) {
      mvr_buf_reset(&note);
      mvr_buf_printf(&note, "Organization: %s", t->org_name);
      help_line(&x, help, &r, mvr_buf_cstr(&note));
    }
    instructions(t, filled);
    for (para = next_para(t, NULL); para; para = next_para(t, para))
      help_line(&x, help, &r, para);
    help_line(&x, help, &r,
              "Fill in the Template sheet; its drop-down lists show the "
              "values of Type, Status and Category.");
    mvr_buf_reset(&note);
    category_note(t, &note);
    help_line(&x, help, &r, mvr_buf_cstr(&note));
    help_line(&x, help, &r, FGMV_NOTE);
  }
  if (!x.rc && (mvr_buf_status(&note) || mvr_buf_status(&t->cats) ||
                mvr_buf_status(&t->text)))
    x.rc = MVR_ERR_NOMEM;
  if (!x.rc)
    worksheet_activate(ws);
  rc = mvr_xlsx_close(&x, path, t->err, sizeof t->err);
  for (i = 0; i < ncombos; i++)
    mvr_free(combos[i]);
out:
  mvr_cursor_free(c);
  mvr_buf_free(&note);
  return rc;
}

/* --- CSV ------------------------------------------------------------------ */

static void csv_cell(mvr_buf *b, const char *s, int last)
{
  char *q = NULL;
  mvr_status rc = mvr_csv_field(s, strlen(s), &q);

  if (rc)
    b->rc = rc;
  else
    mvr_buf_puts(b, q);
  mvr_free(q);
  mvr_buf_puts(b, last ? "\r\n" : ",");
}

static mvr_status template_csv(tmpl *t, const char *path)
{
  mvr_buf b = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  mvr_cursor *c = NULL;
  const mvr_entry *e;
  mvr_outfile o;
  mvr_status rc;
  size_t i;

  rc = mvr_outfile_open(&o, path, 1, t->err, sizeof t->err);
  if (rc)
    goto out;
  for (i = 0; i < MVR_ARRAY_SIZE(cols); i++)
    csv_cell(&b, cols[i].name, i + 1 == MVR_ARRAY_SIZE(cols));
  rc = prefill_cursor(t, &c);
  while (!rc && c) {
    rc = mvr_cursor_next(c, &e);
    if (rc || !e)
      break;
    csv_cell(&b, e->sdo, 0);
    csv_cell(&b, e->reference, 0);
    csv_cell(&b, e->type, 0);
    csv_cell(&b, e->title, 0);
    csv_cell(&b, status_shown(e), 0);
    csv_cell(&b, join_categories(t, e, "; "), 0);
    csv_cell(&b, e->summary, 1);
    t->nrows++;
    rc = mvr_buf_status(&b);
    if (!rc && b.len >= 64 * 1024) {
      if (fwrite(b.ptr, 1, b.len, o.f) != b.len)
        rc = MVR_ERR_IO;
      mvr_buf_reset(&b);
    }
  }
  if (!rc)
    rc = mvr_buf_status(&b) ? mvr_buf_status(&b) : mvr_buf_status(&t->cats);
  if (!rc && fwrite(b.ptr, 1, b.len, o.f) != b.len)
    rc = MVR_ERR_IO;
  if (rc == MVR_ERR_IO)
    snprintf(t->err, sizeof t->err, "%s: write error", path);
  if (rc)
    mvr_outfile_abort(&o);
  else
    rc = mvr_outfile_commit(&o, path, t->err, sizeof t->err);
out:
  mvr_cursor_free(c);
  mvr_buf_free(&b);
  return rc;
}

/* --- the entry point ---------------------------------------------------- */

mvr_status mvr_template_file(mvr_db *db, const mvr_profile *profile,
                             const char *format, const char *org,
                             const char *path, long *nrows)
{
  mvr_profile *own = NULL;
  mvr_org_name on;
  tmpl t;
  mvr_status rc = MVR_OK;
  long filled = 0;

  if (nrows)
    *nrows = 0;
  if (!format || !path || !*path || (org && !db) || (org && !*org))
    return MVR_ERR_ARG;
  memset(&t, 0, sizeof t);
  memset(&on, 0, sizeof on);
  mvr_buf_init(&t.cats, 1 << 20);
  mvr_buf_init(&t.text, 1 << 20);
  t.db = db;
  t.org = org;
  t.p = profile ? profile : db ? db->profile : NULL;
  if (!t.p) {
    rc = mvr_profile_default(&own);
    if (rc)
      goto out;
    t.p = own;
  }
  if (org) {
    mvr_query q;
    memset(&q, 0, sizeof q);
    q.sdo = org;
    rc = mvr_query_count(db, &q, &filled);
    if (rc)
      goto out;
    /* "SG 21" is shown as "ITU-T SG21" */
    rc = mvr_normalize_org(t.p, org, strlen(org), &on);
    if (rc == MVR_ERR_NOMEM)
      goto out;
    t.org_name = rc ? org : on.name;
    rc = MVR_OK;
  }
  if (strcmp(format, "docx") == 0)
    rc = template_docx(&t, path, filled);
  else if (strcmp(format, "xlsx") == 0)
    rc = template_xlsx(&t, path, filled);
  else if (strcmp(format, "csv") == 0)
    rc = template_csv(&t, path);
  else
    rc = MVR_ERR_FORMAT;
  if (rc == MVR_ERR_FORMAT && db)
    mvr_db_fail(db, rc,
                "unknown template format \"%s\"; use docx, xlsx or "
                "csv",
                format);
  else if (rc && *t.err && db)
    mvr_db_fail(db, rc, "%s", t.err);
  if (!rc && nrows)
    *nrows = t.nrows;
out:
  mvr_org_name_clear(&on);
  mvr_profile_free(own);
  mvr_buf_free(&t.cats);
  mvr_buf_free(&t.text);
  return rc;
}
