/* cmd_meeting.c - `mvroad meeting`: JCA-MV meetings: dates, place, chairs, mode (issue 6; the actions are in
 * cli_coord.c). */
#include "cli_coord.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_meeting = {
    "meeting", "JCA-MV meetings: dates, place, chairs, mode",
    "Usage: mvroad [--db PATH] meeting add [KEY] [--FIELD VALUE]...\n"
    "       mvroad [--db PATH] meeting list [--format text|json|csv]\n"
    "       mvroad [--db PATH] meeting remove KEY...\n"
    "       mvroad [--db PATH] meeting import FILE.csv|FILE.json\n"
    "       mvroad [--db PATH] meeting export [--format csv|json]\n"
    "\n"
    "Fields: name (key), start, end, place, chairs, mode (in person,\nremote, hybrid), notes.\n"
    "Dates are YYYY-MM-DD (YYYY-MM when only the month is known). Adding a\n"
    "record whose key exists replaces it. import validates every record\n"
    "first: one error (FILE:ROW:COL: error: ...) and nothing is stored.\n"
    "See docs/coordination.md.\n"
    "\n"
    "Exit status: 0 done, 1 invalid data or not found, 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  return cli_coord_run(c, &cmd_meeting, MVR_COORD_MEETING, argc, argv, NULL);
}
