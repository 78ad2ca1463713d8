/* server.c - the libmicrohttpd daemon behind `mvroad serve`: epoll with a
 * thread pool, explicit connection limits and timeouts (SECURITY.md 3.2),
 * one read-only database connection per worker thread, the request
 * lifecycle (context allocated on the first callback, freed in the
 * completion callback), the access log, and a graceful stop on SIGTERM or
 * SIGINT. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "cache.h"
#include "mvroad.h"
#include "request.h"
#include "router.h"

/* How long a stop waits for the requests in flight. */
#define DRAIN_SECONDS 10

struct server {
  server_config cfg;
  struct MHD_Daemon *daemon;
  pthread_key_t db_key; /* this thread's mvr_db */
  pthread_key_t rw_key; /* this thread's read-write mvr_db (issue 5) */
  pthread_mutex_t lock; /* guards dbs */
  mvr_db **dbs;         /* every connection opened, closed at stop */
  size_t ndbs, capdbs;
  struct cache *cache;  /* NULL with --no-cache */
  atomic_long inflight; /* requests between first and last callback */
  atomic_ulong served;
};

void server_config_init(server_config *c)
{
  memset(c, 0, sizeof *c);
  c->listen = "127.0.0.1:8080";
  c->timeout = 20;
  c->connection_limit = 512;
  c->per_ip_limit = 16;
  c->memory_limit = 32 * 1024;
  c->access_log = 1;
  c->cache = 1;
}

struct cache *req_cache(req *r)
{
  return r->srv->cache;
}

void server_print_routes(FILE *f)
{
  router_print(f);
}

/* ---- Database connections, one per worker thread ------------------- */

/* Open a read-only connection with the configured profile. */
static mvr_db *open_db(const server_config *cfg, unsigned flags, char *err,
                       size_t errlen)
{
  mvr_db *db = NULL;
  mvr_profile *p = NULL;
  mvr_status rc;

  rc = mvr_db_open(cfg->db_path, flags, &db, err, errlen);
  if (rc)
    goto out;
  if (cfg->profile) {
    rc = mvr_profile_load_file(cfg->profile, NULL, &p);
    if (rc) {
      snprintf(err, errlen, "%s: cannot use this profile: %s", cfg->profile,
               mvr_status_str(rc));
      goto out;
    }
    mvr_db_set_profile(db, p);
  }
out:
  if (rc) {
    mvr_db_close(db);
    db = NULL;
  }
  return db;
}

/* This thread's connection under `key`, opened with `flags` on first
 * use and remembered for closing at stop. */
static mvr_db *thread_db(req *r, pthread_key_t key, unsigned flags)
{
  server *s = r->srv;
  mvr_db *db = pthread_getspecific(key);
  char err[512], shown[1024];

  if (db)
    return db;
  db = open_db(&s->cfg, flags, err, sizeof err);
  if (!db) {
    fprintf(stderr, "mvroad: cannot open %s: %s\n",
            mvr_db_display(s->cfg.db_path, shown, sizeof shown), err);
    return NULL;
  }
  pthread_mutex_lock(&s->lock);
  if (s->ndbs == s->capdbs) {
    size_t cap = s->capdbs ? s->capdbs * 2 : 8;
    mvr_db **p = realloc(s->dbs, cap * sizeof *p);
    if (p) {
      s->dbs = p;
      s->capdbs = cap;
    }
  }
  if (s->ndbs < s->capdbs)
    s->dbs[s->ndbs++] = db;
  else {
    mvr_db_close(db);
    db = NULL;
  }
  pthread_mutex_unlock(&s->lock);
  if (db)
    pthread_setspecific(key, db);
  return db;
}

mvr_db *req_db(req *r)
{
  return thread_db(r, r->srv->db_key, MVR_OPEN_READONLY);
}

mvr_db *req_db_rw(req *r)
{
  return thread_db(r, r->srv->rw_key, 0);
}

int req_tls(const req *r)
{
  return r->srv->cfg.tls_proxy;
}

void req_client_addr(const req *r, char *buf, size_t size)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  const struct sockaddr *sa = ci ? ci->client_addr : NULL;

  buf[0] = '\0';
  if (!sa)
    return;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
              buf, (socklen_t)size);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6,
              &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
              (socklen_t)size);
}

/* ---- The access log ----------------------------------------------------- */

/* Append `s` to the line with quotes, backslashes, control and non-ASCII
 * bytes as \xHH, so that a request cannot forge log lines. */
static size_t log_escape(char *out, size_t o, size_t cap, const char *s,
                         size_t len)
{
  static const char hex[] = "0123456789abcdef";
  size_t i;

  for (i = 0; i < len && o + 5 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = hex[c >> 4];
      out[o++] = hex[c & 15];
    } else {
      out[o++] = (char)c;
    }
  }
  return o;
}

/* The UTC time of the log line, "YYYY-MM-DDTHH:MM:SSZ": formatted once a
 * second per thread, not once a request. */
static const char *log_time(void)
{
  static _Thread_local time_t last = (time_t)-1;
  static _Thread_local char when[32];
  time_t t = time(NULL);
  struct tm tm;

  if (t != last) {
    gmtime_r(&t, &tm);
    if (!strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
      when[0] = '\0';
    last = t;
  }
  return when;
}

/* Append `v` in decimal at out + o; returns the new length. */
static size_t put_uint(char *out, size_t o, unsigned long long v)
{
  char num[24];
  size_t n = 0;

  do {
    num[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n)
    out[o++] = num[--n];
  return o;
}

/* One line: ADDRESS [TIME] "METHOD TARGET" STATUS BYTES MILLISECONDS. */
static void access_log(const req *r, enum MHD_RequestTerminationCode toe)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char addr[INET6_ADDRSTRLEN] = "-", line[1024];
  const char *when = log_time(), *tail;
  struct timespec now;
  long long ns;
  unsigned long long tenths;
  size_t o, n;

  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET,
                &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                sizeof addr);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6,
                &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                addr, sizeof addr);
  }
  clock_gettime(CLOCK_MONOTONIC, &now);
  ns = (long long)(now.tv_sec - r->t0.tv_sec) * 1000000000LL +
       (now.tv_nsec - r->t0.tv_nsec);
  tenths = ns > 0 ? ((unsigned long long)ns + 50000) / 100000 : 0;
  /* the address (at most 45 bytes) and the time (20) fit: no check */
  o = 0;
  n = strlen(addr);
  memcpy(line, addr, n);
  o += n;
  memcpy(line + o, " [", 2);
  o += 2;
  n = strlen(when);
  memcpy(line + o, when, n);
  o += n;
  memcpy(line + o, "] \"", 3);
  o += 3;
  o = log_escape(line, o, 40 + o, r->method ? r->method : "-",
                 r->method ? strlen(r->method) : 1);
  line[o++] = ' ';
  /* leaves at least 80 bytes for the rest, which needs at most 75 */
  o = log_escape(line, o, sizeof line - 80, r->uri, r->urilen);
  if (r->uri_too_long) {
    memcpy(line + o, "...", 3);
    o += 3;
  }
  memcpy(line + o, "\" ", 2);
  o += 2;
  o = put_uint(line, o, r->status);
  line[o++] = ' ';
  o = put_uint(line, o, r->bytes);
  line[o++] = ' ';
  o = put_uint(line, o, tenths / 10);
  line[o++] = '.';
  line[o++] = (char)('0' + tenths % 10);
  memcpy(line + o, "ms", 2);
  o += 2;
  tail = r->cached ? " cached" : "";
  n = strlen(tail);
  memcpy(line + o, tail, n);
  o += n;
  tail = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (closed)";
  n = strlen(tail);
  memcpy(line + o, tail, n);
  o += n;
  line[o++] = '\n';
  /* one write(2): lines from several threads do not interleave */
  if (write(STDERR_FILENO, line, o) < 0) {
    /* nothing to do: the log is best effort */
  }
}

/* ---- The request lifecycle ------------------------------------------- */

/* libmicrohttpd's first callback for a request, with the raw target:
 * allocate the context (freed in on_completed). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
  server *s = cls;
  size_t len = strlen(uri);
  req *r = calloc(1, sizeof *r);

  if (!r)
    return NULL;
  clock_gettime(CLOCK_MONOTONIC, &r->t0);
  r->srv = s;
  r->conn = conn;
  r->role = ROLE_ANONYMOUS;
  if (len > REQ_MAX_URI) {
    len = REQ_MAX_URI;
    r->uri_too_long = 1;
  }
  r->uri = malloc(len + 1);
  if (!r->uri) {
    free(r);
    return NULL;
  }
  memcpy(r->uri, uri, len);
  r->uri[len] = '\0';
  r->urilen = len;
  atomic_fetch_add(&s->inflight, 1);
  return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
  req *r = *req_cls;

  if (!r)
    return MHD_NO; /* out of memory in on_uri: close the connection */
  if (!r->started) {
    r->started = 1;
    r->method = method;
    /* Answering on this first call would close the connection after the
     * response (libmicrohttpd cannot know the request is complete), so
     * wait for the next call unless there is a body: that one is refused
     * at once, and its connection closed with it. */
    if (!req_has_body(r))
      return MHD_YES;
    /* a route that takes a body gets ready for it; others refuse it */
    return router_body_begin(r);
  }
  if (r->answered) {
    /* a body arriving after the refusal: drop it */
    *upload_size = 0;
    return MHD_YES;
  }
  if (*upload_size) {
    router_body_chunk(r, upload, *upload_size);
    *upload_size = 0;
    return MHD_YES;
  }
  if (r->pp)
    auth_form_end(r);
  return router_dispatch(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
  server *s = cls;
  req *r = *req_cls;

  if (!r)
    return;
  if (s->cfg.access_log)
    access_log(r, toe);
  atomic_fetch_add(&s->served, 1);
  atomic_fetch_sub(&s->inflight, 1);
  auth_req_free(r);
  free(r->pool);
  free(r->uri);
  free(r);
  *req_cls = NULL;
}

/* The router decodes paths itself (url.c); libmicrohttpd leaves them. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
  return strlen(s);
}

/* ---- Starting and stopping --------------------------------------------- */

/* "HOST:PORT" or "[V6]:PORT" to an address. Returns 0 or -1 (printed). */
static int resolve(const char *listen, struct addrinfo **out)
{
  char host[256];
  const char *colon = strrchr(listen, ':');
  const char *h = listen;
  size_t hlen;
  struct addrinfo hints;
  int rc;

  if (!colon || !colon[1]) {
    fprintf(stderr, "mvroad: --listen takes HOST:PORT, not '%s'\n", listen);
    return -1;
  }
  hlen = (size_t)(colon - listen);
  if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
    h++;
    hlen -= 2;
  }
  if (hlen >= sizeof host) {
    fprintf(stderr, "mvroad: --listen: host name too long\n");
    return -1;
  }
  memcpy(host, h, hlen);
  host[hlen] = '\0';
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  rc = getaddrinfo(hlen ? host : NULL, colon + 1, &hints, out);
  if (rc) {
    fprintf(stderr, "mvroad: --listen %s: %s\n", listen, gai_strerror(rc));
    return -1;
  }
  return 0;
}

static unsigned cores(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);

  return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

/* Wait for SIGTERM or SIGINT (blocked in every thread). */
static int wait_for_stop(const sigset_t *set)
{
  int sig = 0;

  while (sigwait(set, &sig) != 0)
    ;
  return sig;
}

int server_run(const server_config *cfg)
{
  server s;
  struct addrinfo *ai = NULL;
  sigset_t set;
  char err[512], shown[1024], host[INET6_ADDRSTRLEN + 1];
  const union MHD_DaemonInfo *info;
  unsigned threads = cfg->threads ? cfg->threads : cores();
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                   MHD_USE_ERROR_LOG | MHD_USE_ITC;
  mvr_db *probe;
  int rc = 1, sig, key_made = 0;
  size_t i;
  struct timespec tick = {0, 10 * 1000 * 1000};
  long waited;

  memset(&s, 0, sizeof s);
  s.cfg = *cfg;
  atomic_init(&s.inflight, 0);
  atomic_init(&s.served, 0);
  pthread_mutex_init(&s.lock, NULL);
  /* fail at start, not on the first request, if the register is unusable */
  /* read-write once: brings the schema up to date (accounts); a register
   * that cannot be written is served read-only, without sign-in */
  probe = open_db(cfg, 0, err, sizeof err);
  if (!probe) {
    probe = open_db(cfg, MVR_OPEN_READONLY, err, sizeof err);
    if (probe)
      fprintf(stderr, "mvroad: %s is read-only: signing in will fail\n",
              cfg->db_path);
  }
  if (!probe) {
    fprintf(stderr, "mvroad: cannot open %s: %s\n",
            mvr_db_display(cfg->db_path, shown, sizeof shown), err);
    goto out;
  }
  mvr_db_close(probe);
  if (cfg->cache && cache_new(cfg->db_path, &s.cache)) {
    fprintf(stderr, "mvroad: out of memory\n");
    goto out;
  }
  if (resolve(cfg->listen, &ai))
    goto out;
  if (ai->ai_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  if (pthread_key_create(&s.db_key, NULL) != 0)
    goto out;
  if (pthread_key_create(&s.rw_key, NULL) != 0) {
    pthread_key_delete(s.db_key);
    goto out;
  }
  key_made = 1;
  /* the workers inherit this mask: only sigwait() below sees the signals */
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  s.daemon = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, &s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
      MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
      cfg->timeout, MHD_OPTION_CONNECTION_LIMIT, cfg->connection_limit,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->memory_limit,
      MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_URI_LOG_CALLBACK, on_uri, &s,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
      MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
      MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, MHD_OPTION_END);
  if (!s.daemon) {
    fprintf(stderr, "mvroad: cannot listen on %s: %s\n", cfg->listen,
            errno ? strerror(errno) : "libmicrohttpd refused the settings");
    goto out;
  }
  info = MHD_get_daemon_info(s.daemon, MHD_DAEMON_INFO_BIND_PORT);
  if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, NULL, 0,
                  NI_NUMERICHOST) != 0)
    snprintf(host, sizeof host, "?");
  fprintf(stderr,
          "mvroad: serving %s at http://%s%s%s:%u/ (%u threads); stop with "
          "Ctrl-C or SIGTERM\n",
          mvr_db_display(cfg->db_path, shown, sizeof shown),
          ai->ai_family == AF_INET6 ? "[" : "", host,
          ai->ai_family == AF_INET6 ? "]" : "", info ? (unsigned)info->port : 0,
          threads);
  sig = wait_for_stop(&set);
  /* stop accepting, let the requests in flight finish, then stop */
  fprintf(stderr, "mvroad: %s: stopping\n",
          sig == SIGINT ? "interrupted" : "terminated");
  {
    MHD_socket ls = MHD_quiesce_daemon(s.daemon);
    if (ls != MHD_INVALID_SOCKET)
      close(ls);
  }
  for (waited = 0; atomic_load(&s.inflight) > 0 && waited < DRAIN_SECONDS * 100;
       waited++)
    nanosleep(&tick, NULL);
  MHD_stop_daemon(s.daemon);
  s.daemon = NULL;
  if (s.cache) {
    unsigned long hits, misses;
    cache_counts(s.cache, &hits, &misses);
    fprintf(stderr,
            "mvroad: stopped after %lu requests (cache: %lu hits, %lu "
            "misses)\n",
            (unsigned long)atomic_load(&s.served), hits, misses);
  } else {
    fprintf(stderr, "mvroad: stopped after %lu requests\n",
            (unsigned long)atomic_load(&s.served));
  }
  rc = 0;
out:
  for (i = 0; i < s.ndbs; i++)
    mvr_db_close(s.dbs[i]);
  free(s.dbs);
  cache_free(s.cache);
  if (key_made) {
    pthread_key_delete(s.db_key);
    pthread_key_delete(s.rw_key);
  }
  if (ai)
    freeaddrinfo(ai);
  pthread_mutex_destroy(&s.lock);
  return rc;
}
