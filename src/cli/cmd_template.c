/* cmd_template.c - `mvroad template`: the Annex 1 template that the
 * outgoing liaison statement asks organisations to fill in, as Word,
 * Excel or CSV, optionally pre-filled with one organisation's current
 * entries from the register. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_template = {
    "template", "write the Annex 1 template to fill in (Word, Excel, CSV)",
    "Usage: mvroad [--db PATH] template --format docx|xlsx|csv -o FILE "
    "[--org NAME]\n"
    "\n"
    "Write the template organisations fill in to contribute to the "
    "roadmap\n"
    "(Annex 1 of the JCA-MV liaison statement):\n"
    "  docx  Annex 1 as a Word document: the heading, how to fill it in, "
    "the\n"
    "        seven columns with empty rows, the note on categories\n"
    "  xlsx  a workbook: a Template sheet with drop-down lists for Type, "
    "Status\n"
    "        and Category and a frozen header, and an Instructions sheet\n"
    "  csv   the header line\n"
    "\n"
    "Options:\n"
    "  --format F        docx, xlsx or csv (required)\n"
    "  -o, --output FILE where to write it (required); replaced only once\n"
    "                    complete\n"
    "  --org NAME        pre-fill it with the current entries of "
    "organisation\n"
    "                    NAME and its sub-bodies (any spelling: \"SG 21\"), "
    "read\n"
    "                    from the register, so that they can be updated "
    "rather\n"
    "                    than retyped; Status shows the status as "
    "submitted\n"
    "  --profile FILE    vocabularies for the lists (default: built in)\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  enum { OPT_ORG = OPT_FIRST_OWN };
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"org", required_argument, NULL, OPT_ORG},
      {NULL, 0, NULL, 0}};
  const char *format = NULL, *output = NULL, *org = NULL;
  char err[512];
  mvr_db *db = NULL;
  mvr_status rc;
  long n = 0;
  int opt;

  while ((opt = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == 'o')
      output = optarg;
    else if (opt == OPT_ORG)
      org = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_template);
    else
      return cli_usage_error(c, &cmd_template, "unknown option");
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_template, "unexpected argument '%s'",
                           argv[optind]);
  if (!format)
    return cli_usage_error(c, &cmd_template, "give --format docx, xlsx or csv");
  if (cli_format(c, &cmd_template, format, "docx|xlsx|csv"))
    return EXIT_USAGE;
  if (!output || !*output || strcmp(output, "-") == 0)
    return cli_usage_error(c, &cmd_template, "give -o FILE");
  if (org && !*org)
    return cli_usage_error(c, &cmd_template, "--org needs a name");
  if (org) {
    db = cli_open(c, 0, 1);
  } else {
    /* no register needed: an empty one in memory carries the profile and
     * the messages */
    rc = mvr_db_open(":memory:", MVR_OPEN_CREATE, &db, err, sizeof err);
    if (rc) {
      cli_error(c, "%s", err);
      return EXIT_DATA;
    }
    if (cli_load_profile(c, db, NULL)) {
      mvr_db_close(db);
      db = NULL;
    }
  }
  if (!db)
    return EXIT_DATA;
  rc = mvr_template_file(db, NULL, format, org, output, &n);
  if (rc) {
    cli_error(c, "%s: %s", output,
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return EXIT_DATA;
  }
  if (org && !n)
    cli_error(c, "no entries of \"%s\" in %s: the template is blank", org,
              c->db_path);
  if (org)
    fprintf(stderr, "wrote %s (%ld %s of %s)\n", output, n,
            n == 1 ? "entry" : "entries", org);
  else
    fprintf(stderr, "wrote %s\n", output);
  mvr_db_close(db);
  return EXIT_OK;
}
