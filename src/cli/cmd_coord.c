/* cmd_coord.c - `mvroad coord import FILE.json`: coordination records of
 * every kind from one JSON file, e.g. data/coord/jca-mv-seed.json (issue
 * 6). */
#include <string.h>

#include "cli_coord.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_coord = {
    "coord", "load coordination records of every kind from a JSON file",
    "Usage: mvroad [--db PATH] coord import FILE.json\n"
    "\n"
    "FILE holds {\"orgs\": [...], \"reps\": [...], \"ls\": [...],\n"
    "\"ls-attachments\": [...], \"ls-submissions\": [...], \"docs\": [...],\n"
    "\"meetings\": [...], \"terms\": [...]}, each item an object of field\n"
    "names (see 'mvroad org --help' and the others). Every record is\n"
    "checked first; one error (FILE:ITEM:FIELD: error: ...) and nothing is\n"
    "stored. data/coord/jca-mv-seed.json holds the first meeting's facts.\n"
    "\n"
    "Exit status: 0 stored, 1 invalid data, 2 wrong usage.\n",
    run};

static int extra(cli *c, const cli_command *cmd, mvr_db *db,
                 const char *action, int argc, char **argv)
{
  size_t n = 0;
  mvr_status rc;

  if (strcmp(action, "import") != 0)
    return -1;
  if (argc != 2)
    return cli_usage_error(c, cmd, "import takes one FILE.json");
  rc = mvr_coord_import(db, -1, argv[1], cli_print_diag, c, &n);
  if (rc)
    return cli_coord_fail(c, db, rc);
  printf("%zu record%s stored\n", n, n == 1 ? "" : "s");
  return EXIT_OK;
}

static int run(cli *c, int argc, char **argv)
{
  return cli_coord_run(c, &cmd_coord, -1, argc, argv, extra);
}
