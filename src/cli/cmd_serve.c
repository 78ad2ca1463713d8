/* cmd_serve.c - `mvroad serve`: the public register over HTTP (read-only:
 * pages, downloads and the JSON API). The server lives in src/server/;
 * this file only parses the options. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../server/server.h"
#include "cli.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_serve = {
    "serve", "serve the register as a web site and a JSON API",
    "Usage: mvroad [--db PATH] serve [--listen HOST:PORT] [OPTIONS]\n"
    "\n"
    "Serve the register read-only over HTTP: the overview, the entries with\n"
    "search and facets, every entry with its sources and history, the\n"
    "organisations and releases, downloads (CSV, JSON, Excel, Word) and the\n"
    "JSON API under /api/v1/ (described at /api/v1/openapi.json). Stop it\n"
    "with Ctrl-C or SIGTERM: requests in flight finish first. See\n"
    "docs/server.md.\n"
    "\n"
    "Options:\n"
    "  --listen HOST:PORT  where to listen (default 127.0.0.1:8080; port 0\n"
    "                      picks a free one; \"[::1]:8080\" for IPv6)\n"
    "  --threads N         worker threads (default: one per core)\n"
    "  --timeout S         close idle connections after S seconds (20)\n"
    "  --max-connections N open connections in all (512)\n"
    "  --max-per-ip N      open connections from one address (16)\n"
    "  --no-access-log     do not log each request to stderr\n"
    "  --no-cache          compute every answer (by default the public\n"
    "                      answers are kept up to 10 s, and dropped as soon\n"
    "                      as the database changes)\n"
    "  --tls-proxy         behind a TLS proxy: session cookies are Secure\n"
    "                      (__Host- prefix) and the origin is https\n"
    "  --routes            print the route table (method, path, role), "
    "exit\n"
    "\n"
    "Exit status: 0 stopped by a signal, 1 could not start, 2 wrong usage.\n",
    run};

enum {
  OPT_LISTEN = OPT_FIRST_OWN,
  OPT_THREADS,
  OPT_TIMEOUT,
  OPT_MAXCONN,
  OPT_PERIP,
  OPT_NOLOG,
  OPT_NOCACHE,
  OPT_ROUTES,
  OPT_TLS
};

/* A count from 1 to `max`. Returns 0 or -1. */
static int parse_count(const char *s, unsigned max, unsigned *out)
{
  char *end = NULL;
  long v = strtol(s, &end, 10);

  if (!*s || *end || v < 1 || (unsigned long)v > max)
    return -1;
  *out = (unsigned)v;
  return 0;
}

static int run(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
      CLI_COMMON_OPTIONS,
      {"listen", required_argument, NULL, OPT_LISTEN},
      {"threads", required_argument, NULL, OPT_THREADS},
      {"timeout", required_argument, NULL, OPT_TIMEOUT},
      {"max-connections", required_argument, NULL, OPT_MAXCONN},
      {"max-per-ip", required_argument, NULL, OPT_PERIP},
      {"no-access-log", no_argument, NULL, OPT_NOLOG},
      {"no-cache", no_argument, NULL, OPT_NOCACHE},
      {"tls-proxy", no_argument, NULL, OPT_TLS},
      {"routes", no_argument, NULL, OPT_ROUTES},
      {NULL, 0, NULL, 0}};
  server_config cfg;
  int opt;

  server_config_init(&cfg);
  while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    if (cli_common_option(c, opt, optarg))
      continue;
    switch (opt) {
    case OPT_LISTEN:
      cfg.listen = optarg;
      break;
    case OPT_THREADS:
      if (parse_count(optarg, 256, &cfg.threads))
        return cli_usage_error(c, &cmd_serve,
                               "--threads takes 1 to 256, not '%s'", optarg);
      break;
    case OPT_TIMEOUT:
      if (parse_count(optarg, 3600, &cfg.timeout))
        return cli_usage_error(c, &cmd_serve,
                               "--timeout takes 1 to 3600 seconds, not '%s'",
                               optarg);
      break;
    case OPT_MAXCONN:
      if (parse_count(optarg, 100000, &cfg.connection_limit))
        return cli_usage_error(c, &cmd_serve,
                               "--max-connections takes 1 to 100000, not "
                               "'%s'",
                               optarg);
      break;
    case OPT_PERIP:
      if (parse_count(optarg, 100000, &cfg.per_ip_limit))
        return cli_usage_error(
            c, &cmd_serve, "--max-per-ip takes 1 to 100000, not '%s'", optarg);
      break;
    case OPT_NOLOG:
      cfg.access_log = 0;
      break;
    case OPT_NOCACHE:
      cfg.cache = 0;
      break;
    case OPT_TLS:
      cfg.tls_proxy = 1;
      break;
    case OPT_ROUTES:
      server_print_routes(stdout);
      return EXIT_OK;
    case OPT_HELP:
    case 'h':
      return cli_help(&cmd_serve);
    default:
      return cli_usage_error(c, &cmd_serve, "unknown option");
    }
  }
  if (optind < argc)
    return cli_usage_error(c, &cmd_serve, "unexpected argument '%s'",
                           argv[optind]);
  if (access(c->db_path, F_OK) != 0 &&
      strncmp(c->db_path, "postgres", 8) != 0) { /* issue 8 */
    cli_error(c,
              "%s: no such database; run 'mvroad import FILE' first (or "
              "give --db PATH)",
              c->db_path);
    return EXIT_DATA;
  }
  cfg.db_path = c->db_path;
  cfg.profile = c->profile;
  return server_run(&cfg) ? EXIT_DATA : EXIT_OK;
}
