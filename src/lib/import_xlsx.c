/* import_xlsx.c - the Excel reader: each worksheet of the workbook, in
 * workbook order, goes to the importer as a table named after the sheet,
 * its cells holding the text Excel shows:
 *
 * - shared strings (rich text runs joined, phonetic runs left out),
 *   inline strings, formula results, TRUE/FALSE and error values;
 * - numbers as their style's number format shows them (numfmt.h): 2023
 *   rather than 2023.0, a date as YYYY-MM-DD;
 * - a merged range (mergeCells) holds the value of its top-left cell in
 *   each of its cells, so a vertically merged SDO fills down;
 * - hidden rows and sheets are read, with a warning.
 *
 * The workbook, its relationships and content types say which parts are
 * read (ooxml.h); each part is streamed. A sheet is held in memory until
 * its merged ranges (which follow the cells) are known. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "numfmt.h"
#include "ooxml.h"
#include "util.h"

#define MAX_ROW (MVR_MAX_COLUMNS + 1)
#define MAX_COL 16384 /* XFD */
#define MAX_MERGES 200000
#define MAX_CELLS 10000000ULL /* cells handed on, all sheets */
#define MAX_BYTES ((unsigned long long)256 << 20)
#define MAX_HIDDEN_WARNINGS 10

static const char *const ns[] = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main", NULL};

enum { W_SHEET, W_WORKBOOKPR };
static const char *const wb_names[] = {"sheet", "workbookPr", NULL};
enum { S_NUMFMT, S_CELLXFS, S_XF };
static const char *const st_names[] = {"numFmt", "cellXfs", "xf", NULL};
enum { T_SI, T_T, T_RPH };
static const char *const ss_names[] = {"si", "t", "rPh", NULL};
enum { C_ROW, C_C, C_V, C_IS, C_T, C_RPH, C_MERGE };
static const char *const sh_names[] = {"row", "c",   "v",         "is",
                                       "t",   "rPh", "mergeCell", NULL};

typedef struct span {
  size_t off, len;
} span;

typedef struct xcell {
  unsigned col;
  int sst; /* text is in the shared strings, else in the sheet's */
  span text;
} xcell;

typedef struct xrow {
  unsigned long r;
  size_t first, n;
  int hidden;
} xrow;

typedef struct xmerge {
  unsigned long r1, r2;
  unsigned c1, c2;
  int sst;
  span text; /* the top-left cell's */
} xmerge;

typedef struct xsheet {
  char *name, *part;
  int hidden;
} xsheet;

typedef struct xlsx_state {
  mvr_importer *imp;
  mvr_buf in;
  mvr_ooxml *pkg;
  int date1904;
  mvr_buf sst;
  span *ss;
  size_t nss, capss;
  mvr_numfmt *xf; /* number format of each cell style */
  size_t nxf, capxf;
  xsheet *sheets;
  size_t nsheets, capsheets;
  /* the sheet being read */
  mvr_buf text;
  xcell *cells;
  size_t ncells, capcells;
  xrow *rows;
  size_t nrows, caprows;
  xmerge *merges;
  size_t nmerges, capmerges;
  unsigned long long cells_out, bytes_out;
  mvr_buf a, v;
  mvr_cell row[MAX_ROW];
} xlsx_state;

/* Grow an array to hold one more element. */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
  void *q;
  size_t c;

  if (n < *cap)
    return 1;
  c = *cap ? *cap * 2 : 64;
  q = mvr_realloc(*p, c * size);
  if (!q)
    return 0;
  *p = q;
  *cap = c;
  return 1;
}

static mvr_status xlsx_create(mvr_importer *imp, void **state)
{
  xlsx_state *s = mvr_malloc(sizeof *s);

  *state = NULL;
  if (!s)
    return MVR_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->imp = imp;
  mvr_buf_init(&s->in, MVR_MAX_WHOLE_FILE);
  mvr_buf_init(&s->sst, (size_t)MVR_OOXML_MAX_PART);
  mvr_buf_init(&s->text, (size_t)MVR_OOXML_MAX_PART);
  mvr_buf_init(&s->a, 4096);
  mvr_buf_init(&s->v, MVR_MAX_CELL_BYTES + 1);
  *state = s;
  return MVR_OK;
}

static mvr_status xlsx_feed(void *state, const char *p, size_t n)
{
  xlsx_state *s = state;

  mvr_buf_put(&s->in, p, n);
  if (mvr_buf_status(&s->in) == MVR_ERR_TOOBIG) {
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "size",
                    "the file is larger than %zu MiB; split it",
                    MVR_MAX_WHOLE_FILE >> 20);
    return MVR_ERR_DATA;
  }
  return mvr_buf_status(&s->in);
}

/* Append a text node, decoding _xHHHH_, up to one byte past a cell. */
static void put_text(mvr_buf *out, size_t start, const char *p, size_t n)
{
  mvr_ooxml_xstring(out, start, MVR_MAX_CELL_BYTES + 1, p, n);
}

/* Package problems are reported outside any sheet. */
static void on_pkg_error(void *ud, const char *code, const char *msg)
{
  xlsx_state *s = ud;

  mvr_import_table_begin(s->imp, NULL);
  mvr_import_diag(s->imp, MVR_ERROR, 0, 0, code, "%s", msg);
}

/* Open a part the workbook points to, checking its content type. */
static mvr_status open_part(xlsx_state *s, const char *part, const char *ct,
                            const char *const *names, mvr_xml **x)
{
  const char *got = mvr_ooxml_content_type(s->pkg, part);

  if (!got || strcmp(got, ct) != 0) {
    mvr_import_table_begin(s->imp, NULL);
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "package",
                    "the part %s has content type \"%s\", not \"%s\"; the "
                    "file is damaged",
                    part + 1, got ? got : "(none)", ct);
    return MVR_ERR_DATA;
  }
  return mvr_ooxml_xml_open(s->pkg, part, ns, names, x);
}

/* --- the workbook, its styles and shared strings ------------------------ */

static mvr_status read_workbook(xlsx_state *s, const char *main)
{
  mvr_buf name = MVR_BUF_INIT(4096), id = MVR_BUF_INIT(4096),
          state = MVR_BUF_INIT(64);
  const mvr_ooxml_rel *rels;
  mvr_xml *x = NULL;
  mvr_xml_event ev;
  size_t nrels = 0, i;
  mvr_status rc;

  rc = mvr_ooxml_rels(s->pkg, main, &rels, &nrels);
  if (!rc)
    rc = mvr_ooxml_xml_open(s->pkg, main, ns, wb_names, &x);
  while (!rc) {
    rc = mvr_xml_next(x, &ev);
    if (rc || ev == MVR_XML_EOF)
      break;
    if (ev != MVR_XML_START)
      continue;
    if (mvr_xml_elem(x) == W_WORKBOOKPR) {
      s->date1904 = mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "date1904", &id) &&
                    (strcmp(id.ptr, "1") == 0 || strcmp(id.ptr, "true") == 0);
      continue;
    }
    if (mvr_xml_elem(x) != W_SHEET ||
        !mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "name", &name) ||
        !mvr_xml_attr(x, MVR_XML_REL, "id", &id))
      continue;
    /* only worksheets: chart sheets and dialog sheets hold no table */
    for (i = 0; i < nrels; i++)
      if (strcmp(rels[i].id, id.ptr) == 0 &&
          strcmp(rels[i].type, "worksheet") == 0)
        break;
    if (i == nrels)
      continue;
    if (!grow((void **)&s->sheets, &s->capsheets, s->nsheets,
              sizeof *s->sheets)) {
      rc = MVR_ERR_NOMEM;
      break;
    }
    s->sheets[s->nsheets].name = mvr_strdup(name.ptr);
    s->sheets[s->nsheets].part = mvr_strdup(rels[i].target);
    s->sheets[s->nsheets].hidden =
        mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "state", &state) &&
        strcmp(state.ptr, "visible") != 0;
    s->nsheets++;
    if (!s->sheets[s->nsheets - 1].name || !s->sheets[s->nsheets - 1].part)
      rc = MVR_ERR_NOMEM;
  }
  mvr_xml_close(x);
  mvr_buf_free(&name);
  mvr_buf_free(&id);
  mvr_buf_free(&state);
  return rc;
}

static mvr_status read_styles(xlsx_state *s, const char *part)
{
  struct custom {
    long id;
    mvr_numfmt fmt;
  } *custom = NULL;
  long id;
  size_t ncustom = 0, cap = 0, i;
  mvr_xml *x = NULL;
  mvr_xml_event ev;
  int in_xfs = 0;
  mvr_status rc;

  rc = open_part(s, part, MVR_CT_SHEET "styles+xml", st_names, &x);
  while (!rc) {
    rc = mvr_xml_next(x, &ev);
    if (rc || ev == MVR_XML_EOF)
      break;
    if (mvr_xml_elem(x) == S_CELLXFS) {
      in_xfs = ev == MVR_XML_START && !mvr_xml_empty(x);
      continue;
    }
    if (ev != MVR_XML_START ||
        !mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "numFmtId", &s->a) ||
        mvr_parse_long(s->a.ptr, 0, 100000, &id))
      id = 0;
    if (ev == MVR_XML_START && mvr_xml_elem(x) == S_NUMFMT &&
        mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "formatCode", &s->a)) {
      if (!grow((void **)&custom, &cap, ncustom, sizeof *custom)) {
        rc = MVR_ERR_NOMEM;
        break;
      }
      custom[ncustom].id = id;
      custom[ncustom++].fmt = mvr_numfmt_parse(s->a.ptr);
    } else if (ev == MVR_XML_START && mvr_xml_elem(x) == S_XF && in_xfs) {
      if (!grow((void **)&s->xf, &s->capxf, s->nxf, sizeof *s->xf)) {
        rc = MVR_ERR_NOMEM;
        break;
      }
      s->xf[s->nxf] = mvr_numfmt_builtin(id);
      for (i = 0; i < ncustom; i++)
        if (custom[i].id == id)
          s->xf[s->nxf] = custom[i].fmt;
      s->nxf++;
    }
  }
  mvr_xml_close(x);
  mvr_free(custom);
  return rc;
}

static mvr_status read_shared_strings(xlsx_state *s, const char *part)
{
  mvr_xml *x = NULL;
  mvr_xml_event ev;
  int in_t = 0, in_rph = 0;
  size_t start = 0, n;
  const char *p;
  mvr_status rc;

  rc = open_part(s, part, MVR_CT_SHEET "sharedStrings+xml", ss_names, &x);
  while (!rc) {
    rc = mvr_xml_next(x, &ev);
    if (rc || ev == MVR_XML_EOF)
      break;
    if (ev == MVR_XML_TEXT) {
      if (in_t && !in_rph) {
        p = mvr_xml_text(x, &n);
        put_text(&s->sst, start, p, n);
      }
      continue;
    }
    switch (mvr_xml_elem(x)) {
    case T_SI:
      if (ev == MVR_XML_START)
        start = s->sst.len;
      if (ev == MVR_XML_END || mvr_xml_empty(x)) {
        if (!grow((void **)&s->ss, &s->capss, s->nss, sizeof *s->ss)) {
          rc = MVR_ERR_NOMEM;
          break;
        }
        s->ss[s->nss].off = start;
        s->ss[s->nss++].len = s->sst.len - start;
      }
      break;
    case T_T:
      in_t = ev == MVR_XML_START && !mvr_xml_empty(x);
      break;
    case T_RPH:
      in_rph = ev == MVR_XML_START && !mvr_xml_empty(x);
      break;
    default:
      break;
    }
    if (!rc)
      rc = mvr_buf_status(&s->sst);
  }
  mvr_xml_close(x);
  return rc;
}

/* --- one sheet ------------------------------------------------------------ */

/* "BC12" -> column 55, row 12; 0 when not a cell reference. */
static unsigned ref_col(const char *p, unsigned long *row)
{
  unsigned long c = 0, r = 0;

  while (mvr_isalpha((unsigned char)*p) && c <= MAX_COL)
    c = c * 26 + (unsigned long)(mvr_toupper((unsigned char)*p++) - 'A' + 1);
  while (mvr_isdigit((unsigned char)*p) && r <= 1048576)
    r = r * 10 + (unsigned long)(*p++ - '0');
  if (row)
    *row = r;
  return c <= MAX_COL && !*p ? (unsigned)c : 0;
}

static mvr_status add_merge(xlsx_state *s, const char *ref)
{
  char a[32];
  const char *colon = strchr(ref, ':');
  unsigned long r1, r2;
  unsigned c1, c2;
  size_t n = colon ? (size_t)(colon - ref) : 0;

  if (!colon || n >= sizeof a)
    return MVR_OK;
  memcpy(a, ref, n);
  a[n] = '\0';
  c1 = ref_col(a, &r1);
  c2 = ref_col(colon + 1, &r2);
  if (!c1 || !c2 || !r1 || !r2 || c2 < c1 || r2 < r1)
    return MVR_OK;
  if (s->nmerges == MAX_MERGES) {
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "limit",
                    "the sheet has more than %d merged ranges", MAX_MERGES);
    return MVR_ERR_TOOBIG;
  }
  if (!grow((void **)&s->merges, &s->capmerges, s->nmerges, sizeof *s->merges))
    return MVR_ERR_NOMEM;
  memset(&s->merges[s->nmerges], 0, sizeof *s->merges);
  s->merges[s->nmerges].r1 = r1;
  s->merges[s->nmerges].r2 = r2;
  s->merges[s->nmerges].c1 = c1;
  s->merges[s->nmerges].c2 = c2;
  s->nmerges++;
  return MVR_OK;
}

/* A cell ends: its text as Excel shows it goes into the sheet. */
typedef struct pending {
  unsigned col;
  char type[16];
  long style;
  int in_v, in_is, in_t, in_rph;
} pending;

static mvr_status end_cell(xlsx_state *s, const pending *c)
{
  xcell cell;
  long idx;

  memset(&cell, 0, sizeof cell);
  cell.col = c->col;
  cell.text.off = s->text.len;
  if (strcmp(c->type, "s") == 0) {
    if (!s->v.len)
      return MVR_OK;
    if (mvr_parse_long(s->v.ptr, 0, (long)s->nss - 1, &idx)) {
      mvr_import_diag(s->imp, MVR_ERROR, 0, c->col, "xlsx",
                      "a cell refers to shared string %s, which does not "
                      "exist; the file is damaged",
                      s->v.ptr);
      return MVR_ERR_DATA;
    }
    cell.sst = 1;
    cell.text = s->ss[idx];
  } else if (strcmp(c->type, "b") == 0) {
    if (s->v.len)
      mvr_buf_puts(&s->text, strcmp(s->v.ptr, "0") ? "TRUE" : "FALSE");
  } else if (strcmp(c->type, "n") == 0 || !c->type[0]) {
    if (s->v.len)
      mvr_numfmt_format(c->style >= 0 && (size_t)c->style < s->nxf
                            ? s->xf[c->style]
                            : mvr_numfmt_builtin(0),
                        s->date1904, s->v.ptr, &s->text);
  } else if (strcmp(c->type, "d") == 0 && s->v.len >= 10 &&
             (s->v.len == 10 || s->v.ptr[10] == 'T')) {
    mvr_buf_put(&s->text, s->v.ptr, 10); /* ISO 8601: the date part */
  } else {
    mvr_buf_put(&s->text, mvr_buf_cstr(&s->v), s->v.len); /* str, e */
  }
  if (!cell.sst)
    cell.text.len = s->text.len - cell.text.off;
  /* undo the formula guard of mvroad's own exports (and CSV's): an
   * apostrophe before = + - @ TAB CR or another apostrophe */
  if (cell.text.len >= 2 && strcmp(c->type, "b") && strcmp(c->type, "n") &&
      c->type[0]) {
    const char *t = (cell.sst ? s->sst.ptr : s->text.ptr) + cell.text.off;
    if (t[0] == '\'' && t[1] && strchr("=+-@\t\r'", t[1])) {
      cell.text.off++;
      cell.text.len--;
    }
  }
  if (!cell.text.len || s->rows[s->nrows - 1].n >= MAX_ROW)
    return mvr_buf_status(&s->text);
  if (!grow((void **)&s->cells, &s->capcells, s->ncells, sizeof *s->cells))
    return MVR_ERR_NOMEM;
  s->cells[s->ncells++] = cell;
  s->rows[s->nrows - 1].n++;
  return mvr_buf_status(&s->text);
}

static mvr_status read_sheet(xlsx_state *s, const char *part)
{
  mvr_xml *x = NULL;
  mvr_xml_event ev;
  pending c;
  unsigned long r = 0, cr;
  unsigned col = 0;
  mvr_status rc;
  const char *p;
  size_t n;

  memset(&c, 0, sizeof c);
  rc = open_part(s, part, MVR_CT_SHEET "worksheet+xml", sh_names, &x);
  while (!rc) {
    rc = mvr_xml_next(x, &ev);
    if (rc || ev == MVR_XML_EOF)
      break;
    if (ev == MVR_XML_TEXT) {
      p = mvr_xml_text(x, &n);
      if (c.in_v)
        put_text(&s->v, 0, p, n);
      else if (c.in_is && c.in_t && !c.in_rph)
        put_text(&s->v, 0, p, n);
      continue;
    }
    switch (mvr_xml_elem(x)) {
    case C_ROW:
      if (ev != MVR_XML_START)
        break;
      {
        long v;
        if (mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "r", &s->a) &&
            mvr_parse_long(s->a.ptr, 1, 1048576, &v) == MVR_OK)
          r = (unsigned long)v;
        else
          r++;
      }
      col = 0;
      /* drop the previous row if it held nothing */
      if (s->nrows && !s->rows[s->nrows - 1].n)
        s->nrows--;
      if (!grow((void **)&s->rows, &s->caprows, s->nrows, sizeof *s->rows)) {
        rc = MVR_ERR_NOMEM;
        break;
      }
      s->rows[s->nrows].r = r;
      s->rows[s->nrows].first = s->ncells;
      s->rows[s->nrows].n = 0;
      s->rows[s->nrows].hidden =
          mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "hidden", &s->a) &&
          (strcmp(s->a.ptr, "1") == 0 || strcmp(s->a.ptr, "true") == 0);
      s->nrows++;
      break;
    case C_C:
      if (ev == MVR_XML_START) {
        memset(&c, 0, sizeof c);
        mvr_buf_reset(&s->v);
        c.col = mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "r", &s->a)
                    ? ref_col(s->a.ptr, &cr)
                    : 0;
        c.col = c.col ? c.col : col + 1;
        col = c.col;
        if (mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "t", &s->a))
          snprintf(c.type, sizeof c.type, "%s", s->a.ptr);
        if (!mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "s", &s->a) ||
            mvr_parse_long(s->a.ptr, 0, 1000000, &c.style))
          c.style = -1;
      }
      if (s->nrows && (ev == MVR_XML_END || mvr_xml_empty(x)))
        rc = end_cell(s, &c);
      break;
    case C_V:
      c.in_v = ev == MVR_XML_START && !mvr_xml_empty(x);
      break;
    case C_IS:
      c.in_is = ev == MVR_XML_START && !mvr_xml_empty(x);
      break;
    case C_T:
      c.in_t = ev == MVR_XML_START && !mvr_xml_empty(x);
      break;
    case C_RPH:
      c.in_rph = ev == MVR_XML_START && !mvr_xml_empty(x);
      break;
    case C_MERGE:
      if (ev == MVR_XML_START &&
          mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "ref", &s->a))
        rc = add_merge(s, s->a.ptr);
      break;
    default:
      break;
    }
  }
  if (!rc && s->nrows && !s->rows[s->nrows - 1].n)
    s->nrows--;
  mvr_xml_close(x);
  return rc;
}

static int row_order(const void *a, const void *b)
{
  const xrow *x = a, *y = b;

  if (x->r != y->r)
    return x->r < y->r ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

static int cell_order(const void *a, const void *b)
{
  const xcell *x = a, *y = b;

  return x->col < y->col ? -1 : x->col > y->col;
}

static int merge_order(const void *a, const void *b)
{
  const xmerge *x = a, *y = b;

  return x->r1 < y->r1 ? -1 : x->r1 > y->r1;
}

static const char *text_of(const xlsx_state *s, int sst, span t)
{
  const mvr_buf *b = sst ? &s->sst : &s->text;

  return t.len ? b->ptr + t.off : "";
}

/* Hand the sheet to the importer: rows in order, merged ranges filled. */
static mvr_status emit_sheet(xlsx_state *s, const xsheet *sh)
{
  size_t i, j, k, nactive = 0, next = 0, *active = NULL, width = 0;
  unsigned long hidden = 0;
  mvr_status rc;

  if (s->nrows > 1)
    qsort(s->rows, s->nrows, sizeof *s->rows, row_order);
  for (i = 0; i < s->nrows; i++)
    if (s->rows[i].n > 1)
      qsort(s->cells + s->rows[i].first, s->rows[i].n, sizeof *s->cells,
            cell_order);
  /* each merged range takes its top-left cell's text */
  for (k = 0; k < s->nmerges; k++) {
    xmerge *m = &s->merges[k];
    size_t lo = 0, hi = s->nrows;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (s->rows[mid].r < m->r1)
        lo = mid + 1;
      else
        hi = mid;
    }
    i = lo;
    for (j = 0; i < s->nrows && s->rows[i].r == m->r1 && j < s->rows[i].n;
         j++) {
      const xcell *c = &s->cells[s->rows[i].first + j];
      if (c->col == m->c1) {
        m->sst = c->sst;
        m->text = c->text;
      }
    }
  }
  if (s->nmerges > 1)
    qsort(s->merges, s->nmerges, sizeof *s->merges, merge_order);
  active = mvr_malloc((s->nmerges ? s->nmerges : 1) * sizeof *active);
  if (!active)
    return MVR_ERR_NOMEM;
  /* Excel writes no trailing empty cells: every row is as wide as the
   * sheet's used range, so a row with an empty last column is not taken
   * for a ragged one */
  for (j = 0; j < s->ncells; j++)
    if (s->cells[j].col > width)
      width =
          s->cells[j].col < MVR_MAX_COLUMNS ? s->cells[j].col : MVR_MAX_COLUMNS;
  rc = mvr_import_table_begin(s->imp, sh->name);
  if (!rc && sh->hidden && s->nrows)
    mvr_import_diag(s->imp, MVR_WARNING, 0, 0, "hidden",
                    "the sheet is hidden in Excel; its rows are read");
  for (i = 0; !rc && i < s->nrows; i++) {
    const xrow *row = &s->rows[i];
    size_t w = width;
    while (next < s->nmerges && s->merges[next].r1 <= row->r)
      active[nactive++] = next++;
    for (k = 0; k < nactive;)
      if (s->merges[active[k]].r2 < row->r)
        active[k] = active[--nactive];
      else
        k++;
    for (j = 0; j < row->n; j++)
      if (s->cells[row->first + j].col > w)
        w = s->cells[row->first + j].col;
    for (k = 0; k < nactive; k++)
      if (s->merges[active[k]].text.len && s->merges[active[k]].c2 > w)
        w = s->merges[active[k]].c2;
    if (w > MAX_ROW)
      w = MAX_ROW;
    for (j = 0; j < w; j++) {
      s->row[j].p = "";
      s->row[j].len = 0;
    }
    for (j = 0; j < row->n; j++) {
      const xcell *c = &s->cells[row->first + j];
      if (c->col <= w) {
        s->row[c->col - 1].p = text_of(s, c->sst, c->text);
        s->row[c->col - 1].len = c->text.len;
      }
    }
    for (k = 0; k < nactive; k++) {
      const xmerge *m = &s->merges[active[k]];
      unsigned col;
      for (col = m->c1; col <= m->c2 && col <= w; col++) {
        s->row[col - 1].p = text_of(s, m->sst, m->text);
        s->row[col - 1].len = m->text.len;
      }
      s->cells_out += m->c2 - m->c1 + 1;
    }
    for (j = 0; j < w; j++)
      s->bytes_out += s->row[j].len;
    s->cells_out += w;
    if (s->cells_out > MAX_CELLS || s->bytes_out > MAX_BYTES) {
      mvr_import_diag(s->imp, MVR_ERROR, row->r, 0, "limit",
                      "the sheets hold more than %llu cells or %llu MiB of "
                      "text (merged cells repeat theirs); the limit",
                      MAX_CELLS, MAX_BYTES >> 20);
      rc = MVR_ERR_TOOBIG;
      break;
    }
    if (row->hidden && ++hidden <= MAX_HIDDEN_WARNINGS)
      mvr_import_diag(s->imp, MVR_WARNING, row->r, 0, "hidden",
                      "row %lu is hidden in Excel; it is read all the same",
                      row->r);
    rc = mvr_import_row(s->imp, row->r, s->row, w);
  }
  if (!rc && hidden > MAX_HIDDEN_WARNINGS)
    mvr_import_diag(s->imp, MVR_WARNING, 0, 0, "hidden",
                    "%lu more hidden rows are read",
                    hidden - MAX_HIDDEN_WARNINGS);
  if (!rc)
    rc = mvr_import_table_end(s->imp);
  mvr_free(active);
  return rc;
}

/* --- the reader ------------------------------------------------------------
 */

static int is_excel(const char *ct)
{
  static const char *const ok[] = {
      MVR_CT_SHEET "sheet.main+xml", MVR_CT_SHEET "template.main+xml",
      "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
      "application/vnd.ms-excel.template.macroEnabled.main+xml"};
  size_t i;

  for (i = 0; ct && i < MVR_ARRAY_SIZE(ok); i++)
    if (strcmp(ct, ok[i]) == 0)
      return 1;
  return 0;
}

static mvr_status read_all(xlsx_state *s)
{
  const mvr_ooxml_rel *rels;
  const char *main, *ct;
  char *sst = NULL, *styles = NULL;
  size_t n = 0, i;
  mvr_status rc;

  rc = mvr_ooxml_main_part(s->pkg, &main, &ct);
  if (!rc && !is_excel(ct)) {
    const char *kind = mvr_ooxml_kind(ct);
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "format",
                    "the file is %s, not an Excel workbook%s", kind,
                    strstr(kind, "Word") ? "; name it .docx" : "");
    rc = MVR_ERR_DATA;
  }
  if (!rc)
    rc = mvr_ooxml_rels(s->pkg, main, &rels, &n);
  for (i = 0; !rc && i < n; i++) {
    if (!sst && strcmp(rels[i].type, "sharedStrings") == 0 &&
        !(sst = mvr_strdup(rels[i].target)))
      rc = MVR_ERR_NOMEM;
    if (!styles && strcmp(rels[i].type, "styles") == 0 &&
        !(styles = mvr_strdup(rels[i].target)))
      rc = MVR_ERR_NOMEM;
  }
  if (!rc)
    rc = read_workbook(s, main);
  if (!rc && styles)
    rc = read_styles(s, styles);
  if (!rc && sst)
    rc = read_shared_strings(s, sst);
  for (i = 0; !rc && i < s->nsheets; i++) {
    mvr_buf_reset(&s->text);
    s->ncells = s->nrows = s->nmerges = 0;
    rc = read_sheet(s, s->sheets[i].part);
    if (!rc)
      rc = emit_sheet(s, &s->sheets[i]);
  }
  mvr_free(sst);
  mvr_free(styles);
  return rc;
}

static mvr_status xlsx_finish_(void *state)
{
  xlsx_state *s = state;
  mvr_status rc;

  rc =
      mvr_ooxml_open(mvr_buf_cstr(&s->in), s->in.len, on_pkg_error, s, &s->pkg);
  if (!rc)
    rc = read_all(s);
  mvr_ooxml_close(s->pkg);
  s->pkg = NULL;
  mvr_buf_free(&s->in);
  return rc;
}

static void xlsx_destroy(void *state)
{
  xlsx_state *s = state;
  size_t i;

  if (!s)
    return;
  mvr_ooxml_close(s->pkg);
  for (i = 0; i < s->nsheets; i++) {
    mvr_free(s->sheets[i].name);
    mvr_free(s->sheets[i].part);
  }
  mvr_free(s->sheets);
  mvr_free(s->ss);
  mvr_free(s->xf);
  mvr_free(s->cells);
  mvr_free(s->rows);
  mvr_free(s->merges);
  mvr_buf_free(&s->in);
  mvr_buf_free(&s->sst);
  mvr_buf_free(&s->text);
  mvr_buf_free(&s->a);
  mvr_buf_free(&s->v);
  mvr_free(s);
}

const mvr_reader_ops mvr_reader_xlsx = {
    .format = "xlsx",
    .text = 0,
    .document = 1,
    .create = xlsx_create,
    .feed = xlsx_feed,
    .finish = xlsx_finish_,
    .destroy = xlsx_destroy,
};
