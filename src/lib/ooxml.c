/* ooxml.c - the Office Open XML package (OPC): opening it, its content
 * types ([Content_Types].xml) and its relationships (the _rels parts),
 * which are the only way the readers find the parts they read; and
 * OOXML's escaped text (_xHHHH_). The zip container is checked in
 * ooxml_zip.c, and parts are read as XML streams by ooxml_xml.c. See
 * ooxml.h for the guarantees. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ooxml_int.h"
#include "util.h"

#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL_CT "application/vnd.openxmlformats-package.relationships+xml"

/* --- errors ----------------------------------------------------------- */

void mvr_ooxml_fail(mvr_ooxml *pkg, const char *code, const char *fmt, ...)
{
  char msg[512];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  pkg->failed = 1;
  if (pkg->errfn)
    pkg->errfn(pkg->errud, code, msg);
}

/* --- content types ------------------------------------------------------ */

static const char *const ct_names[] = {"Default", "Override", NULL};
static const char *const ct_ns[] = {CT_NS, NULL};

static mvr_status read_content_types(mvr_ooxml *pkg)
{
  mvr_buf a = MVR_BUF_INIT(4096), b = MVR_BUF_INIT(4096);
  mvr_xml *x = NULL;
  mvr_xml_event ev;
  mvr_status rc;
  size_t i = 0;

  if (!mvr_ooxml_entry(pkg, "[Content_Types].xml", &i)) {
    const zentry *m = mvr_ooxml_entry(pkg, "mimetype", &i);
    static const char odf[] = "application/vnd.oasis.opendocument";
    if (m && m->method == 0 && m->usize >= sizeof odf - 1 &&
        memcmp(mvr_ooxml_stored(pkg, m), odf, sizeof odf - 1) == 0)
      mvr_ooxml_fail(pkg, "package",
                     "the file is an OpenDocument file (LibreOffice); save "
                     "it in Office Open XML format (.docx or .xlsx)");
    else
      mvr_ooxml_fail(pkg, "package",
                     "the zip archive is not an Office Open XML package "
                     "([Content_Types].xml is missing)");
    return MVR_ERR_DATA;
  }
  rc = mvr_ooxml_xml_open(pkg, "/[Content_Types].xml", ct_ns, ct_names, &x);
  while (!rc) {
    rc = mvr_xml_next(x, &ev);
    if (rc || ev == MVR_XML_EOF)
      break;
    if (ev != MVR_XML_START || mvr_xml_elem(x) < 0)
      continue;
    if (pkg->nct == MVR_OOXML_MAX_PARTS * 2) {
      mvr_ooxml_fail(pkg, "limit",
                     "[Content_Types].xml lists more than %d types",
                     MVR_OOXML_MAX_PARTS * 2);
      rc = MVR_ERR_TOOBIG;
      break;
    }
    if (!mvr_xml_attr(x, MVR_XML_UNQUALIFIED,
                      mvr_xml_elem(x) ? "PartName" : "Extension", &a) ||
        !mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "ContentType", &b))
      continue;
    if (pkg->nct == pkg->capct) {
      size_t cap = pkg->capct ? pkg->capct * 2 : 32;
      ctype *p = mvr_realloc(pkg->ct, cap * sizeof *p);
      if (!p) {
        rc = MVR_ERR_NOMEM;
        break;
      }
      pkg->ct = p;
      pkg->capct = cap;
    }
    pkg->ct[pkg->nct].is_override = mvr_xml_elem(x);
    pkg->ct[pkg->nct].key = pkg->strings.len;
    mvr_buf_put(&pkg->strings, mvr_buf_cstr(&a), a.len + 1);
    pkg->ct[pkg->nct].type = pkg->strings.len;
    mvr_buf_put(&pkg->strings, mvr_buf_cstr(&b), b.len + 1);
    pkg->nct++;
    rc = mvr_buf_status(&pkg->strings);
  }
  mvr_xml_close(x);
  mvr_buf_free(&a);
  mvr_buf_free(&b);
  return rc;
}

const char *mvr_ooxml_content_type(const mvr_ooxml *pkg, const char *part)
{
  const char *slash = strrchr(part, '/');
  const char *dot = strrchr(slash ? slash : part, '.');
  const char *s = pkg->strings.ptr;
  size_t i;

  if (!s)
    return NULL;
  for (i = 0; i < pkg->nct; i++)
    if (pkg->ct[i].is_override && mvr_strcaseeq(s + pkg->ct[i].key, part))
      return s + pkg->ct[i].type;
  for (i = 0; dot && i < pkg->nct; i++)
    if (!pkg->ct[i].is_override && mvr_strcaseeq(s + pkg->ct[i].key, dot + 1))
      return s + pkg->ct[i].type;
  return NULL;
}

const char *mvr_ooxml_kind(const char *ct)
{
  if (!ct)
    return "a package of unknown type";
  if (strncmp(ct, MVR_CT_WORD, strlen(MVR_CT_WORD)) == 0 ||
      strncmp(ct, "application/vnd.ms-word.", 24) == 0)
    return "a Word document";
  if (strstr(ct, ".sheet.binary") || strstr(ct, "ms-excel.sheet.binary"))
    return "a binary Excel workbook (.xlsb)";
  if (strncmp(ct, MVR_CT_SHEET, strlen(MVR_CT_SHEET)) == 0 ||
      strncmp(ct, "application/vnd.ms-excel.", 25) == 0)
    return "an Excel workbook";
  if (strstr(ct, "presentationml") || strstr(ct, "ms-powerpoint"))
    return "a PowerPoint presentation";
  return "a package of unknown type";
}

/* --- relationships ------------------------------------------------------ */

/* Resolve `target` against the folder of part `source` into `out` ("/a/b").
 * Returns 0 if it climbs out of the package. */
static int resolve(const char *source, const char *target, mvr_buf *out)
{
  const char *p = target, *slash;

  mvr_buf_reset(out);
  if (*p != '/' && source) {
    slash = strrchr(source, '/');
    if (slash)
      mvr_buf_put(out, source, (size_t)(slash - source));
  }
  while (*p) {
    size_t n;
    while (*p == '/')
      p++;
    n = strcspn(p, "/#?");
    if (n == 1 && p[0] == '.') {
      /* nothing */
    } else if (n == 2 && p[0] == '.' && p[1] == '.') {
      char *last = out->ptr ? strrchr(out->ptr, '/') : NULL;
      if (!last)
        return 0;
      mvr_buf_truncate(out, (size_t)(last - out->ptr));
    } else if (n) {
      mvr_buf_putc(out, '/');
      mvr_buf_put(out, p, n);
    }
    p += n;
    if (*p == '#' || *p == '?')
      break;
  }
  return out->len > 0;
}

static const char *const rel_names[] = {"Relationship", NULL};
static const char *const rel_ns[] = {REL_NS, NULL};

mvr_status mvr_ooxml_rels(mvr_ooxml *pkg, const char *source,
                          const mvr_ooxml_rel **rels, size_t *n)
{
  static const char *const bases[] = {
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
      "http://purl.oclc.org/ooxml/officeDocument/relationships/"};
  mvr_buf name = MVR_BUF_INIT(4096), id = MVR_BUF_INIT(4096),
          type = MVR_BUF_INIT(4096), target = MVR_BUF_INIT(4096),
          mode = MVR_BUF_INIT(64), full = MVR_BUF_INIT(8192);
  mvr_xml *x = NULL;
  mvr_xml_event ev;
  mvr_status rc = MVR_OK;
  size_t i = 0, k;
  const char *slash = source ? strrchr(source, '/') : NULL;

  *rels = NULL;
  *n = 0;
  pkg->nrels = 0;
  mvr_buf_reset(&pkg->relstr);
  /* "/word/document.xml" -> "/word/_rels/document.xml.rels" */
  if (slash) {
    mvr_buf_put(&name, source, (size_t)(slash - source) + 1);
    mvr_buf_printf(&name, "_rels/%s.rels", slash + 1);
  } else {
    mvr_buf_puts(&name, "/_rels/.rels");
  }
  rc = mvr_buf_status(&name);
  if (rc || !mvr_ooxml_entry(pkg, name.ptr, &i))
    goto out;
  if (!mvr_ooxml_content_type(pkg, name.ptr) ||
      strcmp(mvr_ooxml_content_type(pkg, name.ptr), REL_CT) != 0) {
    mvr_ooxml_fail(pkg, "package",
                   "the part %s is not declared as relationships in "
                   "[Content_Types].xml; the file is damaged",
                   name.ptr + 1);
    rc = MVR_ERR_DATA;
    goto out;
  }
  rc = mvr_ooxml_xml_open(pkg, name.ptr, rel_ns, rel_names, &x);
  while (!rc) {
    rc = mvr_xml_next(x, &ev);
    if (rc || ev == MVR_XML_EOF)
      break;
    if (ev != MVR_XML_START || mvr_xml_elem(x) != 0)
      continue;
    if (!mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "Id", &id) ||
        !mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "Type", &type) ||
        !mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "Target", &target))
      continue;
    if (mvr_xml_attr(x, MVR_XML_UNQUALIFIED, "TargetMode", &mode) &&
        mvr_strcaseeq(mvr_buf_cstr(&mode), "External"))
      continue;
    if (!resolve(source, mvr_buf_cstr(&target), &full) || mvr_buf_status(&full))
      continue;
    if (pkg->nrels == MVR_OOXML_MAX_PARTS * 2) {
      mvr_ooxml_fail(pkg, "limit", "%s lists more than %d relationships",
                     name.ptr + 1, MVR_OOXML_MAX_PARTS * 2);
      rc = MVR_ERR_TOOBIG;
      break;
    }
    if (pkg->nrels == pkg->caprels) {
      size_t cap = pkg->caprels ? pkg->caprels * 2 : 16;
      relrec *p = mvr_realloc(pkg->relrecs, cap * sizeof *p);
      mvr_ooxml_rel *q = mvr_realloc(pkg->rels, cap * sizeof *q);
      if (p)
        pkg->relrecs = p;
      if (q)
        pkg->rels = q;
      if (!p || !q) {
        rc = MVR_ERR_NOMEM;
        break;
      }
      pkg->caprels = cap;
    }
    /* keep the last segment of a known type URI */
    for (k = 0; k < MVR_ARRAY_SIZE(bases); k++)
      if (strncmp(mvr_buf_cstr(&type), bases[k], strlen(bases[k])) == 0)
        break;
    pkg->relrecs[pkg->nrels].id = pkg->relstr.len;
    mvr_buf_put(&pkg->relstr, mvr_buf_cstr(&id), id.len + 1);
    pkg->relrecs[pkg->nrels].type = pkg->relstr.len;
    if (k < MVR_ARRAY_SIZE(bases))
      mvr_buf_puts(&pkg->relstr, mvr_buf_cstr(&type) + strlen(bases[k]));
    else
      mvr_buf_puts(&pkg->relstr, mvr_buf_cstr(&type));
    mvr_buf_putc(&pkg->relstr, '\0');
    pkg->relrecs[pkg->nrels].target = pkg->relstr.len;
    mvr_buf_put(&pkg->relstr, full.ptr, full.len + 1);
    pkg->nrels++;
    rc = mvr_buf_status(&pkg->relstr);
  }
  if (!rc) {
    for (k = 0; k < pkg->nrels; k++) {
      pkg->rels[k].id = pkg->relstr.ptr + pkg->relrecs[k].id;
      pkg->rels[k].type = pkg->relstr.ptr + pkg->relrecs[k].type;
      pkg->rels[k].target = pkg->relstr.ptr + pkg->relrecs[k].target;
    }
    *rels = pkg->rels;
    *n = pkg->nrels;
  }
out:
  mvr_xml_close(x);
  mvr_buf_free(&name);
  mvr_buf_free(&id);
  mvr_buf_free(&type);
  mvr_buf_free(&target);
  mvr_buf_free(&mode);
  mvr_buf_free(&full);
  return rc;
}

mvr_status mvr_ooxml_main_part(mvr_ooxml *pkg, const char **part,
                               const char **content_type)
{
  const mvr_ooxml_rel *rels;
  size_t n, i;
  mvr_status rc;

  *part = *content_type = NULL;
  if (!pkg->main) {
    rc = mvr_ooxml_rels(pkg, NULL, &rels, &n);
    if (rc)
      return rc;
    for (i = 0; i < n; i++)
      if (strcmp(rels[i].type, "officeDocument") == 0)
        break;
    if (i == n) {
      mvr_ooxml_fail(pkg, "package",
                     "the package names no main document (_rels/.rels has "
                     "no officeDocument relationship)");
      return MVR_ERR_DATA;
    }
    pkg->main = mvr_strdup(rels[i].target);
    if (!pkg->main)
      return MVR_ERR_NOMEM;
  }
  *part = pkg->main;
  *content_type = mvr_ooxml_content_type(pkg, pkg->main);
  return MVR_OK;
}

/* --- text -------------------------------------------------------------- */

void mvr_ooxml_xstring(mvr_buf *out, size_t start, size_t cap, const char *p,
                       size_t n)
{
  size_t i = 0;

  while (i < n && out->len - start < cap) {
    unsigned long c = 0;
    size_t k;
    if (p[i] == '_' && i + 7 <= n && p[i + 1] == 'x' && p[i + 6] == '_') {
      for (k = 2; k < 6; k++) {
        char h = (char)mvr_tolower((unsigned char)p[i + k]);
        if (!mvr_isdigit(h) && !(h >= 'a' && h <= 'f'))
          break;
        c = c * 16 + (unsigned long)(mvr_isdigit(h) ? h - '0' : h - 'a' + 10);
      }
      if (k == 6 && (c < 0xD800 || c > 0xDFFF)) {
        char u[3];
        if (c == 0) {
          /* NUL: no character */
        } else if (c < 0x80) {
          u[0] = (char)c;
          mvr_buf_put(out, u, 1);
        } else if (c < 0x800) {
          u[0] = (char)(0xC0 | c >> 6);
          u[1] = (char)(0x80 | (c & 0x3F));
          mvr_buf_put(out, u, 2);
        } else {
          u[0] = (char)(0xE0 | c >> 12);
          u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
          u[2] = (char)(0x80 | (c & 0x3F));
          mvr_buf_put(out, u, 3);
        }
        i += 7;
        continue;
      }
    }
    k = i + 1;
    while (k < n && p[k] != '_')
      k++;
    if (k - i > cap - (out->len - start))
      k = i + (cap - (out->len - start));
    mvr_buf_put(out, p + i, k - i);
    i = k;
  }
}

/* --- open and close ------------------------------------------------------- */

mvr_status mvr_ooxml_open(const void *data, size_t len, mvr_ooxml_error_fn fn,
                          void *ud, mvr_ooxml **out)
{
  mvr_ooxml *pkg;
  mvr_status rc;

  *out = NULL;
  mvr_xml_init();
  pkg = mvr_malloc(sizeof *pkg);
  if (!pkg)
    return MVR_ERR_NOMEM;
  memset(pkg, 0, sizeof *pkg);
  pkg->data = data;
  pkg->len = len;
  pkg->errfn = fn;
  pkg->errud = ud;
  mvr_buf_init(&pkg->strings, MVR_OOXML_MAX_PART);
  mvr_buf_init(&pkg->relstr, MVR_OOXML_MAX_PART);
  rc = mvr_ooxml_zip_open(pkg);
  if (!rc)
    rc = read_content_types(pkg);
  if (rc) {
    mvr_ooxml_close(pkg);
    return rc;
  }
  *out = pkg;
  return MVR_OK;
}

void mvr_ooxml_close(mvr_ooxml *pkg)
{
  if (!pkg)
    return;
  if (pkg->za)
    zip_discard(pkg->za);
  mvr_free(pkg->e);
  mvr_free(pkg->ct);
  mvr_free(pkg->rels);
  mvr_free(pkg->relrecs);
  mvr_free(pkg->main);
  mvr_buf_free(&pkg->strings);
  mvr_buf_free(&pkg->relstr);
  mvr_free(pkg);
}
