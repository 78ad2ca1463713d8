/* route_download.c - downloads of a view, whole (no row cap): CSV and
 * JSON through mvr_export() into memory, Excel and Word through
 * mvr_export_file() into a private temporary directory whose file is
 * unlinked as soon as it is open. All are sent as attachments. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "router.h"
#include "view.h"

/* What a download may hold in memory (CSV, JSON): far above the register's
 * size, it only stops a runaway. */
#define DOWNLOAD_MAX ((size_t)256 * 1024 * 1024)

static mvr_status to_sbuf(void *ud, const char *p, size_t n)
{
  sbuf *b = ud;

  sbuf_put(b, p, n);
  return sbuf_failed(b) ? MVR_ERR_NOMEM : MVR_OK;
}

/* "roadmap.EXT", or "roadmap-RELEASE.EXT" (sanitised when sent). */
static void file_name(char *out, size_t cap, const view *v, const char *ext)
{
  if (v->release)
    snprintf(out, cap, "roadmap-%.100s.%s", v->release, ext);
  else
    snprintf(out, cap, "roadmap.%s", ext);
}

static enum MHD_Result streamed(req *r, const char *format, const char *ctype)
{
  sbuf b = SBUF_INIT(DOWNLOAD_MAX);
  mvr_db *db = req_db(r);
  char name[160];
  mvr_query q;
  view v;
  mvr_status rc;
  enum MHD_Result ret;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  view_from_req(&v, r, "/entries");
  if (view_refuse(r, &v, db, &ret))
    return ret;
  view_query(&v, &q, 0);
  rc = mvr_export(db, &q, format, to_sbuf, &b);
  file_name(name, sizeof name, &v, format);
  ret = rc ? view_error(r, db, rc) : resp_download(r, ctype, name, &b);
  sbuf_free(&b);
  return ret;
}

enum MHD_Result route_download_csv(req *r)
{
  return streamed(r, "csv", "text/csv; charset=utf-8");
}

enum MHD_Result route_download_json(req *r)
{
  return streamed(r, "json", "application/json");
}

/* Export to a file in a new private directory, open it, and remove both:
 * the open descriptor is all that is left. Returns the descriptor or -1
 * (rc set). */
static int export_to_fd(mvr_db *db, const mvr_query *q, const char *format,
                        unsigned long long *size, mvr_status *rc)
{
  const char *tmp = getenv("TMPDIR");
  char dir[512], path[600];
  struct stat st;
  int fd = -1;

  *rc = MVR_ERR_IO;
  if (snprintf(dir, sizeof dir, "%s/mvroad-XXXXXX",
               tmp && *tmp ? tmp : "/tmp") >= (int)sizeof dir)
    return -1;
  if (!mkdtemp(dir))
    return -1;
  snprintf(path, sizeof path, "%s/roadmap.%s", dir, format);
  *rc = mvr_export_file(db, q, format, path);
  if (*rc == MVR_OK) {
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
      *rc = MVR_ERR_IO;
      if (fd >= 0)
        close(fd);
      fd = -1;
    } else {
      *size = (unsigned long long)st.st_size;
    }
  }
  unlink(path);
  rmdir(dir);
  return fd;
}

static enum MHD_Result office(req *r, const char *format, const char *ctype)
{
  mvr_db *db = req_db(r);
  unsigned long long size = 0;
  char name[160];
  mvr_query q;
  mvr_status rc;
  enum MHD_Result ret;
  view v;
  int fd;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  view_from_req(&v, r, "/entries");
  if (view_refuse(r, &v, db, &ret))
    return ret;
  view_query(&v, &q, 0);
  if (heavy_begin(r, &ret))
    return ret;
  fd = export_to_fd(db, &q, format, &size, &rc);
  heavy_end();
  if (fd < 0)
    return view_error(r, db, rc);
  file_name(name, sizeof name, &v, format);
  return resp_download_fd(r, ctype, name, fd, size);
}

enum MHD_Result route_download_xlsx(req *r)
{
  return office(r, "xlsx",
                "application/"
                "vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

enum MHD_Result route_download_docx(req *r)
{
  return office(r, "docx",
                "application/"
                "vnd.openxmlformats-officedocument.wordprocessingml.document");
}

/* GET /releases/{name}/roadmap.docx: the Word roadmap as release `name`
 * froze it (mvr_export_file with q.release); 404 for an unknown
 * release. */
enum MHD_Result route_release_docx(req *r)
{
  mvr_db *db = req_db(r);
  unsigned long long size = 0;
  mvr_releases *rels = NULL;
  char name[160];
  mvr_query q;
  mvr_status rc;
  enum MHD_Result ret;
  size_t i;
  int fd, found = 0;

  if (!db)
    return resp_error(r, 500, "internal", "The register is not available.");
  rc = mvr_release_list(db, &rels);
  if (rc)
    return resp_mvr_error(r, db, rc);
  for (i = 0; i < rels->n && !found; i++)
    found = strcmp(rels->items[i].name, r->arg) == 0;
  mvr_releases_free(rels);
  if (!found)
    return resp_error(r, 404, "not_found", "There is no release of that name.");
  memset(&q, 0, sizeof q);
  q.release = r->arg;
  if (heavy_begin(r, &ret))
    return ret;
  fd = export_to_fd(db, &q, "docx", &size, &rc);
  heavy_end();
  if (fd < 0)
    return resp_mvr_error(r, db, rc);
  snprintf(name, sizeof name, "roadmap-%.100s.docx", r->arg);
  return resp_download_fd(
      r,
      "application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.document",
      name, fd, size);
}
