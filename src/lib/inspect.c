/* inspect.c - mvr_inspect_file() and mvr_inspect_mem(): run a file
 * through its reader and the importer in inspect mode (import.h), where
 * headers are found and rows classified exactly as for an import but
 * nothing is checked or stored, and write what was seen as JSON: every
 * table with its rows of cell texts, which tables have the template's
 * header, and how their columns map to the template's fields. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "jsonutil.h"
#include "profile.h"
#include "report.h"
#include "util.h"

#define FLUSH_AT (64 * 1024)

typedef mvr_status (*write_fn)(void *ud, const char *s, size_t n);

typedef struct insp {
  write_fn fn;
  void *ud;
  mvr_status rc; /* what fn returned, once it failed */
  mvr_buf out;   /* output not yet written */
  mvr_buf text;  /* the "text" array's items, written at the end */
  int in_table, ntables;
  size_t nrows;
  unsigned long header_row;
  int colmap[MVR_MAX_COLUMNS];
  size_t ncols;
} insp;

static mvr_status flush(insp *s, int force)
{
  mvr_status rc = mvr_buf_status(&s->out);

  if (rc || s->rc)
    return rc ? rc : s->rc;
  if (s->out.len && (force || s->out.len >= FLUSH_AT)) {
    s->rc = s->fn(s->ud, s->out.ptr, s->out.len);
    mvr_buf_reset(&s->out);
  }
  return s->rc;
}

static mvr_status on_table_begin(void *ud, const char *table)
{
  insp *s = ud;

  if (s->in_table)
    mvr_buf_puts(&s->out, "]}");
  mvr_buf_puts(&s->out, s->ntables++ ? ",\n  {\"name\": " : "\n  {\"name\": ");
  if (table)
    mvr_json_string(&s->out, table, strlen(table));
  else
    mvr_buf_puts(&s->out, "null");
  mvr_buf_puts(&s->out, ", \"rows\": [");
  s->in_table = 1;
  s->nrows = 0;
  s->header_row = 0;
  s->ncols = 0;
  return flush(s, 0);
}

static mvr_status on_row(void *ud, unsigned long row, const mvr_cell *cells,
                         size_t n, mvr_row_role role, const int *colmap,
                         size_t ncols)
{
  static const char *const roles[] = {"other",  "blank",   "header",
                                      "repeat", "example", "data"};
  insp *s = ud;
  size_t i;

  if (!s->in_table)
    on_table_begin(s, NULL); /* CSV and JSON have one unnamed table */
  if (role == MVR_ROW_HEADER && colmap) {
    s->header_row = row;
    s->ncols = ncols;
    memcpy(s->colmap, colmap, ncols * sizeof *colmap);
  }
  mvr_buf_printf(&s->out,
                 "%s\n    {\"row\": %lu, \"role\": \"%s\", "
                 "\"cells\": [",
                 s->nrows++ ? "," : "", row, roles[role]);
  for (i = 0; i < n; i++) {
    if (i)
      mvr_buf_puts(&s->out, ", ");
    mvr_json_string(&s->out, cells[i].p, cells[i].len);
  }
  mvr_buf_puts(&s->out, "]}");
  return flush(s, 0);
}

static mvr_status on_table_end(void *ud)
{
  insp *s = ud;
  size_t i;
  int first = 1;

  if (!s->in_table)
    return MVR_OK;
  mvr_buf_printf(&s->out, "%s],\n   \"template\": %s", s->nrows ? "\n   " : "",
                 s->header_row ? "true" : "false");
  if (s->header_row) {
    mvr_buf_printf(&s->out, ", \"header_row\": %lu, \"columns\": {",
                   s->header_row);
    for (i = 0; i < s->ncols; i++) {
      if (s->colmap[i] < 0)
        continue;
      mvr_buf_printf(&s->out, "%s\"%s\": %zu", first ? "" : ", ",
                     mvr_field_key((mvr_field)s->colmap[i]), i + 1);
      first = 0;
    }
    mvr_buf_putc(&s->out, '}');
  }
  mvr_buf_putc(&s->out, '}');
  s->in_table = 0;
  return flush(s, 0);
}

static mvr_status on_text(void *ud, const char *p, size_t n)
{
  insp *s = ud;

  mvr_buf_puts(&s->text, s->text.len ? ",\n    " : "\n    ");
  mvr_json_string(&s->text, p, n);
  return mvr_buf_status(&s->text);
}

static const char *ext_of(const char *name)
{
  const char *dot = strrchr(name, '.');
  const char *slash = strrchr(name, '/');

  if (!dot || (slash && dot < slash))
    return NULL;
  return dot + 1;
}

/* Read through the reader with `next` supplying the input in pieces. */
typedef size_t (*next_fn)(void *src, const void **p);

static mvr_status run(const char *name, next_fn next, void *src,
                      const mvr_profile *p, const char *format, unsigned flags,
                      write_fn fn, void *ud, mvr_report *rep)
{
  mvr_import_hook hook = {on_table_begin, on_row, on_table_end, NULL, NULL};
  mvr_import_opts o;
  mvr_importer *imp = NULL;
  const mvr_reader_ops *reader;
  insp s;
  mvr_status rc;
  const void *chunk;
  size_t n;

  memset(&s, 0, sizeof s);
  memset(&o, 0, sizeof o);
  s.fn = fn;
  s.ud = ud;
  mvr_buf_init(&s.out, MVR_BUF_DEFAULT_MAX);
  mvr_buf_init(&s.text, MVR_BUF_DEFAULT_MAX);
  hook.ud = &s;
  if (flags & MVR_INSPECT_TEXT)
    hook.text = on_text;
  o.format = format;
  rc = mvr_importer_new(NULL, p, name, &o, rep, &imp);
  if (rc)
    goto out;
  mvr_importer_set_hook(imp, &hook);
  reader = mvr_reader_for(format ? format : ext_of(name));
  mvr_buf_puts(&s.out, "{\"file\": ");
  mvr_json_string(&s.out, name, strlen(name));
  mvr_buf_printf(&s.out, ", \"format\": \"%s\",\n \"tables\": [",
                 reader ? reader->format : "");
  while (!rc && (n = next(src, &chunk)) > 0)
    rc = mvr_importer_feed(imp, chunk, n);
  if (!rc || rc == MVR_ERR_DATA)
    rc = mvr_importer_finish(imp, NULL);
  if (s.rc) {
    rc = s.rc; /* the writer failed: write nothing more */
    goto out;
  }
  if (s.in_table)
    on_table_end(&s);
  mvr_buf_puts(&s.out, s.ntables ? "\n ]" : "]");
  if (flags & MVR_INSPECT_TEXT) {
    mvr_buf_puts(&s.out, ",\n \"text\": [");
    mvr_buf_put(&s.out, mvr_buf_cstr(&s.text), s.text.len);
    mvr_buf_puts(&s.out, s.text.len ? "\n ]" : "]");
  }
  mvr_buf_printf(&s.out, ",\n \"complete\": %s}\n", rc ? "false" : "true");
  if (!mvr_buf_status(&s.text)) {
    mvr_status wrc = flush(&s, 1);
    if (wrc)
      rc = wrc;
  } else {
    rc = mvr_buf_status(&s.text);
  }
out:
  mvr_importer_free(imp);
  mvr_buf_free(&s.out);
  mvr_buf_free(&s.text);
  return rc;
}

typedef struct mem_src {
  const char *p;
  size_t left;
} mem_src;

static size_t next_mem(void *src, const void **p)
{
  mem_src *m = src;
  size_t n = m->left;

  *p = m->p;
  m->p += n;
  m->left = 0;
  return n;
}

mvr_status mvr_inspect_mem(const char *name, const void *data, size_t len,
                           const mvr_profile *p, const char *format,
                           unsigned flags, write_fn fn, void *ud,
                           mvr_report *rep)
{
  mem_src m = {data, len};

  return run(name ? name : "<input>", next_mem, &m, p, format, flags, fn, ud,
             rep);
}

typedef struct file_src {
  FILE *f;
  char buf[1 << 16];
} file_src;

static size_t next_file(void *src, const void **p)
{
  file_src *fs = src;

  *p = fs->buf;
  return fread(fs->buf, 1, sizeof fs->buf, fs->f);
}

mvr_status mvr_inspect_file(const char *path, const mvr_profile *p,
                            const char *format, unsigned flags, write_fn fn,
                            void *ud, mvr_report *rep)
{
  file_src *fs = NULL;
  mvr_status rc;
  mvr_pos pos = {path, NULL, 0, 0, NULL};

  fs = mvr_malloc(sizeof *fs);
  if (!fs)
    return MVR_ERR_NOMEM;
  fs->f = fopen(path, "rb");
  if (!fs->f) {
    mvr_report_add(rep, MVR_ERROR, &pos, "io", "cannot open the file");
    rc = MVR_ERR_IO;
    goto out;
  }
  rc = run(path, next_file, fs, p, format, flags, fn, ud, rep);
  if (!rc && ferror(fs->f)) {
    mvr_report_add(rep, MVR_ERROR, &pos, "io", "cannot read the file");
    rc = MVR_ERR_IO;
  }
out:
  if (fs->f)
    fclose(fs->f);
  mvr_free(fs);
  return rc;
}
