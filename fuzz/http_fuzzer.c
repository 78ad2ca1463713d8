/* http_fuzzer.c - the whole server over a socket: libmicrohttpd's request
 * parsing, our routing, query decoding, cookies and credentials, the form
 * decoder (application/x-www-form-urlencoded and multipart/form-data
 * through MHD_PostProcessor), CSRF and Origin checks, body limits and the
 * submission upload path (CSV/JSON/DOCX/XLSX bodies into proposals).
 *
 * The input is a raw HTTP/1.1 request. Before it is sent, three
 * placeholders are replaced, so that mutated inputs get past the doors
 * and reach the code behind them: "@TOKEN@" by a liaison
 * representative's API token, "@COOKIE@" by the name=value of a signed-in
 * editor's session, "@CSRF@" by that session's CSRF token. "@HOST@" is
 * the server's host:port (for Origin headers).
 *
 * The server (server_run(), exactly what `mvroad serve` runs) serves a
 * register on disk with the bundled examples, in a thread of this process,
 * on 127.0.0.1 and a free port; each input is one connection: the request
 * is written, the first answer read whole (or nothing, if none starts
 * within 0.3 s: the server waits for the rest of a truncated request). A
 * crash, a sanitizer report or a hang in the server is the fuzzer's. The
 * answer itself is checked lightly: it must start with an HTTP status
 * line, and never 500 (an internal error is a bug: the server answers bad
 * input with 4xx). */
#define _GNU_SOURCE /* strcasestr */
#include "server.h"

#include "mvroad.h"
#include "mvroad/auth.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char dbpath[128];
static char listen_at[64];
static char host[64];
static unsigned short port;
static char api_token[MVR_TOKEN_SIZE];
static char cookie[MVR_TOKEN_SIZE + 32];
static char csrf[MVR_CSRF_SIZE];
static pthread_t server_thread;
static int started;

static const char examples[] =
    "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
    "ITU-T SG16,H.266,Recommendation,Versatile video coding,Published,"
    "Enabling Technology,Video coding.\n"
    "JTC 1/SC 29,ISO/IEC 23090-3,Standard,Versatile video coding,"
    "Published,Enabling Technology,The twin text of H.266.\n"
    "W3C,WebXR Device API,Standard,WebXR Device API,Under development,"
    "Enabling Technology; Interoperability,Access to XR devices.\n"
    "IEEE,IEEE 2888.1,Standard,Specification of sensor interface for "
    "cyber and physical world,Published,Interoperability,Sensors.\n";

/* A pending proposal (so that /review has one to decide) */
static const char proposal[] =
    "SDO / Org.,Reference,Type,Title,Status,Category,Summary\n"
    "W3C,WebXR Device API,Standard,WebXR Device API,Published,"
    "Enabling Technology,Now a Recommendation.\n";

static void die(const char *what)
{
  fprintf(stderr, "http_fuzzer: %s\n", what);
  abort();
}

static void *serve(void *arg)
{
  server_config c;

  (void)arg;
  server_config_init(&c);
  c.db_path = dbpath;
  c.listen = listen_at;
  c.threads = 2;
  c.timeout = 2;
  c.access_log = 0;
  c.cache = 0; /* every request through the real path */
  /* one client sends every input: its connections must not hit the
   * per-address limit meant for the public */
  c.per_ip_limit = 1000;
  c.connection_limit = 1000;
  if (server_run(&c) != 0)
    die("the server does not start");
  return NULL;
}

static int connect_server(void)
{
  struct sockaddr_in a;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return -1;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void stop_server(void)
{
  if (!started)
    return;
  /* the server thread waits for SIGTERM with sigwait() */
  pthread_kill(server_thread, SIGTERM);
  pthread_join(server_thread, NULL);
  started = 0;
  unlink(dbpath);
  {
    char p[160];
    snprintf(p, sizeof p, "%s-wal", dbpath);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath);
    unlink(p);
  }
  rmdir(dir);
}

/* A free port: bind to port 0 and let it go (a race with other programs
 * is harmless here: the start fails loudly). */
static unsigned short free_port(void)
{
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  int fd = socket(AF_INET, SOCK_STREAM, 0);

  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
      getsockname(fd, (struct sockaddr *)&a, &len) != 0)
    die("no free port");
  close(fd);
  return ntohs(a.sin_port);
}

static void start(void)
{
  mvr_db *db = NULL;
  mvr_principal who;
  char err[256], session[MVR_TOKEN_SIZE];
  long retry = 0;
  int i, fd;

  setenv("MVROAD_PWHASH_FAST", "1", 1); /* test-only hashing cost */
  snprintf(dir, sizeof dir, "/tmp/mvroad-http-fuzz-XXXXXX");
  if (!mkdtemp(dir))
    die("mkdtemp");
  snprintf(dbpath, sizeof dbpath, "%s/r.db", dir);
  if (mvr_db_open(dbpath, MVR_OPEN_CREATE, &db, err, sizeof err) != MVR_OK)
    die(err);
  if (mvr_import_mem(db, NULL, "examples.csv", examples, sizeof examples - 1,
                     NULL, NULL, NULL) != MVR_OK ||
      mvr_user_add(db, "la", "Liaison A", MVR_ROLE_LIAISON, "JTC 1/SC 29",
                   "la-password") != MVR_OK ||
      mvr_user_add(db, "ed", "Editor", MVR_ROLE_EDITOR, NULL,
                   "ed-password") != MVR_OK ||
      mvr_release_create(db, "R1", "2026-01-01", "first", NULL) != MVR_OK ||
      mvr_import_mem(db, NULL, "proposal.csv", proposal, sizeof proposal - 1,
                     &(mvr_import_opts){.flags = MVR_IMPORT_PROPOSE}, NULL,
                     NULL) != MVR_OK ||
      mvr_release_create(db, "R2", "2026-06-01", "second", NULL) != MVR_OK ||
      mvr_token_create(db, "la", "fuzz", api_token, NULL) != MVR_OK ||
      mvr_login(db, "ed", "ed-password", NULL, NULL, session, &who, &retry) !=
          MVR_OK)
    die(mvr_db_errmsg(db));
  mvr_db_close(db);
  snprintf(cookie, sizeof cookie, "mvr_session=%s", session);
  snprintf(csrf, sizeof csrf, "%s", who.csrf);

  port = free_port();
  snprintf(listen_at, sizeof listen_at, "127.0.0.1:%u", (unsigned)port);
  snprintf(host, sizeof host, "127.0.0.1:%u", (unsigned)port);
  {
    /* the server thread must block SIGTERM/SIGINT before it starts, like
     * `mvroad serve`'s main thread; the fuzzer's thread keeps them */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    if (pthread_create(&server_thread, NULL, serve, NULL) != 0)
      die("pthread_create");
    pthread_sigmask(SIG_SETMASK, &old, NULL);
  }
  started = 1;
  atexit(stop_server);
  for (i = 0; i < 400; i++) {
    fd = connect_server();
    if (fd >= 0) {
      close(fd);
      return;
    }
    nanosleep(&(struct timespec){0, 10000000}, NULL);
  }
  die("the server does not answer");
}

/* Where we are in reading an answer: its header (kept, up to 64 KiB),
 * then a body of Content-Length bytes or chunks up to the last one. */
typedef struct answer {
  char head[65536];
  size_t hlen;
  int in_body, chunked, status;
  long long left;    /* Content-Length bytes still to come; -1 unknown */
  char tail[5];      /* the last bytes of a chunked body */
} answer;

/* Feed received bytes; returns 1 when the first final answer is whole. */
static int answer_feed(answer *a, const char *p, size_t n, int head)
{
  while (n) {
    if (!a->in_body) {
      char *end;
      size_t k = n < sizeof a->head - 1 - a->hlen ? n
                                                  : sizeof a->head - 1 - a->hlen;
      const char *cl;
      if (!k)
        return 1; /* a header over 64 KiB: not ours to judge */
      memcpy(a->head + a->hlen, p, k);
      a->hlen += k;
      a->head[a->hlen] = '\0';
      end = strstr(a->head, "\r\n\r\n");
      if (!end) {
        p += k;
        n -= k;
        continue;
      }
      /* the bytes after the header are the body's */
      {
        size_t used = (size_t)(end + 4 - a->head) - (a->hlen - k);
        p += used;
        n -= used;
      }
      a->status = strncmp(a->head, "HTTP/1.", 7) == 0 ? atoi(a->head + 9) : 0;
      if (a->status >= 100 && a->status < 200) {
        a->hlen = 0; /* 100 Continue: the real answer follows */
        continue;
      }
      if (head || a->status == 204 || a->status == 304)
        return 1;
      a->in_body = 1;
      a->left = -1;
      cl = strcasestr(a->head, "\r\nContent-Length:");
      if (cl)
        a->left = atoll(cl + 17);
      a->chunked = strcasestr(a->head, "\r\nTransfer-Encoding: chunked") != NULL;
      if (a->left == 0)
        return 1;
      continue;
    }
    if (a->left >= 0) {
      if ((long long)n >= a->left)
        return 1;
      a->left -= (long long)n;
      return 0;
    }
    if (a->chunked) {
      size_t i;
      for (i = 0; i < n; i++) {
        memmove(a->tail, a->tail + 1, sizeof a->tail - 1);
        a->tail[sizeof a->tail - 1] = p[i];
        if (memcmp(a->tail, "0\r\n\r\n", 5) == 0)
          return 1;
      }
    }
    return 0; /* until the server closes */
  }
  return 0;
}

/* The request with the placeholders filled in. */
static char *expand(const uint8_t *data, size_t size, size_t *outlen)
{
  static const char *const names[] = {"@TOKEN@", "@COOKIE@", "@CSRF@",
                                      "@HOST@"};
  const char *values[] = {api_token, cookie, csrf, host};
  size_t cap = size + 1, len = 0, i, k;
  char *out;

  for (i = 0; i < size; i++)
    if (data[i] == '@')
      cap += sizeof cookie; /* the longest value */
  out = malloc(cap);
  if (!out)
    return NULL;
  for (i = 0; i < size;) {
    int hit = 0;
    if (data[i] == '@')
      for (k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k]);
        if (size - i >= n && memcmp(data + i, names[k], n) == 0) {
          size_t m = strlen(values[k]);
          memcpy(out + len, values[k], m);
          len += m;
          i += n;
          hit = 1;
          break;
        }
      }
    if (!hit)
      out[len++] = (char)data[i++];
  }
  *outlen = len;
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *req;
  size_t len, sent = 0;
  struct pollfd p;
  struct timespec t0, t1;
  answer ans;
  int fd, done = 0,
          head = size >= 5 && memcmp(data, "HEAD ", 5) == 0;

  if (size > 256 * 1024)
    return 0;
  if (!started)
    start();
  req = expand(data, size, &len);
  if (!req)
    return 0;
  for (int tries = 0; (fd = connect_server()) < 0; tries++) {
    if (tries == 100)
      die("the server stopped accepting connections for 1 s");
    nanosleep(&(struct timespec){0, 10000000}, NULL);
  }
  while (sent < len) {
    ssize_t n = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
    if (n <= 0)
      break; /* the server may close early (413, 400): fine */
    sent += (size_t)n;
  }
  shutdown(fd, SHUT_WR);
  free(req);
  memset(&ans, 0, sizeof ans);
  /* read the first answer whole: the server keeps a connection open after
   * answering (HTTP/1.1), so stop at the end of the answer's body */
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p.fd = fd;
  p.events = POLLIN;
  while (!done) {
    char buf[16384];
    ssize_t n;
    int rc = poll(&p, 1, 100);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (t1.tv_sec - t0.tv_sec > 10)
      die("an answer unfinished after 10 s: the server hangs");
    /* no answer yet: most often a request the server still waits the
     * rest of (a Content-Length longer than the body; it notices the
     * half-close only at its timeout); move on */
    if (!ans.hlen && (t1.tv_sec - t0.tv_sec) * 1000 +
                             (t1.tv_nsec - t0.tv_nsec) / 1000000 >
                         300)
      break;
    if (rc < 0 && errno != EINTR)
      break;
    if (rc <= 0)
      continue;
    n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0)
      break;
    if (getenv("MVR_FUZZ_SHOW") && atoi(getenv("MVR_FUZZ_SHOW")) > 1)
      fwrite(buf, 1, (size_t)n, stderr);
    done = answer_feed(&ans, buf, (size_t)n, head);
  }
  /* reset, not a half-close the server may only notice at its timeout:
   * connections must not pile up there */
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &(struct linger){1, 0},
             sizeof(struct linger));
  close(fd);
  if (getenv("MVR_FUZZ_SHOW")) /* seeing what a seed reaches */
    fprintf(stderr, "http_fuzzer: answer %d\n", ans.status);
  if (ans.status == 500)
    die("500 Internal Server Error: bad input must get a 4xx");
  return 0;
}
