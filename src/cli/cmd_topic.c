/* cmd_topic.c - `mvroad topic`: an editor's override of the topics an
 * entry is tagged with automatically (issue 7, docs/analysis.md). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_topic = {
    "topic", "set or clear an entry's topic by hand (for mvroad gaps)",
    "Usage: mvroad [--db PATH] topic ENTRY TOPIC [--remove | --auto]\n"
    "                                            [--note TEXT]\n"
    "\n"
    "Say that ENTRY (an id or a reference) has TOPIC (a topic of the\n"
    "profile, as 'mvroad gaps' names it), whatever its title and summary\n"
    "say; with --remove, that it has not; with --auto, forget the\n"
    "override and let the profile's phrase rules decide again. Recorded\n"
    "with your name (--actor of the register) and the time.\n"
    "\n"
    "Options:\n"
    "  --remove      the entry does not have the topic\n"
    "  --auto        back to the automatic tagging\n"
    "  --note TEXT   why\n"
    "\n"
    "Exit status: 0 done, 1 no such entry or topic (or an error), 2 wrong "
    "usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"remove", no_argument, NULL, 'r'},
      {"auto", no_argument, NULL, 'a'},
      {"note", required_argument, NULL, 'n'},
      {NULL, 0, NULL, 0}};
  const char *note = NULL;
  int tagged = 1, opt, modes = 0;
  mvr_db *db;
  mvr_status rc;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'r') {
      tagged = 0;
      modes++;
    } else if (opt == 'a') {
      tagged = -1;
      modes++;
    } else if (opt == 'n') {
      note = optarg;
    } else if (opt == OPT_HELP || opt == 'h') {
      return cli_help(&cmd_topic);
    } else {
      return cli_usage_error(c, &cmd_topic, "unknown option");
    }
  }
  if (modes > 1)
    return cli_usage_error(c, &cmd_topic,
                           "--remove and --auto do not go together");
  if (argc - optind != 2)
    return cli_usage_error(c, &cmd_topic, "give an entry and a topic");
  db = cli_open(c, 0, 0);
  if (!db)
    return EXIT_DATA;
  rc = mvr_topic_set(db, argv[optind], argv[optind + 1], tagged, note);
  if (rc) {
    cli_error(c, "%s",
              *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
    mvr_db_close(db);
    return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
  }
  printf("%s: %s %s\n", argv[optind], argv[optind + 1],
         tagged == 1 ? "set by hand"
         : tagged == 0 ? "removed by hand"
                       : "back to the automatic tagging");
  mvr_db_close(db);
  return EXIT_OK;
}
