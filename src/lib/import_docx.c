/* import_docx.c - the Word reader: every table of word/document.xml (in
 * the body, nested in other tables, inside content controls) goes to the
 * importer as "table N", numbered in document order, its cells holding
 * the text as Word shows it:
 *
 * - runs joined; w:tab becomes a space; w:br, w:cr and paragraph
 *   boundaries a newline; hyperlinks, simple fields, smart tags, custom
 *   XML and content controls (w:sdt) are unwrapped; a content control
 *   still showing its placeholder is empty;
 * - complex fields show their result (between "separate" and "end"), not
 *   their instruction; hidden text (w:vanish) is left out;
 * - tracked changes are accepted: w:ins and w:moveTo kept, w:del,
 *   w:moveFrom, deleted rows and cells dropped;
 * - a cell spanning N grid columns (w:gridSpan) gives its text then N-1
 *   empty cells, w:gridBefore/w:gridAfter give empty cells, and a
 *   vertically merged cell (w:vMerge) repeats the text of the cell where
 *   the merge starts, so columns stay aligned with the header;
 * - drawings, text boxes and alternate content fallbacks are skipped.
 *
 * The part is streamed (ooxml.h); a table is held until the outermost
 * table around it ends, then its rows are handed on. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "ooxml.h"
#include "util.h"

#define MAX_NEST 32                   /* tables inside tables */
#define MAX_ROW (MVR_MAX_COLUMNS + 1) /* one more lets the importer say so */
#define MAX_CELLS 10000000ULL         /* grid cells handed on, all tables */
#define MAX_BYTES ((unsigned long long)256 << 20) /* cell text handed on */

enum {
  E_TBL,
  E_TR,
  E_TC,
  E_P,
  E_R,
  E_T,
  E_TAB,
  E_PTAB,
  E_BR,
  E_CR,
  E_NBHYPHEN,
  E_DEL,
  E_CELLDEL,
  E_FLDCHAR,
  E_SDT,
  E_SDTPR,
  E_PLCHDR,
  E_RPR,
  E_VANISH,
  E_TRPR,
  E_TCPR,
  E_GRIDSPAN,
  E_VMERGE,
  E_GRIDBEFORE,
  E_GRIDAFTER,
  E_SKIP /* from here on: elements whose content is never shown */
};
static const char *const names[] = {
    "tbl", "tr", "tc", "p", "r", "t", "tab", "ptab", "br", "cr",
    "noBreakHyphen", "del", "cellDel", "fldChar", "sdt", "sdtPr",
    "showingPlcHdr", "rPr", "vanish", "trPr", "tcPr", "gridSpan", "vMerge",
    "gridBefore", "gridAfter",
    /* skipped with their content */
    "moveFrom", "instrText", "delInstrText", "delText", "sdtEndPr", "pPr",
    "tblPr", "tblGrid", "tblPrEx", "rPrChange", "trPrChange", "tcPrChange",
    "drawing", "pict", "object", "Fallback", "smartTagPr", "customXmlPr",
    "sectPr", "footnoteReference", "endnoteReference", NULL};
static const char *const ns[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/markup-compatibility/2006", NULL};

/* Where text goes: the open cell, or a body paragraph (inspect). */
typedef struct sink {
  mvr_buf *buf;
  size_t start;    /* where this cell's text starts in buf */
  unsigned paras;  /* paragraphs begun */
  unsigned fdepth; /* complex fields open */
  uint64_t fres;   /* bit i: field i is showing its result */
} sink;

typedef struct dcell {
  size_t off, len; /* text in the table's buffer */
  unsigned span;
  int vcont; /* continues a vertical merge */
} dcell;

typedef struct drow {
  size_t first, n;        /* its cells in t->cells */
  unsigned before, after; /* empty grid cells before and after */
  unsigned long no;
} drow;

typedef struct dtable {
  unsigned number;
  mvr_buf text;
  dcell *cells;
  size_t ncells, capcells;
  drow *rows;
  size_t nrows, caprows;
  dcell *above; /* the previous row, one entry per grid column */
  size_t nabove;
  unsigned long rowno;
  int in_row, row_del;
  unsigned before, after;
  size_t row_first;
  int in_cell, cell_del;
  dcell cur;
  sink cell;
} dtable;

typedef struct docx_state {
  mvr_importer *imp;
  mvr_buf in;
  mvr_xml *x;
  dtable *stack[MAX_NEST];
  size_t depth;
  dtable **done; /* finished, waiting for the outermost table to end */
  size_t ndone, capdone;
  unsigned ntables;
  int skip; /* depth of the element being skipped, or -1 */
  int skip_elem;
  int in_run, in_t, hidden, in_rpr, in_trpr, in_tcpr;
  unsigned sdt_depth;
  uint64_t sdt_plc; /* bit i: content control i shows its placeholder */
  int want_text, in_body_p;
  mvr_buf body;
  sink bsink;
  unsigned long long cells_out, bytes_out;
  mvr_buf attr;
  mvr_cell row[MAX_ROW];
} docx_state;

static mvr_status docx_create(mvr_importer *imp, void **state)
{
  docx_state *s = mvr_malloc(sizeof *s);

  *state = NULL;
  if (!s)
    return MVR_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->imp = imp;
  s->skip = -1;
  mvr_buf_init(&s->in, MVR_MAX_WHOLE_FILE);
  mvr_buf_init(&s->body, MVR_MAX_CELL_BYTES + 1);
  mvr_buf_init(&s->attr, 256);
  s->bsink.buf = &s->body;
  *state = s;
  return MVR_OK;
}

static mvr_status docx_feed(void *state, const char *p, size_t n)
{
  docx_state *s = state;

  mvr_buf_put(&s->in, p, n);
  if (mvr_buf_status(&s->in) == MVR_ERR_TOOBIG) {
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "size",
                    "the file is larger than %zu MiB; split it",
                    MVR_MAX_WHOLE_FILE >> 20);
    return MVR_ERR_DATA;
  }
  return mvr_buf_status(&s->in);
}

static void table_free(dtable *t)
{
  if (!t)
    return;
  mvr_buf_free(&t->text);
  mvr_free(t->cells);
  mvr_free(t->rows);
  mvr_free(t->above);
  mvr_free(t);
}

/* --- text ----------------------------------------------------------------- */

static sink *current_sink(docx_state *s)
{
  if (s->depth) {
    dtable *t = s->stack[s->depth - 1];
    return t->in_cell && !t->cell_del ? &t->cell : NULL;
  }
  return s->in_body_p ? &s->bsink : NULL;
}

static uint64_t low_bits(unsigned n)
{
  return n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
}

/* Is text shown here: not hidden, no placeholder, not a field's code? */
static int visible(const docx_state *s, const sink *k)
{
  unsigned d = k->fdepth;

  if (s->hidden || (s->sdt_plc & low_bits(s->sdt_depth)))
    return 0;
  return d == 0 || (d <= 64 && (k->fres & low_bits(d)) == low_bits(d));
}

/* Append to the sink, up to one byte past the cell limit (the importer
 * then reports the cell as too large). */
static void put(sink *k, const char *p, size_t n)
{
  size_t used = k->buf->len - k->start, room;

  if (used > MVR_MAX_CELL_BYTES)
    return;
  room = MVR_MAX_CELL_BYTES + 1 - used;
  mvr_buf_put(k->buf, p, n < room ? n : room);
}

static void put_char(docx_state *s, const char *c)
{
  sink *k = current_sink(s);

  if (k && s->in_run && visible(s, k))
    put(k, c, 1);
}

static void field_char(docx_state *s)
{
  sink *k = current_sink(s);

  if (!k || !mvr_xml_attr(s->x, MVR_XML_OWN, "fldCharType", &s->attr))
    return;
  if (strcmp(s->attr.ptr, "begin") == 0) {
    k->fdepth++;
    k->fres &= low_bits(k->fdepth - 1);
  } else if (strcmp(s->attr.ptr, "separate") == 0 && k->fdepth &&
             k->fdepth <= 64) {
    k->fres |= (uint64_t)1 << (k->fdepth - 1);
  } else if (strcmp(s->attr.ptr, "end") == 0 && k->fdepth) {
    k->fdepth--;
    k->fres &= low_bits(k->fdepth);
  }
}

/* A number attribute w:val, clamped to [lo, hi]; `dflt` when absent. */
static unsigned val_num(docx_state *s, unsigned dflt, unsigned lo, unsigned hi)
{
  long v;

  if (!mvr_xml_attr(s->x, MVR_XML_OWN, "val", &s->attr))
    return dflt;
  if (mvr_parse_long(s->attr.ptr, 0, 1000000, &v) != MVR_OK)
    return dflt;
  return v < (long)lo ? lo : v > (long)hi ? hi : (unsigned)v;
}

/* An on/off property (w:vanish): on unless w:val says otherwise. */
static int val_on(docx_state *s)
{
  if (!mvr_xml_attr(s->x, MVR_XML_OWN, "val", &s->attr))
    return 1;
  return !(strcmp(s->attr.ptr, "0") == 0 || strcmp(s->attr.ptr, "false") == 0 ||
           strcmp(s->attr.ptr, "off") == 0);
}

/* --- tables, rows, cells ------------------------------------------------ */

static mvr_status table_begin(docx_state *s)
{
  dtable *t;

  if (s->depth == MAX_NEST) {
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "limit",
                    "tables are nested more than %d deep; the file was "
                    "refused",
                    MAX_NEST);
    return MVR_ERR_TOOBIG;
  }
  t = mvr_malloc(sizeof *t);
  if (!t)
    return MVR_ERR_NOMEM;
  memset(t, 0, sizeof *t);
  mvr_buf_init(&t->text, (size_t)MVR_OOXML_MAX_PART);
  t->number = ++s->ntables;
  s->stack[s->depth++] = t;
  return MVR_OK;
}

static void cell_begin(dtable *t)
{
  if (!t->in_row || t->in_cell)
    return;
  t->in_cell = 1;
  t->cell_del = 0;
  memset(&t->cur, 0, sizeof t->cur);
  t->cur.span = 1;
  memset(&t->cell, 0, sizeof t->cell);
  t->cell.buf = &t->text;
  t->cell.start = t->text.len;
}

static mvr_status cell_end(dtable *t)
{
  dcell c = t->cur;

  if (!t->in_cell)
    return MVR_OK;
  t->in_cell = 0;
  if (t->cell_del) {
    mvr_buf_truncate(&t->text, t->cell.start);
    return MVR_OK;
  }
  /* empty first or last paragraphs add no lines */
  c.off = t->cell.start;
  c.len = t->text.len - c.off;
  while (c.len && t->text.ptr[c.off] == '\n') {
    c.off++;
    c.len--;
  }
  while (c.len && t->text.ptr[c.off + c.len - 1] == '\n')
    c.len--;
  if (t->ncells - t->row_first >= MAX_ROW)
    return MVR_OK; /* the row is too wide already */
  if (t->ncells == t->capcells) {
    size_t cap = t->capcells ? t->capcells * 2 : 64;
    dcell *p = mvr_realloc(t->cells, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    t->cells = p;
    t->capcells = cap;
  }
  t->cells[t->ncells++] = c;
  return MVR_OK;
}

static void row_begin(dtable *t)
{
  if (t->in_row)
    return;
  t->in_row = 1;
  t->row_del = 0;
  t->before = t->after = 0;
  t->row_first = t->ncells;
}

/* Close the row: fill vertically merged cells from the row above, and
 * remember this row's grid for the next one. */
static mvr_status row_end(dtable *t)
{
  size_t i, g, w;
  mvr_status rc;

  if (!t->in_row)
    return MVR_OK;
  rc = cell_end(t);
  if (rc)
    return rc;
  t->in_row = 0;
  if (t->row_del) {
    t->ncells = t->row_first;
    return MVR_OK;
  }
  if (!t->above) {
    t->above = mvr_malloc(MAX_ROW * sizeof *t->above);
    if (!t->above)
      return MVR_ERR_NOMEM;
  }
  g = t->before;
  for (i = t->row_first; i < t->ncells; i++) {
    dcell *c = &t->cells[i];
    if (c->vcont) {
      c->off = g < t->nabove ? t->above[g].off : 0;
      c->len = g < t->nabove ? t->above[g].len : 0;
    }
    g += c->span;
  }
  w = 0;
  for (g = 0; g < t->before && w < MAX_ROW; g++, w++)
    t->above[w].len = 0;
  for (i = t->row_first; i < t->ncells && w < MAX_ROW; i++)
    for (g = 0; g < t->cells[i].span && w < MAX_ROW; g++, w++) {
      t->above[w].off = t->cells[i].off;
      t->above[w].len = g ? 0 : t->cells[i].len;
    }
  t->nabove = w;
  if (t->nrows == t->caprows) {
    size_t cap = t->caprows ? t->caprows * 2 : 32;
    drow *p = mvr_realloc(t->rows, cap * sizeof *p);
    if (!p)
      return MVR_ERR_NOMEM;
    t->rows = p;
    t->caprows = cap;
  }
  t->rows[t->nrows].first = t->row_first;
  t->rows[t->nrows].n = t->ncells - t->row_first;
  t->rows[t->nrows].before = t->before;
  t->rows[t->nrows].after = t->after;
  t->rows[t->nrows].no = ++t->rowno;
  t->nrows++;
  return MVR_OK;
}

/* Hand one finished table to the importer, row by row. */
static mvr_status emit(docx_state *s, const dtable *t)
{
  char name[32];
  size_t r, i, n, width = 0;
  unsigned g;
  mvr_status rc;

  /* a short row (Word draws no cell there) is padded with empty cells to
   * the table's width, so it is not taken for a ragged one */
  for (r = 0; r < t->nrows; r++) {
    const drow *row = &t->rows[r];
    n = row->before + row->after;
    for (i = row->first; i < row->first + row->n; i++)
      n += t->cells[i].span;
    if (n > width)
      width = n < MVR_MAX_COLUMNS ? n : MVR_MAX_COLUMNS;
  }
  snprintf(name, sizeof name, "table %u", t->number);
  rc = mvr_import_table_begin(s->imp, name);
  for (r = 0; !rc && r < t->nrows; r++) {
    const drow *row = &t->rows[r];
    n = 0;
    for (g = 0; g < row->before && n < MAX_ROW; g++, n++)
      s->row[n].len = 0;
    for (i = row->first; i < row->first + row->n && n < MAX_ROW; i++) {
      const dcell *c = &t->cells[i];
      s->row[n].p = t->text.ptr ? t->text.ptr + c->off : "";
      s->row[n++].len = c->len;
      s->bytes_out += c->len;
      for (g = 1; g < c->span && n < MAX_ROW; g++, n++)
        s->row[n].len = 0;
    }
    for (g = 0; g < row->after && n < MAX_ROW; g++, n++)
      s->row[n].len = 0;
    while (n < width)
      s->row[n++].len = 0;
    for (i = 0; i < n; i++)
      if (!s->row[i].len)
        s->row[i].p = "";
    s->cells_out += n;
    if (s->cells_out > MAX_CELLS || s->bytes_out > MAX_BYTES) {
      mvr_import_diag(s->imp, MVR_ERROR, row->no, 0, "limit",
                      "the tables hold more than %llu cells or %llu MiB of "
                      "text (merged cells repeat theirs); the limit",
                      MAX_CELLS, MAX_BYTES >> 20);
      return MVR_ERR_TOOBIG;
    }
    rc = mvr_import_row(s->imp, row->no, s->row, n);
  }
  if (!rc)
    rc = mvr_import_table_end(s->imp);
  return rc;
}

/* A table ends. Nested tables end before the table around them; all are
 * handed on in document order when the outermost one ends. */
static mvr_status table_end(docx_state *s)
{
  dtable *t = s->stack[--s->depth];
  mvr_status rc = row_end(t);
  size_t i, j;

  if (s->ndone == s->capdone) {
    size_t cap = s->capdone ? s->capdone * 2 : 8;
    dtable **p = mvr_realloc(s->done, cap * sizeof *p);
    if (!p) {
      table_free(t);
      return MVR_ERR_NOMEM;
    }
    s->done = p;
    s->capdone = cap;
  }
  s->done[s->ndone++] = t;
  if (!rc)
    rc = mvr_buf_status(&t->text);
  if (rc || s->depth)
    return rc;
  /* insertion sort by number: the outer table ends last but comes first */
  for (i = 1; i < s->ndone; i++)
    for (j = i; j > 0 && s->done[j - 1]->number > s->done[j]->number; j--) {
      dtable *tmp = s->done[j];
      s->done[j] = s->done[j - 1];
      s->done[j - 1] = tmp;
    }
  for (i = 0; i < s->ndone && !rc; i++)
    rc = emit(s, s->done[i]);
  for (i = 0; i < s->ndone; i++)
    table_free(s->done[i]);
  s->ndone = 0;
  return rc;
}

/* --- the event loop ------------------------------------------------------- */

static mvr_status on_start(docx_state *s, int e, int empty, int depth)
{
  dtable *t = s->depth ? s->stack[s->depth - 1] : NULL;
  sink *k;
  mvr_status rc = MVR_OK;

  if (e >= E_SKIP || (e == E_DEL && !s->in_trpr) || e == E_SDTPR) {
    if (!empty) {
      s->skip = depth;
      s->skip_elem = e;
    }
    return MVR_OK;
  }
  switch (e) {
  case E_TBL:
    if (empty)
      break;
    rc = table_begin(s);
    break;
  case E_TR:
    if (t) {
      row_begin(t);
      if (empty)
        rc = row_end(t);
    }
    break;
  case E_TC:
    if (t) {
      cell_begin(t);
      if (empty)
        rc = cell_end(t);
    }
    break;
  case E_P:
    if (!t && s->want_text && !empty) {
      /* each body paragraph on its own; open fields carry over */
      s->in_body_p = 1;
      mvr_buf_reset(&s->body);
      s->bsink.paras = 0;
    }
    k = current_sink(s);
    if (k && k->paras++)
      put(k, "\n", 1);
    break;
  case E_R:
    s->in_run = !empty;
    s->hidden = 0;
    break;
  case E_T:
    s->in_t = !empty;
    break;
  case E_TAB:
  case E_PTAB:
    put_char(s, " ");
    break;
  case E_BR:
  case E_CR:
    put_char(s, "\n");
    break;
  case E_NBHYPHEN:
    put_char(s, "-");
    break;
  case E_DEL: /* in w:trPr: the row was deleted */
    if (t)
      t->row_del = 1;
    if (!empty) {
      s->skip = depth;
      s->skip_elem = e;
    }
    break;
  case E_CELLDEL:
    if (t && s->in_tcpr)
      t->cell_del = 1;
    break;
  case E_FLDCHAR:
    field_char(s);
    break;
  case E_SDT:
    if (!empty) {
      s->sdt_depth++;
      if (s->sdt_depth <= 64)
        s->sdt_plc &= low_bits(s->sdt_depth - 1);
    }
    break;
  case E_RPR:
    s->in_rpr = s->in_run && !empty;
    break;
  case E_VANISH:
    if (s->in_rpr)
      s->hidden = val_on(s);
    break;
  case E_TRPR:
    s->in_trpr = !empty;
    break;
  case E_TCPR:
    s->in_tcpr = !empty;
    break;
  case E_GRIDSPAN:
    if (t && t->in_cell && s->in_tcpr)
      t->cur.span = val_num(s, 1, 1, MAX_ROW);
    break;
  case E_VMERGE:
    if (t && t->in_cell && s->in_tcpr)
      t->cur.vcont = !mvr_xml_attr(s->x, MVR_XML_OWN, "val", &s->attr) ||
                     strcmp(s->attr.ptr, "restart") != 0;
    break;
  case E_GRIDBEFORE:
    if (t && t->in_row && s->in_trpr)
      t->before = val_num(s, 0, 0, MAX_ROW);
    break;
  case E_GRIDAFTER:
    if (t && t->in_row && s->in_trpr)
      t->after = val_num(s, 0, 0, MAX_ROW);
    break;
  default:
    break;
  }
  return rc;
}

static mvr_status on_end(docx_state *s, int e)
{
  dtable *t = s->depth ? s->stack[s->depth - 1] : NULL;
  mvr_status rc = MVR_OK;

  switch (e) {
  case E_TBL:
    if (t)
      rc = table_end(s);
    break;
  case E_TR:
    if (t)
      rc = row_end(t);
    break;
  case E_TC:
    if (t)
      rc = cell_end(t);
    break;
  case E_P:
    if (!t && s->in_body_p) {
      s->in_body_p = 0;
      rc = mvr_buf_status(&s->body);
      if (!rc && s->body.len)
        rc = mvr_import_text(s->imp, s->body.ptr, s->body.len);
    }
    break;
  case E_R:
    s->in_run = 0;
    s->hidden = 0;
    break;
  case E_T:
    s->in_t = 0;
    break;
  case E_SDT:
    if (s->sdt_depth)
      s->sdt_depth--;
    break;
  case E_RPR:
    s->in_rpr = 0;
    break;
  case E_TRPR:
    s->in_trpr = 0;
    break;
  case E_TCPR:
    s->in_tcpr = 0;
    break;
  default:
    break;
  }
  return rc;
}

static mvr_status walk(docx_state *s)
{
  mvr_xml_event ev;
  mvr_status rc;
  sink *k;

  for (;;) {
    rc = mvr_xml_next(s->x, &ev);
    if (rc || ev == MVR_XML_EOF)
      return rc;
    if (s->skip >= 0) {
      /* a content control showing its placeholder text */
      if (ev == MVR_XML_START && s->skip_elem == E_SDTPR &&
          mvr_xml_elem(s->x) == E_PLCHDR && s->sdt_depth &&
          s->sdt_depth <= 64 && val_on(s))
        s->sdt_plc |= (uint64_t)1 << (s->sdt_depth - 1);
      if (ev == MVR_XML_END && mvr_xml_depth(s->x) == s->skip)
        s->skip = -1;
      continue;
    }
    if (ev == MVR_XML_TEXT) {
      size_t n;
      const char *p = mvr_xml_text(s->x, &n);
      k = current_sink(s);
      if (s->in_t && k && visible(s, k))
        put(k, p, n);
      continue;
    }
    if (mvr_xml_elem(s->x) < 0)
      continue;
    if (ev == MVR_XML_START)
      rc = on_start(s, mvr_xml_elem(s->x), mvr_xml_empty(s->x),
                    mvr_xml_depth(s->x));
    else
      rc = on_end(s, mvr_xml_elem(s->x));
    if (!rc && s->depth) {
      rc = mvr_buf_status(&s->stack[s->depth - 1]->text);
      if (rc == MVR_ERR_TOOBIG)
        mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "limit",
                        "table %u holds more than %llu MiB of text; the "
                        "limit",
                        s->stack[s->depth - 1]->number,
                        (unsigned long long)(MVR_OOXML_MAX_PART >> 20));
    }
    if (rc)
      return rc;
  }
}

/* Package problems are reported outside any table. */
static void on_pkg_error(void *ud, const char *code, const char *msg)
{
  docx_state *s = ud;

  mvr_import_table_begin(s->imp, NULL);
  mvr_import_diag(s->imp, MVR_ERROR, 0, 0, code, "%s", msg);
}

static int is_word(const char *ct)
{
  static const char *const ok[] = {
      MVR_CT_WORD "document.main+xml", MVR_CT_WORD "template.main+xml",
      "application/vnd.ms-word.document.macroEnabled.main+xml",
      "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"};
  size_t i;

  for (i = 0; ct && i < MVR_ARRAY_SIZE(ok); i++)
    if (strcmp(ct, ok[i]) == 0)
      return 1;
  return 0;
}

static mvr_status docx_finish_(void *state)
{
  docx_state *s = state;
  mvr_ooxml *pkg = NULL;
  const char *part, *ct;
  mvr_status rc;
  size_t i;

  s->want_text = mvr_import_wants_text(s->imp);
  rc = mvr_ooxml_open(mvr_buf_cstr(&s->in), s->in.len, on_pkg_error, s, &pkg);
  if (!rc)
    rc = mvr_ooxml_main_part(pkg, &part, &ct);
  if (!rc && !is_word(ct)) {
    const char *kind = mvr_ooxml_kind(ct);
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "format",
                    "the file is %s, not a Word document%s", kind,
                    strstr(kind, "Excel") ? "; name it .xlsx" : "");
    rc = MVR_ERR_DATA;
  }
  if (!rc)
    rc = mvr_ooxml_xml_open(pkg, part, ns, names, &s->x);
  if (!rc)
    rc = walk(s);
  mvr_xml_close(s->x);
  s->x = NULL;
  mvr_ooxml_close(pkg);
  mvr_buf_free(&s->in);
  for (i = 0; i < s->depth; i++)
    table_free(s->stack[i]);
  for (i = 0; i < s->ndone; i++)
    table_free(s->done[i]);
  s->depth = s->ndone = 0;
  return rc;
}

static void docx_destroy(void *state)
{
  docx_state *s = state;
  size_t i;

  if (!s)
    return;
  mvr_xml_close(s->x);
  for (i = 0; i < s->depth; i++)
    table_free(s->stack[i]);
  for (i = 0; i < s->ndone; i++)
    table_free(s->done[i]);
  mvr_free(s->done);
  mvr_buf_free(&s->in);
  mvr_buf_free(&s->body);
  mvr_buf_free(&s->attr);
  mvr_free(s);
}

const mvr_reader_ops mvr_reader_docx = {
    .format = "docx",
    .text = 0,
    .document = 1,
    .create = docx_create,
    .feed = docx_feed,
    .finish = docx_finish_,
    .destroy = docx_destroy,
};
