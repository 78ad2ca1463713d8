/* cmd_check.c - `mvroad check FILE...`: validate without storing. */
#include "cli_import.h"

static int run(cli *c, int argc, char **argv)
{
  return cli_run_import(c, &cmd_check, argc, argv, 1);
}

const cli_command cmd_check = {
    "check", "validate templates without storing anything",
    "Usage: mvroad check [OPTIONS] FILE...\n"
    "\n"
    "Validate each FILE exactly as 'import' would, and store nothing.\n"
    "Every problem is printed as FILE:ROW:COL: error|warning: MESSAGE.\n"
    "\n"
    "Options:\n"
    "  --org NAME        the organisation for empty SDO/Org. cells\n"
    "  --input-format F  csv, json, docx or xlsx, when the name does not say\n"
    "  --format text|json  how to report\n"
    "  --profile FILE    vocabularies to check against\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors, 2 wrong usage.\n",
    run};
