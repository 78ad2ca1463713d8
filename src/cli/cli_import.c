/* cli_import.c - what `import` and `check` share: read each file through
 * the library, stream its diagnostics, summarise. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cli.h"
#include "cli_import.h"

/* YYYY-MM-DD with a plausible month and day (the library checks the
 * calendar again). */
/* ", N merged into rows above" when rows restated an entry an earlier row
 * of the same file created (two editions of one standard), else "". */
static void merged_note(char *buf, size_t size, const mvr_import_result *res)
{
  if (res->merged)
    snprintf(buf, size, ", %lu merged into rows above", res->merged);
  else
    *buf = '\0';
}

static int valid_date(const char *s)
{
  int i;

  for (i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
      return 0;
  return s[10] == '\0' && !(s[5] == '0' && s[6] == '0') &&
         !(s[8] == '0' && s[9] == '0') && (s[5] < '1' || s[6] <= '2') &&
         s[8] <= '3';
}

typedef struct progress {
  const cli *c;
  const char *file;
  int shown;
} progress;

static void on_progress(void *ud, unsigned long long done,
                        unsigned long long total)
{
  progress *p = ud;

  if (!total || total < (8u << 20))
    return; /* small files finish before a bar helps */
  fprintf(stderr, "\r%s: %3llu%%", p->file, done * 100 / total);
  p->shown = 1;
}

static void json_diags(const mvr_report *rep)
{
  size_t i;

  fputs("\"diagnostics\": [", stdout);
  for (i = 0; i < mvr_report_count(rep); i++) {
    const mvr_diag *d = mvr_report_get(rep, i);
    static const char *const sev[] = {"note", "warning", "error"};
    printf("%s{\"severity\": \"%s\", \"row\": %lu, \"col\": %lu, ",
           i ? ", " : "", sev[d->severity], d->row, d->col);
    fputs("\"column\": ", stdout);
    cli_json_string(stdout, d->column ? d->column : "");
    fputs(", \"table\": ", stdout);
    cli_json_string(stdout, d->table ? d->table : "");
    fputs(", \"code\": ", stdout);
    cli_json_string(stdout, d->code ? d->code : "");
    fputs(", \"message\": ", stdout);
    cli_json_string(stdout, d->message);
    fputc('}', stdout);
  }
  fputc(']', stdout);
}

/* Is there a register at `path`: a file, or a PostgreSQL database with
 * mvroad's tables (issue 8; a database that cannot be reached counts as
 * one, so that opening it says why)? */
static int register_exists(const char *path)
{
  mvr_db *db = NULL;
  char err[512];
  mvr_status rc;

  if (strncmp(path, "postgres", 8) != 0)
    return access(path, F_OK) == 0;
  rc = mvr_db_open(path, MVR_OPEN_READONLY, &db, err, sizeof err);
  mvr_db_close(db);
  return rc != MVR_ERR_NOTFOUND;
}

int cli_run_import(cli *c, const cli_command *cmd, int argc, char **argv,
                   int check)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"org", required_argument, NULL, 'o'},
      {"date", required_argument, NULL, 'D'},
      {"doc", required_argument, NULL, 'n'},
      {"format", required_argument, NULL, 'f'},
      {"input-format", required_argument, NULL, 'i'},
      {"dry-run", no_argument, NULL, 'x'},
      {"propose", no_argument, NULL, 'P'},
      {NULL, 0, NULL, 0}};
  mvr_import_opts o;
  mvr_db *db = NULL;
  mvr_profile *profile = NULL;
  const char *format = "text";
  int opt, status = EXIT_OK, i, first = 1;

  memset(&o, 0, sizeof o);
  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    switch (opt) {
    case 'o':
      o.org = optarg;
      break;
    case 'D':
      o.date = optarg;
      break;
    case 'n':
      o.doc = optarg;
      break;
    case 'f':
      format = optarg;
      break;
    case 'i':
      o.format = optarg;
      break;
    case 'x':
      o.flags |= MVR_IMPORT_DRY_RUN;
      break;
    case 'P':
      o.flags |= MVR_IMPORT_PROPOSE;
      break;
    case OPT_HELP:
    case 'h':
      return cli_help(cmd);
    default:
      return cli_usage_error(c, cmd, "unknown option");
    }
  }
  if (cli_format(c, cmd, format, "text|json"))
    return EXIT_USAGE;
  if (optind >= argc)
    return cli_usage_error(c, cmd, "no FILE given");
  if (o.date && !valid_date(o.date))
    return cli_usage_error(c, cmd, "--date takes a date as YYYY-MM-DD, not "
                                   "'%s'",
                           o.date);
  if (o.format && strcmp(o.format, "csv") != 0 &&
      strcmp(o.format, "tsv") != 0 && strcmp(o.format, "json") != 0 &&
      strcmp(o.format, "docx") != 0 && strcmp(o.format, "xlsx") != 0)
    return cli_usage_error(c, cmd, "--input-format takes csv, json, docx or xlsx, not "
                                   "'%s'",
                           o.format);

  if (check) {
    /* checking needs no register; use the one given if it exists, so
     * the summary can say what would change (nothing is stored) */
    o.flags |= MVR_IMPORT_DRY_RUN;
    if (register_exists(c->db_path)) {
      db = cli_open(c, 0, 0);
      if (!db)
        return EXIT_DATA;
    } else if (cli_load_profile(c, NULL, &profile)) {
      return EXIT_DATA;
    }
  } else {
    db = cli_open(c, 1, 0);
    if (!db)
      return EXIT_DATA;
  }

  if (strcmp(format, "json") == 0)
    fputs("[", stdout);
  for (i = optind; i < argc; i++) {
    mvr_report *rep = NULL;
    mvr_import_result res;
    progress prog = {c, argv[i], 0};
    unsigned long nerr, nwarn;
    mvr_status rc;

    if (mvr_report_new(&rep)) {
      cli_error(c, "out of memory");
      status = EXIT_DATA;
      break;
    }
    if (strcmp(format, "text") == 0)
      mvr_report_set_callback(rep, cli_print_diag, c);
    if (c->tty_err && strcmp(format, "text") == 0) {
      o.progress = on_progress;
      o.progress_ud = &prog;
    }
    rc = mvr_import_file(db, profile, argv[i], &o, rep, &res);
    if (prog.shown)
      fputs("\r\033[K", stderr);
    nerr = mvr_report_tally(rep, MVR_ERROR);
    nwarn = mvr_report_tally(rep, MVR_WARNING);
    if (rc && rc != MVR_ERR_DATA && !nerr) {
      /* a failure that is not the data's: say what */
      cli_error(c, "%s: %s%s%s", argv[i], mvr_status_str(rc),
                db && *mvr_db_errmsg(db) ? ": " : "",
                db ? mvr_db_errmsg(db) : "");
    }
    if (rc)
      status = EXIT_DATA;

    if (strcmp(format, "json") == 0) {
      const char *state = rc                      ? "errors"
                          : res.already_imported ? "already-imported"
                          : check || (o.flags & MVR_IMPORT_DRY_RUN)
                              ? "valid"
                              : "imported";
      printf("%s\n{\"file\": ", first ? "" : ",");
      cli_json_string(stdout, argv[i]);
      printf(", \"status\": \"%s\", \"rows\": %lu, \"added\": %lu, "
             "\"updated\": %lu, \"unchanged\": %lu, \"merged\": %lu, "
             "\"skipped\": %lu, "
             "\"submission\": %lld, \"sha256\": \"%s\", \"errors\": %lu, "
             "\"warnings\": %lu, \"proposed\": %lu, \"conflicts\": %lu, ",
             state, res.rows, res.added, res.updated, res.unchanged,
             res.merged, res.skipped, (long long)res.submission_id, res.sha256, nerr,
             nwarn, res.proposed, res.conflicts);
      json_diags(rep);
      fputc('}', stdout);
    } else if (res.already_imported) {
      printf("%s: already imported (identical file, sha256 %.12s...); "
             "nothing to do\n",
             argv[i], res.sha256);
    } else if (rc) {
      fprintf(stderr, "%s: %lu error%s, %lu warning%s: %s\n", argv[i], nerr,
              nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s",
              check ? "not valid" : "nothing imported");
    } else if (check || (o.flags & MVR_IMPORT_DRY_RUN)) {
      char merged[64];
      merged_note(merged, sizeof merged, &res);
      printf("%s: valid: %lu row%s (%lu new, %lu changed, %lu unchanged%s), "
             "%lu warning%s\n",
             argv[i], res.rows, res.rows == 1 ? "" : "s", res.added,
             res.updated, res.unchanged, merged, nwarn, nwarn == 1 ? "" : "s");
    } else if (o.flags & MVR_IMPORT_PROPOSE) {
      printf("%s: %lu row%s proposed for review (submission %lld); see "
             "'mvroad proposals --submission %lld'\n",
             argv[i], res.proposed, res.proposed == 1 ? "" : "s",
             (long long)res.submission_id, (long long)res.submission_id);
    } else {
      char merged[64];
      merged_note(merged, sizeof merged, &res);
      printf("%s: %lu row%s: %lu added, %lu updated, %lu unchanged%s "
             "(submission %lld)%s%s\n",
             argv[i], res.rows, res.rows == 1 ? "" : "s", res.added,
             res.updated, res.unchanged, merged, (long long)res.submission_id,
             res.conflicts ? "; conflicts opened: see 'mvroad conflicts'"
                           : "",
             nwarn ? "; see the warnings above" : "");
    }
    first = 0;
    mvr_report_free(rep);
  }
  if (strcmp(format, "json") == 0)
    fputs("\n]\n", stdout);
  mvr_profile_free(profile);
  mvr_db_close(db);
  return status;
}
