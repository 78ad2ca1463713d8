/* cli_coord.h - what the coordination commands (org, rep, ls, doc,
 * meeting, term, report, coord) share: one driver for add, list, remove,
 * import and export of a record kind, and table output. */
#ifndef MVROAD_CLI_COORD_H
#define MVROAD_CLI_COORD_H

#include "cli.h"

/* Run `mvroad CMD ACTION ...` for record kind `kind`: the actions add,
 * list, remove, import and export. `extra` (may be NULL) is tried first
 * for actions of the command's own; it returns -1 when it does not know
 * the action. */
int cli_coord_run(cli *c, const cli_command *cmd, int kind, int argc,
                  char **argv,
                  int (*extra)(cli *c, const cli_command *cmd, mvr_db *db,
                               const char *action, int argc, char **argv));

/* Rows collected for printing. */
typedef struct cli_table {
  const char *const *cols;
  size_t ncols;
  char ***rows;
  size_t n, cap;
} cli_table;

mvr_status cli_table_add(void *ud, const char *const *v, size_t n);
void cli_table_free(cli_table *t);
/* Print as "text" (aligned columns), "json" or "csv". */
void cli_table_print(const cli_table *t, const char *format, const char *key);

/* Print the failure of a library call; returns EXIT_DATA (or EXIT_USAGE
 * for MVR_ERR_ARG). */
int cli_coord_fail(cli *c, mvr_db *db, mvr_status rc);

extern const cli_command cmd_org, cmd_rep, cmd_ls, cmd_doc, cmd_meeting,
    cmd_term, cmd_report, cmd_coord;

#endif
