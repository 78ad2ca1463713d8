/* xlsx_write.c - the helpers the Excel writers share (see xlsx_write.h):
 * workbook lifecycle over a file replaced only when complete, the
 * template's columns, valid sheet names, and safe text cells. */
#include "xlsx_write.h"

#include <string.h>

#include "escape.h"
#include "util.h"
#include "xmlutil.h"

/* Excel's limit on the characters of one cell */
#define CELL_MAX_CHARS 32767

static const struct {
  const char *name;
  double width;
} columns[MVR_XCOL_COUNT] = {
    [MVR_XCOL_SDO] = {"SDO / Org.", 20},
    [MVR_XCOL_REFERENCE] = {"Reference", 20},
    [MVR_XCOL_TYPE] = {"Type", 18},
    [MVR_XCOL_TITLE] = {"Title", 45},
    [MVR_XCOL_STATUS] = {"Status", 16},
    [MVR_XCOL_CATEGORY] = {"Category", 24},
    [MVR_XCOL_SUMMARY] = {"Summary", 70},
    [MVR_XCOL_STATUS_DETAIL] = {"Status detail", 18},
    [MVR_XCOL_URL] = {"URL", 30},
    [MVR_XCOL_ID] = {"ID", 8},
};

static mvr_status from_lxw(lxw_error e)
{
  switch (e) {
  case LXW_NO_ERROR:
    return MVR_OK;
  case LXW_ERROR_MEMORY_MALLOC_FAILED:
    return MVR_ERR_NOMEM;
  case LXW_ERROR_CREATING_XLSX_FILE:
  case LXW_ERROR_CREATING_TMPFILE:
  case LXW_ERROR_READING_TMPFILE:
  case LXW_ERROR_ZIP_FILE_OPERATION:
  case LXW_ERROR_ZIP_PARAMETER_ERROR:
  case LXW_ERROR_ZIP_BAD_ZIP_FILE:
  case LXW_ERROR_ZIP_INTERNAL_ERROR:
  case LXW_ERROR_ZIP_FILE_ADD:
  case LXW_ERROR_ZIP_CLOSE:
    return MVR_ERR_IO;
  case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
  case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
    return MVR_ERR_TOOBIG;
  default:
    return MVR_ERR_INTERNAL;
  }
}

void mvr_xlsx_check(mvr_xlsx *x, lxw_error e)
{
  if (e && !x->rc) {
    x->lrc = e;
    x->rc = from_lxw(e);
  }
}

mvr_status mvr_xlsx_open(mvr_xlsx *x, const char *path, int constant_memory,
                         const char *title, const char *subject, char *err,
                         size_t errlen)
{
  lxw_workbook_options opts;
  lxw_doc_properties props;
  char author[] = "mvroad";
  char *t = NULL, *s = NULL;
  mvr_status rc;

  memset(x, 0, sizeof *x);
  mvr_buf_init(&x->cell, MVR_BUF_DEFAULT_MAX);
  rc = mvr_outfile_open(&x->out, path, 0, err, errlen);
  if (rc)
    goto out;
  memset(&opts, 0, sizeof opts);
  opts.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  x->wb = workbook_new_opt(x->out.tmp, &opts);
  if (!x->wb) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  x->head = workbook_add_format(x->wb);
  x->text = workbook_add_format(x->wb);
  t = mvr_strdup(title ? title : "");
  s = mvr_strdup(subject ? subject : "");
  if (!x->head || !x->text || !t || !s) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  format_set_bold(x->head);
  format_set_bg_color(x->head, 0xD9D9D9);
  format_set_border(x->head, LXW_BORDER_THIN);
  format_set_text_wrap(x->head);
  format_set_align(x->head, LXW_ALIGN_VERTICAL_TOP);
  format_set_text_wrap(x->text);
  format_set_align(x->text, LXW_ALIGN_VERTICAL_TOP);
  memset(&props, 0, sizeof props);
  props.title = t;
  props.subject = s;
  props.author = author;
  rc = from_lxw(workbook_set_properties(x->wb, &props));
out:
  mvr_free(t);
  mvr_free(s);
  if (rc) {
    if (x->wb) {
      /* nothing was written yet: closing frees it; the file is dropped */
      workbook_close(x->wb);
      x->wb = NULL;
    }
    mvr_outfile_abort(&x->out);
    mvr_buf_free(&x->cell);
  }
  return rc;
}

/* `label` as a sheet name of at most `max` characters: Excel forbids
 * []:*?/\ in sheet names and an apostrophe at either end. */
static void sheet_name(const char *label, size_t max, char *name, size_t size)
{
  const unsigned char *p = (const unsigned char *)label;
  size_t n = 0, chars = 0, i;

  while (*p) {
    uint32_t c = *p;
    size_t k = *p < 0x80 ? 1 : mvr_utf8_decode(p, strlen((const char *)p), &c);
    if (!k) {
      p++; /* not UTF-8: dropped */
      continue;
    }
    if (++chars > max || n + k >= size)
      break;
    if (k == 1 && strchr("[]:*?/\\", (int)*p))
      name[n] = '-';
    else
      memcpy(name + n, p, k);
    n += k;
    p += k;
  }
  while (n && name[n - 1] == '\'')
    n--;
  name[n] = '\0';
  for (i = 0; name[i] == '\''; i++)
    ;
  memmove(name, name + i, n - i + 1);
  if (!name[0])
    snprintf(name, size, "Sheet");
}

lxw_worksheet *mvr_xlsx_sheet(mvr_xlsx *x, const char *label)
{
  char name[LXW_SHEETNAME_MAX * 4 + 16];
  lxw_worksheet *ws;
  int k;

  if (x->rc)
    return NULL;
  sheet_name(label, LXW_SHEETNAME_MAX, name, sizeof name);
  /* a name taken already becomes "Name (2)", "Name (3)"... */
  for (k = 2; k < 100 && workbook_validate_sheet_name(x->wb, name); k++) {
    char suffix[8];
    size_t n;
    snprintf(suffix, sizeof suffix, " (%d)", k);
    sheet_name(label, LXW_SHEETNAME_MAX - strlen(suffix), name,
               sizeof name - sizeof suffix);
    n = strlen(name);
    memcpy(name + n, suffix, strlen(suffix) + 1);
  }
  ws = workbook_add_worksheet(x->wb, name);
  if (!ws)
    mvr_xlsx_check(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
  return ws;
}

void mvr_xlsx_header(mvr_xlsx *x, lxw_worksheet *ws, size_t ncols)
{
  size_t i;

  if (x->rc || !ws)
    return;
  if (ncols > MVR_XCOL_COUNT)
    ncols = MVR_XCOL_COUNT;
  for (i = 0; i < ncols; i++)
    mvr_xlsx_check(x, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
                                           columns[i].width, x->text));
  for (i = 0; i < ncols; i++)
    mvr_xlsx_check(x, worksheet_write_string(ws, 0, (lxw_col_t)i,
                                             columns[i].name, x->head));
  worksheet_freeze_panes(ws, 1, 0);
  mvr_xlsx_check(x, worksheet_repeat_rows(ws, 0, 0));
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_fit_to_pages(ws, 1, 0);
}

/* Lines `s` takes in a column `width` characters wide, roughly: the
 * width counts digits, most letters are narrower, and wrapping at words
 * wastes about the difference. */
static unsigned long lines_for(const char *s, double width)
{
  unsigned long lines = 0, chars = 0;
  double cap = width > 4 ? width : 4;

  for (;; s++) {
    if (*s && *s != '\n') {
      if (((unsigned char)*s & 0xC0) != 0x80)
        chars++;
      continue;
    }
    lines += chars ? (unsigned long)((double)(chars - 1) / cap) + 1 : 1;
    chars = 0;
    if (!*s)
      break;
  }
  return lines;
}

static void fit(mvr_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                unsigned long most, lxw_format *f)
{
  double height;

  if (most <= 1 && !f)
    return; /* the default height */
  height = 15.0 * (double)(most ? most : 1);
  if (height > 409)
    height = 409; /* Excel's highest row */
  mvr_xlsx_check(x, worksheet_set_row(ws, row, height, f));
}

void mvr_xlsx_fit_row(mvr_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                      const char *const *cells, size_t n)
{
  unsigned long most = 1;
  size_t i;

  if (x->rc)
    return;
  for (i = 0; i < n && i < MVR_XCOL_COUNT; i++)
    if (cells[i] && *cells[i]) {
      unsigned long l = lines_for(cells[i], columns[i].width);
      if (l > most)
        most = l;
    }
  fit(x, ws, row, most, NULL);
}

void mvr_xlsx_fit_text(mvr_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                       const char *text, double width)
{
  if (!x->rc)
    fit(x, ws, row, lines_for(text, width), NULL);
}

/* "_x0041_" in a cell is Excel's escape for "A": the literal text keeps
 * its meaning when its underscore is written as the escape "_x005F_". */
static int xml_escape_like(const char *s)
{
  size_t i;

  if (s[0] != '_' || s[1] != 'x')
    return 0;
  for (i = 2; i < 6; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
          (s[i] >= 'A' && s[i] <= 'F')))
      return 0;
  return s[6] == '_';
}

void mvr_xlsx_text(mvr_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                   const char *s, lxw_format *f)
{
  mvr_buf *b = &x->cell;
  size_t len = strlen(s), i, start, chars = 0;

  if (x->rc)
    return;
  mvr_buf_reset(b);
  if (mvr_formula_like(s, len))
    mvr_buf_putc(b, '\'');
  start = b->len;
  /* more bytes than a cell can hold characters are never needed */
  mvr_xml_strip(b, s,
                len < (size_t)CELL_MAX_CHARS * 4 ? len
                                                 : (size_t)CELL_MAX_CHARS * 4);
  if (strstr(b->ptr ? b->ptr + start : "", "_x")) {
    mvr_buf t = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
    mvr_buf_put(&t, b->ptr, start);
    for (i = start; i < b->len; i++) {
      if (xml_escape_like(b->ptr + i))
        mvr_buf_puts(&t, "_x005F");
      mvr_buf_putc(&t, b->ptr[i]);
    }
    mvr_buf_reset(b);
    mvr_buf_put(b, mvr_buf_cstr(&t), t.len);
    if (mvr_buf_status(&t) && !x->rc)
      x->rc = mvr_buf_status(&t);
    mvr_buf_free(&t);
  }
  /* at most 32,767 characters (code points) */
  for (i = 0; i < b->len; i++)
    if (((unsigned char)b->ptr[i] & 0xC0) != 0x80 && ++chars > CELL_MAX_CHARS) {
      mvr_buf_truncate(b, i);
      break;
    }
  if (mvr_buf_status(b) && !x->rc)
    x->rc = mvr_buf_status(b);
  if (x->rc)
    return;
  mvr_xlsx_check(x, worksheet_write_string(ws, row, col, mvr_buf_cstr(b), f));
}

mvr_status mvr_xlsx_close(mvr_xlsx *x, const char *path, char *err,
                          size_t errlen)
{
  mvr_status rc = x->rc;
  lxw_error e = LXW_NO_ERROR;

  if (x->wb)
    e = workbook_close(x->wb); /* writes the file, frees the workbook */
  x->wb = NULL;
  if (!rc && e) {
    x->lrc = e;
    rc = from_lxw(e);
  }
  if (rc && x->lrc && err && errlen)
    snprintf(err, errlen, "%s: %s", path, lxw_strerror(x->lrc));
  if (rc)
    mvr_outfile_abort(&x->out);
  else
    rc = mvr_outfile_commit(&x->out, path, err, errlen);
  mvr_buf_free(&x->cell);
  return rc;
}
