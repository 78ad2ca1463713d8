/* cli_query.h - the filter options shared by list, search, stats and
 * export, and the ways of printing a listing. */
#ifndef MVROAD_CLI_QUERY_H
#define MVROAD_CLI_QUERY_H

#include <getopt.h>

#include "cli.h"

enum {
  OPT_SDO = OPT_FIRST_OWN + 100,
  OPT_CATEGORY,
  OPT_STATUS,
  OPT_TYPE,
  OPT_SORT,
  OPT_LIMIT,
  OPT_OFFSET,
  OPT_AS_OF
};

#define CLI_QUERY_OPTIONS                                                      \
  {"sdo", required_argument, NULL, OPT_SDO},                                   \
      {"category", required_argument, NULL, OPT_CATEGORY},                     \
      {"status", required_argument, NULL, OPT_STATUS},                         \
      {"type", required_argument, NULL, OPT_TYPE},                             \
      {"sort", required_argument, NULL, OPT_SORT},                             \
      {"limit", required_argument, NULL, OPT_LIMIT},                           \
      {"offset", required_argument, NULL, OPT_OFFSET},                         \
      {"as-of", required_argument, NULL, OPT_AS_OF }

#define CLI_QUERY_HELP                                                         \
  "  --sdo NAME        only this organisation and its sub-bodies (any\n"      \
  "                    spelling: \"JTC 1/SC 29\", \"SG 21\")\n"               \
  "  --category C      only this category (General, Application/Service,\n" \
  "                    Enabling Technology, Interoperability,\n"              \
  "                    Infrastructure)\n"                                     \
  "  --status S        Published, Under development or Withdrawn\n"          \
  "  --type T          Recommendation, Standard, Technical Report, ...\n"     \
  "  --sort KEY        sdo (default), reference, title, status, updated\n"    \
  "  --limit N, --offset N   a page of the results\n"                         \
  "  --as-of RELEASE   the roadmap as release RELEASE froze it ('mvroad\n" \
  "                    release list'); 'current' is now\n"

/* 1 if handled, 0 if not a query option, -1 on a bad value (printed). */
int cli_query_option(const cli *c, const cli_command *cmd, int opt,
                     const char *arg, mvr_query *q);

/* Print every entry `q` matches in `format` (table, json, csv) to stdout.
 * Returns an exit status. */
int cli_print_entries(cli *c, mvr_db *db, const mvr_query *q,
                      const char *format);

#endif
