/* cmd_doc.c - `mvroad doc`: the document register: JCA-MV-Doc-NNN and revisions (issue 6; the actions are in
 * cli_coord.c). */
#include "cli_coord.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_doc = {
    "doc", "the document register: JCA-MV-Doc-NNN and revisions",
    "Usage: mvroad [--db PATH] doc add [KEY] [--FIELD VALUE]...\n"
    "       mvroad [--db PATH] doc list [--format text|json|csv]\n"
    "       mvroad [--db PATH] doc remove KEY...\n"
    "       mvroad [--db PATH] doc import FILE.csv|FILE.json\n"
    "       mvroad [--db PATH] doc export [--format csv|json]\n"
    "\n"
    "Fields: number (key), revision (key: R1, R2...; \"JCA-MV-Doc-016-R1\"\nis split), title, source (organisation), meeting, type (contribution, LS,\nreport, roadmap draft, agenda, other), date. 'list' adds the ids of the\nsubmissions imported with 'mvroad import --doc NUMBER'.\n"
    "Dates are YYYY-MM-DD (YYYY-MM when only the month is known). Adding a\n"
    "record whose key exists replaces it. import validates every record\n"
    "first: one error (FILE:ROW:COL: error: ...) and nothing is stored.\n"
    "See docs/coordination.md.\n"
    "\n"
    "Exit status: 0 done, 1 invalid data or not found, 2 wrong usage.\n",
    run};

static int run(cli *c, int argc, char **argv)
{
  return cli_coord_run(c, &cmd_doc, MVR_COORD_DOC, argc, argv, NULL);
}
