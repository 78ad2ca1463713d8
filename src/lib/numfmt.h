/* numfmt.h - numbers as Excel shows them, for the XLSX reader: a cell
 * stores a number and a style whose number format decides the text
 * (2023 not 2023.0, a date serial as 2023-05-01, 0.5 as 50%). The common
 * formats are done; anything else shows as "General" would. */
#ifndef MVR_NUMFMT_H
#define MVR_NUMFMT_H

#include "buf.h"

enum {
  MVR_NF_GENERAL = 0,
  MVR_NF_FIXED,   /* 0, 0.00, #,##0.00 */
  MVR_NF_PERCENT, /* 0%, 0.00% */
  MVR_NF_DATE,    /* any date format: YYYY-MM-DD */
  MVR_NF_TIME,    /* a time only: HH:MM:SS */
  MVR_NF_DATETIME /* date and time: YYYY-MM-DD HH:MM */
};

typedef struct mvr_numfmt {
  unsigned char kind;
  unsigned char decimals;  /* FIXED, PERCENT */
  unsigned char thousands; /* FIXED: group digits with commas */
} mvr_numfmt;

/* A built-in format (numFmtId below 164). */
mvr_numfmt mvr_numfmt_builtin(long id);

/* A custom format code from styles.xml ("yyyy-mm-dd", "0.0%"). */
mvr_numfmt mvr_numfmt_parse(const char *code);

/* Append the number written `v` (a cell's <v>) as format `f` shows it.
 * `date1904`: the workbook counts dates from 1904. Text that is not a
 * number is appended as it is. */
void mvr_numfmt_format(mvr_numfmt f, int date1904, const char *v, mvr_buf *out);

#endif
