/* cli_import.h - the shared body of `import` and `check`. */
#ifndef MVROAD_CLI_IMPORT_H
#define MVROAD_CLI_IMPORT_H

#include "cli.h"

int cli_run_import(cli *c, const cli_command *cmd, int argc, char **argv,
                   int check);

#endif
