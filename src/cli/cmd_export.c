/* cmd_export.c - `mvroad export`: the register as JSON, CSV or Markdown. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli_query.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_export = {
    "export", "write the roadmap as JSON, CSV or Markdown",
    "Usage: mvroad [--db PATH] export --format json|csv|md [-o FILE] "
    "[OPTIONS]\n"
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
    "\n"
    "Options:\n"
    "  --format F        json, csv or md (required)\n"
    "  -o, --output FILE write to FILE instead of standard output\n" CLI_QUERY_HELP,
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS, CLI_QUERY_OPTIONS,
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {NULL, 0, NULL, 0}};
  mvr_query q = {0};
  const char *format = NULL, *output = NULL;
  FILE *f = stdout;
  mvr_db *db;
  mvr_status rc;
  int opt, r;

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
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_export);
    else
      return cli_usage_error(c, &cmd_export, "unknown option");
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_export, "unexpected argument '%s'",
                           argv[optind]);
  if (!format)
    return cli_usage_error(c, &cmd_export, "give --format json, csv or md");
  if (cli_format(c, &cmd_export, format, "json|csv|md"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
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
