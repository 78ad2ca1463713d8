/* main.c - the `mvroad` command: global options, then one subcommand from
 * a static table. Every subcommand lives in its own cmd_*.c file. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_coord.h"

static const cli_command *const commands[] = {
    &cmd_init, &cmd_import, &cmd_check,  &cmd_list,
    &cmd_search, &cmd_show, &cmd_stats, &cmd_export,
    &cmd_template,
    &cmd_inspect,
    &cmd_merge, &cmd_unmerge, &cmd_conflicts, &cmd_resolve,
    &cmd_proposals, &cmd_approve, &cmd_reject,
    &cmd_release, &cmd_diff, &cmd_history,
    &cmd_duplicates, &cmd_not_duplicate,
    &cmd_serve,
    &cmd_user, &cmd_token,
    &cmd_migrate, /* issue 8 */
    /* coordination records (issue 6) */
    &cmd_org, &cmd_rep, &cmd_ls, &cmd_doc, &cmd_meeting, &cmd_term,
    &cmd_report, &cmd_coord,
    /* coordination analysis (issue 7) */
    &cmd_overlaps, &cmd_gaps, &cmd_topic,
};

static void usage(FILE *f)
{
  size_t i;

  fputs("Usage: mvroad [--db PATH] [--profile FILE] COMMAND [ARGS...]\n"
        "\n"
        "mvroad keeps the Metaverse Standardization Roadmap of the ITU-T "
        "JCA-MV:\nit reads the Annex 1 template as organisations fill it "
        "in, validates and\nnormalises it, and keeps the register with the "
        "source of every value.\n\nCommands:\n",
        f);
  for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-14s %s\n", commands[i]->name, commands[i]->summary);
  fputs("\nOptions:\n"
        "  --db PATH        the register (default: $MVROAD_DB, or "
        "roadmap.db)\n"
        "  --profile FILE   vocabularies to use instead of the built-in "
        "jca-mv profile\n"
        "  --version        print the version and the libraries in use\n"
        "  --help           this text; 'mvroad COMMAND --help' for a "
        "command\n"
        "\nExit status: 0 ok, 1 errors in the data (or nothing found), 2 "
        "wrong usage.\n"
        "Colours appear on a terminal only, and never with NO_COLOR set.\n",
        f);
}

int main(int argc, char **argv)
{
  static const struct option longopts[] = {
      {"db", required_argument, NULL, 'd'},
      {"profile", required_argument, NULL, 'p'},
      {"version", no_argument, NULL, 'V'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  cli c;
  const char *env = getenv("MVROAD_DB");
  const char *nocolor = getenv("NO_COLOR");
  int opt;
  size_t i;

  memset(&c, 0, sizeof c);
  c.db_path = env && *env ? env : "roadmap.db";
  c.tty_err = isatty(STDERR_FILENO);
  c.tty_out = isatty(STDOUT_FILENO);
  c.color_err = c.tty_err && !(nocolor && *nocolor) &&
                !(getenv("TERM") && strcmp(getenv("TERM"), "dumb") == 0);

  /* global options stop at the first non-option: the command */
  while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
    switch (opt) {
    case 'd':
      c.db_path = optarg;
      break;
    case 'p':
      c.profile = optarg;
      break;
    case 'V':
      printf("mvroad %s\n%s\n", mvr_version(), mvr_version_details());
      return EXIT_OK;
    case 'h':
      usage(stdout);
      return EXIT_OK;
    default:
      fputs("Try 'mvroad --help'.\n", stderr);
      return EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    usage(stderr);
    return EXIT_USAGE;
  }
  for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(argv[optind], commands[i]->name) == 0) {
      /* the command parses its own options from its name on */
      int sub_argc = argc - optind;
      char **sub_argv = argv + optind;
      optind = 0; /* 0 re-initialises glibc's getopt, dropping the "+" */
      return commands[i]->run(&c, sub_argc, sub_argv);
    }
  }
  cli_error(&c, "unknown command '%s'", argv[optind]);
  fputs("Try 'mvroad --help'.\n", stderr);
  return EXIT_USAGE;
}
