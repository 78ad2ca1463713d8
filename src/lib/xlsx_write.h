/* xlsx_write.h - what the roadmap workbook (export_xlsx.c) and the
 * template workbook (template.c) share on top of libxlsxwriter: opening a
 * workbook that replaces its file only when complete, the template's
 * columns with their widths, sheet names made valid, and the one way user
 * text goes into a cell (always a string; a formula-like start gets an
 * apostrophe, as in the CSV export, so that no formula can run). */
#ifndef MVR_XLSX_WRITE_H
#define MVR_XLSX_WRITE_H

#include <xlsxwriter.h>

#include "buf.h"
#include "outfile.h"

/* The columns mvroad writes: the template's seven, then the extras of
 * the CSV export. */
enum {
  MVR_XCOL_SDO,
  MVR_XCOL_REFERENCE,
  MVR_XCOL_TYPE,
  MVR_XCOL_TITLE,
  MVR_XCOL_STATUS,
  MVR_XCOL_CATEGORY,
  MVR_XCOL_SUMMARY,
  MVR_XCOL_STATUS_DETAIL,
  MVR_XCOL_URL,
  MVR_XCOL_ID,
  MVR_XCOL_COUNT,
  MVR_XCOL_TEMPLATE = MVR_XCOL_SUMMARY + 1 /* the template's seven */
};

typedef struct mvr_xlsx {
  lxw_workbook *wb;
  mvr_outfile out;
  mvr_buf cell;     /* text being prepared for a cell */
  lxw_format *head; /* header row: bold, shaded, wrapped */
  lxw_format *text; /* data: wrapped, top-aligned */
  mvr_status rc;    /* first error, sticky */
  lxw_error lrc;    /* libxlsxwriter's, for the message */
} mvr_xlsx;

/* Start a workbook that will replace `path`. `constant_memory` streams
 * rows to temporary files (rows must then be written in order per
 * sheet). On MVR_ERR_IO a message is written to `err`. */
mvr_status mvr_xlsx_open(mvr_xlsx *x, const char *path, int constant_memory,
                         const char *title, const char *subject, char *err,
                         size_t errlen);

/* A new worksheet named after `label`, made valid (no []:*?/\, at most
 * 31 characters, unique). NULL on error (sticky). */
lxw_worksheet *mvr_xlsx_sheet(mvr_xlsx *x, const char *label);

/* Set the widths of the first `ncols` columns and write their header row
 * (row 0), frozen and repeated on printed pages. */
void mvr_xlsx_header(mvr_xlsx *x, lxw_worksheet *ws, size_t ncols);

/* Set the height of `row` to show the wrapped text of `cells` (n cells
 * from column 0 on, NULL for none): spreadsheets do not grow a row for
 * wrapped text on their own when they open a file. In constant-memory
 * mode, call it before writing the row. */
void mvr_xlsx_fit_row(mvr_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                      const char *const *cells, size_t n);

/* The same for one cell of `text` in a column `width` characters wide. */
void mvr_xlsx_fit_text(mvr_xlsx *x, lxw_worksheet *ws, lxw_row_t row,
                       const char *text, double width);

/* Write user text `s` at (row, col) as a string cell: never a formula.
 * Text starting with = + - @ TAB CR or ' gets an apostrophe in front;
 * characters XML cannot carry are dropped; "_xHHHH_" is protected from
 * being read as an escape; text over Excel's 32,767 characters is cut. */
void mvr_xlsx_text(mvr_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                   const char *s, lxw_format *f);

/* Record a libxlsxwriter result (sticky). */
void mvr_xlsx_check(mvr_xlsx *x, lxw_error e);

/* Write the workbook and move it over `path`, or, after an error, throw
 * it away. Returns the first error; on MVR_ERR_IO/TOOBIG/INTERNAL a
 * message is written to `err`. */
mvr_status mvr_xlsx_close(mvr_xlsx *x, const char *path, char *err,
                          size_t errlen);

#endif
