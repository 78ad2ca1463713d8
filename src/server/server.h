/* server.h - `mvroad serve`: the web register over HTTP. The command
 * line (src/cli/cmd_serve.c) fills a server_config and calls server_run();
 * everything else of the server is private to src/server/. Like the CLI,
 * the server is a client of include/mvroad.h only. */
#ifndef MVROAD_SERVER_H
#define MVROAD_SERVER_H

#include <stddef.h>
#include <stdio.h>

typedef struct server_config {
  const char *db_path;       /* the register, opened read-only */
  const char *profile;       /* vocabularies file, or NULL (built-in) */
  const char *listen;        /* "127.0.0.1:8080", "[::1]:8080"; port 0
                                picks a free port (printed at start) */
  unsigned threads;          /* worker threads; 0 = one per core */
  unsigned timeout;          /* idle connection timeout, seconds */
  unsigned connection_limit; /* open connections in all */
  unsigned per_ip_limit;     /* open connections from one address */
  size_t memory_limit;       /* bytes per connection (request line,
                                headers, buffers) */
  int access_log;            /* one line per request to stderr */
  int cache;                 /* keep public answers (cache.h) */
  int tls_proxy;             /* behind a TLS proxy: Secure cookies with the
                                __Host- prefix, https origin */
} server_config;

/* The defaults: 127.0.0.1:8080, a thread per core, 20 s timeout, 512
 * connections, 16 per address, 32 KiB per connection, access log and answer
 * cache on. */
void server_config_init(server_config *c);

/* Serve until SIGTERM or SIGINT, then stop accepting, let the requests in
 * flight finish (at most 10 s), close the database connections and
 * return 0. Returns 1, after printing why to stderr, when the server
 * cannot start (bad address, database missing or unreadable). */
int server_run(const server_config *c);

/* Print the route table, one route a line: METHOD PATTERN ROLE. */
void server_print_routes(FILE *f);

#endif
