/* cli_review.h - the shared body of `approve` and `reject`. */
#ifndef MVROAD_CLI_REVIEW_H
#define MVROAD_CLI_REVIEW_H

#include "cli.h"

int cli_run_decide(cli *c, const cli_command *cmd, int argc, char **argv,
                   int approve);

#endif
