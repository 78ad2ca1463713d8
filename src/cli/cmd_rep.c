/* cmd_rep.c - `mvroad rep`: representatives and contact points, personal
 * data (issue 6). Only the database's users (the secretariat) run this;
 * the web server shows it to editors and above only. `rep remove EMAIL`
 * deletes every copy (see docs/coordination.md). */
#include "cli_coord.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_rep = {
    "rep", "representatives (personal data): nominate, export, remove",
    "Usage: mvroad [--db PATH] rep add EMAIL --name N --org ORG [--role R]\n"
    "                 [--nominated-on D] [--valid-until D] [--doc NUMBER]\n"
    "       mvroad [--db PATH] rep list [--format text|json|csv]\n"
    "       mvroad [--db PATH] rep remove EMAIL\n"
    "       mvroad [--db PATH] rep import FILE.csv|FILE.json\n"
    "       mvroad [--db PATH] rep export [--format csv|json|vcard]\n"
    "\n"
    "Fields: email (key), name, org, role (e.g. JCA-MV representative,\n"
    "liaison officer), nominated_on, valid_until, doc (the nominating\n"
    "document).\n"
    "\n"
    "This is personal data. It is kept in one table only, never in the\n"
    "change log or the search index. 'rep remove' is a hard delete: the\n"
    "freed space is overwritten and the WAL truncated, so the e-mail is\n"
    "found nowhere in the database file afterwards. Exports already given\n"
    "out are the recipient's to delete.\n"
    "\n"
    "Exit status: 0 done, 1 invalid data or not found, 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  return cli_coord_run(c, &cmd_rep, MVR_COORD_REP, argc, argv, NULL);
}
