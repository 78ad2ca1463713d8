/* cmd_reject.c - `mvroad reject`: proposals that do not enter. */
#include "cli_review.h"

static int run(cli *c, int argc, char **argv)
{
  return cli_run_decide(c, &cmd_reject, argc, argv, 0);
}

const cli_command cmd_reject = {
    "reject", "turn proposals down",
    "Usage: mvroad [--db PATH] reject [--note TEXT] ID... | --submission N\n"
    "\n"
    "Mark pending proposals as rejected; the roadmap does not change. The\n"
    "rows stay on record with the note.\n",
    run};
