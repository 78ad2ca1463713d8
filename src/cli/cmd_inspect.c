/* cmd_inspect.c - `mvroad inspect FILE`: print, as JSON, what the reader
 * sees in a file (every table or sheet with its rows of cell texts, which
 * were taken for the template and how their columns map), for when an
 * import surprises you. Nothing is checked or stored. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"input-format", required_argument, NULL, 'i'},
      {"text", no_argument, NULL, 't'},
      {NULL, 0, NULL, 0}};
  mvr_profile *profile = NULL;
  mvr_report *rep = NULL;
  const char *format = NULL;
  unsigned flags = 0;
  int opt, status = EXIT_OK;
  mvr_status rc;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    switch (opt) {
    case 'i':
      format = optarg;
      break;
    case 't':
      flags |= MVR_INSPECT_TEXT;
      break;
    case OPT_HELP:
    case 'h':
      return cli_help(&cmd_inspect);
    default:
      return cli_usage_error(c, &cmd_inspect, "unknown option");
    }
  }
  if (optind >= argc)
    return cli_usage_error(c, &cmd_inspect, "no FILE given");
  if (optind + 1 < argc)
    return cli_usage_error(c, &cmd_inspect, "give one FILE");
  if (cli_load_profile(c, NULL, &profile))
    return EXIT_DATA;
  if (mvr_report_new(&rep)) {
    cli_error(c, "out of memory");
    mvr_profile_free(profile);
    return EXIT_DATA;
  }
  mvr_report_set_callback(rep, cli_print_diag, c);
  rc = mvr_inspect_file(argv[optind], profile, format, flags, cli_write_file,
                        stdout, rep);
  if (fflush(stdout) != 0 && !rc)
    rc = MVR_ERR_IO;
  if (rc) {
    if (!mvr_report_tally(rep, MVR_ERROR))
      cli_error(c, "%s: %s", argv[optind], mvr_status_str(rc));
    status = EXIT_DATA;
  }
  mvr_report_free(rep);
  mvr_profile_free(profile);
  return status;
}

const cli_command cmd_inspect = {
    "inspect", "show, as JSON, the tables a reader sees in a file",
    "Usage: mvroad inspect [OPTIONS] FILE\n"
    "\n"
    "Print, as JSON, what mvroad reads in FILE (DOCX, XLSX, CSV or JSON):\n"
    "every table or sheet with its rows of cell texts as they will be\n"
    "imported, the role of each row (\"header\", \"data\", \"repeat\" for a\n"
    "header repeated on a new page, \"example\" for Annex 1's own examples,\n"
    "\"blank\", \"other\"), which tables have the template's header, and\n"
    "which column holds each template field. Nothing is checked or\n"
    "stored; problems reading the file go to standard error.\n"
    "\n"
    "Options:\n"
    "  --input-format F  docx, xlsx, csv or json, when the name does not "
    "say\n"
    "  --text            also list the paragraphs outside tables (DOCX)\n"
    "  --profile FILE    column names to recognise (default: built in)\n"
    "\n"
    "Exit status: 0 read, 1 the file could not be read, 2 wrong usage.\n",
    run};
