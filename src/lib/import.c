/* import.c - the importer: finds the template's header in whatever tables
 * a reader produces, maps columns by name, validates and normalises each
 * row against the profile, and stores it with its provenance, all in one
 * transaction per file: a file with any error stores nothing.
 *
 * Checking (dry run, or no database) runs exactly the same code against
 * the real database or a scratch in-memory one and rolls back, so `check`
 * and `import` always report the same diagnostics. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "apply.h"
#include "import.h"
#include "profile.h"
#include "report.h"
#include "util.h"

#define MAX_ERRORS 200

typedef struct cached_org {
  mvr_org_name org;
  char *written;     /* the spelling in the file */
  int alias_stored;  /* recorded in this transaction */
} cached_org;

struct mvr_importer {
  mvr_db *db;
  mvr_db *scratch; /* owned in-memory register for checks without one */
  const mvr_profile *p;
  mvr_report *rep;
  char *name;
  const mvr_reader_ops *reader;
  void *rstate;
  unsigned flags;
  char *opt_org, *opt_doc;
  char received[11];
  char now[21];

  mvr_sha256 hash;
  char known_sha[65]; /* computed before reading, or "" */

  /* UTF-8 check over the raw bytes of text formats */
  int text_format;
  unsigned utf8_need;
  unsigned char utf8_lo, utf8_hi; /* bounds of the next continuation byte */
  unsigned long long utf8_start;  /* offset of the character being read */
  unsigned long long offset;
  unsigned long line;
  int utf8_bad;

  /* the current table */
  char *table;
  int have_header;
  int any_header;
  unsigned long rows_seen;
  int colmap[MVR_MAX_COLUMNS];
  size_t ncols;
  const mvr_import_hook *hook; /* inspect mode: rows go to the hook */

  /* the submitting organisation (--org) */
  mvr_org_name sub_org;

  mvr_import_result res;
  mvr_apply apply; /* counts what the rows did */
  int txn;
  int64_t sub_id;
  mvr_status fatal;   /* out of memory, store failure: stop */
  unsigned long errors;
  int stopped;        /* too many errors */

  /* caches: the same SDO, type, status and category texts repeat */
  mvr_map org_cache;
  cached_org *orgs;
  size_t norgs, orgcap;
  mvr_map status_cache, type_cache, cat_cache;
  uint64_t *cat_masks;
  size_t ncat, catcap;
  mvr_map warned;

  mvr_buf tmp, cats;
  char example_ref[6][32]; /* keys of the template examples' references */
  int example_refs;        /* computed */
};

const char *mvr_import_name(const mvr_importer *imp)
{
  return imp->name;
}

/* --- diagnostics ---------------------------------------------------- */

static mvr_status vdiag(mvr_importer *imp, mvr_severity sev,
                        unsigned long row, unsigned long col,
                        const char *column, const char *code,
                        const char *fmt, va_list ap)
{
  mvr_buf msg = MVR_BUF_INIT(64 * 1024);
  mvr_pos pos;
  mvr_status rc;

  if (sev == MVR_ERROR) {
    imp->errors++;
    if (imp->errors > MAX_ERRORS) {
      imp->stopped = 1;
      return MVR_OK;
    }
  }
  mvr_buf_vprintf(&msg, fmt, ap);
  pos.file = imp->name;
  pos.table = imp->table;
  pos.row = row;
  pos.col = col;
  pos.column = column;
  rc = mvr_buf_status(&msg);
  if (!rc)
    rc = mvr_report_add(imp->rep, sev, &pos, code, "%s", msg.ptr);
  mvr_buf_free(&msg);
  if (sev == MVR_ERROR && imp->errors == MAX_ERRORS) {
    pos.row = pos.col = 0;
    pos.column = NULL;
    pos.table = NULL;
    mvr_report_add(imp->rep, MVR_NOTE, &pos, "too-many-errors",
                   "stopping after %d errors", MAX_ERRORS);
  }
  return rc;
}

mvr_status mvr_import_diag(mvr_importer *imp, mvr_severity sev,
                           unsigned long row, unsigned long col,
                           const char *code, const char *fmt, ...)
{
  va_list ap;
  mvr_status rc;

  va_start(ap, fmt);
  rc = vdiag(imp, sev, row, col, NULL, code, fmt, ap);
  va_end(ap);
  return rc;
}

__attribute__((format(printf, 6, 7))) static mvr_status
field_diag(mvr_importer *imp, mvr_severity sev, unsigned long row,
           unsigned long col, mvr_field f, const char *fmt, ...)
{
  va_list ap;
  mvr_status rc;

  va_start(ap, fmt);
  rc = vdiag(imp, sev, row, col, mvr_field_name(f), mvr_field_key(f), fmt,
             ap);
  va_end(ap);
  return rc;
}

/* --- tables and headers ----------------------------------------------- */

mvr_status mvr_import_table_begin(mvr_importer *imp, const char *table)
{
  mvr_free(imp->table);
  imp->table = NULL;
  if (table) {
    imp->table = mvr_strdup(table);
    if (!imp->table)
      return imp->fatal = MVR_ERR_NOMEM;
  }
  imp->have_header = 0;
  imp->rows_seen = 0;
  imp->ncols = 0;
  if (imp->hook && imp->hook->table_begin) {
    mvr_status rc = imp->hook->table_begin(imp->hook->ud, table);
    if (rc)
      return imp->fatal = rc;
  }
  return MVR_OK;
}

/* Is this row the template's header? It is when at least three cells name
 * distinct template columns, Reference and Title among them. */
static int header_score(mvr_importer *imp, const mvr_cell *cells, size_t n,
                        int *map)
{
  unsigned seen = 0;
  size_t i;
  int score = 0;

  for (i = 0; i < n && i < MVR_MAX_COLUMNS; i++) {
    int f = -1;
    if (cells[i].len && cells[i].len < 128) {
      mvr_key(cells[i].p, cells[i].len, &imp->tmp);
      if (!mvr_buf_status(&imp->tmp) && imp->tmp.len)
        f = mvr_map_get(&imp->p->columns, imp->tmp.ptr);
    }
    if (f >= 0 && (seen & (1u << f)))
      f = -2; /* a second column for the same field */
    if (f >= 0) {
      seen |= 1u << f;
      score++;
    }
    map[i] = f;
  }
  if (!(seen & (1u << MVR_F_REFERENCE)) || !(seen & (1u << MVR_F_TITLE)))
    return 0;
  return score >= 3 ? score : 0;
}

static mvr_status take_header(mvr_importer *imp, unsigned long row,
                              const mvr_cell *cells, size_t n)
{
  unsigned seen = 0;
  size_t i;
  int f;

  imp->have_header = 1;
  imp->any_header = 1;
  imp->ncols = n < MVR_MAX_COLUMNS ? n : MVR_MAX_COLUMNS;
  for (i = 0; i < imp->ncols; i++) {
    if (imp->colmap[i] >= 0) {
      seen |= 1u << imp->colmap[i];
    } else if (imp->colmap[i] == -2) {
      mvr_import_diag(imp, MVR_WARNING, row, i + 1, "column",
                      "column %zu \"%.*s\" repeats a template column; "
                      "only the first is read",
                      i + 1, (int)(cells[i].len > 60 ? 60 : cells[i].len),
                      cells[i].p);
    } else if (cells[i].len) {
      mvr_import_diag(imp, MVR_NOTE, row, i + 1, "column",
                      "column %zu \"%.*s\" is not a template column; "
                      "ignored",
                      i + 1, (int)(cells[i].len > 60 ? 60 : cells[i].len),
                      cells[i].p);
    }
  }
  for (f = 0; f < MVR_F_COUNT; f++) {
    if (!(imp->p->required & (1u << f)) || (seen & (1u << f)))
      continue;
    if (f == MVR_F_SDO && imp->opt_org)
      continue;
    mvr_import_diag(imp, MVR_ERROR, row, 0, "header",
                    "the header has no \"%s\" column%s; the template's "
                    "columns are SDO/Org., Reference, Type, Title, "
                    "Status, Category, Summary",
                    mvr_field_name((mvr_field)f),
                    f == MVR_F_SDO ? " (or give the organisation with --org)"
                                   : "");
  }
  return imp->fatal;
}

void mvr_import_row_rejected(mvr_importer *imp)
{
  imp->res.rows++;
}

mvr_status mvr_import_table_end(mvr_importer *imp)
{
  imp->have_header = 0;
  if (!imp->fatal && imp->hook && imp->hook->table_end) {
    mvr_status rc = imp->hook->table_end(imp->hook->ud);
    if (rc)
      imp->fatal = rc;
  }
  return imp->fatal;
}


/* --- value caches -------------------------------------------------- */

/* Resolve the organisation named `s` (cleaned). *out is borrowed. */
static mvr_status org_of(mvr_importer *imp, const char *s,
                         const cached_org **out)
{
  int idx = mvr_map_get(&imp->org_cache, s);
  mvr_status rc;

  if (idx < 0) {
    cached_org *c;
    if (imp->norgs == imp->orgcap) {
      size_t cap = imp->orgcap ? imp->orgcap * 2 : 16;
      cached_org *p = mvr_realloc(imp->orgs, cap * sizeof *p);
      if (!p)
        return MVR_ERR_NOMEM;
      imp->orgs = p;
      imp->orgcap = cap;
    }
    c = &imp->orgs[imp->norgs];
    memset(c, 0, sizeof *c);
    rc = mvr_normalize_org(imp->p, s, strlen(s), &c->org);
    if (rc)
      return rc;
    c->written = mvr_strdup(s);
    if (!c->written) {
      mvr_org_name_clear(&c->org);
      return MVR_ERR_NOMEM;
    }
    idx = (int)imp->norgs++;
    rc = mvr_map_set(&imp->org_cache, s, idx);
    if (rc)
      return rc;
  }
  *out = &imp->orgs[idx];
  return MVR_OK;
}

/* Cached status/type lookup: index into the vocabulary or -1. */
static int vocab_cached(mvr_importer *imp, mvr_map *cache, const char *s,
                        int is_status)
{
  int idx = mvr_map_get(cache, s);
  const char *canon = NULL;
  const mvr_vocab *v = is_status ? &imp->p->statuses : &imp->p->types;
  size_t i;

  if (idx != -1)
    return idx < 0 ? -1 : idx;
  if (is_status)
    mvr_normalize_status(imp->p, s, strlen(s), &canon);
  else
    mvr_normalize_type(imp->p, s, strlen(s), &canon);
  idx = -3; /* cached "unknown" */
  for (i = 0; canon && i < v->n; i++)
    if (v->labels[i] == canon)
      idx = (int)i;
  if (mvr_map_set(cache, s, idx))
    imp->fatal = MVR_ERR_NOMEM;
  return idx < 0 ? -1 : idx;
}

/* Join the labels of `mask` with "; " into imp->cats. */
static void join_categories(mvr_importer *imp, uint64_t mask)
{
  size_t i;

  mvr_buf_reset(&imp->cats);
  for (i = 0; i < imp->p->categories.n; i++) {
    if (!(mask & ((uint64_t)1 << i)))
      continue;
    if (imp->cats.len)
      mvr_buf_puts(&imp->cats, "; ");
    mvr_buf_puts(&imp->cats, imp->p->categories.labels[i]);
  }
}

/* --- storing ------------------------------------------------------------ */

static mvr_status begin_txn(mvr_importer *imp)
{
  mvr_store *st = imp->db->store;
  mvr_submission_rec sub;
  mvr_status rc;
  char pending[80];

  rc = st->ops->begin(st, 1);
  if (rc)
    return mvr_db_store_fail(imp->db, rc);
  imp->txn = 1;
  memset(&sub, 0, sizeof sub);
  if (imp->sub_org.name) {
    rc = mvr_db_org_id(imp->db, imp->sub_org.name, imp->sub_org.family,
                       imp->sub_org.known, &sub.org_id);
    if (rc)
      return rc;
  }
  /* the hash is final only at the end of a streamed input */
  snprintf(pending, sizeof pending, "pending:%p:%s", (void *)imp, imp->now);
  sub.file_name = imp->name;
  sub.sha256 = imp->known_sha[0] ? imp->known_sha : pending;
  sub.format = imp->reader->format;
  sub.received = imp->received;
  sub.doc = imp->opt_doc;
  sub.imported_at = imp->now;
  sub.actor = imp->db->actor;
  sub.mode = (imp->flags & MVR_IMPORT_PROPOSE) ? "proposal" : "direct";
  rc = st->ops->submission_add(st, &sub, &imp->sub_id);
  if (rc)
    return mvr_db_store_fail(imp->db, rc);
  return MVR_OK;
}

/* Store one validated row: applied to the register, or kept as a
 * proposal for the editors (--propose). */
static mvr_status store_row(mvr_importer *imp, const mvr_row *r)
{
  mvr_store *st = imp->db->store;
  mvr_status rc;

  if (!imp->txn) {
    rc = begin_txn(imp);
    if (rc)
      return rc;
    imp->apply.db = imp->db;
    imp->apply.p = imp->p;
    imp->apply.sub_id = imp->sub_id;
    imp->apply.received = imp->received;
    imp->apply.now = imp->now;
    imp->apply.sub_org = imp->opt_org;
    imp->apply.rep = imp->rep;
    imp->apply.file = imp->name;
  }
  imp->apply.table = imp->table;
  if (imp->flags & MVR_IMPORT_PROPOSE) {
    mvr_proposal_rec p;
    int64_t id = 0;
    memset(&p, 0, sizeof p);
    p.submission_id = imp->sub_id;
    p.row = r->row;
    p.org = r->v[MVR_F_SDO];
    p.org_family = r->org_family;
    p.org_known = r->org_known;
    p.family = r->family;
    p.refkey = r->refkey;
    p.reference = r->v[MVR_F_REFERENCE];
    p.ref_detail = r->ref_detail;
    p.type = r->v[MVR_F_TYPE];
    p.title = r->v[MVR_F_TITLE];
    p.status = r->v[MVR_F_STATUS];
    p.status_detail = r->v[MVR_F_STATUS_DETAIL];
    p.categories = r->v[MVR_F_CATEGORY];
    p.summary = r->v[MVR_F_SUMMARY];
    p.url = r->v[MVR_F_URL];
    rc = st->ops->proposal_add(st, &p, &id);
    if (rc)
      return mvr_db_store_fail(imp->db, rc);
    imp->res.proposed++;
    return MVR_OK;
  }
  if (r->written_org && !((cached_org *)r->user)->alias_stored &&
      strcmp(r->written_org, r->v[MVR_F_SDO]) != 0) {
    int64_t org_id = 0;
    rc = mvr_db_org_id(imp->db, r->v[MVR_F_SDO], r->org_family,
                       r->org_known, &org_id);
    if (!rc)
      rc = st->ops->org_alias_add(st, org_id, r->written_org);
    if (rc)
      return rc == MVR_ERR_NOMEM ? rc : mvr_db_store_fail(imp->db, rc);
    ((cached_org *)r->user)->alias_stored = 1;
  }
  return mvr_apply_row(&imp->apply, r);
}

/* --- one data row --------------------------------------------------- */

static int blank(const mvr_cell *c)
{
  size_t i;

  for (i = 0; i < c->len; i++)
    if (!mvr_isspace((unsigned char)c->p[i]))
      return 0;
  return 1;
}

static void list_vocab(const mvr_vocab *v, mvr_buf *b)
{
  size_t i;

  for (i = 0; i < v->n; i++) {
    if (i)
      mvr_buf_puts(b, i + 1 == v->n ? " or " : ", ");
    mvr_buf_puts(b, v->labels[i]);
  }
}

static mvr_status data_row(mvr_importer *imp, unsigned long row,
                           const mvr_cell *cells, size_t n)
{
  const mvr_cell *raw[MVR_F_COUNT] = {0};
  unsigned long col[MVR_F_COUNT] = {0};
  char *val[MVR_F_COUNT] = {0};
  mvr_ref ref = {0};
  const cached_org *org = NULL;
  mvr_row rv;
  unsigned long errors_before = imp->errors;
  mvr_status rc = MVR_OK;
  size_t i;
  int f, idx;

  memset(&rv, 0, sizeof rv);
  rv.row = row;
  rv.v[MVR_F_SDO] = "";
  imp->res.rows++;
  if (n < imp->ncols) {
    mvr_import_diag(imp, MVR_ERROR, row, n + 1, "ragged",
                    "this row has %zu cells but the header has %zu columns; "
                    "a separator may be missing",
                    n, imp->ncols);
  } else if (n > imp->ncols) {
    for (i = imp->ncols; i < n; i++)
      if (!blank(&cells[i])) {
        mvr_import_diag(imp, MVR_ERROR, row, i + 1, "ragged",
                        "this row has %zu cells but the header has %zu "
                        "columns; a cell may contain an unquoted separator",
                        n, imp->ncols);
        break;
      }
  }
  for (i = 0; i < n && i < imp->ncols; i++) {
    f = imp->colmap[i];
    if (f >= 0 && !raw[f]) {
      raw[f] = &cells[i];
      col[f] = i + 1;
    }
  }
  /* clean every cell: NFC, spaces, quotes; reject what is not UTF-8 */
  for (f = 0; f < MVR_F_COUNT; f++) {
    size_t bad = 0;
    mvr_text_dropped drop;
    if (!raw[f])
      continue;
    if (raw[f]->len > MVR_MAX_CELL_BYTES) {
      field_diag(imp, MVR_ERROR, row, col[f], (mvr_field)f,
                 "the cell holds %zu bytes; the limit is %zu",
                 raw[f]->len, MVR_MAX_CELL_BYTES);
      continue;
    }
    rc = mvr_text_clean_x(raw[f]->p, raw[f]->len, f == MVR_F_SUMMARY,
                          &val[f], &bad, &drop);
    if (!rc && drop.n == 1)
      field_diag(imp, MVR_WARNING, row, col[f], (mvr_field)f,
                 "control character U+%04X at byte %zu of the cell "
                 "removed; check the text around it",
                 drop.cp, drop.offset);
    else if (!rc && drop.n)
      field_diag(imp, MVR_WARNING, row, col[f], (mvr_field)f,
                 "%zu control characters removed (the first, U+%04X, at "
                 "byte %zu of the cell); check the text around them",
                 drop.n, drop.cp, drop.offset);
    if (rc == MVR_ERR_DATA) {
      field_diag(imp, MVR_ERROR, row, col[f], (mvr_field)f,
                 "invalid UTF-8 at byte %zu of the cell; save the file as "
                 "UTF-8",
                 bad);
      rc = MVR_OK;
      continue;
    }
    if (rc)
      goto out;
  }

  /* SDO/Org. */
  {
    const char *sdo = val[MVR_F_SDO] && *val[MVR_F_SDO] ? val[MVR_F_SDO]
                                                         : imp->opt_org;
    if (!sdo) {
      field_diag(imp, MVR_ERROR, row, col[MVR_F_SDO], MVR_F_SDO,
                 "required value is empty; fill it in or give the "
                 "organisation with --org");
    } else {
      rc = org_of(imp, sdo, &org);
      if (rc)
        goto out;
      if (!org->org.known && mvr_map_get(&imp->warned, org->org.name) < 0) {
        field_diag(imp, MVR_WARNING, row, col[MVR_F_SDO], MVR_F_SDO,
                   "unknown organisation \"%s\"; accepted as a new one "
                   "(add it to the profile to give it aliases and a "
                   "parent)",
                   org->org.name);
        rc = mvr_map_set(&imp->warned, org->org.name, 1);
        if (rc)
          goto out;
      }
    }
  }

  /* Reference, Title */
  if (!val[MVR_F_REFERENCE] || !*val[MVR_F_REFERENCE]) {
    field_diag(imp, MVR_ERROR, row, col[MVR_F_REFERENCE], MVR_F_REFERENCE,
               "required value is empty");
  } else {
    rc = mvr_normalize_reference(imp->p, org ? org->org.family : NULL,
                                 val[MVR_F_REFERENCE],
                                 strlen(val[MVR_F_REFERENCE]), &ref);
    if (rc == MVR_ERR_DATA) {
      field_diag(imp, MVR_ERROR, row, col[MVR_F_REFERENCE], MVR_F_REFERENCE,
                 "not a usable reference");
      rc = MVR_OK;
    } else if (rc) {
      goto out;
    }
  }
  if (!val[MVR_F_TITLE] || !*val[MVR_F_TITLE])
    field_diag(imp, MVR_ERROR, row, col[MVR_F_TITLE], MVR_F_TITLE,
               "required value is empty");

  /* Type */
  if (val[MVR_F_TYPE] && *val[MVR_F_TYPE]) {
    idx = vocab_cached(imp, &imp->type_cache, val[MVR_F_TYPE], 0);
    if (idx < 0) {
      const char *s = mvr_profile_suggest(imp->p, "type", val[MVR_F_TYPE],
                                          strlen(val[MVR_F_TYPE]));
      mvr_buf_reset(&imp->tmp);
      list_vocab(&imp->p->types, &imp->tmp);
      if (s)
        field_diag(imp, MVR_ERROR, row, col[MVR_F_TYPE], MVR_F_TYPE,
                   "unknown type \"%s\"; did you mean \"%s\"?",
                   val[MVR_F_TYPE], s);
      else
        field_diag(imp, MVR_ERROR, row, col[MVR_F_TYPE], MVR_F_TYPE,
                   "unknown type \"%s\"; use one of %s", val[MVR_F_TYPE],
                   mvr_buf_cstr(&imp->tmp));
    } else {
      rv.v[MVR_F_TYPE] = imp->p->types.labels[idx];
    }
  } else if (imp->p->required & (1u << MVR_F_TYPE)) {
    field_diag(imp, MVR_ERROR, row, col[MVR_F_TYPE], MVR_F_TYPE,
               "required value is empty");
  }

  /* Status, keeping the submitted wording */
  if (val[MVR_F_STATUS] && *val[MVR_F_STATUS]) {
    idx = vocab_cached(imp, &imp->status_cache, val[MVR_F_STATUS], 1);
    if (idx < 0) {
      mvr_buf_reset(&imp->tmp);
      list_vocab(&imp->p->statuses, &imp->tmp);
      field_diag(imp, MVR_ERROR, row, col[MVR_F_STATUS], MVR_F_STATUS,
                 "unknown status \"%s\"; use %s, or a wording such as "
                 "\"In force\", \"DIS\", \"Active PAR\", \"Superseded\"",
                 val[MVR_F_STATUS], mvr_buf_cstr(&imp->tmp));
    } else {
      rv.v[MVR_F_STATUS] = imp->p->statuses.labels[idx];
    }
  } else if (imp->p->required & (1u << MVR_F_STATUS)) {
    field_diag(imp, MVR_ERROR, row, col[MVR_F_STATUS], MVR_F_STATUS,
               "required value is empty");
  }
  rv.v[MVR_F_STATUS_DETAIL] =
      val[MVR_F_STATUS_DETAIL] && *val[MVR_F_STATUS_DETAIL]
          ? val[MVR_F_STATUS_DETAIL]
          : (val[MVR_F_STATUS] ? val[MVR_F_STATUS] : "");

  /* Category */
  if (val[MVR_F_CATEGORY] && *val[MVR_F_CATEGORY]) {
    uint64_t mask = 0;
    idx = mvr_map_get(&imp->cat_cache, val[MVR_F_CATEGORY]);
    if (idx >= 0) {
      mask = imp->cat_masks[idx];
    } else {
      char *bad = NULL;
      const char *suggest = NULL;
      mvr_status crc = mvr_normalize_categories(
          imp->p, val[MVR_F_CATEGORY], strlen(val[MVR_F_CATEGORY]), &mask,
          &bad, &suggest);
      if (crc == MVR_ERR_NOMEM) {
        rc = crc;
        goto out;
      }
      if (crc) {
        mvr_buf_reset(&imp->tmp);
        list_vocab(&imp->p->categories, &imp->tmp);
        if (suggest)
          field_diag(imp, MVR_ERROR, row, col[MVR_F_CATEGORY],
                     MVR_F_CATEGORY,
                     "unknown category \"%s\"; did you mean \"%s\"? "
                     "(categories: %s)",
                     bad ? bad : val[MVR_F_CATEGORY], suggest,
                     mvr_buf_cstr(&imp->tmp));
        else
          field_diag(imp, MVR_ERROR, row, col[MVR_F_CATEGORY],
                     MVR_F_CATEGORY,
                     "unknown category \"%s\"; use %s (several may be "
                     "given, separated by commas)",
                     bad ? bad : val[MVR_F_CATEGORY],
                     mvr_buf_cstr(&imp->tmp));
        mask = 0;
      } else {
        /* remember good cells only; bad ones are reported each time */
        if (imp->ncat == imp->catcap) {
          size_t cap = imp->catcap ? imp->catcap * 2 : 16;
          uint64_t *p = mvr_realloc(imp->cat_masks, cap * sizeof *p);
          if (!p) {
            mvr_free(bad);
            rc = MVR_ERR_NOMEM;
            goto out;
          }
          imp->cat_masks = p;
          imp->catcap = cap;
        }
        imp->cat_masks[imp->ncat] = mask;
        rc = mvr_map_set(&imp->cat_cache, val[MVR_F_CATEGORY],
                         (int)imp->ncat++);
      }
      mvr_free(bad);
      if (rc)
        goto out;
    }
    if (mask) {
      join_categories(imp, mask);
      rc = mvr_buf_status(&imp->cats);
      if (rc)
        goto out;
      rv.v[MVR_F_CATEGORY] = imp->cats.ptr;
    }
  } else if (imp->p->required & (1u << MVR_F_CATEGORY)) {
    field_diag(imp, MVR_ERROR, row, col[MVR_F_CATEGORY], MVR_F_CATEGORY,
               "required value is empty; use one or more of General, "
               "Application/Service, Enabling Technology, "
               "Interoperability, Infrastructure");
  }

  /* URL */
  if (val[MVR_F_URL] && *val[MVR_F_URL] &&
      !mvr_strncaseeq(val[MVR_F_URL], "https://", 8) &&
      !mvr_strncaseeq(val[MVR_F_URL], "http://", 7))
    field_diag(imp, MVR_WARNING, row, col[MVR_F_URL], MVR_F_URL,
               "\"%s\" is not a web address (http:// or https://); kept "
               "as written",
               val[MVR_F_URL]);

  if (imp->errors != errors_before || imp->errors || imp->fatal)
    goto out;
  if (!imp->db)
    goto out;
  rv.v[MVR_F_SDO] = org->org.name;
  rv.org_family = org->org.family;
  rv.org_known = org->org.known;
  rv.written_org = org->written;
  rv.user = org;
  rv.raw_reference = val[MVR_F_REFERENCE];
  rv.v[MVR_F_REFERENCE] = ref.display;
  rv.v[MVR_F_TITLE] = val[MVR_F_TITLE];
  rv.v[MVR_F_SUMMARY] = val[MVR_F_SUMMARY] ? val[MVR_F_SUMMARY] : "";
  rv.v[MVR_F_URL] = val[MVR_F_URL] ? val[MVR_F_URL] : "";
  rv.ref_detail = ref.detail ? ref.detail : "";
  rv.refkey = ref.key;
  rv.family = ref.family;
  rc = store_row(imp, &rv);
out:
  mvr_ref_clear(&ref);
  for (f = 0; f < MVR_F_COUNT; f++)
    mvr_free(val[f]);
  if (rc && !imp->fatal)
    imp->fatal = rc;
  return rc;
}

/* --- repeated headers, template examples, inspect mode ---------------- */

/* Is this row the header again, mapping the same columns? A table
 * continued across pages repeats it. The Reference cell is looked at
 * first, so a data row costs one key. */
static int repeated_header(mvr_importer *imp, const mvr_cell *cells,
                           size_t n, int *map)
{
  size_t i;

  for (i = 0; i < imp->ncols; i++)
    if (imp->colmap[i] == MVR_F_REFERENCE)
      break;
  if (i >= n || !cells[i].len || cells[i].len >= 128)
    return 0;
  mvr_key(cells[i].p, cells[i].len, &imp->tmp);
  if (mvr_buf_status(&imp->tmp) ||
      mvr_map_get(&imp->p->columns, imp->tmp.ptr) != MVR_F_REFERENCE ||
      !header_score(imp, cells, n, map))
    return 0;
  for (i = 0; i < n || i < imp->ncols; i++) {
    int a = i < n ? map[i] : -1, b = i < imp->ncols ? imp->colmap[i] : -1;
    if (a != b && (a >= 0 || b >= 0))
      return 0;
  }
  return 1;
}

/* The six example rows of the seed's Annex 1 (data/examples/
 * annex1-examples.csv), in template order: SDO, Reference, Type, Title,
 * Status, Category, Summary. */
static const char *const examples[][7] = {
    {"ITU-T SG21", "H.MV-FRADAI", "Draft Recommendation",
     "Functional requirements and architecture for digital asset "
     "interoperability",
     "Under development", "Interoperability",
     "Defines functions and architecture for asset transfer, exchange, and "
     "synchronization."},
    {"ISO/IEC JTC 1", "ISO/IEC 18026", "Standard", "Spatial Reference Model",
     "Published", "Enabling technology",
     "Provides a geospatial reference framework for 3D/VR integration."},
    {"IEEE", "IEEE P7016", "Draft Standard",
     "Ethically aligned design for XR/Metaverse", "Under development",
     "General", "Provides ethical guidance for metaverse-based systems."},
    {"W3C", "WebXR API", "Standard", "WebXR Device API", "Published",
     "Enabling technology, Interoperability",
     "API for web-based immersive technologies."},
    {"3GPP SA1", "TR 22.87x", "Technical Report",
     "6G service requirements for metaverse use cases", "Under development",
     "Application/Service",
     "Identifies service-level requirements for immersive metaverse "
     "applications."},
    {"ETSI ISG MEC", "MEC Spec.", "Technical Specification",
     "Multi-access Edge Computing for XR/Metaverse", "Published",
     "Infrastructure",
     "Specifies edge computing capabilities to support low-latency "
     "immersive services."},
};

/* Does cell `c` say `s`, compared as keys (case, spaces, punctuation
 * ignored)? -1 when out of memory. */
static int same_key(mvr_importer *imp, const mvr_cell *c, const char *s,
                    mvr_buf *k)
{
  mvr_key(s, strlen(s), k);
  mvr_key(c->p, c->len, &imp->tmp);
  if (mvr_buf_status(k) || mvr_buf_status(&imp->tmp))
    return -1;
  return strcmp(mvr_buf_cstr(k), mvr_buf_cstr(&imp->tmp)) == 0;
}

/* Is this data row one of the template's examples, left as it was? Every
 * template column the table has must still say what the example says, so
 * a real row about the same document (W3C's WebXR Device API is real) is
 * imported. Reported as a warning. Returns -1, with imp->fatal set, when
 * out of memory: the row must not be imported on a guess. */
static int template_example(mvr_importer *imp, unsigned long row,
                            const mvr_cell *cells, size_t n)
{
  mvr_buf k = MVR_BUF_INIT(4096);
  size_t e, i, ref;
  int match = 0;

  /* A row can only be example e if its Reference says e's: one key per
   * row rules out (nearly) every example before any is compared whole. */
  for (ref = 0; ref < n && ref < imp->ncols; ref++)
    if (imp->colmap[ref] == MVR_F_REFERENCE)
      break;
  if (ref == n || ref == imp->ncols)
    return 0;
  if (!imp->example_refs) {
    for (e = 0; e < MVR_ARRAY_SIZE(examples); e++) {
      const char *r = examples[e][MVR_F_REFERENCE];
      mvr_key(r, strlen(r), &k);
      if (mvr_buf_status(&k)) {
        mvr_buf_free(&k);
        imp->fatal = MVR_ERR_NOMEM;
        return -1;
      }
      if (k.len >= sizeof imp->example_ref[e]) {
        mvr_buf_free(&k);
        return 0; /* cannot happen: the examples are short */
      }
      memcpy(imp->example_ref[e], k.ptr, k.len + 1);
    }
    imp->example_refs = 1;
  }
  mvr_key(cells[ref].p, cells[ref].len, &imp->tmp);
  if (mvr_buf_status(&imp->tmp)) {
    mvr_buf_free(&k);
    imp->fatal = MVR_ERR_NOMEM;
    return -1;
  }
  for (e = 0; e < MVR_ARRAY_SIZE(examples) && !match; e++) {
    int seen_ref = 0;
    if (strcmp(imp->example_ref[e], mvr_buf_cstr(&imp->tmp)) != 0)
      continue;
    match = 1;
    for (i = 0; i < n && i < imp->ncols && match; i++) {
      int f = imp->colmap[i];
      if (f < MVR_F_SDO || f > MVR_F_SUMMARY)
        continue;
      seen_ref |= f == MVR_F_REFERENCE;
      match = same_key(imp, &cells[i], examples[e][f], &k);
      if (match < 0) {
        mvr_buf_free(&k);
        imp->fatal = MVR_ERR_NOMEM;
        return -1;
      }
    }
    match = match && seen_ref;
  }
  mvr_buf_free(&k);
  if (match)
    mvr_import_diag(imp, MVR_WARNING, row, 0, "example",
                    "this row is the template's example %zu (%s, %s), left "
                    "unchanged; it is skipped: delete it, or change it if "
                    "it is really your input",
                    e, examples[e - 1][MVR_F_SDO],
                    examples[e - 1][MVR_F_REFERENCE]);
  return match;
}

static mvr_status hook_row(mvr_importer *imp, unsigned long row,
                           const mvr_cell *cells, size_t n,
                           mvr_row_role role)
{
  mvr_status rc;

  if (!imp->hook || !imp->hook->row)
    return imp->fatal;
  rc = imp->hook->row(imp->hook->ud, row, cells, n, role,
                      imp->have_header ? imp->colmap : NULL,
                      imp->have_header ? imp->ncols : 0);
  if (rc && !imp->fatal)
    imp->fatal = rc;
  return imp->fatal;
}

void mvr_importer_set_hook(mvr_importer *imp, const mvr_import_hook *hook)
{
  imp->hook = hook;
}

int mvr_import_wants_text(const mvr_importer *imp)
{
  return imp->hook && imp->hook->text;
}

mvr_status mvr_import_text(mvr_importer *imp, const char *p, size_t n)
{
  mvr_status rc;

  if (imp->fatal || !imp->hook || !imp->hook->text)
    return imp->fatal;
  rc = imp->hook->text(imp->hook->ud, p, n);
  if (rc)
    imp->fatal = rc;
  return rc;
}

mvr_status mvr_import_row(mvr_importer *imp, unsigned long row,
                          const mvr_cell *cells, size_t ncells)
{
  size_t i;
  int map[MVR_MAX_COLUMNS];

  if (imp->fatal)
    return imp->fatal;
  if (imp->stopped)
    return MVR_ERR_DATA;
  /* first: a reader may count more cells than it hands over (CSV keeps
   * the first MVR_MAX_COLUMNS + 1) */
  if (ncells > MVR_MAX_COLUMNS) {
    mvr_import_diag(imp, MVR_ERROR, row, MVR_MAX_COLUMNS + 1, "columns",
                    "this row has %zu cells; the limit is %d", ncells,
                    MVR_MAX_COLUMNS);
    return imp->fatal ? imp->fatal : (imp->stopped ? MVR_ERR_DATA : MVR_OK);
  }
  for (i = 0; i < ncells; i++)
    if (!blank(&cells[i]))
      break;
  if (i == ncells) {
    if (imp->have_header)
      imp->res.skipped++;
    return hook_row(imp, row, cells, ncells, MVR_ROW_BLANK);
  }
  if (!imp->have_header) {
    if (++imp->rows_seen > MVR_HEADER_SEARCH_ROWS && !imp->table) {
      /* a file whose first rows name no template column is not a
       * template: say so now rather than read it all */
      mvr_import_diag(imp, MVR_ERROR, row, 0, "header",
                      "none of the first %d rows is the template's header "
                      "(SDO/Org., Reference, Type, Title, Status, Category, "
                      "Summary)",
                      MVR_HEADER_SEARCH_ROWS);
      imp->stopped = 1;
      return MVR_ERR_DATA;
    }
    if (header_score(imp, cells, ncells, map)) {
      memcpy(imp->colmap, map, ncells * sizeof *map);
      if (take_header(imp, row, cells, ncells))
        return imp->fatal;
      return hook_row(imp, row, cells, ncells, MVR_ROW_HEADER);
    }
    if (mvr_buf_status(&imp->tmp))
      return imp->fatal = mvr_buf_status(&imp->tmp);
    return hook_row(imp, row, cells, ncells, MVR_ROW_OTHER);
  }
  if (repeated_header(imp, cells, ncells, map)) {
    imp->res.skipped++;
    return hook_row(imp, row, cells, ncells, MVR_ROW_REPEAT);
  }
  if (imp->reader->document) {
    int ex = template_example(imp, row, cells, ncells);
    if (ex < 0)
      return imp->fatal;
    if (ex) {
      imp->res.skipped++;
      return hook_row(imp, row, cells, ncells, MVR_ROW_EXAMPLE);
    }
  }
  if (imp->hook) {
    imp->res.rows++;
    return hook_row(imp, row, cells, ncells, MVR_ROW_DATA);
  }
  data_row(imp, row, cells, ncells);
  if (imp->fatal)
    return imp->fatal;
  return imp->stopped ? MVR_ERR_DATA : MVR_OK;
}

/* --- the importer's life ------------------------------------------------ */

static const char *ext_of(const char *name)
{
  const char *dot = strrchr(name, '.');
  const char *slash = strrchr(name, '/');

  if (!dot || (slash && dot < slash))
    return NULL;
  return dot + 1;
}

mvr_status mvr_importer_new(mvr_db *db, const mvr_profile *profile,
                            const char *name, const mvr_import_opts *opts,
                            mvr_report *rep, mvr_importer **out)
{
  mvr_importer *imp;
  mvr_import_opts none;
  mvr_status rc = MVR_OK;
  char err[256];
  const char *format;

  *out = NULL;
  memset(&none, 0, sizeof none);
  if (!opts)
    opts = &none;
  if (!name)
    name = "<input>";
  imp = mvr_malloc(sizeof *imp);
  if (!imp)
    return MVR_ERR_NOMEM;
  memset(imp, 0, sizeof *imp);
  mvr_buf_init(&imp->tmp, MVR_MAX_CELL_BYTES * 4);
  mvr_buf_init(&imp->cats, 4096);
  imp->rep = rep;
  imp->flags = opts->flags;
  imp->line = 1;
  imp->utf8_lo = 0x80;
  imp->utf8_hi = 0xBF;
  imp->name = mvr_strdup(name);
  if (!imp->name) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }

  format = opts->format ? opts->format : ext_of(name);
  imp->reader = mvr_reader_for(format);
  if (!imp->reader) {
    mvr_pos pos = {imp->name, NULL, 0, 0, NULL};
    if (format)
      mvr_report_add(rep, MVR_ERROR, &pos, "format",
                     "unknown file format \"%s\"; mvroad reads CSV, "
                     "JSON, Word (.docx) and Excel (.xlsx) files (name the "
                     "file accordingly, or give --input-format)",
                     format);
    else
      mvr_report_add(rep, MVR_ERROR, &pos, "format",
                     "cannot tell the file format from the name; give "
                     "--input-format csv or json");
    rc = MVR_ERR_FORMAT;
    goto out;
  }
  imp->text_format = imp->reader->text;

  if (opts->date) {
    if (!mvr_date_valid(opts->date)) {
      mvr_pos pos = {imp->name, NULL, 0, 0, NULL};
      mvr_report_add(rep, MVR_ERROR, &pos, "date",
                     "the date \"%s\" is not a valid YYYY-MM-DD date",
                     opts->date);
      rc = MVR_ERR_ARG;
      goto out;
    }
    memcpy(imp->received, opts->date, 11);
  } else {
    mvr_date_today(imp->received);
  }
  mvr_timestamp_now(imp->now);

  /* the register: the real one, or a scratch one for checks */
  if (db) {
    imp->db = db;
    imp->p = profile ? profile : db->profile;
  } else {
    /* a temporary register on disk, so checking a huge file does not hold
     * it all in memory */
    rc = mvr_db_open("", MVR_OPEN_CREATE, &imp->scratch, err, sizeof err);
    if (rc)
      goto out;
    imp->db = imp->scratch;
    imp->p = profile ? profile : imp->scratch->profile;
    imp->flags |= MVR_IMPORT_DRY_RUN;
  }
  if (opts->org) {
    rc = mvr_normalize_org(imp->p, opts->org, strlen(opts->org),
                           &imp->sub_org);
    if (rc == MVR_ERR_DATA) {
      mvr_pos pos = {imp->name, NULL, 0, 0, NULL};
      mvr_report_add(rep, MVR_ERROR, &pos, "org",
                     "--org names no organisation");
      rc = MVR_ERR_ARG;
    }
    if (rc)
      goto out;
    imp->opt_org = imp->sub_org.name;
  }
  if (opts->doc) {
    imp->opt_doc = mvr_strdup(opts->doc);
    if (!imp->opt_doc) {
      rc = MVR_ERR_NOMEM;
      goto out;
    }
  }
  mvr_sha256_init(&imp->hash);
  rc = imp->reader->create(imp, &imp->rstate);
out:
  if (rc) {
    mvr_importer_free(imp);
    return rc;
  }
  *out = imp;
  return MVR_OK;
}

/* Check UTF-8 over the raw bytes, counting lines, so the first bad byte
 * is reported with its offset in the file (RFC 3629 well-formedness:
 * no overlongs, no surrogates, nothing above U+10FFFF). */
static void check_utf8(mvr_importer *imp, const unsigned char *p, size_t n)
{
  unsigned char lo_next = imp->utf8_lo, hi_next = imp->utf8_hi;
  size_t i;

  if (imp->offset == 0 && n >= 2 &&
      ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
    imp->utf8_bad = 1;
    mvr_import_diag(imp, MVR_ERROR, 1, 0, "encoding",
                    "the file is UTF-16; save it as UTF-8 (in Excel: Save "
                    "As, \"CSV UTF-8\")");
    return;
  }
  for (i = 0; i < n && !imp->utf8_bad; i++) {
    unsigned char c = p[i];
    if (imp->utf8_need) {
      if (c < lo_next || c > hi_next)
        goto bad;
      lo_next = 0x80;
      hi_next = 0xBF;
      imp->utf8_need--;
      continue;
    }
    if (c == '\n') {
      imp->line++;
      continue;
    }
    if (c < 0x80)
      continue;
    imp->utf8_start = imp->offset + i;
    if (c >= 0xC2 && c <= 0xDF) {
      imp->utf8_need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      imp->utf8_need = 2;
      if (c == 0xE0)
        lo_next = 0xA0;
      if (c == 0xED)
        hi_next = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      imp->utf8_need = 3;
      if (c == 0xF0)
        lo_next = 0x90;
      if (c == 0xF4)
        hi_next = 0x8F;
    } else {
      goto bad;
    }
    continue;
  bad:
    imp->utf8_bad = 1;
    if (!imp->utf8_need)
      imp->utf8_start = imp->offset + i;
    mvr_import_diag(imp, MVR_ERROR, imp->line, 0, "utf8",
                    "invalid UTF-8 at byte offset %llu; save the file as "
                    "UTF-8 (in Excel: Save As, \"CSV UTF-8\")",
                    imp->utf8_start);
  }
  imp->offset += n;
  imp->utf8_lo = lo_next;
  imp->utf8_hi = hi_next;
}

mvr_status mvr_importer_feed(mvr_importer *imp, const void *data, size_t len)
{
  mvr_status rc;

  if (imp->fatal)
    return imp->fatal;
  if (imp->stopped || imp->utf8_bad)
    return MVR_OK; /* drain: the result is already an error */
  if (!imp->known_sha[0])
    mvr_sha256_update(&imp->hash, data, len);
  if (imp->text_format) {
    check_utf8(imp, data, len);
    if (imp->utf8_bad)
      return MVR_OK;
  }
  rc = imp->reader->feed(imp->rstate, data, len);
  if (rc && rc != MVR_ERR_DATA && !imp->fatal)
    imp->fatal = rc;
  return imp->fatal;
}

mvr_status mvr_importer_finish(mvr_importer *imp, mvr_import_result *res)
{
  mvr_store *st = imp->db->store;
  mvr_status rc = MVR_OK;
  int64_t other = 0;

  if (!imp->fatal && !imp->stopped && !imp->utf8_bad) {
    if (imp->text_format && imp->utf8_need)
      mvr_import_diag(imp, MVR_ERROR, imp->line, 0, "utf8",
                      "the file ends inside a UTF-8 character");
    rc = imp->reader->finish(imp->rstate);
    if (rc && rc != MVR_ERR_DATA && !imp->fatal)
      imp->fatal = rc;
  }
  if (imp->known_sha[0])
    memcpy(imp->res.sha256, imp->known_sha, 65);
  else
    mvr_sha256_final(&imp->hash, imp->res.sha256);

  if (!imp->hook && !imp->fatal && imp->any_header && !imp->res.rows &&
      !imp->errors)
    mvr_import_diag(imp, MVR_WARNING, 0, 0, "empty",
                    "the template's header is there but no row follows it");
  if (!imp->hook && !imp->fatal && !imp->any_header && !imp->errors &&
      !imp->stopped)
    mvr_import_diag(imp, MVR_ERROR, 0, 0, "header",
                    "no table with the template's header was found; the "
                    "first row should name the columns SDO/Org., "
                    "Reference, Type, Title, Status, Category, Summary");

  if (imp->fatal) {
    rc = imp->fatal;
  } else if (imp->errors) {
    rc = MVR_ERR_DATA;
  } else if (imp->txn) {
    imp->res.added = imp->apply.added;
    imp->res.updated = imp->apply.updated;
    imp->res.unchanged = imp->apply.unchanged;
    imp->res.conflicts = imp->apply.conflicts;
    imp->res.merged = imp->apply.merged;
    rc = st->ops->submission_find_sha(st, imp->res.sha256, &other);
    if (rc)
      rc = mvr_db_store_fail(imp->db, rc);
    else if (other && other != imp->sub_id) {
      imp->res.already_imported = 1;
    } else if (!(imp->flags & MVR_IMPORT_DRY_RUN)) {
      rc = st->ops->submission_finish(st, imp->sub_id, imp->res.sha256,
                                      imp->res.rows, imp->res.added,
                                      imp->res.updated);
      if (rc)
        rc = mvr_db_store_fail(imp->db, rc);
      if (!rc) {
        rc = st->ops->commit(st);
        if (rc)
          rc = mvr_db_store_fail(imp->db, rc);
        else {
          imp->txn = 0;
          imp->res.submission_id = imp->sub_id;
        }
      }
    }
  }
  if (imp->txn) {
    st->ops->rollback(st);
    imp->txn = 0;
    mvr_db_forget_orgs(imp->db);
  }
  if (imp->res.already_imported || rc) {
    /* nothing was stored */
    imp->res.added = imp->res.updated = imp->res.unchanged = 0;
    imp->res.proposed = imp->res.conflicts = imp->res.merged = 0;
  }
  if (res)
    *res = imp->res;
  return rc;
}

void mvr_importer_free(mvr_importer *imp)
{
  size_t i;

  if (!imp)
    return;
  if (imp->txn && imp->db) {
    imp->db->store->ops->rollback(imp->db->store);
    mvr_db_forget_orgs(imp->db);
  }
  if (imp->reader && imp->rstate)
    imp->reader->destroy(imp->rstate);
  for (i = 0; i < imp->norgs; i++) {
    mvr_org_name_clear(&imp->orgs[i].org);
    mvr_free(imp->orgs[i].written);
  }
  mvr_free(imp->orgs);
  mvr_map_clear(&imp->org_cache);
  mvr_map_clear(&imp->status_cache);
  mvr_map_clear(&imp->type_cache);
  mvr_map_clear(&imp->cat_cache);
  mvr_map_clear(&imp->warned);
  mvr_free(imp->cat_masks);
  mvr_org_name_clear(&imp->sub_org);
  mvr_free(imp->opt_doc);
  mvr_free(imp->table);
  mvr_free(imp->name);
  mvr_buf_free(&imp->tmp);
  mvr_buf_free(&imp->cats);
  mvr_db_close(imp->scratch);
  mvr_free(imp);
}

/* --- the simple calls ----------------------------------------------- */

/* Has this exact file been imported before? Then nothing is done. */
static mvr_status seen_before(mvr_db *db, const char *sha, int *seen)
{
  int64_t id = 0;
  mvr_status rc;

  *seen = 0;
  if (!db)
    return MVR_OK;
  rc = db->store->ops->submission_find_sha(db->store, sha, &id);
  if (rc)
    return mvr_db_store_fail(db, rc);
  *seen = id != 0;
  return MVR_OK;
}

static mvr_status import_mem_once(mvr_db *db, const mvr_profile *profile,
                                  const char *name, const void *data,
                                  size_t len, const mvr_import_opts *opts,
                                  mvr_report *rep, mvr_import_result *res)
{
  mvr_importer *imp = NULL;
  mvr_import_result r;
  mvr_status rc;
  int seen = 0;

  memset(&r, 0, sizeof r);
  mvr_sha256_hex(data, len, r.sha256);
  rc = seen_before(db, r.sha256, &seen);
  if (rc || seen) {
    r.already_imported = seen;
    goto out;
  }
  rc = mvr_importer_new(db, profile, name, opts, rep, &imp);
  if (rc)
    goto out;
  memcpy(imp->known_sha, r.sha256, 65);
  rc = mvr_importer_feed(imp, data, len);
  if (rc == MVR_OK || rc == MVR_ERR_DATA)
    rc = mvr_importer_finish(imp, &r);
  else
    mvr_importer_finish(imp, &r);
out:
  mvr_importer_free(imp);
  if (res)
    *res = r;
  return rc;
}

/* The import is one write transaction, run again from the start of the
 * input (in memory or in the file) when the server aborted it for a
 * serialisation failure or a deadlock (mvr_db_replay(), issue 8). */
mvr_status mvr_import_mem(mvr_db *db, const mvr_profile *profile,
                          const char *name, const void *data, size_t len,
                          const mvr_import_opts *opts, mvr_report *rep,
                          mvr_import_result *res)
{
  mvr_report_pos m;
  mvr_status rc;
  int attempt;

  mvr_report_mark(rep, &m);
  for (attempt = 0;; attempt++) {
    rc = import_mem_once(db, profile, name, data, len, opts, rep, res);
    if (!db || !mvr_db_replay(db, rc, attempt))
      break;
    mvr_report_rewind(rep, &m);
  }
  mvr_report_unmute(rep);
  return rc;
}

static mvr_status import_file_once(mvr_db *db, const mvr_profile *profile,
                                   const char *path,
                                   const mvr_import_opts *opts, mvr_report *rep,
                                   mvr_import_result *res)
{
  mvr_importer *imp = NULL;
  mvr_import_result r;
  mvr_sha256 h;
  mvr_status rc = MVR_OK;
  char *chunk = NULL;
  size_t n;
  int seen = 0;
  FILE *f;

  memset(&r, 0, sizeof r);
  f = fopen(path, "rb");
  if (!f) {
    mvr_pos pos = {path, NULL, 0, 0, NULL};
    mvr_report_add(rep, MVR_ERROR, &pos, "io", "cannot open the file");
    rc = MVR_ERR_IO;
    goto out;
  }
  chunk = mvr_malloc(1 << 16);
  if (!chunk) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  /* hash first: an identical file is skipped without being parsed */
  mvr_sha256_init(&h);
  while ((n = fread(chunk, 1, 1 << 16, f)) > 0)
    mvr_sha256_update(&h, chunk, n);
  mvr_sha256_final(&h, r.sha256);
  if (ferror(f)) {
    mvr_pos pos = {path, NULL, 0, 0, NULL};
    mvr_report_add(rep, MVR_ERROR, &pos, "io", "cannot read the file");
    rc = MVR_ERR_IO;
    goto out;
  }
  rc = seen_before(db, r.sha256, &seen);
  if (rc || seen) {
    r.already_imported = seen;
    goto out;
  }
  rc = mvr_importer_new(db, profile, path, opts, rep, &imp);
  if (rc)
    goto out;
  memcpy(imp->known_sha, r.sha256, 65);
  rewind(f);
  {
    unsigned long long done = 0, total = 0;
    if (opts && opts->progress) {
      fseek(f, 0, SEEK_END);
      total = (unsigned long long)ftell(f);
      rewind(f);
    }
    while ((n = fread(chunk, 1, 1 << 16, f)) > 0) {
      rc = mvr_importer_feed(imp, chunk, n);
      if (rc)
        break;
      done += n;
      if (opts && opts->progress && (done & ((1u << 22) - 1)) < n)
        opts->progress(opts->progress_ud, done, total);
    }
    if (opts && opts->progress)
      opts->progress(opts->progress_ud, done, total);
  }
  if (!rc && ferror(f)) {
    mvr_pos pos = {path, NULL, 0, 0, NULL};
    mvr_report_add(rep, MVR_ERROR, &pos, "io", "cannot read the file");
    rc = MVR_ERR_IO;
  }
  if (!rc)
    rc = mvr_importer_finish(imp, &r);
  else
    mvr_importer_finish(imp, &r);
out:
  if (f)
    fclose(f);
  mvr_free(chunk);
  mvr_importer_free(imp);
  if (res)
    *res = r;
  return rc;
}

mvr_status mvr_import_file(mvr_db *db, const mvr_profile *profile,
                           const char *path, const mvr_import_opts *opts,
                           mvr_report *rep, mvr_import_result *res)
{
  mvr_report_pos m;
  mvr_status rc;
  int attempt;

  mvr_report_mark(rep, &m);
  for (attempt = 0;; attempt++) {
    rc = import_file_once(db, profile, path, opts, rep, res);
    if (!db || !mvr_db_replay(db, rc, attempt))
      break;
    mvr_report_rewind(rep, &m);
  }
  mvr_report_unmute(rep);
  return rc;
}
