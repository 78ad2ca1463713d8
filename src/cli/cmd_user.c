/* cmd_user.c - `mvroad user add|passwd|list|disable|enable`: the accounts
 * of the web register (docs/server.md, "Accounts"). Passwords are read
 * from standard input: prompted for, without echo, on a terminal; else
 * the first line. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_user = {
    "user", "accounts of the web register: add, passwd, list, disable",
    "Usage: mvroad [--db PATH] user add LOGIN --role ROLE [--org ORG]"
    " [--name NAME]\n"
    "       mvroad [--db PATH] user passwd LOGIN\n"
    "       mvroad [--db PATH] user list [--format text|json]\n"
    "       mvroad [--db PATH] user disable LOGIN\n"
    "       mvroad [--db PATH] user enable LOGIN\n"
    "\n"
    "add      create an account. ROLE is liaison (a liaison representative,\n"
    "         who submits the entries of one organisation: --org is\n"
    "         required), editor (reviews proposals, resolves conflicts,\n"
    "         merges, creates releases) or secretariat (also manages\n"
    "         accounts; 'admin' is a synonym)\n"
    "passwd   set a new password; the user's sessions end\n"
    "list     every account, with its role, organisation and state\n"
    "disable  refuse the login, end its sessions, revoke its API tokens\n"
    "enable   allow a disabled login again (its tokens stay revoked)\n"
    "\n"
    "The password (8 to 1,024 characters) is read from standard input:\n"
    "asked twice without echo on a terminal, else the first line, e.g.\n"
    "  printf '%s\\n' \"$PW\" | mvroad user add ana --role editor\n"
    "It is stored as an Argon2id hash (libsodium), never in clear.\n"
    "\n"
    "Options:\n"
    "  --role ROLE    liaison, editor or secretariat\n"
    "  --org ORG      the liaison representative's organisation, any\n"
    "                 spelling the register knows (\"JTC 1/SC 29\")\n"
    "  --name NAME    the name shown on pages (default: none)\n"
    "  --format F     for list: text (default) or json\n"
    "\n"
    "Exit status: 0 done, 1 refused (login taken, no such login, bad\n"
    "password), 2 wrong usage.\n",
    run};

enum { OPT_ROLE = OPT_FIRST_OWN, OPT_ORG, OPT_NAME };

/* Read one line (without its newline) into buf; 0 or -1 (none). */
static int read_line(FILE *f, char *buf, size_t size)
{
  size_t n;

  if (!fgets(buf, (int)size, f))
    return -1;
  n = strlen(buf);
  if (n && buf[n - 1] == '\n')
    buf[--n] = '\0';
  else if (n == size - 1) {
    int ch;
    /* over-long: swallow the rest and make it fail the length check */
    while ((ch = fgetc(f)) != EOF && ch != '\n')
      ;
  }
  if (n && buf[n - 1] == '\r')
    buf[--n] = '\0';
  return 0;
}

/* Prompt on the terminal without echo. */
static int prompt(const char *what, char *buf, size_t size)
{
  struct termios old, quiet;
  int rc;

  fputs(what, stderr);
  fflush(stderr);
  if (tcgetattr(STDIN_FILENO, &old) != 0)
    return -1;
  quiet = old;
  quiet.c_lflag &= ~(tcflag_t)ECHO;
  quiet.c_lflag |= ECHONL;
  if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
    return -1;
  rc = read_line(stdin, buf, size);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  return rc;
}

#define PW_BUF 1100

/* The new password into buf; 0, or an exit status after a message. */
static int get_password(cli *c, char *buf)
{
  char again[PW_BUF];

  if (isatty(STDIN_FILENO)) {
    if (prompt("Password: ", buf, PW_BUF) != 0 ||
        prompt("Again: ", again, sizeof again) != 0) {
      cli_error(c, "no password given");
      return EXIT_DATA;
    }
    if (strcmp(buf, again) != 0) {
      memset(again, 0, sizeof again);
      cli_error(c, "the two passwords differ");
      return EXIT_DATA;
    }
    memset(again, 0, sizeof again);
    return 0;
  }
  if (read_line(stdin, buf, PW_BUF) != 0) {
    cli_error(c, "no password on standard input");
    return EXIT_DATA;
  }
  return 0;
}

static int fail(cli *c, mvr_db *db, mvr_status rc)
{
  cli_error(c, "%s",
            *mvr_db_errmsg(db) ? mvr_db_errmsg(db) : mvr_status_str(rc));
  mvr_db_close(db);
  (void)rc;
  return EXIT_DATA;
}

static int add(cli *c, const char *login, const char *role, const char *org,
               const char *name)
{
  char pw[PW_BUF];
  mvr_role r = mvr_role_parse(role);
  mvr_db *db;
  mvr_status rc;
  int st;

  if (r == MVR_ROLE_NONE)
    return cli_usage_error(c, &cmd_user,
                           "--role is liaison, editor or secretariat");
  if (r == MVR_ROLE_LIAISON && !org)
    return cli_usage_error(c, &cmd_user,
                           "a liaison representative needs --org");
  if (r != MVR_ROLE_LIAISON && org)
    return cli_usage_error(c, &cmd_user, "--org is for the liaison role");
  db = cli_open(c, 0, 0);
  if (!db)
    return EXIT_DATA;
  if ((st = get_password(c, pw)) != 0) {
    mvr_db_close(db);
    return st;
  }
  rc = mvr_user_add(db, login, name, r, org, pw);
  memset(pw, 0, sizeof pw);
  if (rc)
    return fail(c, db, rc);
  fprintf(stderr, "user %s added (%s)\n", login, mvr_role_name(r));
  mvr_db_close(db);
  return EXIT_OK;
}

static int passwd(cli *c, const char *login)
{
  char pw[PW_BUF];
  mvr_db *db = cli_open(c, 0, 0);
  mvr_status rc;
  int st;

  if (!db)
    return EXIT_DATA;
  if ((st = get_password(c, pw)) != 0) {
    mvr_db_close(db);
    return st;
  }
  rc = mvr_user_passwd(db, login, pw);
  memset(pw, 0, sizeof pw);
  if (rc)
    return fail(c, db, rc == MVR_ERR_ARG ? MVR_ERR_DATA : rc);
  fprintf(stderr, "password of %s changed; its sessions ended\n", login);
  mvr_db_close(db);
  return EXIT_OK;
}

static int disable(cli *c, const char *login, int off)
{
  mvr_db *db = cli_open(c, 0, 0);
  mvr_status rc;

  if (!db)
    return EXIT_DATA;
  rc = mvr_user_disable(db, login, off);
  if (rc)
    return fail(c, db, rc);
  fprintf(stderr, off ? "user %s disabled; its sessions and tokens ended\n"
                      : "user %s enabled\n",
          login);
  mvr_db_close(db);
  return EXIT_OK;
}

struct list_ctx {
  int json;
  long n;
};

static mvr_status list_one(void *ud, const mvr_user *u)
{
  struct list_ctx *l = ud;

  if (l->json) {
    fputs(l->n ? ",\n  {\"login\": " : "\n  {\"login\": ", stdout);
    cli_json_string(stdout, u->login);
    fputs(", \"name\": ", stdout);
    cli_json_string(stdout, u->name);
    printf(", \"role\": \"%s\", \"org\": ", mvr_role_name(u->role));
    if (*u->org)
      cli_json_string(stdout, u->org);
    else
      fputs("null", stdout);
    printf(", \"disabled\": %s, \"sessions\": %ld, \"tokens\": %ld,"
           " \"created_at\": ",
           u->disabled ? "true" : "false", u->sessions, u->tokens);
    cli_json_string(stdout, u->created_at);
    fputc('}', stdout);
  } else {
    if (!l->n)
      printf("%-20s  %-11s  %-8s  %-20s  %s\n", "Login", "Role", "State",
             "Name", "Organisation");
    printf("%-20s  %-11s  %-8s  %-20s  %s\n", u->login,
           mvr_role_name(u->role), u->disabled ? "disabled" : "active",
           u->name, u->org);
  }
  l->n++;
  return MVR_OK;
}

static int list(cli *c, const char *format)
{
  struct list_ctx l = {strcmp(format, "json") == 0, 0};
  mvr_db *db = cli_open(c, 0, 1);
  mvr_status rc;

  if (!db)
    return EXIT_DATA;
  if (l.json)
    fputs("{\"users\": [", stdout);
  rc = mvr_user_list(db, list_one, &l);
  if (l.json)
    fputs(l.n ? "\n]}\n" : "]}\n", stdout);
  if (rc)
    return fail(c, db, rc);
  if (!l.n && !l.json)
    fputs("no users yet ('mvroad user add LOGIN --role ROLE')\n", stderr);
  mvr_db_close(db);
  return EXIT_OK;
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"role", required_argument, NULL, OPT_ROLE},
      {"org", required_argument, NULL, OPT_ORG},
      {"name", required_argument, NULL, OPT_NAME},
      {"format", required_argument, NULL, 'f'},
      {NULL, 0, NULL, 0}};
  const char *role = NULL, *org = NULL, *name = NULL, *format = NULL;
  const char *action;
  int opt;

  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    if (opt == OPT_ROLE)
      role = optarg;
    else if (opt == OPT_ORG)
      org = optarg;
    else if (opt == OPT_NAME)
      name = optarg;
    else if (opt == 'f')
      format = optarg;
    else if (opt == OPT_HELP || opt == 'h')
      return cli_help(&cmd_user);
    else
      return cli_usage_error(c, &cmd_user, "unknown option");
  }
  if (optind >= argc)
    return cli_usage_error(c, &cmd_user,
                           "say add, passwd, list, disable or enable");
  action = argv[optind++];
  if (strcmp(action, "list") == 0) {
    if (role || org || name)
      return cli_usage_error(c, &cmd_user, "--role, --org and --name are "
                                           "for 'user add'");
    if (optind < argc)
      return cli_usage_error(c, &cmd_user, "unexpected argument '%s'",
                             argv[optind]);
    if (!format)
      format = "text";
    if (cli_format(c, &cmd_user, format, "text|json"))
      return EXIT_USAGE;
    return list(c, format);
  }
  if (format)
    return cli_usage_error(c, &cmd_user, "--format is for 'user list'");
  if (optind + 1 != argc)
    return cli_usage_error(c, &cmd_user, "give one LOGIN");
  if (strcmp(action, "add") == 0) {
    if (!role)
      return cli_usage_error(c, &cmd_user, "'user add' needs --role");
    return add(c, argv[optind], role, org, name);
  }
  if (role || org || name)
    return cli_usage_error(c, &cmd_user,
                           "--role, --org and --name are for 'user add'");
  if (strcmp(action, "passwd") == 0)
    return passwd(c, argv[optind]);
  if (strcmp(action, "disable") == 0)
    return disable(c, argv[optind], 1);
  if (strcmp(action, "enable") == 0)
    return disable(c, argv[optind], 0);
  return cli_usage_error(c, &cmd_user,
                         "unknown action '%s' (use add, passwd, list, "
                         "disable or enable)",
                         action);
}
