/* cmd_import.c - `mvroad import FILE...`: add organisations' input to the
 * register, one transaction per file. */
#include "cli_import.h"

static int run(cli *c, int argc, char **argv)
{
  return cli_run_import(c, &cmd_import, argc, argv, 0);
}

const cli_command cmd_import = {
    "import", "add filled-in templates (CSV, JSON) to the register",
    "Usage: mvroad [--db PATH] import [OPTIONS] FILE...\n"
    "\n"
    "Read each FILE (the Annex 1 template as CSV or JSON), validate and\n"
    "normalise every row, and add it to the register with its source.\n"
    "A file with any error imports nothing; an identical file imported\n"
    "before is skipped. An entry already present (same document, however\n"
    "its reference is written) is updated and the change is logged.\n"
    "\n"
    "Options:\n"
    "  --org NAME        the submitting organisation; also fills empty\n"
    "                    SDO/Org. cells\n"
    "  --date YYYY-MM-DD the date the input was received (default today)\n"
    "  --doc NUMBER      the document that carried it, e.g. JCA-MV-Doc-021\n"
    "  --input-format F  csv, json, docx or xlsx, when the name does not say\n"
    "  --dry-run         validate and report what would change; store\n"
    "                    nothing\n"
    "  --propose         keep the rows as proposals until an editor approves\n"
    "                    them (mvroad proposals, approve, reject)\n"
    "  --format text|json  how to report (json: one object per file)\n"
    "  --db PATH         the register (default $MVROAD_DB or roadmap.db)\n"
    "\n"
    "Diagnostics go to standard error as FILE:ROW:COL: error: MESSAGE.\n"
    "Exit status: 0 all imported, 1 a file had errors, 2 wrong usage.\n",
    run};
