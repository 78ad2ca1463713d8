/* export_docx.c - the roadmap as a Word document (`mvroad export --format
 * docx`), laid out as an ITU-T deliverable: a title block; clause 1, a
 * summary (entries by category and status, organisations by category);
 * one clause per category of the note under Annex 1, each a table of the
 * template's seven columns sorted by SDO then reference, in a landscape
 * section; Annex A, the contributing organisations and their
 * submissions. The body streams through docx_write.c, and each clause is
 * one query, so memory does not grow with the register. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "docx_write.h"
#include "export_docx_analysis.h"
#include "export_docx_coord.h"
#include "export_office.h"
#include "profile.h"
#include "query.h"
#include "util.h"

#define DELIVERABLE "Metaverse Standardization Roadmap"
#define MAX_CLAUSES 64

/* The template's seven columns: SDO, reference and title, then the short
 * ones, then the summary, which gets the most room. */
static const mvr_docx_col entry_cols[] = {
    {"SDO / Org.", 12}, {"Reference", 12}, {"Type", 9},     {"Title", 20},
    {"Status", 9},      {"Category", 14},  {"Summary", 24},
};

/* One submission, for the annex. */
typedef struct sub_row {
  const char *org, *doc, *file, *received;
  unsigned long rows, added, updated;
} sub_row;

typedef struct roadmap {
  mvr_db *db;
  const mvr_query *q;
  const mvr_profile *p;
  mvr_docx *d;
  mvr_stats *st;
  mvr_buf tmp;   /* formatted cell text */
  mvr_status rc; /* first formatting error */
  uint64_t only; /* the query's category as a bit, 0 = any */
  mvr_arena arena;
  sub_row *subs;
  size_t nsubs, capsubs;
  unsigned long nchanges; /* rows of Annex B */
} roadmap;

/* --- categories and clauses (shared with template.c) --------------------- */

size_t mvr_roadmap_clauses(const mvr_profile *p, uint64_t *masks, size_t max)
{
  uint64_t done = 0;
  size_t n = 0, i, k;

  for (i = 0; i < p->categories.n && i < 64 && n < max; i++) {
    uint64_t bit = (uint64_t)1 << i, m = bit;
    if (done & bit)
      continue;
    /* a combination of several categories ("Interoperability &
     * Infrastructure") is one clause, as in the template's note */
    for (k = 0; k < p->ncombos; k++) {
      uint64_t c = p->combo_masks[k];
      if ((c & bit) && (c & (c - 1))) {
        m = c & ~done;
        break;
      }
    }
    masks[n++] = m;
    done |= m;
  }
  return n;
}

void mvr_category_labels(const mvr_profile *p, uint64_t mask, const char *sep,
                         mvr_buf *b)
{
  size_t i;
  int first = 1;

  for (i = 0; i < p->categories.n && i < 64; i++) {
    if (!(mask & ((uint64_t)1 << i)))
      continue;
    if (!first)
      mvr_buf_puts(b, sep);
    mvr_buf_puts(b, p->categories.labels[i]);
    first = 0;
  }
}

int mvr_entry_in(const mvr_profile *p, const mvr_entry *e, uint64_t mask)
{
  size_t i, k;

  for (i = 0; i < p->categories.n && i < 64; i++) {
    if (!(mask & ((uint64_t)1 << i)))
      continue;
    for (k = 0; k < e->ncategories; k++)
      if (strcmp(e->categories[k], p->categories.labels[i]) == 0)
        return 1;
  }
  return 0;
}

/* --- helpers ------------------------------------------------------------- */

/* printf into r->tmp; borrowed until the next call. */
static const char *fmt(roadmap *r, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static const char *fmt(roadmap *r, const char *f, ...)
{
  va_list ap;

  if (mvr_buf_status(&r->tmp) && !r->rc)
    r->rc = mvr_buf_status(&r->tmp);
  mvr_buf_reset(&r->tmp);
  va_start(ap, f);
  mvr_buf_vprintf(&r->tmp, f, ap);
  va_end(ap);
  return mvr_buf_cstr(&r->tmp);
}

static void label_row(mvr_docx *d, const char *label, const char *value)
{
  mvr_docx_row_begin(d);
  mvr_docx_cell(d, label, MVR_DOCX_BOLD);
  mvr_docx_cell(d, value, 0);
  mvr_docx_row_end(d);
}

static void count_row(mvr_docx *d, const char *label, long n, unsigned flags)
{
  mvr_docx_row_begin(d);
  mvr_docx_cell(d, label, flags);
  mvr_docx_cell_long(d, n, flags);
  mvr_docx_row_end(d);
}

static const char *plural(long n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* The query as text ("organisation \"SG21\"; category \"General\"") into
 * `b`; 0 when it selects everything. */
static int selection(const mvr_query *q, mvr_buf *b)
{
  const char *sep = "";

  if (!q)
    return 0;
#define PART(field, what)                                                      \
  if (q->field && *q->field) {                                                 \
    mvr_buf_printf(b, "%s" what " \"%s\"", sep, q->field);                     \
    sep = "; ";                                                                \
  }
  PART(sdo, "organisation")
  PART(category, "category")
  PART(status, "status")
  PART(type, "type")
  PART(text, "search")
#undef PART
  return *sep != '\0';
}

/* --- title block and clause 1 ------------------------------------------- */

/* "Release 2026-05 of 2026-05-22" for a roadmap read as a release,
 * else "Draft of <today>". Borrowed from r->tmp. */
static const char *version(roadmap *r)
{
  const char *rel = r->q ? r->q->release : NULL;
  mvr_releases *list = NULL;
  const char *date = NULL, *v;
  char today[11];
  size_t i;

  if (!rel || !*rel || strcmp(rel, "current") == 0) {
    mvr_date_today(today);
    return fmt(r, "Draft of %s", today);
  }
  /* its date, when the list can be read; the name alone otherwise */
  if (mvr_release_list(r->db, &list) == MVR_OK)
    for (i = 0; i < list->n; i++)
      if (strcmp(list->items[i].name, rel) == 0)
        date = list->items[i].date;
  v = date ? fmt(r, "Release %s of %s", rel, date) : fmt(r, "Release %s", rel);
  mvr_releases_free(list);
  return v;
}

static void title_block(roadmap *r)
{
  static const mvr_docx_col cols[] = {{NULL, 1}, {NULL, 3}};
  mvr_buf sel = MVR_BUF_INIT(1 << 16);
  mvr_docx *d = r->d;

  mvr_docx_para(d, "Title", DELIVERABLE);
  mvr_docx_para(d, "Subtitle",
                "ITU-T Joint Coordination Activity on Metaverse "
                "Standardization (JCA-MV)");
  mvr_docx_table_begin(d, cols, 2);
  label_row(d, "Deliverable", DELIVERABLE);
  label_row(d, "Version", version(r));
  label_row(d, "Contents",
            fmt(r, "%ld %s from %ld %s; %ld %s received", r->st->entries,
                plural(r->st->entries, "entry", "entries"),
                r->st->organisations,
                plural(r->st->organisations, "organisation", "organisations"),
                r->st->submissions,
                plural(r->st->submissions, "submission", "submissions")));
  label_row(d, "Selection",
            selection(r->q, &sel)
                ? fmt(r, "Entries matching %s", mvr_buf_cstr(&sel))
                : "All entries");
  if (mvr_buf_status(&sel) && !r->rc)
    r->rc = mvr_buf_status(&sel);
  mvr_buf_free(&sel);
  label_row(d, "Vocabularies",
            fmt(r, "Profile %s %s", mvr_profile_name(r->p),
                mvr_profile_version(r->p)));
  label_row(d, "Produced by", fmt(r, "mvroad %s", mvr_version()));
  mvr_docx_table_end(d);
  mvr_docx_para(d, "Note",
                "This roadmap is generated from the register of inputs "
                "that organisations sent with the template of Annex 1 of "
                "the JCA-MV liaison statement. Its tables use the "
                "template's columns, so that each organisation can check "
                "its entries and send corrections in the same form.");
}

static int by_label(const void *a, const void *b)
{
  const mvr_count *x = *(const mvr_count *const *)a;
  const mvr_count *y = *(const mvr_count *const *)b;
  return strcmp(x->label, y->label);
}

typedef struct matrix {
  const mvr_count **orgs; /* by name */
  size_t norgs, ncat, cur;
  long *cells; /* norgs x ncat */
} matrix;

static mvr_status on_org_count(void *ud, const char *label, long n)
{
  matrix *m = ud;
  mvr_count key = {label, 0};
  const mvr_count *k = &key;
  const mvr_count **hit =
      bsearch(&k, m->orgs, m->norgs, sizeof *m->orgs, by_label);

  if (hit)
    m->cells[(size_t)(hit - m->orgs) * m->ncat + m->cur] = n;
  return MVR_OK;
}

/* Table: organisations (rows, by name) by category (columns), counted
 * with one facet query per category. */
static mvr_status org_by_category(roadmap *r)
{
  mvr_docx_col cols[MVR_DOCX_MAX_COLS];
  mvr_store *store = r->db->store;
  mvr_resolved res;
  matrix m;
  mvr_status rc;
  size_t i, k;

  memset(&m, 0, sizeof m);
  rc = mvr_query_resolve(r->db, r->q, &res);
  if (rc)
    return rc;
  res.spec.limit = res.spec.offset = 0;
  m.ncat = r->p->categories.n;
  if (m.ncat > MVR_DOCX_MAX_COLS - 2)
    m.ncat = MVR_DOCX_MAX_COLS - 2;
  m.norgs = r->st->nsdo;
  m.orgs = mvr_malloc((m.norgs + 1) * sizeof *m.orgs);
  m.cells = mvr_malloc((m.norgs * m.ncat + 1) * sizeof *m.cells);
  if (!m.orgs || !m.cells) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < m.norgs; i++)
    m.orgs[i] = &r->st->by_sdo[i];
  memset(m.cells, 0, (m.norgs * m.ncat + 1) * sizeof *m.cells);
  qsort(m.orgs, m.norgs, sizeof *m.orgs, by_label);
  for (m.cur = 0; m.cur < m.ncat; m.cur++) {
    mvr_query_spec spec = res.spec;
    const char *label = r->p->categories.labels[m.cur];
    if (spec.category && strcmp(spec.category, label) != 0)
      continue;
    spec.category = label;
    rc = store->ops->facet(store, &spec, "sdo", on_org_count, &m);
    if (rc) {
      if (rc != MVR_ERR_NOMEM)
        mvr_db_store_fail(r->db, rc);
      goto out;
    }
  }

  cols[0].name = "SDO / Org.";
  cols[0].weight = 4;
  for (k = 0; k < m.ncat; k++) {
    cols[k + 1].name = r->p->categories.labels[k];
    cols[k + 1].weight = 3;
  }
  cols[m.ncat + 1].name = "Total";
  cols[m.ncat + 1].weight = 2;
  mvr_docx_caption(r->d, "Entries by organisation and category");
  mvr_docx_table_begin(r->d, cols, m.ncat + 2);
  for (i = 0; i < m.norgs; i++) {
    mvr_docx_row_begin(r->d);
    mvr_docx_cell(r->d, m.orgs[i]->label, 0);
    for (k = 0; k < m.ncat; k++)
      mvr_docx_cell_long(r->d, m.cells[i * m.ncat + k], 0);
    mvr_docx_cell_long(r->d, m.orgs[i]->count, MVR_DOCX_BOLD);
    mvr_docx_row_end(r->d);
  }
  mvr_docx_row_begin(r->d);
  mvr_docx_cell(r->d, "Total", MVR_DOCX_BOLD);
  for (k = 0; k < m.ncat; k++)
    mvr_docx_cell_long(r->d, r->st->by_category[k].count, MVR_DOCX_BOLD);
  mvr_docx_cell_long(r->d, r->st->entries, MVR_DOCX_BOLD);
  mvr_docx_row_end(r->d);
  mvr_docx_table_end(r->d);
out:
  mvr_resolved_clear(&res);
  mvr_free(m.orgs);
  mvr_free(m.cells);
  return rc;
}

static mvr_status summary(roadmap *r, size_t nclauses)
{
  static const mvr_docx_col cat_cols[] = {{"Category", 3}, {"Entries", 1}};
  static const mvr_docx_col st_cols[] = {{"Status", 3}, {"Entries", 1}};
  mvr_docx *d = r->d;
  const mvr_stats *st = r->st;
  size_t i;

  mvr_docx_heading(d, 1, "1", "Summary");
  mvr_docx_para(
      d, NULL,
      fmt(r,
          "This roadmap lists %ld %s of metaverse-related standardization "
          "work from %ld %s, as received by the JCA-MV in %ld %s made with "
          "the template of Annex 1 of its liaison statement. Clauses 2 to "
          "%zu list the entries by category; an entry classified in several "
          "categories appears in the clause of each.",
          st->entries, plural(st->entries, "entry", "entries"),
          st->organisations,
          plural(st->organisations, "organisation", "organisations"),
          st->submissions, plural(st->submissions, "submission", "submissions"),
          nclauses + 1));
  mvr_docx_heading(d, 2, "1.1", "Entries by category");
  mvr_docx_caption(d, "Entries by category");
  mvr_docx_table_begin(d, cat_cols, 2);
  for (i = 0; i < st->ncategory; i++)
    count_row(d, st->by_category[i].label, st->by_category[i].count, 0);
  mvr_docx_table_end(d);
  mvr_docx_para(d, "Note",
                "Note \xE2\x80\x93 An entry may belong to several categories, "
                "so these counts add up to more than the number of entries.");

  mvr_docx_heading(d, 2, "1.2", "Entries by status");
  mvr_docx_caption(d, "Entries by status");
  mvr_docx_table_begin(d, st_cols, 2);
  for (i = 0; i < st->nstatus; i++)
    count_row(d, st->by_status[i].label, st->by_status[i].count, 0);
  count_row(d, "Total", st->entries, MVR_DOCX_BOLD);
  mvr_docx_table_end(d);

  /* this table and the clauses' want the width of a landscape page: the
   * landscape section starts here and runs to the annex */
  mvr_docx_section(d, 1);
  mvr_docx_heading(d, 2, "1.3", "Entries by organisation and category");
  if (!st->nsdo) {
    mvr_docx_para(d, NULL, "No entries.");
    return MVR_OK;
  }
  return org_by_category(r);
}

/* --- the category clauses --------------------------------------------------
 */

static void categories_cell(roadmap *r, const mvr_entry *e)
{
  size_t k;

  if (mvr_buf_status(&r->tmp) && !r->rc)
    r->rc = mvr_buf_status(&r->tmp);
  mvr_buf_reset(&r->tmp);
  for (k = 0; k < e->ncategories; k++) {
    if (k)
      mvr_buf_puts(&r->tmp, ", ");
    mvr_buf_puts(&r->tmp, e->categories[k]);
  }
  mvr_docx_cell(r->d, mvr_buf_cstr(&r->tmp), 0);
}

static mvr_status clause(roadmap *r, unsigned num, uint64_t mask)
{
  mvr_buf title = MVR_BUF_INIT(1 << 16), which = MVR_BUF_INIT(1 << 16);
  mvr_docx *d = r->d;
  mvr_cursor *c = NULL;
  const mvr_entry *e;
  mvr_query cq;
  mvr_status rc;
  char numtext[16];
  int single = !(mask & (mask - 1));
  long n = 0;

  mvr_category_labels(r->p, mask, " & ", &title);
  mvr_category_labels(r->p, mask, " or ", &which);
  rc = mvr_buf_status(&title) ? mvr_buf_status(&title) : mvr_buf_status(&which);
  if (rc)
    goto out;
  snprintf(numtext, sizeof numtext, "%u", num);
  mvr_docx_heading(d, 1, numtext, mvr_buf_cstr(&title));
  mvr_docx_para(d, NULL,
                fmt(r,
                    "This clause lists the entries classified as %s%s, "
                    "sorted by organisation, then reference.",
                    mvr_buf_cstr(&which),
                    single ? "" : " (an entry of both is listed once)"));

  memset(&cq, 0, sizeof cq);
  if (r->q)
    cq = *r->q;
  cq.limit = cq.offset = 0;
  cq.sort = "sdo";
  /* one category: let the store filter; several: filter here */
  if (single && !r->only)
    cq.category = mvr_buf_cstr(&title);
  rc = mvr_query_run(r->db, &cq, &c);
  if (rc)
    goto out;
  for (;;) {
    rc = mvr_cursor_next(c, &e);
    if (rc || !e)
      break;
    if (!single && !mvr_entry_in(r->p, e, mask))
      continue;
    if (!n++) {
      mvr_docx_caption(d, fmt(r, "Entries in %s", mvr_buf_cstr(&title)));
      mvr_docx_table_begin(d, entry_cols, MVR_ARRAY_SIZE(entry_cols));
    }
    mvr_docx_row_begin(d);
    mvr_docx_cell(d, e->sdo, 0);
    mvr_docx_cell(d, e->reference, 0);
    mvr_docx_cell(d, e->type, 0);
    mvr_docx_cell(d, e->title, 0);
    mvr_docx_cell(d, e->status, 0);
    categories_cell(r, e);
    mvr_docx_cell(d, e->summary, 0);
    mvr_docx_row_end(d);
    rc = mvr_docx_status(d);
    if (rc)
      break;
  }
  if (rc)
    goto out;
  if (n)
    mvr_docx_table_end(d);
  else
    mvr_docx_para(d, NULL, "No entries.");
out:
  mvr_cursor_free(c);
  mvr_buf_free(&title);
  mvr_buf_free(&which);
  return rc;
}

/* --- Annex A: organisations and submissions ------------------------------ */

static mvr_status on_submission(void *ud, const mvr_submission_rec *sub,
                                const char *org, unsigned long rows,
                                unsigned long added, unsigned long updated)
{
  roadmap *r = ud;
  sub_row *s;

  if (r->nsubs == r->capsubs) {
    size_t cap = r->capsubs ? r->capsubs * 2 : 16;
    sub_row *p = mvr_realloc(r->subs, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    r->subs = p;
    r->capsubs = cap;
  }
  s = &r->subs[r->nsubs];
  s->org = mvr_arena_strdup(&r->arena, org);
  s->doc = mvr_arena_strdup(&r->arena, sub->doc);
  s->file = mvr_arena_strdup(&r->arena, sub->file_name);
  s->received = mvr_arena_strdup(&r->arena, sub->received);
  s->rows = rows;
  s->added = added;
  s->updated = updated;
  if (r->arena.failed)
    return MVR_ERR_NOMEM;
  r->nsubs++;
  return MVR_OK;
}

typedef struct org_row {
  const char *name;
  long entries, subs;
} org_row;

static int org_cmp(const void *a, const void *b)
{
  return strcmp(((const org_row *)a)->name, ((const org_row *)b)->name);
}

/* Organisations with entries, and those that sent submissions. */
static mvr_status annex_orgs(roadmap *r)
{
  static const mvr_docx_col cols[] = {
      {"Contributing organisation", 6}, {"Entries", 2}, {"Submissions", 2}};
  org_row *rows;
  size_t n = 0, i, sorted;
  mvr_status rc = MVR_OK;

  rows = mvr_malloc((r->st->nsdo + r->nsubs + 1) * sizeof *rows);
  if (!rows)
    return MVR_ERR_NOMEM;
  for (i = 0; i < r->st->nsdo; i++) {
    rows[n].name = r->st->by_sdo[i].label;
    rows[n].entries = r->st->by_sdo[i].count;
    rows[n++].subs = 0;
  }
  qsort(rows, n, sizeof *rows, org_cmp);
  sorted = n;
  for (i = 0; i < r->nsubs; i++) {
    org_row key = {r->subs[i].org, 0, 0}, *hit;
    size_t k;
    if (!*key.name)
      continue;
    hit = bsearch(&key, rows, sorted, sizeof *rows, org_cmp);
    for (k = sorted; !hit && k < n; k++)
      if (strcmp(rows[k].name, key.name) == 0)
        hit = &rows[k];
    if (!hit) {
      hit = &rows[n++];
      *hit = key;
    }
    hit->subs++;
  }
  qsort(rows, n, sizeof *rows, org_cmp);
  mvr_docx_heading(r->d, 2, "A.1", "Contributing organisations");
  if (!n) {
    mvr_docx_para(r->d, NULL, "None yet.");
    goto out;
  }
  mvr_docx_caption(r->d, "Contributing organisations");
  mvr_docx_table_begin(r->d, cols, MVR_ARRAY_SIZE(cols));
  for (i = 0; i < n; i++) {
    mvr_docx_row_begin(r->d);
    mvr_docx_cell(r->d, rows[i].name, 0);
    mvr_docx_cell_long(r->d, rows[i].entries, 0);
    mvr_docx_cell_long(r->d, rows[i].subs, 0);
    mvr_docx_row_end(r->d);
  }
  mvr_docx_table_end(r->d);
out:
  mvr_free(rows);
  return rc;
}

static mvr_status annex(roadmap *r)
{
  static const mvr_docx_col cols[] = {
      {"Submitted by", 5}, {"Doc. no.", 4}, {"File", 6},   {"Received", 3},
      {"Rows", 3},         {"Added", 3},    {"Updated", 3}};
  mvr_store *store = r->db->store;
  mvr_status rc;
  size_t i;

  rc = store->ops->submissions(store, on_submission, r);
  if (rc) {
    if (rc != MVR_ERR_NOMEM)
      mvr_db_store_fail(r->db, rc);
    return rc;
  }
  mvr_docx_heading(r->d, 1, NULL,
                   "Annex A \xE2\x80\x93 Contributing organisations and "
                   "their submissions");
  mvr_docx_para(r->d, NULL,
                "This annex lists the organisations whose work the roadmap "
                "records, and the submissions from which the register was "
                "built.");
  rc = annex_orgs(r);
  if (rc)
    return rc;
  mvr_docx_heading(r->d, 2, "A.2", "Submissions");
  if (!r->nsubs) {
    mvr_docx_para(r->d, NULL, "No submissions are recorded.");
    return MVR_OK;
  }
  mvr_docx_caption(r->d, "Submissions received");
  mvr_docx_table_begin(r->d, cols, MVR_ARRAY_SIZE(cols));
  for (i = 0; i < r->nsubs; i++) {
    const sub_row *s = &r->subs[i];
    mvr_docx_row_begin(r->d);
    mvr_docx_cell(r->d, *s->org ? s->org : "(not stated)", 0);
    mvr_docx_cell(r->d, s->doc, 0);
    mvr_docx_cell(r->d, s->file, 0);
    mvr_docx_cell(r->d, s->received, 0);
    mvr_docx_cell_long(r->d, (long)s->rows, 0);
    mvr_docx_cell_long(r->d, (long)s->added, 0);
    mvr_docx_cell_long(r->d, (long)s->updated, 0);
    mvr_docx_row_end(r->d);
  }
  mvr_docx_table_end(r->d);
  mvr_docx_para(r->d, "Note",
                "Note \xE2\x80\x93 A submission that named no organisation "
                "is shown as \"(not stated)\"; each of its rows names the "
                "organisation of the entry.");
  return MVR_OK;
}

/* --- Annex B: changes since the previous version ---------------------- */

static const char *const change_kind[] = {"Added", "Removed (merged)",
                                          "Changed"};

static mvr_status on_change_row(void *ud, const mvr_diff_item *d)
{
  roadmap *r = ud;
  const mvr_entry *e = d->to ? d->to : d->from;
  size_t i;

  mvr_buf_reset(&r->tmp);
  for (i = 0; i < d->nfields; i++)
    mvr_buf_printf(&r->tmp, "%s%s: %s \xE2\x86\x92 %s", i ? "; " : "",
                   d->fields[i].field, d->fields[i].from, d->fields[i].to);
  if (mvr_buf_status(&r->tmp))
    return mvr_buf_status(&r->tmp);
  mvr_docx_row_begin(r->d);
  mvr_docx_cell(r->d, d->withdrawn ? "Withdrawn" : change_kind[d->kind], 0);
  mvr_docx_cell(r->d, e->sdo, 0);
  mvr_docx_cell(r->d, e->reference, 0);
  mvr_docx_cell(r->d, e->title, 0);
  mvr_docx_cell(r->d, mvr_buf_cstr(&r->tmp), 0);
  mvr_docx_row_end(r->d);
  r->nchanges++;
  return mvr_docx_status(r->d);
}

/* "Changes since version A": from the release before the exported
 * version (the latest release for the live roadmap) to that version.
 * Nothing when there is no earlier release. */
static mvr_status annex_changes(roadmap *r)
{
  static const mvr_docx_col cols[] = {{"Change", 3},
                                      {"SDO/Org.", 4},
                                      {"Reference", 4},
                                      {"Title", 7},
                                      {"What changed", 9}};
  const char *to = r->q && r->q->release ? r->q->release : "current";
  mvr_releases *rels = NULL;
  const mvr_release *since = NULL;
  mvr_status rc;
  size_t i;

  rc = mvr_release_list(r->db, &rels);
  if (rc)
    return rc;
  for (i = 0; i < rels->n; i++) {
    if (strcmp(to, "current") != 0 && strcmp(rels->items[i].name, to) == 0)
      break;
    since = &rels->items[i];
  }
  if (!since)
    goto out;
  mvr_docx_heading(r->d, 1, NULL,
                   fmt(r, "Annex B \xE2\x80\x93 Changes since version %s",
                       since->name));
  mvr_docx_paraf(r->d, NULL,
                 "Entries added, removed, withdrawn or changed between release "
                 "%s (%s) and this version.",
                 since->name, since->date);
  mvr_docx_table_begin(r->d, cols, MVR_ARRAY_SIZE(cols));
  rc = mvr_diff(r->db, since->name, to, on_change_row, r);
  mvr_docx_table_end(r->d);
  if (!rc && !r->nchanges)
    mvr_docx_para(r->d, NULL, "Nothing changed.");
out:
  mvr_releases_free(rels);
  return rc;
}

/* --- the document ----------------------------------------------------------
 */

/* Is `q` the whole current register (no release, no selection)? */
static int whole_register(const mvr_query *q)
{
  return !q || ((!q->release || !*q->release ||
                 strcmp(q->release, "current") == 0) &&
                (!q->text || !*q->text) && (!q->sdo || !*q->sdo) &&
                (!q->category || !*q->category) &&
                (!q->status || !*q->status) && (!q->type || !*q->type));
}

mvr_status mvr_export_docx(mvr_db *db, const mvr_query *q, const char *path)
{
  roadmap r;
  uint64_t masks[MAX_CLAUSES];
  size_t nclauses, i, shown = 0;
  unsigned num = 1;
  mvr_status rc;
  char err[512];

  memset(&r, 0, sizeof r);
  r.db = db;
  r.q = q;
  r.p = db->profile;
  mvr_buf_init(&r.tmp, MVR_BUF_DEFAULT_MAX);
  rc = mvr_stats_get(db, q, &r.st);
  if (rc)
    goto out;
  /* a category filter keeps only the clause holding that category */
  if (q && q->category && *q->category &&
      mvr_normalize_categories(r.p, q->category, strlen(q->category), &r.only,
                               NULL, NULL) != MVR_OK)
    r.only = 0;
  nclauses = mvr_roadmap_clauses(r.p, masks, MAX_CLAUSES);
  for (i = 0; i < nclauses; i++)
    if (!r.only || (masks[i] & r.only))
      shown++;
  rc = mvr_docx_new(0, &r.d);
  if (rc) {
    if (rc == MVR_ERR_IO)
      mvr_db_fail(db, rc, "cannot create a temporary file for %s", path);
    goto out;
  }
  title_block(&r);
  rc = summary(&r, shown);
  if (rc)
    goto out;
  for (i = 0; i < nclauses && !rc; i++)
    if (!r.only || (masks[i] & r.only))
      rc = clause(&r, ++num, masks[i]);
  if (rc)
    goto out;
  mvr_docx_section(r.d, 0);
  rc = annex(&r);
  if (!rc)
    rc = annex_changes(&r);
  /* issue 7: Annexes C and D, coordination opportunities and gaps, on
   * the live register (not in the roadmap of a release or a selection) */
  if (!rc && whole_register(q))
    rc = mvr_docx_analysis_annexes(db, r.d, 'C');
  if (!rc) /* issue 6: the coordination annex, C, or E after C and D */
    rc = mvr_docx_coord_annex(db, r.d, whole_register(q) ? "E" : "C");
  if (!rc)
    rc = r.rc;
  if (rc)
    goto out;
  rc = mvr_docx_save(r.d, path, DELIVERABLE,
                     "Metaverse-related standardization work (JCA-MV)", err,
                     sizeof err);
  if (rc == MVR_ERR_IO)
    mvr_db_fail(db, rc, "%s", *err ? err : path);
out:
  mvr_docx_free(r.d);
  mvr_stats_free(r.st);
  mvr_buf_free(&r.tmp);
  mvr_free(r.subs);
  mvr_arena_free(&r.arena);
  return rc;
}
