/* outfile.c - a new file that replaces the old one only when complete
 * (see outfile.h): mkstemp() beside the target, rename() over it. */
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

mvr_status mvr_outfile_open(mvr_outfile *o, const char *path, int stream,
                            char *err, size_t errlen)
{
  mvr_buf b = MVR_BUF_INIT(4096 + 64);
  struct stat st;
  mode_t mode = S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH;
  mvr_status rc = MVR_OK;
  int fd = -1;

  o->tmp = NULL;
  o->f = NULL;
  mvr_buf_puts(&b, path);
  mvr_buf_puts(&b, ".tmp-XXXXXX");
  rc = mvr_buf_status(&b);
  if (rc)
    goto out;
  o->tmp = mvr_buf_detach(&b);
  if (!o->tmp) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  fd = mkstemp(o->tmp);
  if (fd < 0) {
    snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
    mvr_free(o->tmp);
    o->tmp = NULL;
    rc = MVR_ERR_IO;
    goto out;
  }
  /* mkstemp() makes the file private; give it what it replaces */
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
    mode = st.st_mode & 0777;
  if (fchmod(fd, mode) != 0) {
    snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
    rc = MVR_ERR_IO;
    goto out;
  }
  if (stream) {
    o->f = fdopen(fd, "wb");
    if (!o->f) {
      snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
      rc = MVR_ERR_IO;
      goto out;
    }
    fd = -1; /* the stream owns it */
  }
out:
  if (fd >= 0)
    close(fd);
  if (rc)
    mvr_outfile_abort(o);
  mvr_buf_free(&b);
  return rc;
}

mvr_status mvr_outfile_commit(mvr_outfile *o, const char *path, char *err,
                              size_t errlen)
{
  mvr_status rc = MVR_OK;

  if (o->f) {
    int bad = ferror(o->f);
    if (fclose(o->f) != 0 || bad) {
      snprintf(err, errlen, "%s: write error: %s", path, strerror(errno));
      rc = MVR_ERR_IO;
    }
    o->f = NULL;
  }
  if (!rc && rename(o->tmp, path) != 0) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    rc = MVR_ERR_IO;
  }
  if (rc) {
    mvr_outfile_abort(o);
    return rc;
  }
  mvr_free(o->tmp);
  o->tmp = NULL;
  return MVR_OK;
}

void mvr_outfile_abort(mvr_outfile *o)
{
  if (o->f)
    fclose(o->f);
  o->f = NULL;
  if (o->tmp) {
    unlink(o->tmp);
    mvr_free(o->tmp);
  }
  o->tmp = NULL;
}
