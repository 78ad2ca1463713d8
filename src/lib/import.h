/* import.h - the reader interface. A reader (CSV, JSON, DOCX, XLSX) turns
 * bytes into tables of cell texts and hands them, row by row, to the
 * importer, which finds the template's header, maps columns,
 * validates and normalises each row and stores it. Readers know nothing
 * of the template, the profile or the database. */
#ifndef MVR_IMPORT_H
#define MVR_IMPORT_H

#include <stddef.h>

#include "mvroad.h"

/* One cell as the reader saw it (raw text, not yet cleaned). */
typedef struct mvr_cell {
  const char *p;
  size_t len;
} mvr_cell;

/* Limits that apply to every reader (docs/limits.md). */
#define MVR_MAX_CELL_BYTES ((size_t)1 << 20)   /* 1 MiB */
#define MVR_MAX_COLUMNS 1000
#define MVR_MAX_WHOLE_FILE ((size_t)64 << 20) /* formats read whole */
#define MVR_HEADER_SEARCH_ROWS 50

typedef struct mvr_reader_ops {
  const char *format;
  int text;  /* a text format: the importer checks UTF-8 over the raw bytes */
  int document; /* a document (DOCX, XLSX): rows still equal to the
                   template's own example rows are skipped with a warning */
  /* Create the reader's state for importer `imp`. */
  mvr_status (*create)(mvr_importer *imp, void **state);
  /* Consume the next bytes; calls mvr_import_row() as rows complete. */
  mvr_status (*feed)(void *state, const char *p, size_t n);
  /* End of input. */
  mvr_status (*finish)(void *state);
  void (*destroy)(void *state);
} mvr_reader_ops;

extern const mvr_reader_ops mvr_reader_csv;
extern const mvr_reader_ops mvr_reader_json;
extern const mvr_reader_ops mvr_reader_docx;
extern const mvr_reader_ops mvr_reader_xlsx;

/* The reader for a format name or file extension ("csv", "json"), or
 * NULL. The registry is in readers.c. */
const mvr_reader_ops *mvr_reader_for(const char *format);

/* Calls from readers into the importer. `table` names the table for
 * document formats ("table 2", a sheet name) and is NULL for CSV/JSON.
 * Row numbers are as the user would count them in that table or file.
 * A non-OK return means stop reading (out of memory, store failure, or
 * too many errors). */
mvr_status mvr_import_table_begin(mvr_importer *imp, const char *table);
mvr_status mvr_import_row(mvr_importer *imp, unsigned long row,
                          const mvr_cell *cells, size_t ncells);
mvr_status mvr_import_table_end(mvr_importer *imp);
/* A data row the reader could not turn into cells (already reported):
 * counted, not checked further. */
void mvr_import_row_rejected(mvr_importer *imp);

/* A problem with the input at large or at a position (row/col 0 = none). */
mvr_status mvr_import_diag(mvr_importer *imp, mvr_severity sev,
                           unsigned long row, unsigned long col,
                           const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The display name of the input. */
const char *mvr_import_name(const mvr_importer *imp);

/* Text outside tables (documents), one paragraph per call, for inspect
 * mode. A reader collects it only when mvr_import_wants_text() says so. */
int mvr_import_wants_text(const mvr_importer *imp);
mvr_status mvr_import_text(mvr_importer *imp, const char *p, size_t n);

/* Inspect mode (inspect.c): the importer finds headers and classifies
 * each row exactly as for an import, and hands the rows to a hook instead
 * of checking and storing them. */
typedef enum mvr_row_role {
  MVR_ROW_OTHER = 0, /* no template header above it in this table */
  MVR_ROW_BLANK,     /* every cell empty */
  MVR_ROW_HEADER,    /* the template's header */
  MVR_ROW_REPEAT,    /* the header again (a table continued on a new page) */
  MVR_ROW_EXAMPLE,   /* one of Annex 1's example rows, left unchanged */
  MVR_ROW_DATA       /* a data row */
} mvr_row_role;

typedef struct mvr_import_hook {
  mvr_status (*table_begin)(void *ud, const char *table);
  /* `colmap` gives the field (mvr_field) of each of the header's `ncols`
   * columns, or a negative number; NULL before the header. */
  mvr_status (*row)(void *ud, unsigned long row, const mvr_cell *cells,
                    size_t n, mvr_row_role role, const int *colmap,
                    size_t ncols);
  mvr_status (*table_end)(void *ud);
  mvr_status (*text)(void *ud, const char *p, size_t n); /* may be NULL */
  void *ud;
} mvr_import_hook;

/* Put `imp` in inspect mode; call before the first feed. `hook` is
 * borrowed and must outlive the importer. */
void mvr_importer_set_hook(mvr_importer *imp, const mvr_import_hook *hook);

#endif
