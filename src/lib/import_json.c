/* import_json.c - the JSON reader (jansson): an array of entry objects,
 * or {"entries": [...]}, keys as in `mvroad export --format json`. The
 * input is read whole (up to MVR_MAX_WHOLE_FILE), duplicate keys are
 * rejected, and each object becomes one row for the importer, under a
 * header made of the template's field names. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "jsonutil.h"
#include "profile.h"
#include "util.h"

typedef struct json_state {
  mvr_importer *imp;
  mvr_buf in;
} json_state;

/* Keys our own export writes that are not template fields: read back
 * silently. */
static const char *const export_only[] = {"id",         "family",
                                          "refkey",     "ref_detail",
                                          "first_seen", "last_updated",
                                          "version",    "sources"};

static mvr_status json_create(mvr_importer *imp, void **state)
{
  json_state *s = mvr_malloc(sizeof *s);

  *state = NULL;
  if (!s)
    return MVR_ERR_NOMEM;
  s->imp = imp;
  mvr_buf_init(&s->in, MVR_MAX_WHOLE_FILE);
  *state = s;
  return MVR_OK;
}

static mvr_status json_feed(void *state, const char *p, size_t n)
{
  json_state *s = state;

  mvr_buf_put(&s->in, p, n);
  if (mvr_buf_status(&s->in) == MVR_ERR_TOOBIG) {
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "size",
                    "the file is larger than %zu MiB; split it",
                    MVR_MAX_WHOLE_FILE >> 20);
    return MVR_ERR_DATA;
  }
  return mvr_buf_status(&s->in);
}

static int field_of_key(const char *key, mvr_buf *tmp)
{
  size_t i;

  for (i = 0; i < MVR_F_COUNT; i++)
    if (strcmp(key, mvr_field_key((mvr_field)i)) == 0)
      return (int)i;
  if (strcmp(key, "category") == 0)
    return MVR_F_CATEGORY;
  (void)tmp;
  return -1;
}

/* One value as cell text into `b`; 0 if its type is not acceptable. */
static int value_text(json_t *v, int list_ok, mvr_buf *b)
{
  size_t i;
  json_t *item;

  mvr_buf_reset(b);
  switch (json_typeof(v)) {
  case JSON_NULL:
    return 1;
  case JSON_STRING:
    mvr_buf_put(b, json_string_value(v), json_string_length(v));
    return 1;
  case JSON_INTEGER:
    mvr_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return 1;
  case JSON_REAL:
    mvr_buf_printf(b, "%.17g", json_real_value(v));
    return 1;
  case JSON_ARRAY:
    /* categories: ["Enabling Technology", "Interoperability"] */
    if (!list_ok)
      return 0;
    json_array_foreach(v, i, item)
    {
      if (!json_is_string(item))
        return 0;
      if (i)
        mvr_buf_puts(b, "; ");
      mvr_buf_put(b, json_string_value(item), json_string_length(item));
    }
    return 1;
  default:
    return 0;
  }
}

static mvr_status json_finish_(void *state)
{
  json_state *s = state;
  json_t *root = NULL, *entries, *obj;
  json_error_t err;
  mvr_buf cellbuf[MVR_F_COUNT];
  mvr_cell cells[MVR_F_COUNT];
  mvr_buf tmp = MVR_BUF_INIT(4096);
  mvr_status rc = MVR_OK;
  unsigned noted = 0;
  size_t i, f;

  for (f = 0; f < MVR_F_COUNT; f++)
    mvr_buf_init(&cellbuf[f], MVR_MAX_CELL_BYTES + 1);
  mvr_json_init();
  {
    /* A UTF-8 byte order mark (Windows Notepad writes one) is skipped,
     * as RFC 8259 section 8.1 allows a parser to; jansson refuses it.
     * On line 1 it is then one character left of the columns jansson
     * counts. */
    const char *text = mvr_buf_cstr(&s->in);
    size_t bom = mvr_utf8_bom_len(text, s->in.len);
    root = json_loadb(text + bom, s->in.len - bom, JSON_REJECT_DUPLICATES,
                      &err);
    if (!root && bom && err.line == 1 && err.column >= 0)
      err.column++;
  }
  mvr_buf_free(&s->in);
  if (!root) {
    mvr_import_diag(s->imp, MVR_ERROR, (unsigned long)(err.line > 0 ? err.line : 0),
                    (unsigned long)(err.column > 0 ? err.column : 0), "json",
                    "not valid JSON: %s", err.text);
    rc = MVR_ERR_DATA;
    goto out;
  }
  entries = json_is_object(root) ? json_object_get(root, "entries") : root;
  if (!json_is_array(entries)) {
    mvr_import_diag(s->imp, MVR_ERROR, 0, 0, "json",
                    "expected an array of entries, or an object with an "
                    "\"entries\" array");
    rc = MVR_ERR_DATA;
    goto out;
  }
  /* the header: the template's fields */
  for (f = 0; f < MVR_F_COUNT; f++) {
    cells[f].p = mvr_field_key((mvr_field)f);
    cells[f].len = strlen(cells[f].p);
  }
  rc = mvr_import_row(s->imp, 0, cells, MVR_F_COUNT);
  if (rc)
    goto out;
  json_array_foreach(entries, i, obj)
  {
    const char *key;
    json_t *v;
    unsigned long row = (unsigned long)i + 1;
    int bad = 0;

    for (f = 0; f < MVR_F_COUNT; f++) {
      mvr_buf_reset(&cellbuf[f]);
      cells[f].p = "";
      cells[f].len = 0;
    }
    if (!json_is_object(obj)) {
      mvr_import_diag(s->imp, MVR_ERROR, row, 0, "json",
                      "entry %lu is not an object", row);
      continue;
    }
    json_object_foreach(obj, key, v)
    {
      int fi = field_of_key(key, &tmp);
      if (fi < 0) {
        size_t k;
        int quiet = 0;
        for (k = 0; k < MVR_ARRAY_SIZE(export_only); k++)
          if (strcmp(key, export_only[k]) == 0)
            quiet = 1;
        if (!quiet && noted < 20) {
          noted++;
          mvr_import_diag(s->imp, MVR_NOTE, row, 0, "column",
                          "key \"%.60s\" is not a template field; ignored",
                          key);
        }
        continue;
      }
      if (!value_text(v, fi == MVR_F_CATEGORY, &cellbuf[fi])) {
        mvr_import_diag(s->imp, MVR_ERROR, row, (unsigned long)fi + 1,
                        "json",
                        "\"%s\" must be a string%s", key,
                        fi == MVR_F_CATEGORY ? " or an array of strings"
                                             : "");
        bad = 1;
        continue;
      }
      if (mvr_buf_status(&cellbuf[fi]) == MVR_ERR_TOOBIG) {
        mvr_import_diag(s->imp, MVR_ERROR, row, (unsigned long)fi + 1,
                        "cell-size", "\"%s\" is larger than %zu bytes", key,
                        MVR_MAX_CELL_BYTES);
        bad = 1;
        continue;
      }
      rc = mvr_buf_status(&cellbuf[fi]);
      if (rc)
        goto out;
      cells[fi].p = mvr_buf_cstr(&cellbuf[fi]);
      cells[fi].len = cellbuf[fi].len;
    }
    if (bad) {
      /* reported; checking the rest would only repeat it */
      mvr_import_row_rejected(s->imp);
      continue;
    }
    rc = mvr_import_row(s->imp, row, cells, MVR_F_COUNT);
    if (rc)
      goto out;
  }
out:
  json_decref(root);
  for (f = 0; f < MVR_F_COUNT; f++)
    mvr_buf_free(&cellbuf[f]);
  mvr_buf_free(&tmp);
  return rc;
}

static void json_destroy(void *state)
{
  json_state *s = state;

  if (!s)
    return;
  mvr_buf_free(&s->in);
  mvr_free(s);
}

const mvr_reader_ops mvr_reader_json = {
    .format = "json",
    .text = 0,
    .create = json_create,
    .feed = json_feed,
    .finish = json_finish_,
    .destroy = json_destroy,
};
