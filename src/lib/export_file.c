/* export_file.c - mvr_export_file(): the roadmap written to a file in any
 * format: Word and Excel through their writers (export_docx.c,
 * export_xlsx.c), the text formats through mvr_export() into a file that
 * replaces the old one only when complete. */
#include <string.h>

#include "export_office.h"
#include "outfile.h"

static mvr_status write_stream(void *ud, const char *p, size_t n)
{
  return fwrite(p, 1, n, (FILE *)ud) == n ? MVR_OK : MVR_ERR_IO;
}

static mvr_status export_text(mvr_db *db, const mvr_query *q,
                              const char *format, const char *path)
{
  mvr_outfile o;
  mvr_status rc;
  char err[512] = "";

  rc = mvr_outfile_open(&o, path, 1, err, sizeof err);
  if (rc)
    return rc == MVR_ERR_IO ? mvr_db_fail(db, rc, "%s", err) : rc;
  rc = mvr_export(db, q, format, write_stream, o.f);
  if (rc == MVR_ERR_IO)
    mvr_db_fail(db, rc, "%s: write error", path);
  if (rc) {
    mvr_outfile_abort(&o);
    return rc;
  }
  rc = mvr_outfile_commit(&o, path, err, sizeof err);
  return rc ? mvr_db_fail(db, rc, "%s", err) : MVR_OK;
}

mvr_status mvr_export_file(mvr_db *db, const mvr_query *q, const char *format,
                           const char *path)
{
  if (!db || !format || !path || !*path)
    return MVR_ERR_ARG;
  if (strcmp(format, "docx") == 0)
    return mvr_export_docx(db, q, path);
  if (strcmp(format, "xlsx") == 0)
    return mvr_export_xlsx(db, q, path);
  if (strcmp(format, "json") == 0 || strcmp(format, "csv") == 0 ||
      strcmp(format, "md") == 0 || strcmp(format, "markdown") == 0)
    return export_text(db, q, format, path);
  return mvr_db_fail(db, MVR_ERR_FORMAT,
                     "unknown export format \"%s\"; use json, csv, md, docx "
                     "or xlsx",
                     format);
}
