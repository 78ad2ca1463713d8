/* cmd_token.c - `mvroad token create|revoke|list`: API tokens for
 * machine submissions ("Authorization: Bearer mvr_..."). A token is
 * printed once, when created; only its SHA-256 is stored. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_token = {
    "token", "API tokens for machine submissions: create, revoke, list",
    "Usage: mvroad [--db PATH] token create LOGIN [--name NAME]\n"
    "       mvroad [--db PATH] token revoke ID\n"
    "       mvroad [--db PATH] token list [LOGIN] [--format text|json]\n"
    "\n"
    "create  make a token that acts as LOGIN (with its role and\n"
    "        organisation) and print it on standard output. It is shown\n"
    "        this once: only a hash of it is kept. Send it as\n"
    "        'Authorization: Bearer TOKEN'\n"
    "revoke  stop token ID (as listed) from working\n"
    "list    the tokens (of LOGIN), never the tokens themselves\n"
    "\n"
    "Options:\n"
    "  --name NAME   a label for the token (\"upload script\")\n"
    "  --format F    for list: text (default) or json\n"
    "\n"
    "Exit status: 0 done, 1 no such login or token, 2 wrong usage.\n",
    run};

enum { OPT_NAME = OPT_FIRST_OWN };

static int fail(cli *c, mvr_db *db, mvr_status rc)
{
  cli_error(c, "%s",
            *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
  mvr_db_close(db);
  return rc == MVR_ERR_ARG ? EXIT_USAGE : EXIT_DATA;
}

static int create(cli *c, const char *login, const char *name)
{
  char token[MVR_TOKEN_SIZE];
  mvr_db *db = cli_open(c, 0, 0);
  int64_t id = 0;
  mvr_status rc;

  if (!db)
    return EXIT_DATA;
  rc = mvr_token_create(db, login, name, token, &id);
  if (rc)
    return fail(c, db, rc);
  printf("%s\n", token);
  fflush(stdout);
  memset(token, 0, sizeof token);
  fprintf(stderr,
          "token %lld for %s: shown this once, keep it secret\n",
          (long long)id, login);
  mvr_db_close(db);
  return EXIT_OK;
}

static int revoke(cli *c, const char *arg)
{
  mvr_db *db;
  mvr_status rc;
  char *end = NULL;
  long long id;

  errno = 0;
  id = strtoll(arg, &end, 10);
  if (errno || end == arg || *end || id <= 0)
    return cli_usage_error(c, &cmd_token, "ID is a token number (see "
                                          "'mvroad token list')");
  db = cli_open(c, 0, 0);
  if (!db)
    return EXIT_DATA;
  rc = mvr_token_revoke(db, (int64_t)id);
  if (rc)
    return fail(c, db, rc);
  fprintf(stderr, "token %lld revoked\n", id);
  mvr_db_close(db);
  return EXIT_OK;
}

struct list_ctx {
  int json;
  long n;
};

static mvr_status list_one(void *ud, const mvr_token_info *t)
{
  struct list_ctx *l = ud;

  if (l->json) {
    printf("%s{\"id\": %lld, \"login\": ", l->n ? ",\n  " : "\n  ",
           (long long)t->id);
    cli_json_string(stdout, t->login);
    fputs(", \"name\": ", stdout);
    cli_json_string(stdout, t->name);
    fputs(", \"created_at\": ", stdout);
    cli_json_string(stdout, t->created_at);
    fputs(", \"last_used\": ", stdout);
    if (*t->last_used)
      cli_json_string(stdout, t->last_used);
    else
      fputs("null", stdout);
    printf(", \"revoked\": %s}", t->revoked ? "true" : "false");
  } else {
    if (!l->n)
      printf("%6s  %-20s  %-8s  %-20s  %-20s  %s\n", "Id", "Login", "State",
             "Created", "Last used", "Name");
    printf("%6lld  %-20s  %-8s  %-20s  %-20s  %s\n", (long long)t->id,
           t->login, t->revoked ? "revoked" : "active", t->created_at,
           *t->last_used ? t->last_used : "never", t->name);
  }
  l->n++;
  return MVR_OK;
}

static int list(cli *c, const char *login, const char *format)
{
  struct list_ctx l = {strcmp(format, "json") == 0, 0};
  mvr_db *db = cli_open(c, 0, 1);
  mvr_status rc;

  if (!db)
    return EXIT_DATA;
  if (l.json)
    fputs("{\"tokens\": [", stdout);
  rc = mvr_token_list(db, login, list_one, &l);
  if (l.json)
    fputs(l.n ? "\n]}\n" : "]}\n", stdout);
  if (rc)
    return fail(c, db, rc);
  if (!l.n && !l.json)
    fputs("no tokens\n", stderr);
  mvr_db_close(db);
  return EXIT_OK;
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"name", required_argument, NULL, OPT_NAME},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *name = NULL, *format = NULL, *action;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == OPT_NAME)
      name = optarg;
    else if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_token);
    else
      return cli_usage_error(c, &cmd_token, "unknown option");
  }
  if (optind >= argc)
    return cli_usage_error(c, &cmd_token, "say create, revoke or list");
  action = argv[optind++];
  if (strcmp(action, "list") == 0) {
    if (name)
      return cli_usage_error(c, &cmd_token, "--name is for 'token create'");
    if (optind + 1 < argc)
      return cli_usage_error(c, &cmd_token, "unexpected argument '%s'",
                             argv[optind + 1]);
    if (!format)
      format = "text";
    if (cli_format(c, &cmd_token, format, "text|json"))
      return EXIT_USAGE;
    return list(c, optind < argc ? argv[optind] : NULL, format);
  }
  if (format)
    return cli_usage_error(c, &cmd_token, "--format is for 'token list'");
  if (strcmp(action, "create") == 0) {
    if (optind + 1 != argc)
      return cli_usage_error(c, &cmd_token, "give one LOGIN");
    return create(c, argv[optind], name);
  }
  if (strcmp(action, "revoke") == 0) {
    if (name)
      return cli_usage_error(c, &cmd_token, "--name is for 'token create'");
    if (optind + 1 != argc)
      return cli_usage_error(c, &cmd_token, "give one token ID");
    return revoke(c, argv[optind]);
  }
  return cli_usage_error(c, &cmd_token,
                         "unknown action '%s' (use create, revoke or list)",
                         action);
}
