/* cmd_search.c - `mvroad search WORDS`: full-text search, best first. */
#include <string.h>

#include "cli_query.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_search = {
    "search", "full-text search over references, titles and summaries",
    "Usage: mvroad [--db PATH] search [OPTIONS] WORDS...\n"
    "\n"
    "Find entries whose reference, title or summary contain every word\n"
    "(the last one as a prefix: 'digital tw' finds \"digital twins\").\n"
    "Matches in references and titles rank first.\n"
    "\n"
    "Options:\n" CLI_QUERY_HELP
    "  --format table|json|csv   how to print (default table)\n"
    "\n"
    "Exit status: 0 found, 1 nothing found, 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS, CLI_QUERY_OPTIONS,
      {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
  mvr_query q = {0};
  const char *format = "table";
  char words[4096];
  size_t len = 0;
  mvr_db *db;
  int opt, status, r, i;

  q.sort = "rank";
  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    r = cli_query_option(c, &cmd_search, opt, optarg, &q);
    if (r < 0)
      return EXIT_USAGE;
    if (r)
      continue;
    if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_search);
    else
      return cli_usage_error(c, &cmd_search, "unknown option");
  }
  if (optind >= argc)
    return cli_usage_error(c, &cmd_search, "no search words given");
  words[0] = '\0';
  for (i = optind; i < argc; i++) {
    size_t n = strlen(argv[i]);
    if (len + n + 2 > sizeof words)
      return cli_usage_error(c, &cmd_search, "the search is too long");
    if (len)
      words[len++] = ' ';
    memcpy(words + len, argv[i], n + 1);
    len += n;
  }
  q.text = words;
  if (cli_format(c, &cmd_search, format, "table|json|csv"))
    return EXIT_USAGE;
  db = cli_open(c, 0, 1);
  if (!db)
    return EXIT_DATA;
  status = cli_print_entries(c, db, &q, format);
  mvr_db_close(db);
  return status;
}
