/* import_csv.c - the CSV reader (RFC 4180, via libcsv): UTF-8 with or
 * without a BOM, comma, semicolon or tab sniffed from the first line,
 * CRLF or LF. Rows go to the importer as they complete, so memory does not
 * grow with the file; a cell is capped at MVR_MAX_CELL_BYTES inside libcsv
 * itself, through its allocator hook. */
#include <csv.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "util.h"

typedef struct csv_state {
  mvr_importer *imp;
  struct csv_parser parser;
  int parser_ready;
  int started;            /* BOM and delimiter handled */
  mvr_buf head;           /* bytes held back until the first line is seen */
  mvr_buf rowdata;        /* the cells of the current row, back to back */
  size_t *offs;           /* start of each cell in rowdata */
  size_t *lens;
  size_t ncells, capcells;
  unsigned long extra;    /* cells past the limit, counted only */
  unsigned long line;     /* line being parsed */
  unsigned long record_line;
  unsigned long after_line; /* the line the last complete record ended on */
  mvr_status rc;
  int dead; /* a parse error was reported: read no further */
} csv_state;

/* libcsv's allocator hook has no context; the cap is the same for every
 * parser, and a refused growth is reported as CSV_ENOMEM, which the
 * reader turns into "cell too large" when the field is that big. */
static _Thread_local int cap_hit;

static void *capped_realloc(void *p, size_t n)
{
  if (n > MVR_MAX_CELL_BYTES + 65536) {
    cap_hit = 1;
    return NULL;
  }
  return mvr_realloc(p, n);
}

static void on_field(void *field, size_t len, void *ud)
{
  csv_state *s = ud;

  if (s->rc)
    return;
  if (s->ncells == 0 && s->extra == 0)
    s->record_line = s->line;
  if (s->ncells >= MVR_MAX_COLUMNS + 1) {
    s->extra++;
    return;
  }
  if (s->ncells == s->capcells) {
    size_t cap = s->capcells ? s->capcells * 2 : 16;
    size_t *o = mvr_realloc(s->offs, cap * sizeof *o);
    size_t *l;
    if (!o) {
      s->rc = MVR_ERR_NOMEM;
      return;
    }
    s->offs = o;
    l = mvr_realloc(s->lens, cap * sizeof *l);
    if (!l) {
      s->rc = MVR_ERR_NOMEM;
      return;
    }
    s->lens = l;
    s->capcells = cap;
  }
  s->offs[s->ncells] = s->rowdata.len;
  s->lens[s->ncells] = len;
  mvr_buf_put(&s->rowdata, field ? field : "", len);
  if (mvr_buf_status(&s->rowdata))
    s->rc = mvr_buf_status(&s->rowdata);
  s->ncells++;
}

static void on_record(int c, void *ud)
{
  csv_state *s = ud;
  mvr_cell cells[MVR_MAX_COLUMNS + 1];
  size_t i;
  mvr_status rc;

  (void)c;
  if (s->rc)
    return;
  for (i = 0; i < s->ncells; i++) {
    cells[i].p = s->rowdata.ptr ? s->rowdata.ptr + s->offs[i] : "";
    cells[i].len = s->lens[i];
    /* undo the formula guard that mvroad's own CSV export adds: an
     * apostrophe before = + - @ TAB CR or another apostrophe */
    if (cells[i].len >= 2 && cells[i].p[0] == '\'' &&
        strchr("=+-@\t\r'", cells[i].p[1])) {
      cells[i].p++;
      cells[i].len--;
    }
  }
  rc = mvr_import_row(s->imp, s->record_line, cells,
                      s->ncells + (size_t)s->extra);
  if (rc)
    s->rc = rc;
  s->ncells = 0;
  s->extra = 0;
  s->after_line = s->line;
  mvr_buf_reset(&s->rowdata);
}

static mvr_status csv_create(mvr_importer *imp, void **state)
{
  csv_state *s = mvr_malloc(sizeof *s);

  *state = NULL;
  if (!s)
    return MVR_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->imp = imp;
  s->line = 1;
  mvr_buf_init(&s->head, 65536);
  mvr_buf_init(&s->rowdata, (MVR_MAX_COLUMNS + 2) * MVR_MAX_CELL_BYTES);
  *state = s;
  return MVR_OK;
}

/* The delimiter that occurs most on the first line, outside quotes. */
static unsigned char sniff(const char *p, size_t n)
{
  size_t i, comma = 0, semi = 0, tab = 0;
  int quoted = 0;

  for (i = 0; i < n; i++) {
    char c = p[i];
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r'))
      break;
    else if (!quoted && c == ',')
      comma++;
    else if (!quoted && c == ';')
      semi++;
    else if (!quoted && c == '\t')
      tab++;
  }
  if (tab > comma && tab >= semi)
    return '\t';
  if (semi > comma)
    return ';';
  return ',';
}

/* A diagnostic was reported: the input has an error. */
static mvr_status data_error(mvr_status rc)
{
  return rc ? rc : MVR_ERR_DATA;
}

static mvr_status parse_error(csv_state *s)
{
  int err = csv_error(&s->parser);

  if (err == CSV_ENOMEM && cap_hit)
    return data_error(mvr_import_diag(s->imp, MVR_ERROR, s->line, 0, "cell-size",
                           "a cell is larger than %zu bytes; is a quote "
                           "left open?",
                           MVR_MAX_CELL_BYTES));
  if (err == CSV_ENOMEM)
    return MVR_ERR_NOMEM;
  return data_error(mvr_import_diag(s->imp, MVR_ERROR, s->line, 0, "csv",
                         "malformed CSV: a quote inside an unquoted cell, "
                         "or text after a closing quote (quote the cell "
                         "and double the quotes inside it)"));
}

/* Parse `n` bytes, line by line so diagnostics know their line. */
static mvr_status parse(csv_state *s, const char *p, size_t n)
{
  while (n) {
    const char *nl = memchr(p, '\n', n);
    size_t k = nl ? (size_t)(nl - p) + 1 : n;
    cap_hit = 0;
    if (csv_parse(&s->parser, p, k, on_field, on_record, s) != k) {
      s->dead = 1;
      return s->rc ? s->rc : parse_error(s);
    }
    if (s->rc)
      return s->rc;
    if (nl)
      s->line++;
    p += k;
    n -= k;
  }
  return MVR_OK;
}

static mvr_status start(csv_state *s, const char *p, size_t n)
{
  const char *name = mvr_import_name(s->imp);
  size_t nl = strlen(name);
  unsigned char delim;

  if (n >= 2 && (((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE) ||
                 ((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF)))
    return data_error(mvr_import_diag(s->imp, MVR_ERROR, 1, 0, "encoding",
                           "the file is UTF-16; save it as CSV UTF-8"));
  {
    size_t bom = mvr_utf8_bom_len(p, n);
    p += bom;
    n -= bom;
  }
  delim = nl > 4 && mvr_strcaseeq(name + nl - 4, ".tsv") ? '\t' : sniff(p, n);
  if (csv_init(&s->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    return MVR_ERR_NOMEM;
  s->parser_ready = 1;
  csv_set_delim(&s->parser, delim);
  csv_set_realloc_func(&s->parser, capped_realloc);
  csv_set_free_func(&s->parser, mvr_free);
  csv_set_blk_size(&s->parser, 64 * 1024);
  s->started = 1;
  return parse(s, p, n);
}

static mvr_status csv_feed(void *state, const char *p, size_t n)
{
  csv_state *s = state;
  mvr_status rc;

  if (s->dead)
    return MVR_ERR_DATA;
  if (s->started)
    return parse(s, p, n);
  /* hold bytes back until the first line is complete (or 64 KiB), to
   * sniff the delimiter from it */
  {
    const char *nl = memchr(p, '\n', n);
    size_t want = nl ? (size_t)(nl - p) + 1 : n;
    if (s->head.len + want > 65536)
      want = s->head.len < 65536 ? 65536 - s->head.len : 0;
    mvr_buf_put(&s->head, p, want);
    rc = mvr_buf_status(&s->head);
    if (rc)
      return rc;
    if (want == n && !nl && s->head.len < 65536)
      return MVR_OK;
    rc = start(s, mvr_buf_cstr(&s->head), s->head.len);
    mvr_buf_free(&s->head);
    if (rc)
      return rc;
    return parse(s, p + want, n - want);
  }
}

static mvr_status csv_finish_(void *state)
{
  csv_state *s = state;
  mvr_status rc = MVR_OK;

  if (s->dead)
    return MVR_ERR_DATA;
  if (!s->started) {
    rc = start(s, mvr_buf_cstr(&s->head), s->head.len);
    mvr_buf_free(&s->head);
    if (rc)
      return rc;
  }
  cap_hit = 0;
  if (csv_fini(&s->parser, on_field, on_record, s) != 0) {
    if (s->rc)
      return s->rc;
    if (csv_error(&s->parser) == CSV_EPARSE)
      return data_error(mvr_import_diag(
          s->imp, MVR_ERROR, s->after_line + 1, 0, "csv",
          "a quoted cell is never closed: the file ends inside quotes "
          "opened at or after line %lu",
          s->after_line + 1));
    return parse_error(s);
  }
  return s->rc;
}

static void csv_destroy(void *state)
{
  csv_state *s = state;

  if (!s)
    return;
  if (s->parser_ready)
    csv_free(&s->parser);
  mvr_buf_free(&s->head);
  mvr_buf_free(&s->rowdata);
  mvr_free(s->offs);
  mvr_free(s->lens);
  mvr_free(s);
}

const mvr_reader_ops mvr_reader_csv = {
    .format = "csv",
    .text = 1,
    .create = csv_create,
    .feed = csv_feed,
    .finish = csv_finish_,
    .destroy = csv_destroy,
};
