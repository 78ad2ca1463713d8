/* cmd_export.c - `mvroad export`: the register as JSON, CSV or Markdown
 * (streamed), or as a Word or Excel file (written by the library into a
 * file: -o is required, and a binary file never goes to a terminal), or
 * as a static web site (html, into a directory). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_query.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_export = {
    "export", "write the roadmap as JSON, CSV, Markdown, Word or Excel",
    "Usage: mvroad [--db PATH] export --format json|csv|md [-o FILE] "
    "[OPTIONS]\n"
    "       mvroad [--db PATH] export --format docx|xlsx -o FILE [OPTIONS]\n"
    "       mvroad [--db PATH] export --format html -o DIR [--force]\n"
    "\n"
    "Write the register (or the filtered part of it):\n"
    "  json  {\"entries\": [...]}, one object per entry with canonical "
    "fields\n"
    "  csv   the template's seven columns first, then status detail, URL, "
    "id;\n"
    "        a cell starting with = + - @ is prefixed with ' so no "
    "spreadsheet\n"
    "        runs it as a formula\n"
    "  md    a Markdown roadmap: counts, then one table per category\n"
    "  docx  the roadmap as a Word document: title block, summary, one "
    "clause\n"
    "        per category of the template's note (General, "
    "Application/Service,\n"
    "        Enabling Technology, Interoperability & Infrastructure) with "
    "the\n"
    "        template's seven columns, and an annex of the contributing\n"
    "        organisations and their submissions\n"
    "  xlsx  a workbook: all entries, then one sheet per category; "
    "autofilter,\n"
    "        frozen header; text always stored as text (a leading = + - @ "
    "gets\n"
    "        a ' as in the CSV)\n"
    "  html  a static, read-only web site of the whole register in DIR: "
    "index\n"
    "        with charts, a page per entry and per organisation, overlaps,"
    "\n"
    "        gaps, releases, and a client-side search (search.js over\n"
    "        search.json); relative links, for any web host. DIR must be "
    "empty\n"
    "        or missing unless --force\n"
    "\n"
    "Options:\n"
    "  --format F        json, csv, md, docx, xlsx or html (required)\n"
    "  --force           html: write into a non-empty DIR\n"
    "  -o, --output FILE write to FILE instead of standard output; "
    "required for\n"
    "                    docx and xlsx ('-o -' sends them to a pipe, never "
    "to a\n"
    "                    terminal); FILE is replaced only once complete\n" CLI_QUERY_HELP
    "  --release NAME    the same as --as-of NAME\n",
    run};

static int is_binary(const char *format)
{
  return strcmp(format, "docx") == 0 || strcmp(format, "xlsx") == 0;
}

/* Copy the file at `path` to standard output. Returns 0 or -1. */
static int copy_to_stdout(const char *path)
{
  char buf[65536];
  FILE *f = fopen(path, "rb");
  size_t n;
  int bad = 0;

  if (!f)
    return -1;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    if (fwrite(buf, 1, n, stdout) != n) {
      bad = 1;
      break;
    }
  if (ferror(f))
    bad = 1;
  fclose(f);
  if (fflush(stdout) != 0)
    bad = 1;
  return bad ? -1 : 0;
}

/* docx and xlsx: the library writes a file (a zip package needs one it
 * can seek in); for "-o -" it is made in a private temporary directory
 * and copied to standard output. Closes `db`. */
static int export_binary(cli *c, mvr_db *db, const mvr_query *q,
                         const char *format, const char *output)
{
  const char *tmpdir = getenv("TMPDIR");
  char dir[4096], path[4200];
  int to_stdout = strcmp(output, "-") == 0, status = EXIT_OK;
  mvr_status rc;

  dir[0] = '\0';
  if (to_stdout) {
    snprintf(dir, sizeof dir, "%s/mvroad-XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
      cli_error(c, "cannot create a temporary directory: %s",
                strerror(errno));
      mvr_db_close(db);
      return EXIT_DATA;
    }
    snprintf(path, sizeof path, "%s/roadmap.%s", dir, format);
  } else {
    snprintf(path, sizeof path, "%s", output);
  }
  rc = mvr_export_file(db, q, format, path);
  if (rc) {
    cli_error(c, "export failed: %s", *mvr_db_errmsg(db)
                                          ? mvr_db_errmsg(db)
                                          : mvr_status_str(rc));
    status = EXIT_DATA;
  } else if (to_stdout && copy_to_stdout(path) != 0) {
    cli_error(c, "writing to standard output failed");
    status = EXIT_DATA;
  } else if (!to_stdout) {
    fprintf(stderr, "wrote %s\n", output);
  }
  if (to_stdout) {
    unlink(path);
    rmdir(dir);
  }
  mvr_db_close(db);
  return status;
}

/* html: a static site written by the library into directory `dir`, of
 * the whole register (no filters). */
static int export_html(cli *c, const mvr_query *q, const char *dir,
                       int force)
{
  mvr_db *db;
  mvr_status rc;

  if (!dir || strcmp(dir, "-") == 0)
    return cli_usage_error(c, &cmd_export,
                           "--format html writes a directory: give -o DIR");
  if (q->text || q->sdo || q->category || q->status || q->type ||
      q->release || q->limit || q->offset || q->sort)
    return cli_usage_error(c, &cmd_export,
                           "--format html exports the whole register: no "
                           "filters");
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  rc = mvr_export_html(db, dir, force ? MVR_HTML_FORCE : 0);
  if (rc) {
    cli_error(c, "export failed: %s", *mvr_db_errmsg(db)
                                          ? mvr_db_errmsg(db)
                                          : mvr_status_str(rc));
    mvr_db_close(db);
    return rc == MVR_ERR_EXISTS ? EXIT_USAGE : EXIT_DATA;
  }
  fprintf(stderr, "wrote %s/index.html\n", dir);
  mvr_db_close(db);
  return EXIT_OK;
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS, CLI_QUERY_OPTIONS,
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"release", required_argument, NULL, OPT_AS_OF},
      {"force", no_argument, NULL, 'F'},
      {NULL, 0, NULL, 0}};
  mvr_query q = {0};
  const char *format = NULL, *output = NULL;
  FILE *f = stdout;
  mvr_db *db;
  mvr_status rc;
  int opt, r, force = 0;

  while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    r = cli_query_option(c, &cmd_export, opt, optarg, &q);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == 'o')
      output = optarg;
    else if (opt == 'F')
      force = 1;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_export);
    else
      return cli_usage_error(c, &cmd_export, "unknown option");
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_export, "unexpected argument '%s'",
                           argv[optind]);
  if (!format)
    return cli_usage_error(c, &cmd_export,
                           "give --format json, csv, md, docx, xlsx or html");
  if (cli_format(c, &cmd_export, format, "json|csv|md|docx|xlsx|html"))
    return EXIT_USAGE;
  if (strcmp(format, "html") == 0) /* issue 7 */
    return export_html(c, &q, output, force);
  if (force)
    return cli_usage_error(c, &cmd_export, "--force is for --format html");
  if (is_binary(format) && !output)
    return cli_usage_error(c, &cmd_export,
                           "--format %s writes a binary file: give -o FILE",
                           format);
  if (is_binary(format) && strcmp(output, "-") == 0 && c->tty_out) {
    cli_error(c, "not writing a %s file to the terminal; give -o FILE, or "
                 "redirect standard output",
              format);
    return EXIT_USAGE;
  }
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  if (is_binary(format))
    return export_binary(c, db, &q, format, output);
  if (output) {
    f = fopen(output, "wb");
    if (!f) {
      cli_error(c, "%s: %s", output, strerror(errno));
      mvr_db_close(db);
      return EXIT_DATA;
    }
  }
  rc = mvr_export(db, &q, format, cli_write_file, f);
  if (output && fclose(f) != 0 && !rc)
    rc = MVR_ERR_IO;
  if (rc) {
    cli_error(c, "export failed: %s", *mvr_db_errmsg(db)
                                          ? mvr_db_errmsg(db)
                                          : mvr_status_str(rc));
    mvr_db_close(db);
    return EXIT_DATA;
  }
  if (output)
    fprintf(stderr, "wrote %s\n", output);
  mvr_db_close(db);
  return EXIT_OK;
}
