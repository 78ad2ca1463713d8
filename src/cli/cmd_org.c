/* cmd_org.c - `mvroad org`: organisations: hierarchy, kind, aliases, liaison status (issue 6; the actions are in
 * cli_coord.c). */
#include "cli_coord.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_org = {
    "org", "organisations: hierarchy, kind, aliases, liaison status",
    "Usage: mvroad [--db PATH] org add [KEY] [--FIELD VALUE]...\n"
    "       mvroad [--db PATH] org list [--format text|json|csv]\n"
    "       mvroad [--db PATH] org remove KEY...\n"
    "       mvroad [--db PATH] org import FILE.csv|FILE.json\n"
    "       mvroad [--db PATH] org export [--format csv|json]\n"
    "\n"
    "Fields: name (key), parent, kind, aliases (\"; \"-separated), notes.\n'list' adds each organisation's liaison status: input received (DATE),\nrepresentative nominated, invited (LS), no answer, not invited.\n"
    "Dates are YYYY-MM-DD (YYYY-MM when only the month is known). Adding a\n"
    "record whose key exists replaces it. import validates every record\n"
    "first: one error (FILE:ROW:COL: error: ...) and nothing is stored.\n"
    "See docs/coordination.md.\n"
    "\n"
    "Exit status: 0 done, 1 invalid data or not found, 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  return cli_coord_run(c, &cmd_org, MVR_COORD_ORG, argc, argv, NULL);
}
