/* coord.c - coordination records (include/mvroad/coord.h): the kinds and
 * their fields, validation and normalisation, add/remove/list, and the
 * organisations' liaison status. Storage is store_coord.h; reports and
 * the word diff are in coord_report.c, files in coord_io.c. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "coord_int.h"
#include "db.h"
#include "store_coord.h"
#include "util.h"

static const char *const f_org[] = {"name", "parent", "kind", "aliases",
                                    "notes"};
static const char *const f_rep[] = {"email",        "name",        "org",
                                    "role",         "nominated_on", "valid_until",
                                    "doc"};
static const char *const f_ls[] = {"number",   "direction", "title",
                                   "from",     "to",        "cc",
                                   "date",     "purpose",   "deadline",
                                   "replies_to", "state",   "notes"};
static const char *const f_att[] = {"ls", "name", "sha256"};
static const char *const f_sub[] = {"ls", "submission"};
static const char *const f_doc[] = {"number", "revision", "title", "source",
                                    "meeting", "type",    "date"};
static const char *const f_meet[] = {"name",   "start", "end", "place",
                                     "chairs", "mode",  "notes"};
static const char *const f_term[] = {"term", "source",     "org",
                                     "date", "definition", "notes"};

static const struct {
  const char *name, *plural;
  const char *const *fields;
  size_t n, key;
} kinds[MVR_COORD_NKINDS] = {
    {"org", "orgs", f_org, 5, 1},
    {"rep", "reps", f_rep, 7, 1},
    {"ls", "ls", f_ls, 12, 1},
    {"ls-attachment", "ls-attachments", f_att, 3, 2},
    {"ls-submission", "ls-submissions", f_sub, 2, 2},
    {"doc", "docs", f_doc, 7, 2},
    {"meeting", "meetings", f_meet, 7, 1},
    {"term", "terms", f_term, 6, 2},
};

const char *mvr_coord_kind_name(int kind)
{
  return kind >= 0 && kind < MVR_COORD_NKINDS ? kinds[kind].name : NULL;
}

int mvr_coord_kind_find(const char *name)
{
  int i;
  char tmp[32];
  size_t k;

  if (!name || strlen(name) >= sizeof tmp)
    return -1;
  for (k = 0; name[k]; k++)
    tmp[k] = name[k] == '_' ? '-' : (char)tolower((unsigned char)name[k]);
  tmp[k] = '\0';
  for (i = 0; i < MVR_COORD_NKINDS; i++)
    if (strcmp(tmp, kinds[i].name) == 0 || strcmp(tmp, kinds[i].plural) == 0)
      return i;
  if (strcmp(tmp, "representatives") == 0 || strcmp(tmp, "representative") == 0)
    return MVR_COORD_REP;
  if (strcmp(tmp, "organisations") == 0 || strcmp(tmp, "organisation") == 0)
    return MVR_COORD_ORG;
  if (strcmp(tmp, "documents") == 0 || strcmp(tmp, "document") == 0)
    return MVR_COORD_DOC;
  return -1;
}

const char *const *mvr_coord_fields(int kind, size_t *n)
{
  if (kind < 0 || kind >= MVR_COORD_NKINDS)
    return NULL;
  if (n)
    *n = kinds[kind].n;
  return kinds[kind].fields;
}

const char *coord_kind_plural(int kind)
{
  return kind >= 0 && kind < MVR_COORD_NKINDS ? kinds[kind].plural : "";
}

size_t mvr_coord_key_len(int kind)
{
  return kind >= 0 && kind < MVR_COORD_NKINDS ? kinds[kind].key : 0;
}

/* --- row sets -------------------------------------------------------- */

mvr_status coord_rows_add(void *ud, const char *const *v, size_t n)
{
  coord_rows *r = ud;
  char **row;
  size_t i;

  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 16;
    char ***nr = mvr_malloc(cap * sizeof *nr);
    if (!nr)
      return MVR_ERR_NOMEM;
    if (r->n)
      memcpy(nr, r->rows, r->n * sizeof *nr);
    mvr_free(r->rows);
    r->rows = nr;
    r->cap = cap;
  }
  row = mvr_malloc((n + 1) * sizeof *row);
  if (!row)
    return MVR_ERR_NOMEM;
  for (i = 0; i < n; i++) {
    row[i] = mvr_strdup(v[i] ? v[i] : "");
    if (!row[i]) {
      while (i--)
        mvr_free(row[i]);
      mvr_free(row);
      return MVR_ERR_NOMEM;
    }
  }
  row[n] = NULL;
  r->rows[r->n++] = row;
  r->ncols = n;
  return MVR_OK;
}

void coord_rows_free(coord_rows *r)
{
  size_t i, k;

  for (i = 0; i < r->n; i++) {
    for (k = 0; r->rows[i][k]; k++)
      mvr_free(r->rows[i][k]);
    mvr_free(r->rows[i]);
  }
  mvr_free(r->rows);
  memset(r, 0, sizeof *r);
}

mvr_status coord_load(mvr_db *db, int kind, coord_rows *out)
{
  mvr_store *s = db->store;
  mvr_status rc;

  memset(out, 0, sizeof *out);
  if (!s->ops->coord)
    return mvr_db_fail(db, MVR_ERR_STORE,
                       "this store keeps no coordination records");
  rc = s->ops->coord->list(s, kind, coord_rows_add, out);
  if (rc) {
    coord_rows_free(out);
    return rc == MVR_ERR_NOMEM ? rc : mvr_db_store_fail(db, rc);
  }
  return MVR_OK;
}

/* --- organisation names ------------------------------------------------ */

/* Canonical name of `name`: the profile's registry (names and aliases),
 * then the org records (names and aliases), else `name` as given. */
static char *canon_org(mvr_db *db, const coord_rows *orgs, const char *name)
{
  mvr_buf k = MVR_BUF_INIT(4096), k2 = MVR_BUF_INIT(4096);
  int idx;
  size_t i;
  char *out = NULL;

  mvr_key(name, strlen(name), &k);
  if (mvr_buf_status(&k))
    goto done;
  idx = mvr_map_get(&db->profile->org_map, mvr_buf_cstr(&k));
  if (idx >= 0 && (size_t)idx < db->profile->norgs) {
    out = mvr_strdup(db->profile->orgs[idx].name);
    goto done;
  }
  for (i = 0; orgs && i < orgs->n && !out; i++) {
    const char *p = orgs->rows[i][3];
    mvr_buf_reset(&k2);
    mvr_key(orgs->rows[i][0], strlen(orgs->rows[i][0]), &k2);
    if (strcmp(mvr_buf_cstr(&k2), mvr_buf_cstr(&k)) == 0) {
      out = mvr_strdup(orgs->rows[i][0]);
      break;
    }
    while (*p) {
      const char *e = strchr(p, ';');
      size_t len = e ? (size_t)(e - p) : strlen(p);
      mvr_buf_reset(&k2);
      mvr_key(p, len, &k2);
      if (*mvr_buf_cstr(&k2) && strcmp(mvr_buf_cstr(&k2), mvr_buf_cstr(&k)) == 0) {
        out = mvr_strdup(orgs->rows[i][0]);
        break;
      }
      p = e ? e + 1 : p + len;
    }
  }
  if (!out)
    out = mvr_strdup(name);
done:
  mvr_buf_free(&k);
  mvr_buf_free(&k2);
  return out;
}

/* A "; "-separated list of organisations, each made canonical. */
static char *canon_org_list(mvr_db *db, const coord_rows *orgs,
                            const char *list)
{
  mvr_buf b = MVR_BUF_INIT(1 << 20);
  const char *p = list;

  while (*p) {
    const char *e = strchr(p, ';');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char *one, *c;
    while (len && isspace((unsigned char)*p))
      p++, len--;
    while (len && isspace((unsigned char)p[len - 1]))
      len--;
    if (len) {
      one = mvr_malloc(len + 1);
      if (!one) {
        mvr_buf_free(&b);
        return NULL;
      }
      memcpy(one, p, len);
      one[len] = '\0';
      c = canon_org(db, orgs, one);
      mvr_free(one);
      if (!c) {
        mvr_buf_free(&b);
        return NULL;
      }
      mvr_buf_printf(&b, "%s%s", mvr_buf_cstr(&b)[0] ? "; " : "", c);
      mvr_free(c);
    }
    if (!e)
      break;
    p = e + 1;
  }
  if (mvr_buf_status(&b)) {
    mvr_buf_free(&b);
    return NULL;
  }
  return mvr_buf_detach(&b);
}

int coord_list_has(const char *list, const char *name)
{
  size_t n = strlen(name);
  const char *p = list;

  while (p && *p) {
    while (*p == ' ' || *p == ';')
      p++;
    if (strncmp(p, name, n) == 0 && (p[n] == '\0' || p[n] == ';'))
      return 1;
    p = strchr(p, ';');
  }
  return 0;
}

/* --- validation ---------------------------------------------------------- */

static int is_date_or_month(const char *s)
{
  if (mvr_date_valid(s))
    return 1;
  return strlen(s) == 7 && isdigit((unsigned char)s[0]) &&
         isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
         isdigit((unsigned char)s[3]) && s[4] == '-' &&
         ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') ||
          (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

static int one_of(const char *v, const char *const *allowed)
{
  for (; *allowed; allowed++)
    if (strcmp(v, *allowed) == 0)
      return 1;
  return 0;
}

static int email_ok(const char *s)
{
  const char *at = strchr(s, '@');
  const char *p;

  if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
      at[1] == '.' || s[strlen(s) - 1] == '.')
    return 0;
  for (p = s; *p; p++)
    if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' ||
        *p == '>' || *p == '"' || (unsigned char)*p == 0x7f)
      return 0;
  return strlen(s) <= 254;
}

static int hex64(const char *s)
{
  size_t i;

  for (i = 0; i < 64; i++)
    if (!isxdigit((unsigned char)s[i]))
      return 0;
  return s[64] == '\0';
}

static const char *const directions[] = {"incoming", "outgoing", NULL};
static const char *const purposes[] = {"", "for information", "for action",
                                       "for comment", NULL};
static const char *const states[] = {"open", "answered", "closed", NULL};
static const char *const doc_types[] = {"contribution", "LS", "report",
                                        "roadmap draft", "agenda", "other",
                                        NULL};
static const char *const modes[] = {"", "in person", "remote", "hybrid", NULL};

#define FAIL(f, ...)                                                           \
  do {                                                                         \
    snprintf(err, errlen, __VA_ARGS__);                                        \
    *bad = (f);                                                                \
    return MVR_ERR_DATA;                                                       \
  } while (0)

/* Check v[] (already trimmed copies in `out`), normalising in place. */
static mvr_status check(mvr_db *db, const coord_rows *orgs, int kind,
                        char **v, char *err, size_t errlen, size_t *bad)
{
  size_t i, n = kinds[kind].n;
  int orgf[4] = {-1, -1, -1, -1};
  int listf[3] = {-1, -1, -1};
  size_t k;

  for (i = 0; i < n; i++) {
    if (strlen(v[i]) > 20000)
      FAIL(i, "%s is longer than 20,000 bytes", kinds[kind].fields[i]);
    if (i < kinds[kind].key && !*v[i] &&
        !(kind == MVR_COORD_DOC && i == 1))
      FAIL(i, "%s is required", kinds[kind].fields[i]);
  }
  switch (kind) {
  case MVR_COORD_ORG:
    orgf[0] = 1;
    break;
  case MVR_COORD_REP:
    if (!email_ok(v[0]))
      FAIL(0, "'%s' is not an e-mail address (name@domain)", v[0]);
    for (k = 0; v[0][k]; k++)
      v[0][k] = (char)tolower((unsigned char)v[0][k]);
    if (!*v[1])
      FAIL(1, "name is required");
    if (!*v[2])
      FAIL(2, "org is required: the organisation the person represents");
    orgf[0] = 2;
    if (*v[4] && !mvr_date_valid(v[4]))
      FAIL(4, "nominated_on '%s' is not a date (YYYY-MM-DD)", v[4]);
    if (*v[5] && !mvr_date_valid(v[5]))
      FAIL(5, "valid_until '%s' is not a date (YYYY-MM-DD)", v[5]);
    break;
  case MVR_COORD_LS:
    if (!one_of(v[1], directions))
      FAIL(1, "direction '%s' must be incoming or outgoing", v[1]);
    if (!*v[2])
      FAIL(2, "title is required");
    orgf[0] = 3;
    listf[0] = 4;
    listf[1] = 5;
    if (*v[6] && !is_date_or_month(v[6]))
      FAIL(6, "date '%s' is not a date (YYYY-MM-DD or YYYY-MM)", v[6]);
    if (!one_of(v[7], purposes))
      FAIL(7, "purpose '%s' must be 'for information', 'for action' or "
              "'for comment'", v[7]);
    if (*v[8] && !mvr_date_valid(v[8]))
      FAIL(8, "deadline '%s' is not a date (YYYY-MM-DD)", v[8]);
    if (!*v[10]) {
      mvr_free(v[10]);
      v[10] = mvr_strdup("open");
      if (!v[10])
        return MVR_ERR_NOMEM;
    }
    if (!one_of(v[10], states))
      FAIL(10, "state '%s' must be open, answered or closed", v[10]);
    break;
  case MVR_COORD_LS_ATTACH:
    for (k = 0; v[2][k]; k++)
      v[2][k] = (char)tolower((unsigned char)v[2][k]);
    if (*v[2] && !hex64(v[2]))
      FAIL(2, "sha256 must be 64 hexadecimal digits");
    break;
  case MVR_COORD_LS_SUB: {
    long id;
    if (mvr_parse_long(v[1], 1, 0x7fffffffffffL, &id))
      FAIL(1, "submission '%s' is not a submission id (see 'mvroad "
              "history' or 'mvroad doc list')", v[1]);
    break;
  }
  case MVR_COORD_DOC: {
    /* "JCA-MV-Doc-016-R1" is number "JCA-MV-Doc-016", revision "R1" */
    char *r = strrchr(v[0], '-');
    if (!*v[1] && r && r[1] == 'R' && isdigit((unsigned char)r[2]) &&
        strspn(r + 2, "0123456789") == strlen(r + 2)) {
      mvr_free(v[1]);
      v[1] = mvr_strdup(r + 1);
      if (!v[1])
        return MVR_ERR_NOMEM;
      *r = '\0';
    }
    if (*v[1] && !(v[1][0] == 'R' && v[1][1] &&
                   strspn(v[1] + 1, "0123456789") == strlen(v[1] + 1)))
      FAIL(1, "revision '%s' must be empty or R1, R2, ...", v[1]);
    if (!*v[2])
      FAIL(2, "title is required");
    orgf[0] = 3;
    if (!*v[5]) {
      mvr_free(v[5]);
      v[5] = mvr_strdup("contribution");
      if (!v[5])
        return MVR_ERR_NOMEM;
    }
    if (!one_of(v[5], doc_types))
      FAIL(5, "type '%s' must be contribution, LS, report, roadmap draft, "
              "agenda or other", v[5]);
    if (*v[6] && !is_date_or_month(v[6]))
      FAIL(6, "date '%s' is not a date (YYYY-MM-DD or YYYY-MM)", v[6]);
    break;
  }
  case MVR_COORD_MEETING:
    if (!is_date_or_month(v[1]))
      FAIL(1, "start '%s' is not a date (YYYY-MM-DD or YYYY-MM)", v[1]);
    if (*v[2] && (!is_date_or_month(v[2]) || strcmp(v[2], v[1]) < 0))
      FAIL(2, "end '%s' must be a date not before the start", v[2]);
    if (!one_of(v[5], modes))
      FAIL(5, "mode '%s' must be in person, remote or hybrid", v[5]);
    break;
  case MVR_COORD_TERM:
    orgf[0] = 2;
    if (*v[3] && !is_date_or_month(v[3]))
      FAIL(3, "date '%s' is not a date (YYYY-MM-DD or YYYY-MM)", v[3]);
    break;
  }
  for (k = 0; k < 4 && orgf[k] >= 0; k++) {
    char *c;
    if (!*v[orgf[k]])
      continue;
    c = canon_org(db, orgs, v[orgf[k]]);
    if (!c)
      return MVR_ERR_NOMEM;
    mvr_free(v[orgf[k]]);
    v[orgf[k]] = c;
  }
  for (k = 0; k < 3 && listf[k] >= 0; k++) {
    char *c = canon_org_list(db, orgs, v[listf[k]]);
    if (!c)
      return MVR_ERR_NOMEM;
    mvr_free(v[listf[k]]);
    v[listf[k]] = c;
  }
  return MVR_OK;
}

void coord_vals_free(char **v, size_t n)
{
  size_t i;

  if (!v)
    return;
  for (i = 0; i < n; i++)
    mvr_free(v[i]);
  mvr_free(v);
}

mvr_status coord_validate(mvr_db *db, const coord_rows *orgs, int kind,
                          const char *const *vals, size_t n, char ***out,
                          char *err, size_t errlen, size_t *bad)
{
  size_t i, nf;
  char **v;
  mvr_status rc;

  *out = NULL;
  *bad = 0;
  if (kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  nf = kinds[kind].n;
  if (n > nf) {
    snprintf(err, errlen, "a %s record has %zu fields, not %zu",
             kinds[kind].name, nf, n);
    *bad = nf;
    return MVR_ERR_DATA;
  }
  v = mvr_malloc(nf * sizeof *v);
  if (!v)
    return MVR_ERR_NOMEM;
  memset(v, 0, nf * sizeof *v);
  for (i = 0; i < nf; i++) {
    const char *s = i < n && vals[i] ? vals[i] : "";
    size_t len;
    while (isspace((unsigned char)*s))
      s++;
    len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
      len--;
    v[i] = mvr_malloc(len + 1);
    if (!v[i]) {
      coord_vals_free(v, nf);
      return MVR_ERR_NOMEM;
    }
    memcpy(v[i], s, len);
    v[i][len] = '\0';
    if (memchr(v[i], '\0', len) || strpbrk(v[i], "\r") ||
        (i < kinds[kind].key && strchr(v[i], '\n'))) {
      snprintf(err, errlen, "%s holds a control character",
               kinds[kind].fields[i]);
      *bad = i;
      coord_vals_free(v, nf);
      return MVR_ERR_DATA;
    }
  }
  rc = check(db, orgs, kind, v, err, errlen, bad);
  if (rc) {
    coord_vals_free(v, nf);
    return rc;
  }
  *out = v;
  return MVR_OK;
}

mvr_status coord_store_rows(mvr_db *db, int kind, char ***rows, size_t n)
{
  mvr_store *s = db->store;
  mvr_status rc;
  size_t i;
  int attempt;

  /* one write transaction, run again when the server aborted it for a
   * serialisation failure or a deadlock (mvr_db_replay(), issue 8) */
  for (attempt = 0;; attempt++) {
    rc = s->ops->begin(s, 1);
    if (rc)
      return mvr_db_store_fail(db, rc);
    for (i = 0; i < n && !rc; i++)
      rc = s->ops->coord->put(s, kind, (const char *const *)rows[i]);
    if (!rc)
      rc = s->ops->commit(s);
    if (rc) {
      mvr_db_store_fail(db, rc);
      s->ops->rollback(s);
    }
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
}

mvr_status mvr_coord_add(mvr_db *db, int kind, const char *const *vals,
                         size_t n, char *err, size_t errlen, size_t *bad_field)
{
  coord_rows orgs;
  char **v = NULL;
  size_t bad = 0;
  mvr_status rc;

  if (!db || !vals || !err || kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  *err = '\0';
  rc = coord_load(db, MVR_COORD_ORG, &orgs);
  if (rc)
    return rc;
  rc = coord_validate(db, &orgs, kind, vals, n, &v, err, errlen, &bad);
  coord_rows_free(&orgs);
  if (bad_field)
    *bad_field = bad;
  if (rc)
    return rc;
  rc = coord_store_rows(db, kind, &v, 1);
  coord_vals_free(v, kinds[kind].n);
  return rc;
}

mvr_status mvr_coord_remove(mvr_db *db, int kind, const char *const *key)
{
  mvr_store *s;
  mvr_status rc;
  int deleted = 0, attempt;
  char lower[320];
  const char *lkey[1];

  if (!db || !key || kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  s = db->store;
  if (!s->ops->coord)
    return mvr_db_fail(db, MVR_ERR_STORE,
                       "this store keeps no coordination records");
  if (kind == MVR_COORD_REP) {
    /* e-mail addresses are stored in lower case */
    size_t k;
    snprintf(lower, sizeof lower, "%s", key[0] ? key[0] : "");
    for (k = 0; lower[k]; k++)
      lower[k] = (char)tolower((unsigned char)lower[k]);
    lkey[0] = lower;
    key = lkey;
  }
  /* one write transaction, run again when the server aborted it for a
   * serialisation failure or a deadlock (mvr_db_replay(), issue 8) */
  for (attempt = 0;; attempt++) {
    rc = s->ops->begin(s, 1);
    if (rc)
      return mvr_db_store_fail(db, rc);
    rc = s->ops->coord->del(s, kind, key, &deleted);
    if (!rc)
      rc = s->ops->commit(s);
    if (!rc)
      break;
    mvr_db_store_fail(db, rc);
    s->ops->rollback(s);
    if (!mvr_db_replay(db, rc, attempt))
      return rc;
  }
  if (kind == MVR_COORD_REP && deleted) {
    rc = s->ops->coord->scrub(s);
    if (rc)
      return mvr_db_store_fail(db, rc);
  }
  if (!deleted)
    return mvr_db_fail(db, MVR_ERR_NOTFOUND, "no such %s", kinds[kind].name);
  return MVR_OK;
}

/* --- organisations and their liaison status -------------------------- */

static mvr_status on_sub(void *ud, const mvr_submission_rec *sub,
                         const char *org, unsigned long rows,
                         unsigned long added, unsigned long updated)
{
  char id[24];
  const char *v[5];

  (void)rows;
  (void)added;
  (void)updated;
  snprintf(id, sizeof id, "%lld", (long long)sub->id);
  v[0] = id;
  v[1] = org ? org : "";
  v[2] = sub->received ? sub->received : "";
  v[3] = sub->doc ? sub->doc : "";
  v[4] = sub->file_name ? sub->file_name : "";
  return coord_rows_add(ud, v, 5);
}

mvr_status coord_load_submissions(mvr_db *db, coord_rows *out)
{
  mvr_store *s = db->store;
  mvr_status rc;

  memset(out, 0, sizeof *out);
  rc = s->ops->submissions(s, on_sub, out);
  if (rc) {
    coord_rows_free(out);
    return rc == MVR_ERR_NOMEM ? rc : mvr_db_store_fail(db, rc);
  }
  return MVR_OK;
}

mvr_status coord_snapshot_load(mvr_db *db, coord_snapshot *z)
{
  mvr_status rc;

  memset(z, 0, sizeof *z);
  rc = coord_load(db, MVR_COORD_ORG, &z->orgs);
  if (!rc)
    rc = coord_load(db, MVR_COORD_REP, &z->reps);
  if (!rc)
    rc = coord_load(db, MVR_COORD_LS, &z->ls);
  if (!rc)
    rc = coord_load(db, MVR_COORD_DOC, &z->docs);
  if (!rc)
    rc = coord_load(db, MVR_COORD_LS_SUB, &z->ls_subs);
  if (!rc)
    rc = coord_load_submissions(db, &z->subs);
  if (rc)
    coord_snapshot_free(z);
  return rc;
}

void coord_snapshot_free(coord_snapshot *z)
{
  coord_rows_free(&z->orgs);
  coord_rows_free(&z->reps);
  coord_rows_free(&z->ls);
  coord_rows_free(&z->docs);
  coord_rows_free(&z->ls_subs);
  coord_rows_free(&z->subs);
}

void coord_org_status(const coord_snapshot *z, const char *org,
                      const char *today, coord_status *st)
{
  size_t i;

  memset(st, 0, sizeof *st);
  for (i = 0; i < z->ls.n; i++) {
    char **l = z->ls.rows[i];
    if (strcmp(l[1], "outgoing") == 0 &&
        (coord_list_has(l[4], org) || coord_list_has(l[5], org))) {
      if (!st->invited_ls || (*l[6] && strcmp(l[6], st->invited_on) < 0)) {
        st->invited_ls = l[0];
        st->invited_on = l[6];
        st->deadline = l[8];
      }
    }
  }
  for (i = 0; i < z->reps.n; i++) {
    char **r = z->reps.rows[i];
    if (strcmp(r[2], org) == 0 && (!*r[5] || strcmp(r[5], today) >= 0))
      st->nominated = 1;
  }
  for (i = 0; i < z->subs.n; i++) {
    char **s = z->subs.rows[i];
    if (strcmp(s[1], org) == 0 &&
        (!st->input_on || strcmp(s[2], st->input_on) > 0))
      st->input_on = s[2];
  }
  for (i = 0; i < z->docs.n; i++) {
    char **d = z->docs.rows[i];
    if (strcmp(d[3], org) == 0 && strcmp(d[5], "contribution") == 0 &&
        (!st->input_on || strcmp(d[6], st->input_on) > 0))
      st->input_on = d[6];
  }
  if (st->input_on)
    snprintf(st->text, sizeof st->text, "input received (%s)",
             *st->input_on ? st->input_on : "date not recorded");
  else if (st->nominated)
    snprintf(st->text, sizeof st->text, "representative nominated");
  else if (st->invited_ls && *st->deadline && strcmp(st->deadline, today) < 0)
    snprintf(st->text, sizeof st->text, "no answer");
  else if (st->invited_ls)
    snprintf(st->text, sizeof st->text, "invited (%s%s%s)", st->invited_ls,
             *st->invited_on ? ", " : "", st->invited_on);
  else
    snprintf(st->text, sizeof st->text, "not invited");
}

static mvr_status add_unknown(coord_rows *out, const char *name)
{
  const char *v[5] = {name, "", "", "", ""};
  size_t i;

  if (!*name)
    return MVR_OK;
  for (i = 0; i < out->n; i++)
    if (strcmp(out->rows[i][0], name) == 0)
      return MVR_OK;
  return coord_rows_add(out, v, 5);
}

/* The organisations: the profile's registry, then org records (which
 * override a registry row of the same name), then organisations named by
 * LS, documents, representatives or submissions only. */
mvr_status coord_all_orgs(mvr_db *db, const coord_snapshot *z, coord_rows *out)
{
  const mvr_profile *p = db->profile;
  mvr_status rc = MVR_OK;
  size_t i, k;

  memset(out, 0, sizeof *out);
  for (i = 0; i < p->norgs && !rc; i++) {
    const mvr_org_def *o = &p->orgs[i];
    const char *v[5] = {o->name, o->parent ? o->parent : "",
                        o->kind ? o->kind : "", "", ""};
    int over = 0;
    for (k = 0; k < z->orgs.n; k++)
      if (strcmp(z->orgs.rows[k][0], o->name) == 0)
        over = 1;
    if (!over)
      rc = coord_rows_add(out, v, 5);
  }
  for (k = 0; k < z->orgs.n && !rc; k++)
    rc = coord_rows_add(out, (const char *const *)z->orgs.rows[k], 5);
  /* named by an LS (to, cc), a representative, a document or a
   * submission only */
  for (i = 0; i < z->ls.n && !rc; i++) {
    for (k = 4; k <= 5 && !rc; k++) {
      const char *q = z->ls.rows[i][k];
      while (*q && !rc) {
        const char *e = strstr(q, "; ");
        size_t len = e ? (size_t)(e - q) : strlen(q);
        char name[512];
        if (len && len < sizeof name) {
          memcpy(name, q, len);
          name[len] = '\0';
          rc = add_unknown(out, name);
        }
        q = e ? e + 2 : q + len;
      }
    }
  }
  for (i = 0; i < z->reps.n && !rc; i++)
    rc = add_unknown(out, z->reps.rows[i][2]);
  for (i = 0; i < z->subs.n && !rc; i++)
    rc = add_unknown(out, z->subs.rows[i][1]);
  if (rc)
    coord_rows_free(out);
  return rc;
}

typedef struct list_ctx {
  mvr_db *db;
  int kind;
  mvr_coord_fn fn;
  void *ud;
  coord_rows subs;
} list_ctx;

static mvr_status on_list(void *ud, const char *const *v, size_t n)
{
  list_ctx *c = ud;
  const char *row[16];
  mvr_buf b = MVR_BUF_INIT(1 << 20);
  mvr_status rc;
  size_t i;

  if (c->kind != MVR_COORD_DOC)
    return c->fn(c->ud, v, n);
  /* documents: the submissions imported with --doc NUMBER[-Rn] */
  for (i = 0; i < c->subs.n; i++) {
    const char *d = c->subs.rows[i][3];
    size_t len = strlen(v[0]);
    if (strncmp(d, v[0], len) == 0 &&
        (d[len] == '\0' || (d[len] == '-' && d[len + 1] == 'R' && *v[1] &&
                            strcmp(d + len + 1, v[1]) == 0)))
      mvr_buf_printf(&b, "%s%s", mvr_buf_cstr(&b)[0] ? " " : "",
                     c->subs.rows[i][0]);
  }
  if (mvr_buf_status(&b))
    return mvr_buf_status(&b);
  for (i = 0; i < n && i < 15; i++)
    row[i] = v[i];
  row[n] = mvr_buf_cstr(&b);
  rc = c->fn(c->ud, row, n + 1);
  mvr_buf_free(&b);
  return rc;
}

mvr_status mvr_coord_list(mvr_db *db, int kind, mvr_coord_fn fn, void *ud)
{
  list_ctx c;
  mvr_status rc;

  if (!db || !fn || kind < 0 || kind >= MVR_COORD_NKINDS)
    return MVR_ERR_ARG;
  if (!db->store->ops->coord)
    return mvr_db_fail(db, MVR_ERR_STORE,
                       "this store keeps no coordination records");
  if (kind == MVR_COORD_ORG) {
    coord_snapshot z;
    coord_rows all;
    char today[11];
    size_t i;
    mvr_date_today(today);
    rc = coord_snapshot_load(db, &z);
    if (rc)
      return rc;
    rc = coord_all_orgs(db, &z, &all);
    for (i = 0; !rc && i < all.n; i++) {
      coord_status st;
      const char *v[6];
      size_t k;
      coord_org_status(&z, all.rows[i][0], today, &st);
      for (k = 0; k < 5; k++)
        v[k] = all.rows[i][k];
      v[5] = st.text;
      rc = fn(ud, v, 6);
    }
    coord_rows_free(&all);
    coord_snapshot_free(&z);
    return rc;
  }
  memset(&c, 0, sizeof c);
  c.db = db;
  c.kind = kind;
  c.fn = fn;
  c.ud = ud;
  if (kind == MVR_COORD_DOC) {
    rc = coord_load_submissions(db, &c.subs);
    if (rc)
      return rc;
  }
  rc = db->store->ops->coord->list(db->store, kind, on_list, &c);
  coord_rows_free(&c.subs);
  if (rc && rc != MVR_ERR_NOMEM && rc != MVR_ERR_STORE)
    return rc; /* the caller's own status */
  return rc == MVR_ERR_STORE ? mvr_db_store_fail(db, rc) : rc;
}
