/* cmd_migrate.c - `mvroad migrate --from SRC --to DST`: copy a whole
 * register between engines (SQLite <-> PostgreSQL; issue 8). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_migrate = {
    "migrate",
    "copy a whole register to another database (SQLite <-> "
    "PostgreSQL)",
    "Usage: mvroad migrate [--format text|json] --from SRC --to DST\n"
    "\n"
    "Copy the whole register SRC into DST: entries, organisations,\n"
    "aliases, submissions and sources, the change log, merges,\n"
    "not-duplicate marks, conflicts, proposals, releases, accounts,\n"
    "sessions and API tokens, coordination records and topic overrides,\n"
    "every id kept. SRC and DST are each a SQLite file path or a\n"
    "postgresql:// URI. DST must be empty (a new file, or a database\n"
    "without mvroad data); it is written in one transaction, so a failed\n"
    "copy leaves it as it was. Before the commit the rows of every table\n"
    "are counted on both sides; the counts are printed.\n"
    "\n"
    "Options:\n"
    "  --from SRC        the register to copy (must exist)\n"
    "  --to DST          the new register (created if a missing file)\n"
    "  --format F        text (default) or json: {\"tables\": [{\"table\",\n"
    "                    \"source\", \"destination\"}...], \"rows\": N}\n"
    "\n"
    "Exit status: 0 copied and verified, 1 not copied (DST not empty,\n"
    "unreadable SRC, counts differ, ...), 2 wrong usage.\n",
    run};

typedef struct counts {
  int json;
  int n;
  long total;
} counts;

static void print_count(void *ud, const char *table, long source,
                        long destination)
{
  counts *k = ud;

  if (k->json) {
    fputs(k->n ? ",\n  " : "  ", stdout);
    fputs("{\"table\": ", stdout);
    cli_json_string(stdout, table);
    printf(", \"source\": %ld, \"destination\": %ld}", source, destination);
  } else {
    if (!k->n)
      printf("%-22s %10s %10s\n", "table", "source", "destination");
    printf("%-22s %10ld %10ld\n", table, source, destination);
  }
  k->n++;
  k->total += destination;
}

static mvr_db *open_one(cli *c, const char *uri, int create)
{
  const char *saved = c->db_path;
  mvr_db *db;

  c->db_path = uri;
  db = cli_open(c, create, 0);
  c->db_path = saved;
  return db;
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"from", required_argument, NULL, 'F'},
      {"to", required_argument, NULL, 'T'},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *from = NULL, *to = NULL, *format = "text";
  mvr_db *src = NULL, *dst = NULL;
  counts k = {0, 0, 0};
  char shown[1024];
  int created = 0;
  mvr_status rc;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == 'F')
      from = optarg;
    else if (opt == 'T')
      to = optarg;
    else if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_migrate);
    else
      return cli_usage_error(c, &cmd_migrate, "unknown option");
  }
  if (cli_format(c, &cmd_migrate, format, "text|json"))
    return EXIT_USAGE;
  if (optind != argc)
    return cli_usage_error(c, &cmd_migrate, "unexpected argument '%s'",
                           argv[optind]);
  if (!from || !to)
    return cli_usage_error(c, &cmd_migrate, "give --from SRC and --to DST");
  if (strcmp(from, to) == 0)
    return cli_usage_error(c, &cmd_migrate,
                           "--from and --to name the same database");
  k.json = strcmp(format, "json") == 0;

  src = open_one(c, from, 0);
  if (!src)
    return EXIT_DATA;
  if (strncmp(to, "postgres", 8) != 0 && access(to, F_OK) != 0)
    created = 1;
  dst = open_one(c, to, 1);
  if (!dst) {
    mvr_db_close(src);
    return EXIT_DATA;
  }
  if (k.json)
    fputs("{\"tables\": [\n", stdout);
  rc = mvr_db_copy(src, dst, print_count, &k);
  if (rc) {
    if (k.json)
      fputs("]}\n", stdout);
    cli_error(c, "%s: %s", mvr_db_display(to, shown, sizeof shown),
              *mvr_db_errmsg(dst) ? mvr_db_errmsg(dst) : mvr_status_str(rc));
    mvr_db_close(dst);
    mvr_db_close(src);
    /* a file this command created and could not fill goes away */
    if (created) {
      char side[4096];
      unlink(to);
      snprintf(side, sizeof side, "%s-wal", to);
      unlink(side);
      snprintf(side, sizeof side, "%s-shm", to);
      unlink(side);
    }
    return EXIT_DATA;
  }
  if (k.json)
    printf("\n], \"rows\": %ld}\n", k.total);
  else
    printf("%-22s %10ld %10ld\n", "total", k.total, k.total);
  mvr_db_close(dst);
  mvr_db_close(src);
  return EXIT_OK;
}
