/* cmd_approve.c - `mvroad approve`: proposals enter the roadmap. */
#include "cli_review.h"

static int run(cli *c, int argc, char **argv)
{
  return cli_run_decide(c, &cmd_approve, argc, argv, 1);
}

const cli_command cmd_approve = {
    "approve", "let proposals into the roadmap",
    "Usage: mvroad [--db PATH] approve [--note TEXT] ID... | --submission N\n"
    "\n"
    "Apply pending proposals (see 'mvroad proposals') to the register, as an\n"
    "import would: per proposal, or every pending row of a submission.\n",
    run};
