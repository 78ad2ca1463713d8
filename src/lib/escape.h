/* escape.h - the escapers of the spreadsheet and Markdown outputs, defined
 * once in export.c and shared by every writer (CSV, XLSX, Markdown roadmap,
 * Markdown diff). JSON strings are in jsonutil.h, XML in xmlutil.h. */
#ifndef MVR_ESCAPE_H
#define MVR_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* 1 if a spreadsheet would take text starting like `s` for a formula
 * (= + - @ TAB CR NUL, CWE-1236) or it starts with the apostrophe that
 * neutralises one; such text is written with a leading apostrophe. */
int mvr_formula_like(const char *s, size_t len);

/* Append `s` as a Markdown table cell: pipes escaped, line breaks as
 * <br>, Markdown and HTML specials neutralised. */
void mvr_md_cell(mvr_buf *b, const char *s);

#endif
