/* profile.c - loading a profile (data/profiles/jca-mv.json or a file
 * given by the user) into lookup tables. The vocabularies are data, not
 * code, so the JCA can change them: see docs/profile.md for the format. */
#include "profile.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "jsonutil.h"
#include "report.h"
#include "util.h"

#define PROFILE_MAX_BYTES (4u << 20)
#define COMBO_BASE 1000

extern const unsigned char mvr_default_profile_json[];
extern const size_t mvr_default_profile_json_len;

static const char *const field_names[MVR_F_COUNT] = {
    "SDO/Org.", "Reference", "Type",    "Title",        "Status",
    "Category", "Summary",   "URL",     "Status detail"};
static const char *const field_keys[MVR_F_COUNT] = {
    "sdo",        "reference", "type", "title",        "status",
    "categories", "summary",   "url",  "status_detail"};

const char *mvr_field_name(mvr_field f)
{
  return (unsigned)f < MVR_F_COUNT ? field_names[f] : "?";
}

const char *mvr_field_key(mvr_field f)
{
  return (unsigned)f < MVR_F_COUNT ? field_keys[f] : "?";
}

void mvr_key(const char *s, size_t len, mvr_buf *out)
{
  size_t i;

  mvr_buf_reset(out);
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (mvr_isalnum(c) || c >= 0x80)
      mvr_buf_putc(out, (char)mvr_tolower(c));
    else if (c == '&')
      mvr_buf_puts(out, "and");
  }
  mvr_buf_put(out, "", 0); /* make sure ptr is allocated */
}

/* --- a small open-addressing hash map (FNV-1a) ------------------------ */

static uint64_t hash(const char *s)
{
  uint64_t h = 1469598103934665603ULL;

  while (*s) {
    h ^= (unsigned char)*s++;
    h *= 1099511628211ULL;
  }
  return h;
}

int mvr_map_get(const mvr_map *m, const char *key)
{
  size_t i;

  if (!m->cap)
    return -1;
  i = (size_t)hash(key) & (m->cap - 1);
  while (m->keys[i]) {
    if (strcmp(m->keys[i], key) == 0)
      return m->vals[i];
    i = (i + 1) & (m->cap - 1);
  }
  return -1;
}

static void map_free(mvr_map *m)
{
  size_t i;

  for (i = 0; i < m->cap; i++)
    mvr_free(m->keys[i]);
  mvr_free(m->keys);
  mvr_free(m->vals);
  memset(m, 0, sizeof *m);
}

static mvr_status map_grow(mvr_map *m)
{
  mvr_map nm = {0};
  size_t i;

  nm.cap = m->cap ? m->cap * 2 : 64;
  nm.keys = mvr_malloc(nm.cap * sizeof *nm.keys);
  nm.vals = mvr_malloc(nm.cap * sizeof *nm.vals);
  if (!nm.keys || !nm.vals) {
    mvr_free(nm.keys);
    mvr_free(nm.vals);
    return MVR_ERR_NOMEM;
  }
  memset(nm.keys, 0, nm.cap * sizeof *nm.keys);
  for (i = 0; i < m->cap; i++) {
    if (m->keys[i]) {
      size_t j = (size_t)hash(m->keys[i]) & (nm.cap - 1);
      while (nm.keys[j])
        j = (j + 1) & (nm.cap - 1);
      nm.keys[j] = m->keys[i];
      nm.vals[j] = m->vals[i];
    }
  }
  nm.n = m->n;
  mvr_free(m->keys);
  mvr_free(m->vals);
  *m = nm;
  return MVR_OK;
}

/* Insert key -> val. An existing key keeps its first value (*dup = 1). */
static mvr_status map_put(mvr_map *m, const char *key, int val, int *dup)
{
  size_t i;

  *dup = 0;
  if ((m->n + 1) * 2 > m->cap) {
    mvr_status rc = map_grow(m);
    if (rc)
      return rc;
  }
  i = (size_t)hash(key) & (m->cap - 1);
  while (m->keys[i]) {
    if (strcmp(m->keys[i], key) == 0) {
      *dup = m->vals[i] != val;
      return MVR_OK;
    }
    i = (i + 1) & (m->cap - 1);
  }
  m->keys[i] = mvr_strdup(key);
  if (!m->keys[i])
    return MVR_ERR_NOMEM;
  m->vals[i] = val;
  m->n++;
  return MVR_OK;
}

mvr_status mvr_map_set(mvr_map *m, const char *key, int val)
{
  int dup;
  size_t i;

  if (m->cap) {
    i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i]) {
      if (strcmp(m->keys[i], key) == 0) {
        m->vals[i] = val;
        return MVR_OK;
      }
      i = (i + 1) & (m->cap - 1);
    }
  }
  return map_put(m, key, val, &dup);
}

void mvr_map_clear(mvr_map *m)
{
  map_free(m);
}

/* --- loading ----------------------------------------------------------- */

typedef struct loader {
  mvr_profile *p;
  mvr_report *rep;
  mvr_pos pos;
  mvr_buf key;
  int errors;
} loader;

__attribute__((format(printf, 2, 3))) static void fail(loader *L,
                                                       const char *fmt, ...)
{
  mvr_buf msg = MVR_BUF_INIT(4096);
  va_list ap;

  L->errors++;
  va_start(ap, fmt);
  mvr_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  mvr_report_add(L->rep, MVR_ERROR, &L->pos, "profile", "%s",
                 mvr_buf_cstr(&msg));
  mvr_buf_free(&msg);
}

/* Add `s` under its key to `m` with value `val`. */
static mvr_status put_key(loader *L, mvr_map *m, const char *s, int val,
                          const char *what)
{
  int dup = 0;
  mvr_status rc;

  mvr_key(s, strlen(s), &L->key);
  rc = mvr_buf_status(&L->key);
  if (rc)
    return rc;
  if (!L->key.len) {
    fail(L, "%s: a name without letters or digits", what);
    return MVR_OK;
  }
  rc = map_put(m, L->key.ptr, val, &dup);
  if (rc == MVR_OK && dup) {
    L->errors++;
    mvr_report_add(L->rep, MVR_ERROR, &L->pos, "profile",
                   "%s: \"%s\" is listed for two different values", what, s);
  }
  return rc;
}

static char *dup_str(json_t *v)
{
  return mvr_strdup(json_string_value(v));
}

/* "label" + "variants" items into a vocabulary. */
static mvr_status load_vocab(loader *L, json_t *arr, const char *what,
                             mvr_vocab *v)
{
  int idx;
  size_t i, j;
  json_t *item, *var;
  mvr_status rc = MVR_OK;

  if (!json_is_array(arr) || json_array_size(arr) == 0) {
    fail(L, "\"%s\" must be a non-empty array", what);
    return MVR_OK;
  }
  if (json_array_size(arr) > 64) {
    fail(L, "\"%s\" has more than 64 items", what);
    return MVR_OK;
  }
  v->labels = mvr_malloc(json_array_size(arr) * sizeof *v->labels);
  if (!v->labels)
    return MVR_ERR_NOMEM;
  json_array_foreach(arr, i, item)
  {
    json_t *label = json_object_get(item, "label");
    if (!json_is_string(label)) {
      fail(L, "\"%s\": every item needs a \"label\" string", what);
      continue;
    }
    v->labels[v->n] = dup_str(label);
    if (!v->labels[v->n])
      return MVR_ERR_NOMEM;
    idx = (int)v->n++; /* owned by the vocabulary from here on */
    rc = put_key(L, &v->map, json_string_value(label), idx, what);
    if (rc)
      return rc;
    json_array_foreach(json_object_get(item, "variants"), j, var)
    {
      if (!json_is_string(var)) {
        fail(L, "\"%s\": variants must be strings", what);
        continue;
      }
      rc = put_key(L, &v->map, json_string_value(var), idx, what);
      if (rc)
        return rc;
    }
  }
  return MVR_OK;
}

static int vocab_index(const mvr_vocab *v, const char *label)
{
  size_t i;

  for (i = 0; i < v->n; i++)
    if (strcmp(v->labels[i], label) == 0)
      return (int)i;
  return -1;
}

static mvr_status load_columns(loader *L, json_t *cols)
{
  int f;
  size_t j;
  json_t *name;
  mvr_status rc;

  if (!json_is_object(cols)) {
    fail(L, "\"%s\" must be an object of field -> column names", "columns");
    return MVR_OK;
  }
  for (f = 0; f < MVR_F_COUNT; f++) {
    /* the canonical display name and the JSON key always match */
    rc = put_key(L, &L->p->columns, field_names[f], f, "columns");
    if (!rc)
      rc = put_key(L, &L->p->columns, field_keys[f], f, "columns");
    if (rc)
      return rc;
    json_array_foreach(json_object_get(cols, field_keys[f]), j, name)
    {
      if (!json_is_string(name))
        continue;
      rc = put_key(L, &L->p->columns, json_string_value(name), f, "columns");
      if (rc)
        return rc;
    }
  }
  return MVR_OK;
}

static int phrase_cmp(const void *a, const void *b)
{
  const mvr_phrase *x = a, *y = b;

  if (x->len != y->len)
    return x->len < y->len ? 1 : -1;
  return strcmp(x->words, y->words);
}

/* Lower-case words separated by single spaces: the form phrases are
 * matched in (see normalize.c). */
void mvr_words(const char *s, size_t len, mvr_buf *out);

static mvr_status load_statuses(loader *L, json_t *arr)
{
  mvr_profile *p = L->p;
  size_t i, j, total = 0;
  json_t *item, *m;
  mvr_status rc;

  rc = load_vocab(L, arr, "statuses", &p->statuses);
  if (rc || L->errors)
    return rc;
  json_array_foreach(arr, i, item)
    total += json_array_size(json_object_get(item, "match"));
  p->phrases = mvr_malloc((total + 1) * sizeof *p->phrases);
  p->status_tie_order = mvr_malloc(p->statuses.n * sizeof(int));
  if (!p->phrases || !p->status_tie_order)
    return MVR_ERR_NOMEM;
  json_array_foreach(arr, i, item)
  {
    json_t *rank = json_object_get(item, "tie_rank");
    p->status_tie_order[i] =
        json_is_integer(rank) ? (int)json_integer_value(rank) : (int)i;
    json_array_foreach(json_object_get(item, "match"), j, m)
    {
      mvr_phrase *ph;
      if (!json_is_string(m))
        continue;
      mvr_words(json_string_value(m), json_string_length(m), &L->key);
      if (mvr_buf_status(&L->key))
        return mvr_buf_status(&L->key);
      if (!L->key.len)
        continue;
      ph = &p->phrases[p->nphrases];
      ph->words = mvr_strdup(L->key.ptr);
      if (!ph->words)
        return MVR_ERR_NOMEM;
      ph->len = L->key.len;
      ph->status = (int)i;
      p->nphrases++;
    }
  }
  qsort(p->phrases, p->nphrases, sizeof *p->phrases, phrase_cmp);
  return MVR_OK;
}

static mvr_status load_stages(loader *L, json_t *arr)
{
  mvr_profile *p = L->p;
  size_t i;
  json_t *item;

  if (!arr)
    return MVR_OK;
  p->stages = mvr_malloc((json_array_size(arr) + 1) * sizeof *p->stages);
  if (!p->stages)
    return MVR_ERR_NOMEM;
  json_array_foreach(arr, i, item)
  {
    json_t *from = json_object_get(item, "from");
    json_t *to = json_object_get(item, "to");
    json_t *st = json_object_get(item, "status");
    int idx = json_is_string(st)
                  ? vocab_index(&p->statuses, json_string_value(st))
                  : -1;
    if (!json_is_number(from) || !json_is_number(to) || idx < 0) {
      fail(L, "\"%s\": each item needs numbers from/to and a known status",
           "stage_codes");
      continue;
    }
    p->stages[p->nstages].from = json_number_value(from);
    p->stages[p->nstages].to = json_number_value(to);
    p->stages[p->nstages].status = idx;
    p->nstages++;
  }
  return MVR_OK;
}

static mvr_status load_combos(loader *L, json_t *arr)
{
  mvr_profile *p = L->p;
  size_t i, j;
  json_t *item, *m;
  mvr_status rc;

  if (!arr)
    return MVR_OK;
  p->combo_masks = mvr_malloc((json_array_size(arr) + 1) * sizeof(uint64_t));
  if (!p->combo_masks)
    return MVR_ERR_NOMEM;
  json_array_foreach(arr, i, item)
  {
    json_t *label = json_object_get(item, "label");
    uint64_t mask = 0;
    json_array_foreach(json_object_get(item, "means"), j, m)
    {
      int idx = json_is_string(m)
                    ? vocab_index(&p->categories, json_string_value(m))
                    : -1;
      if (idx < 0)
        fail(L, "\"%s\": \"means\" must list category labels",
             "category_combinations");
      else
        mask |= (uint64_t)1 << idx;
    }
    if (!json_is_string(label) || !mask) {
      fail(L, "\"%s\": each item needs a label and what it means",
           "category_combinations");
      continue;
    }
    p->combo_masks[p->ncombos] = mask;
    rc = put_key(L, &p->categories.map, json_string_value(label),
                 COMBO_BASE + (int)p->ncombos, "category_combinations");
    if (rc)
      return rc;
    json_array_foreach(json_object_get(item, "variants"), j, m)
    {
      if (!json_is_string(m))
        continue;
      rc = put_key(L, &p->categories.map, json_string_value(m),
                   COMBO_BASE + (int)p->ncombos, "category_combinations");
      if (rc)
        return rc;
    }
    p->ncombos++;
  }
  return MVR_OK;
}

static mvr_status load_families(loader *L, json_t *arr)
{
  mvr_profile *p = L->p;
  size_t i, j;
  json_t *item, *pre;

  if (!json_is_array(arr)) {
    fail(L, "\"%s\" must be an array", "families");
    return MVR_OK;
  }
  p->families = mvr_malloc((json_array_size(arr) + 1) * sizeof *p->families);
  if (!p->families)
    return MVR_ERR_NOMEM;
  json_array_foreach(arr, i, item)
  {
    mvr_family_def *f = &p->families[p->nfamilies];
    json_t *name = json_object_get(item, "name");
    json_t *rules = json_object_get(item, "rules");
    json_t *pres = json_object_get(item, "prefixes");
    if (!json_is_string(name)) {
      fail(L, "\"%s\": each item needs a name", "families");
      continue;
    }
    memset(f, 0, sizeof *f);
    f->name = dup_str(name);
    f->rules = mvr_strdup(json_is_string(rules) ? json_string_value(rules)
                                                : "generic");
    f->prefixes = mvr_malloc((json_array_size(pres) + 1) * sizeof(char *));
    p->nfamilies++;
    if (!f->name || !f->rules || !f->prefixes)
      return MVR_ERR_NOMEM;
    json_array_foreach(pres, j, pre)
    {
      if (!json_is_string(pre))
        continue;
      f->prefixes[f->nprefixes] = dup_str(pre);
      if (!f->prefixes[f->nprefixes])
        return MVR_ERR_NOMEM;
      f->nprefixes++;
    }
  }
  return MVR_OK;
}

int mvr_profile_family(const mvr_profile *p, const char *name)
{
  size_t i;

  for (i = 0; i < p->nfamilies; i++)
    if (strcmp(p->families[i].name, name) == 0)
      return (int)i;
  return -1;
}

static int org_index(const mvr_profile *p, const char *name)
{
  size_t i;

  for (i = 0; i < p->norgs; i++)
    if (strcmp(p->orgs[i].name, name) == 0)
      return (int)i;
  return -1;
}

static mvr_status load_orgs(loader *L, json_t *arr)
{
  mvr_profile *p = L->p;
  size_t i, j;
  json_t *item, *al;
  mvr_status rc;

  if (!json_is_array(arr)) {
    fail(L, "\"%s\" must be an array", "organizations");
    return MVR_OK;
  }
  p->orgs = mvr_malloc((json_array_size(arr) + 1) * sizeof *p->orgs);
  if (!p->orgs)
    return MVR_ERR_NOMEM;
  json_array_foreach(arr, i, item)
  {
    mvr_org_def *o = &p->orgs[p->norgs];
    json_t *name = json_object_get(item, "name");
    json_t *parent = json_object_get(item, "parent");
    json_t *family = json_object_get(item, "family");
    json_t *kind = json_object_get(item, "kind");
    if (!json_is_string(name)) {
      fail(L, "\"%s\": each item needs a name", "organizations");
      continue;
    }
    memset(o, 0, sizeof *o);
    o->name = dup_str(name);
    o->parent = json_is_string(parent) ? dup_str(parent) : NULL;
    o->family = json_is_string(family) ? dup_str(family) : NULL;
    o->kind = mvr_strdup(json_is_string(kind) ? json_string_value(kind)
                                               : "SDO");
    p->norgs++;
    if (!o->name || !o->kind || (json_is_string(parent) && !o->parent) ||
        (json_is_string(family) && !o->family))
      return MVR_ERR_NOMEM;
    rc = put_key(L, &p->org_map, o->name, (int)(p->norgs - 1),
                 "organizations");
    if (rc)
      return rc;
    json_array_foreach(json_object_get(item, "aliases"), j, al)
    {
      if (!json_is_string(al))
        continue;
      rc = put_key(L, &p->org_map, json_string_value(al),
                   (int)(p->norgs - 1), "organizations");
      if (rc)
        return rc;
    }
  }
  /* parents must exist; families are inherited from the root */
  for (i = 0; i < p->norgs; i++) {
    mvr_org_def *o = &p->orgs[i];
    int guard = 0, k = (int)i;
    if (o->parent && org_index(p, o->parent) < 0) {
      fail(L, "organizations: unknown parent \"%s\"", o->parent);
      continue;
    }
    while (!p->orgs[k].family && p->orgs[k].parent && guard++ < 32) {
      int up = org_index(p, p->orgs[k].parent);
      if (up < 0)
        break; /* an unknown parent higher up, reported on its own item
                  (found by fuzz/profile: read orgs[-1]) */
      k = up;
    }
    if (!o->family) {
      o->family = mvr_strdup(p->orgs[k].family ? p->orgs[k].family
                                               : p->orgs[k].name);
      if (!o->family)
        return MVR_ERR_NOMEM;
    }
  }
  return MVR_OK;
}

/* "ownership": {"owner_fields": [...]}; without it, status, title and
 * type. */
static mvr_status load_ownership(loader *L, json_t *obj)
{
  static const char *const defaults[] = {"status", "title", "type"};
  json_t *arr = json_object_get(obj, "owner_fields");
  size_t i, n = arr ? json_array_size(arr) : MVR_ARRAY_SIZE(defaults);
  json_t *f;

  L->p->owner_fields = mvr_malloc((n + 1) * sizeof(char *));
  if (!L->p->owner_fields)
    return MVR_ERR_NOMEM;
  if (!arr) {
    for (i = 0; i < n; i++) {
      L->p->owner_fields[i] = mvr_strdup(defaults[i]);
      if (!L->p->owner_fields[i])
        return MVR_ERR_NOMEM;
      L->p->nowner_fields++;
    }
    return MVR_OK;
  }
  json_array_foreach(arr, i, f)
  {
    if (!json_is_string(f)) {
      fail(L, "\"%s\": owner_fields must be field names", "ownership");
      continue;
    }
    L->p->owner_fields[L->p->nowner_fields] = dup_str(f);
    if (!L->p->owner_fields[L->p->nowner_fields])
      return MVR_ERR_NOMEM;
    L->p->nowner_fields++;
  }
  return MVR_OK;
}

/* `key`: an optional array of strings (title_prefixes, title_stopwords:
 * see docs/duplicates.md) into `out`. */
static mvr_status load_strings(loader *L, json_t *arr, const char *key,
                               char ***out, size_t *n)
{
  size_t i;
  json_t *v;

  if (!arr)
    return MVR_OK;
  if (!json_is_array(arr)) {
    fail(L, "\"%s\" must be an array of strings", key);
    return MVR_OK;
  }
  *out = mvr_malloc((json_array_size(arr) + 1) * sizeof(char *));
  if (!*out)
    return MVR_ERR_NOMEM;
  json_array_foreach(arr, i, v)
  {
    if (!json_is_string(v)) {
      fail(L, "\"%s\" must be an array of strings", key);
      continue;
    }
    (*out)[*n] = dup_str(v);
    if (!(*out)[*n])
      return MVR_ERR_NOMEM;
    (*n)++;
  }
  return MVR_OK;
}

/* What is ignored when titles are compared for possible duplicates. */
static mvr_status load_titles(loader *L, json_t *root)
{
  mvr_status rc;

  rc = load_strings(L, json_object_get(root, "title_prefixes"),
                    "title_prefixes", &L->p->title_prefixes,
                    &L->p->ntitle_prefixes);
  if (!rc)
    rc = load_strings(L, json_object_get(root, "title_stopwords"),
                      "title_stopwords", &L->p->title_stopwords,
                      &L->p->ntitle_stopwords);
  return rc;
}

/* "topics": [{"name": "Avatars", "phrases": ["avatar", ...]}, ...]
 * (coordination analysis, issue 7): at most 64, names unique. */
static mvr_status load_topics(loader *L, json_t *arr)
{
  size_t i, j, k;
  json_t *t, *v;

  if (!arr)
    return MVR_OK;
  if (!json_is_array(arr) || json_array_size(arr) > 64) {
    fail(L, "\"topics\" must be an array of at most 64 objects");
    return MVR_OK;
  }
  L->p->topics = mvr_malloc((json_array_size(arr) + 1) * sizeof *L->p->topics);
  if (!L->p->topics)
    return MVR_ERR_NOMEM;
  json_array_foreach(arr, i, t)
  {
    json_t *name = json_object_get(t, "name");
    json_t *phrases = json_object_get(t, "phrases");
    mvr_topic_def *d;
    if (!json_is_object(t) || !json_is_string(name) ||
        !*json_string_value(name) || !json_is_array(phrases) ||
        !json_array_size(phrases)) {
      fail(L, "\"topics\": each topic needs a \"name\" and an array of "
              "\"phrases\"");
      continue;
    }
    for (k = 0; k < L->p->ntopics; k++)
      if (strcmp(L->p->topics[k].name, json_string_value(name)) == 0)
        break;
    if (k < L->p->ntopics) {
      fail(L, "\"topics\": \"%s\" appears twice", json_string_value(name));
      continue;
    }
    d = &L->p->topics[L->p->ntopics];
    memset(d, 0, sizeof *d);
    d->name = dup_str(name);
    d->phrases = mvr_malloc(json_array_size(phrases) * sizeof *d->phrases);
    L->p->ntopics++;
    if (!d->name || !d->phrases)
      return MVR_ERR_NOMEM;
    json_array_foreach(phrases, j, v)
    {
      if (!json_is_string(v) || !*json_string_value(v)) {
        fail(L, "\"topics\": the phrases of \"%s\" must be strings",
             d->name);
        continue;
      }
      d->phrases[d->nphrases] = dup_str(v);
      if (!d->phrases[d->nphrases])
        return MVR_ERR_NOMEM;
      d->nphrases++;
    }
  }
  return MVR_OK;
}

static mvr_status load_required(loader *L, json_t *arr)
{
  size_t i;
  json_t *r;
  int f;

  if (!arr) {
    L->p->required = (1u << MVR_F_REFERENCE) | (1u << MVR_F_TITLE);
    return MVR_OK;
  }
  json_array_foreach(arr, i, r)
  {
    for (f = 0; f < MVR_F_COUNT; f++)
      if (json_is_string(r) && strcmp(json_string_value(r), field_keys[f]) == 0)
        break;
    if (f == MVR_F_COUNT)
      fail(L, "\"required\": unknown field \"%s\"",
           json_is_string(r) ? json_string_value(r) : "?");
    else
      L->p->required |= 1u << f;
  }
  L->p->required |= (1u << MVR_F_REFERENCE) | (1u << MVR_F_TITLE);
  return MVR_OK;
}

mvr_status mvr_profile_load(const char *json, size_t len, const char *name,
                            mvr_report *rep, mvr_profile **out)
{
  loader L;
  json_t *root = NULL;
  json_error_t jerr;
  mvr_status rc = MVR_OK;

  *out = NULL;
  memset(&L, 0, sizeof L);
  L.rep = rep;
  L.pos.file = name ? name : "<profile>";
  mvr_buf_init(&L.key, 4096);
  if (len > PROFILE_MAX_BYTES) {
    mvr_report_add(rep, MVR_ERROR, &L.pos, "profile",
                   "the profile is larger than %u bytes", PROFILE_MAX_BYTES);
    rc = MVR_ERR_TOOBIG;
    goto out;
  }
  mvr_json_init();
  root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!root) {
    L.pos.row = (unsigned long)(jerr.line > 0 ? jerr.line : 0);
    L.pos.col = (unsigned long)(jerr.column > 0 ? jerr.column : 0);
    mvr_report_add(rep, MVR_ERROR, &L.pos, "profile", "%s", jerr.text);
    rc = MVR_ERR_PROFILE;
    goto out;
  }
  L.p = mvr_malloc(sizeof *L.p);
  if (!L.p) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  memset(L.p, 0, sizeof *L.p);
  L.p->name = mvr_strdup(json_is_string(json_object_get(root, "name"))
                             ? json_string_value(json_object_get(root, "name"))
                             : "unnamed");
  L.p->version = mvr_strdup(
      json_is_string(json_object_get(root, "version"))
          ? json_string_value(json_object_get(root, "version"))
          : "");
  if (!L.p->name || !L.p->version) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  rc = load_columns(&L, json_object_get(root, "columns"));
  if (!rc)
    rc = load_required(&L, json_object_get(root, "required"));
  if (!rc)
    rc = load_ownership(&L, json_object_get(root, "ownership"));
  if (!rc)
    rc = load_vocab(&L, json_object_get(root, "categories"), "categories",
                    &L.p->categories);
  if (!rc)
    rc = load_combos(&L, json_object_get(root, "category_combinations"));
  if (!rc)
    rc = load_statuses(&L, json_object_get(root, "statuses"));
  if (!rc)
    rc = load_stages(&L, json_object_get(root, "stage_codes"));
  if (!rc)
    rc = load_vocab(&L, json_object_get(root, "types"), "types",
                    &L.p->types);
  if (!rc)
    rc = load_families(&L, json_object_get(root, "families"));
  if (!rc)
    rc = load_orgs(&L, json_object_get(root, "organizations"));
  if (!rc)
    rc = load_titles(&L, root);
  if (!rc)
    rc = load_topics(&L, json_object_get(root, "topics"));
  if (!rc)
    rc = mvr_buf_status(&L.key);
  if (!rc && L.errors)
    rc = MVR_ERR_PROFILE;
out:
  json_decref(root);
  mvr_buf_free(&L.key);
  if (rc) {
    mvr_profile_free(L.p);
    return rc;
  }
  *out = L.p;
  return MVR_OK;
}

mvr_status mvr_profile_load_file(const char *path, mvr_report *rep,
                                 mvr_profile **out)
{
  mvr_buf b = MVR_BUF_INIT(PROFILE_MAX_BYTES + 1);
  mvr_status rc = MVR_OK;
  mvr_pos pos = {path, NULL, 0, 0, NULL};
  char chunk[8192];
  size_t n;
  FILE *f;

  *out = NULL;
  f = fopen(path, "rb");
  if (!f) {
    mvr_report_add(rep, MVR_ERROR, &pos, "io", "cannot open the profile");
    return MVR_ERR_IO;
  }
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    mvr_buf_put(&b, chunk, n);
  if (ferror(f)) {
    mvr_report_add(rep, MVR_ERROR, &pos, "io", "cannot read the profile");
    rc = MVR_ERR_IO;
  }
  fclose(f);
  if (!rc)
    rc = mvr_buf_status(&b);
  if (rc == MVR_ERR_TOOBIG)
    mvr_report_add(rep, MVR_ERROR, &pos, "profile",
                   "the profile is larger than %u bytes", PROFILE_MAX_BYTES);
  if (!rc)
    rc = mvr_profile_load(mvr_buf_cstr(&b), b.len, path, rep, out);
  mvr_buf_free(&b);
  return rc;
}

mvr_status mvr_profile_default(mvr_profile **out)
{
  return mvr_profile_load((const char *)mvr_default_profile_json,
                          mvr_default_profile_json_len,
                          "data/profiles/jca-mv.json", NULL, out);
}

static void vocab_free(mvr_vocab *v)
{
  size_t i;

  for (i = 0; i < v->n; i++)
    mvr_free(v->labels[i]);
  mvr_free(v->labels);
  map_free(&v->map);
}

void mvr_profile_free(mvr_profile *p)
{
  size_t i, j;

  if (!p)
    return;
  mvr_free(p->name);
  mvr_free(p->version);
  map_free(&p->columns);
  vocab_free(&p->categories);
  mvr_free(p->combo_masks);
  vocab_free(&p->statuses);
  for (i = 0; i < p->nphrases; i++)
    mvr_free(p->phrases[i].words);
  mvr_free(p->phrases);
  mvr_free(p->stages);
  mvr_free(p->status_tie_order);
  vocab_free(&p->types);
  for (i = 0; i < p->norgs; i++) {
    mvr_free(p->orgs[i].name);
    mvr_free(p->orgs[i].family);
    mvr_free(p->orgs[i].parent);
    mvr_free(p->orgs[i].kind);
  }
  mvr_free(p->orgs);
  map_free(&p->org_map);
  for (i = 0; i < p->nfamilies; i++) {
    mvr_free(p->families[i].name);
    mvr_free(p->families[i].rules);
    for (j = 0; j < p->families[i].nprefixes; j++)
      mvr_free(p->families[i].prefixes[j]);
    mvr_free(p->families[i].prefixes);
  }
  mvr_free(p->families);
  for (i = 0; i < p->nowner_fields; i++)
    mvr_free(p->owner_fields[i]);
  mvr_free(p->owner_fields);
  for (i = 0; i < p->ntitle_prefixes; i++)
    mvr_free(p->title_prefixes[i]);
  mvr_free(p->title_prefixes);
  for (i = 0; i < p->ntitle_stopwords; i++)
    mvr_free(p->title_stopwords[i]);
  mvr_free(p->title_stopwords);
  for (i = 0; i < p->ntopics; i++) {
    mvr_free(p->topics[i].name);
    for (j = 0; j < p->topics[i].nphrases; j++)
      mvr_free(p->topics[i].phrases[j]);
    mvr_free(p->topics[i].phrases);
  }
  mvr_free(p->topics);
  mvr_free(p);
}

size_t mvr_profile_topic_count(const mvr_profile *p)
{
  return p->ntopics;
}
const char *mvr_profile_topic(const mvr_profile *p, size_t i)
{
  return i < p->ntopics ? p->topics[i].name : NULL;
}

const char *mvr_profile_name(const mvr_profile *p) { return p->name; }
const char *mvr_profile_version(const mvr_profile *p) { return p->version; }

size_t mvr_profile_category_count(const mvr_profile *p)
{
  return p->categories.n;
}
const char *mvr_profile_category(const mvr_profile *p, size_t i)
{
  return i < p->categories.n ? p->categories.labels[i] : NULL;
}
size_t mvr_profile_status_count(const mvr_profile *p)
{
  return p->statuses.n;
}
const char *mvr_profile_status(const mvr_profile *p, size_t i)
{
  return i < p->statuses.n ? p->statuses.labels[i] : NULL;
}
size_t mvr_profile_type_count(const mvr_profile *p) { return p->types.n; }
const char *mvr_profile_type(const mvr_profile *p, size_t i)
{
  return i < p->types.n ? p->types.labels[i] : NULL;
}
