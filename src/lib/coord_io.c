/* coord_io.c - coordination records from and to files: CSV (one kind,
 * a header row of field names, libcsv) and JSON (jansson), validated
 * whole before anything is stored, errors GCC-style
 * (FILE:ROW:COL: error: ...; for JSON, ROW is the item's index in its
 * array and COL the field's position); export as CSV, JSON or vCard. */
#include <csv.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "coord_int.h"
#include "db.h"
#include "escape.h"
#include "store_coord.h"
#include "util.h"

#define MAX_RECORDS 100000

typedef struct batch {
  mvr_db *db;
  coord_rows orgs;
  const char *file;
  mvr_diag_fn diag;
  void *ud;
  char ***vals[MVR_COORD_NKINDS];
  size_t n[MVR_COORD_NKINDS], cap[MVR_COORD_NKINDS];
  unsigned long errors;
  mvr_status rc; /* NOMEM and the like */
} batch;

static void report(batch *b, const char *table, unsigned long row,
                   unsigned long col, const char *column, const char *msg)
{
  mvr_diag d;

  b->errors++;
  if (!b->diag)
    return;
  char text[700];

  /* FILE:ROW:COL only (GCC style): the kind of a JSON item and the
   * field go into the message */
  (void)column;
  if (table)
    snprintf(text, sizeof text, "%s item %lu: %s", table, row, msg);
  else
    snprintf(text, sizeof text, "%s", msg);
  memset(&d, 0, sizeof d);
  d.severity = MVR_ERROR;
  d.file = b->file;
  d.row = row;
  d.col = col;
  d.code = "coord";
  d.message = text;
  b->diag(&d, b->ud);
}

/* Validate one record and keep it; errors are reported, not fatal. */
static void take(batch *b, int kind, const char *const *v, size_t n,
                 const size_t *colno, unsigned long row, const char *table)
{
  char err[512];
  size_t bad = 0, nf;
  char **out = NULL;
  const char *const *names = mvr_coord_fields(kind, &nf);
  mvr_status rc;

  if (b->rc)
    return;
  rc = coord_validate(b->db, &b->orgs, kind, v, n, &out, err, sizeof err, &bad);
  if (rc == MVR_ERR_DATA) {
    report(b, table, row, colno ? colno[bad < nf ? bad : 0] : bad + 1,
           bad < nf ? names[bad] : NULL, err);
    return;
  }
  if (rc) {
    b->rc = rc;
    return;
  }
  if (b->n[kind] == b->cap[kind]) {
    size_t cap = b->cap[kind] ? b->cap[kind] * 2 : 16;
    char ***nv = mvr_malloc(cap * sizeof *nv);
    if (!nv) {
      coord_vals_free(out, nf);
      b->rc = MVR_ERR_NOMEM;
      return;
    }
    if (b->n[kind])
      memcpy(nv, b->vals[kind], b->n[kind] * sizeof *nv);
    mvr_free(b->vals[kind]);
    b->vals[kind] = nv;
    b->cap[kind] = cap;
  }
  b->vals[kind][b->n[kind]++] = out;
}

static void batch_free(batch *b)
{
  size_t nf, i;
  int k;

  for (k = 0; k < MVR_COORD_NKINDS; k++) {
    mvr_coord_fields(k, &nf);
    for (i = 0; i < b->n[k]; i++)
      coord_vals_free(b->vals[k][i], nf);
    mvr_free(b->vals[k]);
  }
  coord_rows_free(&b->orgs);
}

/* --- CSV ------------------------------------------------------------- */

typedef struct csv_ctx {
  batch *b;
  int kind;
  unsigned long row; /* records so far (1 = header) */
  mvr_buf cells[64];
  size_t ncells;
  int map[64]; /* CSV column -> field index, -1 = unknown */
  size_t ncols;
  int too_wide;
} csv_ctx;

static void on_field(void *s, size_t len, void *ud)
{
  csv_ctx *c = ud;

  if (c->ncells >= 64) {
    c->too_wide = 1;
    return;
  }
  mvr_buf_reset(&c->cells[c->ncells]);
  mvr_buf_put(&c->cells[c->ncells], s, len);
  c->ncells++;
}

static void on_record(int term, void *ud)
{
  csv_ctx *c = ud;
  size_t nf, i;
  const char *const *names = mvr_coord_fields(c->kind, &nf);
  const char *v[16];
  size_t colno[16];
  char msg[256];

  (void)term;
  c->row++;
  if (c->too_wide) {
    report(c->b, NULL, c->row, 65, NULL, "more than 64 columns");
    c->too_wide = 0;
    c->ncells = 0;
    return;
  }
  if (c->row == 1) {
    int seen_key = 0;
    for (i = 0; i < c->ncells; i++) {
      const char *h = mvr_buf_cstr(&c->cells[i]);
      size_t k;
      c->map[i] = -1;
      for (k = 0; k < nf; k++)
        if (mvr_strncaseeq(h, names[k], strlen(names[k]) + 1))
          c->map[i] = (int)k;
      if (c->map[i] < 0) {
        snprintf(msg, sizeof msg, "unknown column '%.100s' for %s records",
                 h, mvr_coord_kind_name(c->kind));
        report(c->b, NULL, 1, i + 1, NULL, msg);
      }
      if (c->map[i] == 0)
        seen_key = 1;
    }
    c->ncols = c->ncells;
    if (!seen_key) {
      snprintf(msg, sizeof msg, "no '%s' column: the header row names the "
               "fields (%s, ...)", names[0], names[0]);
      report(c->b, NULL, 1, 1, NULL, msg);
    }
    c->ncells = 0;
    return;
  }
  for (i = 0; i < nf; i++) {
    v[i] = "";
    colno[i] = 1;
  }
  for (i = 0; i < c->ncells && i < c->ncols; i++)
    if (c->map[i] >= 0) {
      v[c->map[i]] = mvr_buf_cstr(&c->cells[i]);
      colno[c->map[i]] = i + 1;
    }
  if (c->ncells > c->ncols)
    report(c->b, NULL, c->row, c->ncols + 1, NULL,
           "more cells than the header has columns");
  else if (c->row > MAX_RECORDS + 1)
    report(c->b, NULL, c->row, 1, NULL, "more than 100,000 records");
  else
    take(c->b, c->kind, v, nf, colno, c->row, NULL);
  c->ncells = 0;
}

static mvr_status read_csv(batch *b, int kind, const char *path)
{
  FILE *f = fopen(path, "rb");
  struct csv_parser p;
  csv_ctx c;
  char chunk[65536];
  size_t n, i;
  mvr_status rc = MVR_OK;

  if (!f)
    return mvr_db_fail(b->db, MVR_ERR_IO, "cannot open %s", path);
  memset(&c, 0, sizeof c);
  c.b = b;
  c.kind = kind;
  for (i = 0; i < 64; i++)
    mvr_buf_init(&c.cells[i], 1 << 20);
  if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT) != 0) {
    fclose(f);
    return MVR_ERR_NOMEM;
  }
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (csv_parse(&p, chunk, n, on_field, on_record, &c) != n) {
      char msg[160];
      snprintf(msg, sizeof msg, "malformed CSV: %s",
               csv_strerror(csv_error(&p)));
      report(b, NULL, c.row + 1, 1, NULL, msg);
      break;
    }
  }
  if (ferror(f))
    rc = mvr_db_fail(b->db, MVR_ERR_IO, "cannot read %s", path);
  csv_fini(&p, on_field, on_record, &c);
  csv_free(&p);
  fclose(f);
  for (i = 0; i < 64; i++) {
    if (!rc && mvr_buf_status(&c.cells[i]))
      rc = mvr_buf_status(&c.cells[i]);
    mvr_buf_free(&c.cells[i]);
  }
  if (!rc && c.row == 0)
    report(b, NULL, 1, 1, NULL, "empty file: no header row");
  return rc;
}

/* --- JSON ------------------------------------------------------------- */

static void json_items(batch *b, int kind, json_t *arr, const char *table)
{
  size_t i, nf, k;
  const char *const *names = mvr_coord_fields(kind, &nf);
  char msg[256];

  if (!json_is_array(arr)) {
    report(b, table, 0, 0, NULL, "expected an array of records");
    return;
  }
  if (json_array_size(arr) > MAX_RECORDS) {
    report(b, table, 0, 0, NULL, "more than 100,000 records");
    return;
  }
  for (i = 0; i < json_array_size(arr); i++) {
    json_t *o = json_array_get(arr, i);
    const char *v[16], *key;
    char numbuf[16][32];
    size_t colno[16];
    json_t *val;
    int ok = 1;
    if (!json_is_object(o)) {
      report(b, table, i + 1, 0, NULL, "a record must be an object");
      continue;
    }
    for (k = 0; k < nf; k++) {
      v[k] = "";
      colno[k] = k + 1;
    }
    json_object_foreach(o, key, val) {
      size_t f = nf;
      for (k = 0; k < nf; k++)
        if (strcmp(key, names[k]) == 0)
          f = k;
      if (f == nf) {
        snprintf(msg, sizeof msg, "unknown field '%.100s' for %s records",
                 key, mvr_coord_kind_name(kind));
        report(b, table, i + 1, 0, NULL, msg);
        ok = 0;
      } else if (json_is_string(val)) {
        v[f] = json_string_value(val);
        if (strlen(v[f]) != json_string_length(val)) {
          report(b, table, i + 1, f + 1, names[f], "holds a NUL character");
          ok = 0;
        }
      } else if (json_is_integer(val)) {
        snprintf(numbuf[f], sizeof numbuf[f], "%lld",
                 (long long)json_integer_value(val));
        v[f] = numbuf[f];
      } else if (!json_is_null(val)) {
        snprintf(msg, sizeof msg, "%s must be a string", names[f]);
        report(b, table, i + 1, f + 1, names[f], msg);
        ok = 0;
      }
    }
    if (ok)
      take(b, kind, v, nf, colno, i + 1, table);
  }
}

static mvr_status read_json(batch *b, int kind, const char *path)
{
  json_error_t je;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
  char msg[300];

  if (!root) {
    FILE *f = fopen(path, "rb");
    if (!f)
      return mvr_db_fail(b->db, MVR_ERR_IO, "cannot open %s", path);
    fclose(f);
    snprintf(msg, sizeof msg, "invalid JSON: %s", je.text);
    report(b, NULL, je.line > 0 ? (unsigned long)je.line : 1,
           je.column > 0 ? (unsigned long)je.column : 1, NULL, msg);
    return MVR_OK;
  }
  if (json_is_array(root) && kind >= 0)
    json_items(b, kind, root, NULL);
  else if (json_is_object(root)) {
    const char *key;
    json_t *val;
    json_object_foreach(root, key, val) {
      int k = mvr_coord_kind_find(key);
      if (k < 0) {
        if (strcmp(key, "about") == 0 || strcmp(key, "source") == 0 ||
            key[0] == '_')
          continue; /* free text about the file */
        snprintf(msg, sizeof msg, "unknown record kind '%.100s'", key);
        report(b, key, 0, 0, NULL, msg);
        continue;
      }
      if (kind >= 0 && k != kind)
        continue;
      json_items(b, k, val, key);
    }
  } else
    report(b, NULL, 1, 1, NULL,
           "expected an object of record kinds or an array of records");
  json_decref(root);
  return MVR_OK;
}

mvr_status mvr_coord_import(mvr_db *db, int kind, const char *path,
                            mvr_diag_fn diag, void *ud, size_t *nstored)
{
  batch b;
  mvr_status rc;
  size_t len;
  int k, json;

  if (nstored)
    *nstored = 0;
  if (!db || !path || kind < -1 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  len = strlen(path);
  json = len > 5 && mvr_strncaseeq(path + len - 5, ".json", 5);
  if (!json && kind < 0)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "%s: a CSV file holds one kind of record: name it",
                       path);
  memset(&b, 0, sizeof b);
  b.db = db;
  b.file = path;
  b.diag = diag;
  b.ud = ud;
  rc = coord_load(db, MVR_COORD_ORG, &b.orgs);
  if (rc)
    return rc;
  rc = json ? read_json(&b, kind, path) : read_csv(&b, kind, path);
  if (!rc)
    rc = b.rc;
  if (!rc && b.errors)
    rc = mvr_db_fail(db, MVR_ERR_DATA, "%lu error%s in %s: nothing stored",
                     b.errors, b.errors == 1 ? "" : "s", path);
  if (!rc) {
    /* organisations first: the others name them */
    mvr_store *s = db->store;
    int attempt;
    /* one write transaction, run again when the server aborted it for a
     * serialisation failure or a deadlock (mvr_db_replay(), issue 8) */
    for (attempt = 0;; attempt++) {
      rc = s->ops->begin(s, 1);
      if (rc)
        rc = mvr_db_store_fail(db, rc);
      for (k = 0; !rc && k < MVR_COORD_NKINDS; k++) {
        size_t i;
        for (i = 0; !rc && i < b.n[k]; i++)
          rc = s->ops->coord->put(s, k, (const char *const *)b.vals[k][i]);
        if (nstored)
          *nstored += b.n[k];
      }
      if (!rc)
        rc = s->ops->commit(s);
      if (rc) {
        if (nstored)
          *nstored = 0;
        mvr_db_store_fail(db, rc);
        s->ops->rollback(s);
      }
      if (!mvr_db_replay(db, rc, attempt))
        break;
    }
  }
  batch_free(&b);
  return rc;
}

/* --- export ------------------------------------------------------------ */

typedef struct out_ctx {
  mvr_write_fn fn;
  void *ud;
  mvr_buf b;
  int kind, json, vcard;
  size_t rows;
  const char *const *names;
  size_t nf;
} out_ctx;

static void csv_cell(mvr_buf *b, const char *s)
{
  if (mvr_formula_like(s, strlen(s))) {
    /* a spreadsheet would run it: keep it text */
    mvr_buf_puts(b, "\"'");
  } else if (strpbrk(s, ",\"\r\n")) {
    mvr_buf_putc(b, '"');
  } else {
    mvr_buf_puts(b, s);
    return;
  }
  for (; *s; s++) {
    if (*s == '"')
      mvr_buf_putc(b, '"');
    mvr_buf_putc(b, *s);
  }
  mvr_buf_putc(b, '"');
}

static void vcard_text(mvr_buf *b, const char *s)
{
  for (; *s; s++) {
    if (*s == ',' || *s == ';' || *s == '\\')
      mvr_buf_putc(b, '\\');
    if (*s == '\n')
      mvr_buf_puts(b, "\\n");
    else if (*s != '\r')
      mvr_buf_putc(b, *s);
  }
}

static mvr_status flush(out_ctx *c)
{
  mvr_status rc = mvr_buf_status(&c->b);
  if (!rc && c->b.len)
    rc = c->fn(c->ud, c->b.ptr, c->b.len);
  mvr_buf_reset(&c->b);
  return rc;
}

static void json_str(mvr_buf *b, const char *s)
{
  mvr_buf_putc(b, '"');
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\')
      mvr_buf_printf(b, "\\%c", ch);
    else if (ch < 0x20)
      mvr_buf_printf(b, "\\u%04x", ch);
    else
      mvr_buf_putc(b, (char)ch);
  }
  mvr_buf_putc(b, '"');
}

static mvr_status on_out(void *ud, const char *const *v, size_t n)
{
  out_ctx *c = ud;
  size_t i;

  if (c->vcard) {
    mvr_buf_puts(&c->b, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:");
    vcard_text(&c->b, v[1]);
    mvr_buf_puts(&c->b, "\r\nEMAIL:");
    vcard_text(&c->b, v[0]);
    mvr_buf_puts(&c->b, "\r\nORG:");
    vcard_text(&c->b, v[2]);
    if (*v[3]) {
      mvr_buf_puts(&c->b, "\r\nROLE:");
      vcard_text(&c->b, v[3]);
    }
    mvr_buf_puts(&c->b, "\r\nEND:VCARD\r\n");
  } else if (c->json) {
    mvr_buf_puts(&c->b, c->rows ? ",\n  {" : "\n  {");
    for (i = 0; i < n && i < c->nf; i++) {
      if (i)
        mvr_buf_puts(&c->b, ", ");
      json_str(&c->b, c->names[i]);
      mvr_buf_puts(&c->b, ": ");
      json_str(&c->b, v[i]);
    }
    mvr_buf_putc(&c->b, '}');
  } else {
    for (i = 0; i < n && i < c->nf; i++) {
      if (i)
        mvr_buf_putc(&c->b, ',');
      csv_cell(&c->b, v[i]);
    }
    mvr_buf_puts(&c->b, "\r\n");
  }
  c->rows++;
  return flush(c);
}

mvr_status mvr_coord_export(mvr_db *db, int kind, const char *format,
                            mvr_write_fn fn, void *ud)
{
  out_ctx c;
  mvr_status rc;
  size_t i;

  if (!db || !fn || !format || kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  memset(&c, 0, sizeof c);
  c.fn = fn;
  c.ud = ud;
  c.kind = kind;
  c.json = strcmp(format, "json") == 0;
  c.vcard = strcmp(format, "vcard") == 0;
  if (!c.json && !c.vcard && strcmp(format, "csv") != 0)
    return mvr_db_fail(db, MVR_ERR_ARG, "unknown format '%s'", format);
  if (c.vcard && kind != MVR_COORD_REP)
    return mvr_db_fail(db, MVR_ERR_ARG,
                       "vCard is for representatives only");
  c.names = mvr_coord_fields(kind, &c.nf);
  mvr_buf_init(&c.b, 1 << 24);
  if (c.json) {
    mvr_buf_puts(&c.b, "{");
    json_str(&c.b, coord_kind_plural(kind));
    mvr_buf_puts(&c.b, ": [");
  } else if (!c.vcard) {
    for (i = 0; i < c.nf; i++) {
      if (i)
        mvr_buf_putc(&c.b, ',');
      mvr_buf_puts(&c.b, c.names[i]);
    }
    mvr_buf_puts(&c.b, "\r\n");
  }
  rc = flush(&c);
  /* stored records only: not the registry's organisations */
  if (!rc)
    rc = db->store->ops->coord->list(db->store, kind, on_out, &c);
  if (!rc && c.json) {
    mvr_buf_puts(&c.b, c.rows ? "\n]}\n" : "]}\n");
    rc = flush(&c);
  }
  mvr_buf_free(&c.b);
  if (rc == MVR_ERR_STORE)
    mvr_db_store_fail(db, rc);
  return rc;
}
