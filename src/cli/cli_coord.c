/* cli_coord.c - the driver shared by the coordination commands: add,
 * list, remove, import, export for one kind of record (see
 * include/mvroad/coord.h), and table output as text, JSON or CSV. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli_coord.h"

mvr_status cli_table_add(void *ud, const char *const *v, size_t n)
{
  cli_table *t = ud;
  char **row;
  size_t i;

  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 32;
    char ***nr = realloc(t->rows, cap * sizeof *nr);
    if (!nr)
      return MVR_ERR_NOMEM;
    t->rows = nr;
    t->cap = cap;
  }
  row = calloc(t->ncols + 1, sizeof *row);
  if (!row)
    return MVR_ERR_NOMEM;
  for (i = 0; i < t->ncols; i++) {
    row[i] = strdup(i < n && v[i] ? v[i] : "");
    if (!row[i]) {
      while (i--)
        free(row[i]);
      free(row);
      return MVR_ERR_NOMEM;
    }
  }
  t->rows[t->n++] = row;
  return MVR_OK;
}

void cli_table_free(cli_table *t)
{
  size_t i, k;

  for (i = 0; i < t->n; i++) {
    for (k = 0; k < t->ncols; k++)
      free(t->rows[i][k]);
    free(t->rows[i]);
  }
  free(t->rows);
  t->rows = NULL;
  t->n = t->cap = 0;
}

static void csv_cell(const char *s)
{
  int lead = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
             s[0] == '\t' || s[0] == '\r';
  if (!lead && !strpbrk(s, ",\"\r\n")) {
    fputs(s, stdout);
    return;
  }
  fputs(lead ? "\"'" : "\"", stdout);
  for (; *s; s++) {
    if (*s == '"')
      putchar('"');
    putchar(*s);
  }
  putchar('"');
}

void cli_table_print(const cli_table *t, const char *format, const char *key)
{
  size_t i, k;

  if (strcmp(format, "json") == 0) {
    printf("{\"%s\": [", key);
    for (i = 0; i < t->n; i++) {
      fputs(i ? ",\n  {" : "\n  {", stdout);
      for (k = 0; k < t->ncols; k++) {
        if (k)
          fputs(", ", stdout);
        cli_json_string(stdout, t->cols[k]);
        fputs(": ", stdout);
        cli_json_string(stdout, t->rows[i][k]);
      }
      putchar('}');
    }
    fputs(t->n ? "\n]}\n" : "]}\n", stdout);
  } else if (strcmp(format, "csv") == 0) {
    for (k = 0; k < t->ncols; k++) {
      if (k)
        putchar(',');
      csv_cell(t->cols[k]);
    }
    fputs("\r\n", stdout);
    for (i = 0; i < t->n; i++) {
      for (k = 0; k < t->ncols; k++) {
        if (k)
          putchar(',');
        csv_cell(t->rows[i][k]);
      }
      fputs("\r\n", stdout);
    }
  } else {
    /* aligned columns, each at most 40 characters wide (bytes) */
    size_t w[32];
    size_t nc = t->ncols < 32 ? t->ncols : 32;
    for (k = 0; k < nc; k++) {
      w[k] = strlen(t->cols[k]);
      for (i = 0; i < t->n; i++) {
        size_t l = strlen(t->rows[i][k]);
        if (l > w[k])
          w[k] = l;
      }
      if (w[k] > 40)
        w[k] = 40;
    }
    for (k = 0; k < nc; k++)
      printf("%s%-*s", k ? "  " : "", k + 1 < nc ? (int)w[k] : 0,
             t->cols[k]);
    putchar('\n');
    for (i = 0; i < t->n; i++) {
      for (k = 0; k < nc; k++) {
        const char *s = t->rows[i][k];
        size_t l = strlen(s);
        char *nl = strchr(s, '\n');
        if (nl && (size_t)(nl - s) < l)
          l = (size_t)(nl - s);
        if (k + 1 < nc && l > w[k])
          l = w[k];
        printf("%s%.*s", k ? "  " : "", (int)l, s);
        if (k + 1 < nc)
          printf("%*s", (int)(w[k] - l), "");
      }
      putchar('\n');
    }
  }
}

int cli_coord_fail(cli *c, mvr_db *db, mvr_status rc)
{
  cli_error(c, "%s",
            db && *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
  return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
}

static mvr_status write_stdout(void *ud, const char *p, size_t n)
{
  (void)ud;
  return fwrite(p, 1, n, stdout) == n ? MVR_OK : MVR_ERR_IO;
}

/* add --FIELD VALUE ... (field names with '-' for '_'); positional
 * arguments fill the key fields in order. */
static int do_add(cli *c, const cli_command *cmd, mvr_db *db, int kind,
                  int argc, char **argv)
{
  size_t nf, i, bad = 0, npos = 0;
  const char *const *names = mvr_coord_fields(kind, &nf);
  struct option opts[20];
  char optnames[16][32];
  const char *vals[16];
  char err[512];
  mvr_status rc;
  int opt;

  memset(opts, 0, sizeof opts);
  for (i = 0; i < nf; i++) {
    size_t k;
    snprintf(optnames[i], sizeof optnames[i], "%s", names[i]);
    for (k = 0; optnames[i][k]; k++)
      if (optnames[i][k] == '_')
        optnames[i][k] = '-';
    opts[i].name = optnames[i];
    opts[i].has_arg = required_argument;
    opts[i].val = 2000 + (int)i;
    vals[i] = "";
  }
  optind = 0;
  while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    if (opt < 2000 || opt >= 2000 + (int)nf)
      return cli_usage_error(c, cmd, "unknown option for %s add",
                             mvr_coord_kind_name(kind));
    vals[opt - 2000] = optarg;
  }
  for (; optind < argc; optind++) {
    if (npos >= mvr_coord_key_len(kind))
      return cli_usage_error(c, cmd, "too many arguments");
    vals[npos++] = argv[optind];
  }
  rc = mvr_coord_add(db, kind, vals, nf, err, sizeof err, &bad);
  if (rc == MVR_ERR_DATA) {
    cli_error(c, "%s: %s", mvr_coord_kind_name(kind), err);
    return EXIT_DATA;
  }
  if (rc)
    return cli_coord_fail(c, db, rc);
  if (kind == MVR_COORD_REP)
    printf("%s recorded\n", mvr_coord_kind_name(kind));
  else
    printf("%s %s recorded\n", mvr_coord_kind_name(kind), vals[0]);
  return EXIT_OK;
}

static int do_list(cli *c, const cli_command *cmd, mvr_db *db, int kind,
                   int argc, char **argv)
{
  static const char *const org_cols[] = {"name",  "parent", "kind",
                                         "aliases", "notes", "status"};
  const char *format = "text";
  const char *cols[20];
  cli_table t;
  size_t nf, i;
  const char *const *names = mvr_coord_fields(kind, &nf);
  mvr_status rc;
  int opt, r;
  static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                       {NULL, 0, NULL, 0}};

  optind = 0;
  while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    if (opt != 'f')
      return cli_usage_error(c, cmd, "unknown option");
    format = optarg;
  }
  r = cli_format(c, cmd, format, "text|json|csv");
  if (r)
    return r;
  memset(&t, 0, sizeof t);
  if (kind == MVR_COORD_ORG) {
    t.cols = org_cols;
    t.ncols = 6;
  } else {
    for (i = 0; i < nf; i++)
      cols[i] = names[i];
    if (kind == MVR_COORD_DOC)
      cols[nf++] = "submissions";
    t.cols = cols;
    t.ncols = nf;
  }
  rc = mvr_coord_list(db, kind, cli_table_add, &t);
  if (rc) {
    cli_table_free(&t);
    return cli_coord_fail(c, db, rc);
  }
  cli_table_print(&t, format, mvr_coord_kind_name(kind));
  cli_table_free(&t);
  return EXIT_OK;
}

static int do_import(cli *c, const cli_command *cmd, mvr_db *db, int kind,
                     int argc, char **argv)
{
  size_t n = 0;
  mvr_status rc;

  if (argc != 2)
    return cli_usage_error(c, cmd, "import takes one FILE");
  rc = mvr_coord_import(db, kind, argv[1], cli_print_diag, c, &n);
  if (rc)
    return cli_coord_fail(c, db, rc);
  printf("%zu record%s stored\n", n, n == 1 ? "" : "s");
  return EXIT_OK;
}

static int do_export(cli *c, const cli_command *cmd, mvr_db *db, int kind,
                     int argc, char **argv)
{
  const char *format = "csv";
  int opt;
  mvr_status rc;
  static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                       {NULL, 0, NULL, 0}};

  optind = 0;
  while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    if (opt != 'f')
      return cli_usage_error(c, cmd, "unknown option");
    format = optarg;
  }
  if (cli_format(c, cmd, format,
                 kind == MVR_COORD_REP ? "csv|json|vcard" : "csv|json"))
    return EXIT_USAGE;
  rc = mvr_coord_export(db, kind, format, write_stdout, NULL);
  if (rc)
    return cli_coord_fail(c, db, rc);
  return EXIT_OK;
}

static int do_remove(cli *c, const cli_command *cmd, mvr_db *db, int kind,
                     int argc, char **argv)
{
  const char *key[4] = {"", "", "", ""};
  size_t nk = mvr_coord_key_len(kind), i;
  mvr_status rc;

  if ((size_t)argc - 1 < (kind == MVR_COORD_DOC ? 1 : nk) ||
      (size_t)argc - 1 > nk)
    return cli_usage_error(c, cmd, "remove takes the record's key (%zu "
                           "value%s)", nk, nk == 1 ? "" : "s");
  for (i = 1; i < (size_t)argc; i++)
    key[i - 1] = argv[i];
  rc = mvr_coord_remove(db, kind, key);
  if (rc)
    return cli_coord_fail(c, db, rc);
  printf("%s removed\n", mvr_coord_kind_name(kind));
  return EXIT_OK;
}

int cli_coord_run(cli *c, const cli_command *cmd, int kind, int argc,
                  char **argv,
                  int (*extra)(cli *c, const cli_command *cmd, mvr_db *db,
                               const char *action, int argc, char **argv))
{
  const char *action;
  mvr_db *db;
  int i, r, ro;

  /* common options (--db, --profile, --help) may come anywhere */
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
      return cli_help(cmd);
    if ((strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--profile") == 0) &&
        i + 1 < argc) {
      cli_common_option(c, argv[i][2] == 'd' ? OPT_DB : OPT_PROFILE,
                        argv[i + 1]);
      memmove(&argv[i], &argv[i + 2], (size_t)(argc - i - 2) * sizeof *argv);
      argc -= 2;
      i--;
    }
  }
  if (argc < 2)
    return cli_usage_error(c, cmd, "an action is required");
  action = argv[1];
  ro = strcmp(action, "list") == 0 || strcmp(action, "export") == 0 ||
       strcmp(action, "due") == 0 || strcmp(action, "show") == 0 ||
       strcmp(action, "diff") == 0;
  if (kind < 0 && extra == NULL)
    return cli_usage_error(c, cmd, "unknown action '%s'", action);
  db = cli_open(c, 0, ro);
  if (!db)
    return EXIT_DATA;
  if (extra) {
    r = extra(c, cmd, db, action, argc - 1, argv + 1);
    if (r >= 0) {
      mvr_db_close(db);
      return r;
    }
  }
  if (kind < 0)
    r = cli_usage_error(c, cmd, "unknown action '%s'", action);
  else if (strcmp(action, "add") == 0)
    r = do_add(c, cmd, db, kind, argc - 1, argv + 1);
  else if (strcmp(action, "list") == 0)
    r = do_list(c, cmd, db, kind, argc - 1, argv + 1);
  else if (strcmp(action, "import") == 0)
    r = do_import(c, cmd, db, kind, argc - 1, argv + 1);
  else if (strcmp(action, "export") == 0)
    r = do_export(c, cmd, db, kind, argc - 1, argv + 1);
  else if (strcmp(action, "remove") == 0)
    r = do_remove(c, cmd, db, kind, argc - 1, argv + 1);
  else
    r = cli_usage_error(c, cmd, "unknown action '%s'", action);
  mvr_db_close(db);
  return r;
}
