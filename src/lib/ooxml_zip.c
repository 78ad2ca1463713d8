/* ooxml_zip.c - the zip container of an OOXML package, checked whole
 * before anything is inflated, and the counted inflating of one part.
 *
 * libzip does the inflating, but it does not expose where each entry's
 * data lies, so the central directory is also walked here: that gives the
 * names as raw bytes (a NUL cannot hide), the local header offsets for the
 * overlap check (zbsm-style bombs) and the declared sizes, all checked
 * against the limits of ooxml.h. libzip's own view (ZIP_CHECKCONS, which
 * also compares every local header with the directory) must then agree
 * with ours entry by entry. Nothing is ever written to the file system. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ooxml_int.h"
#include "util.h"

/* A name as it may be printed: at most 80 bytes, control bytes as '?'. */
static const char *printable(const unsigned char *p, size_t n, char *out,
                             size_t cap)
{
  size_t i, k = 0;

  for (i = 0; i < n && k + 4 < cap && i < 80; i++)
    out[k++] = p[i] < 0x20 || p[i] == 0x7f ? '?' : (char)p[i];
  if (i < n && k + 4 < cap) {
    memcpy(out + k, "...", 3);
    k += 3;
  }
  out[k] = '\0';
  return out;
}

/* --- the central directory ---------------------------------------------- */

static unsigned rd16(const unsigned char *p)
{
  return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
  return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* What a file that is not a zip archive probably is. */
static void not_a_zip(mvr_ooxml *pkg)
{
  const unsigned char *d = pkg->data;
  size_t n = pkg->len;

  if (n >= 8 && memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    mvr_ooxml_fail(pkg, "encrypted",
                   "the file is a password-protected (encrypted) Office "
                   "document, or an old binary .doc/.xls; save it without "
                   "a password as .docx or .xlsx");
  else if (n >= 5 && memcmp(d, "{\\rtf", 5) == 0)
    mvr_ooxml_fail(pkg, "zip",
                   "the file is RTF, not Office Open XML; save "
                   "it as .docx");
  else if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
    mvr_ooxml_fail(pkg, "zip",
                   "the file is a PDF; send the Word or Excel "
                   "file instead");
  else
    mvr_ooxml_fail(pkg, "zip",
                   "not a zip archive, or a damaged or truncated one (a "
                   ".docx or .xlsx file is a zip archive)");
}

/* Find the end of central directory record (and its Zip64 form). */
static mvr_status find_cd(mvr_ooxml *pkg, uint64_t *off, uint64_t *size,
                          uint64_t *count)
{
  const unsigned char *d = pkg->data, *e;
  size_t len = pkg->len, i, lo, at = 0;
  uint64_t limit;
  int found = 0;

  if (len < 22 || d[0] != 'P' || d[1] != 'K') {
    not_a_zip(pkg);
    return MVR_ERR_DATA;
  }
  /* the record is the last thing in the file; its comment ends it */
  lo = len - 22 > 65535 ? len - 22 - 65535 : 0;
  for (i = len - 22 + 1; i-- > lo;)
    if (rd32(d + i) == 0x06054b50 && i + 22 + rd16(d + i + 20) == len) {
      at = i;
      found = 1;
      break;
    }
  if (!found) {
    not_a_zip(pkg);
    return MVR_ERR_DATA;
  }
  e = d + at;
  if (rd16(e + 4) || rd16(e + 6) || rd16(e + 8) != rd16(e + 10)) {
    mvr_ooxml_fail(pkg, "zip", "a multi-volume zip archive is not supported");
    return MVR_ERR_DATA;
  }
  *count = rd16(e + 10);
  *size = rd32(e + 12);
  *off = rd32(e + 16);
  limit = at;
  if (*count == 0xFFFF || *size == 0xFFFFFFFF || *off == 0xFFFFFFFF) {
    uint64_t z;
    if (at < 20 || rd32(e - 20) != 0x07064b50 || rd32(e - 20 + 16) != 1) {
      not_a_zip(pkg);
      return MVR_ERR_DATA;
    }
    z = rd64(e - 20 + 8);
    if (z > at - 20 || at - 20 - z < 56 || rd32(d + z) != 0x06064b50 ||
        rd32(d + z + 16) || rd32(d + z + 20) ||
        rd64(d + z + 24) != rd64(d + z + 32)) {
      not_a_zip(pkg);
      return MVR_ERR_DATA;
    }
    *count = rd64(d + z + 32);
    *size = rd64(d + z + 40);
    *off = rd64(d + z + 48);
    limit = z;
  }
  if (*count > MVR_OOXML_MAX_PARTS) {
    mvr_ooxml_fail(pkg, "limit", "the package has %llu parts; the limit is %d",
                   (unsigned long long)*count, MVR_OOXML_MAX_PARTS);
    return MVR_ERR_TOOBIG;
  }
  /* the directory ends exactly where its end record starts */
  if (*off > limit || *size != limit - *off) {
    not_a_zip(pkg);
    return MVR_ERR_DATA;
  }
  return MVR_OK;
}

/* Is this entry name safe and a valid part name? `why` gets the reason. */
static int name_ok(const unsigned char *p, size_t n, int dir, const char **why)
{
  size_t i, seg = 0;

  if (dir)
    n--; /* "word/" names a folder */
  if (n == 0 || n > 1024) {
    *why = "an empty or overlong name";
    return 0;
  }
  if (p[0] == '/') {
    *why = "an absolute path";
    return 0;
  }
  for (i = 0; i <= n; i++) {
    if (i == n || p[i] == '/') {
      size_t k = i - seg;
      if (k == 0 || (k == 1 && p[seg] == '.') ||
          (k == 2 && p[seg] == '.' && p[seg + 1] == '.')) {
        *why = "an empty, \".\" or \"..\" path segment";
        return 0;
      }
      if (p[i - 1] == '.') {
        *why = "a path segment ending in a dot";
        return 0;
      }
      seg = i + 1;
      continue;
    }
    if (p[i] == '\0') {
      *why = "a NUL byte";
      return 0;
    }
    if (p[i] < 0x20 || p[i] == 0x7f) {
      *why = "a control character";
      return 0;
    }
    if (p[i] == '\\') {
      *why = "a backslash";
      return 0;
    }
    if (p[i] == ':') {
      *why = "a colon (drive letter or stream name)";
      return 0;
    }
  }
  return 1;
}

static int casecmp_bytes(const unsigned char *a, size_t an,
                         const unsigned char *b, size_t bn)
{
  size_t i;

  for (i = 0; i < an && i < bn; i++) {
    int x = mvr_tolower(a[i]), y = mvr_tolower(b[i]);
    if (x != y)
      return x - y;
  }
  return an < bn ? -1 : an > bn;
}

static int by_name(const void *a, const void *b)
{
  const zentry *x = *(const zentry *const *)a;
  const zentry *y = *(const zentry *const *)b;

  return casecmp_bytes(x->name, x->nlen, y->name, y->nlen);
}

static int by_offset(const void *a, const void *b)
{
  const zentry *x = *(const zentry *const *)a;
  const zentry *y = *(const zentry *const *)b;

  return x->lh < y->lh ? -1 : x->lh > y->lh;
}

/* Walk the central directory into pkg->e, checking each entry. */
static mvr_status read_cd(mvr_ooxml *pkg, uint64_t off, uint64_t size,
                          uint64_t count)
{
  const unsigned char *d = pkg->data, *p = d + off, *end = d + off + size;
  uint64_t total = 0;
  char shown[96];
  size_t i;

  pkg->e = mvr_malloc((count ? count : 1) * sizeof *pkg->e);
  if (!pkg->e)
    return MVR_ERR_NOMEM;
  for (i = 0; i < count; i++) {
    zentry *z = &pkg->e[i];
    unsigned nlen, xlen, clen, made_by;
    uint32_t ext;
    const unsigned char *x, *xend;
    const char *why = NULL;

    if (end - p < 46 || rd32(p) != 0x02014b50) {
      not_a_zip(pkg);
      return MVR_ERR_DATA;
    }
    made_by = rd16(p + 4);
    z->flags = rd16(p + 8);
    z->method = rd16(p + 10);
    z->csize = rd32(p + 20);
    z->usize = rd32(p + 24);
    nlen = rd16(p + 28);
    xlen = rd16(p + 30);
    clen = rd16(p + 32);
    ext = rd32(p + 38);
    z->lh = rd32(p + 42);
    if ((size_t)(end - p) < 46u + nlen + xlen + clen) {
      not_a_zip(pkg);
      return MVR_ERR_DATA;
    }
    z->name = p + 46;
    z->nlen = nlen;
    /* Zip64 sizes and offset, where the 32-bit fields say so */
    for (x = p + 46 + nlen, xend = x + xlen; xend - x >= 4;) {
      unsigned id = rd16(x), n = rd16(x + 2);
      const unsigned char *v = x + 4;
      if ((size_t)(xend - v) < n)
        break;
      if (id == 1) {
        const unsigned char *ve = v + n;
        if (z->usize == 0xFFFFFFFF && ve - v >= 8) {
          z->usize = rd64(v);
          v += 8;
        }
        if (z->csize == 0xFFFFFFFF && ve - v >= 8) {
          z->csize = rd64(v);
          v += 8;
        }
        if (z->lh == 0xFFFFFFFF && ve - v >= 8)
          z->lh = rd64(v);
      }
      x += 4 + n;
    }
    p += 46 + nlen + xlen + clen;
    z->is_dir = nlen > 0 && z->name[nlen - 1] == '/';
    printable(z->name, z->nlen, shown, sizeof shown);

    if (!name_ok(z->name, z->nlen, z->is_dir, &why)) {
      mvr_ooxml_fail(pkg, "name",
                     "the entry \"%s\" has %s; the file is damaged or "
                     "hostile",
                     shown, why);
      return MVR_ERR_DATA;
    }
    if ((made_by >> 8) == 3 && ((ext >> 16) & 0170000) == 0120000) {
      mvr_ooxml_fail(pkg, "name", "the entry \"%s\" is a symbolic link", shown);
      return MVR_ERR_DATA;
    }
    if (z->flags & 0x41) {
      mvr_ooxml_fail(pkg, "encrypted",
                     "the entry \"%s\" is encrypted; save the document "
                     "without a password",
                     shown);
      return MVR_ERR_DATA;
    }
    if (z->method != 0 && z->method != 8) {
      mvr_ooxml_fail(pkg, "zip",
                     "the entry \"%s\" uses compression method %u; only "
                     "stored and deflated entries are read",
                     shown, z->method);
      return MVR_ERR_DATA;
    }
    if ((z->method == 0 && z->csize != z->usize) ||
        (z->is_dir && z->usize != 0)) {
      mvr_ooxml_fail(pkg, "zip",
                     "the sizes of entry \"%s\" are inconsistent; the file "
                     "is damaged",
                     shown);
      return MVR_ERR_DATA;
    }
    if (z->usize > MVR_OOXML_MAX_PART) {
      mvr_ooxml_fail(pkg, "limit",
                     "the part \"%s\" would inflate to %llu MiB; the limit "
                     "is %llu MiB",
                     shown, (unsigned long long)(z->usize >> 20),
                     (unsigned long long)(MVR_OOXML_MAX_PART >> 20));
      return MVR_ERR_TOOBIG;
    }
    total += z->usize;
    if (total > MVR_OOXML_MAX_TOTAL) {
      mvr_ooxml_fail(pkg, "limit",
                     "the parts would inflate to more than %llu MiB in "
                     "all; the limit is %llu MiB",
                     (unsigned long long)(total >> 20),
                     (unsigned long long)(MVR_OOXML_MAX_TOTAL >> 20));
      return MVR_ERR_TOOBIG;
    }
    if (z->usize > MVR_OOXML_RATIO_FROM &&
        z->usize / (z->csize ? z->csize : 1) > MVR_OOXML_MAX_RATIO) {
      mvr_ooxml_fail(pkg, "limit",
                     "the part \"%s\" would inflate %llu times (a zip "
                     "bomb?); the limit is %d times above 1 MiB",
                     shown,
                     (unsigned long long)(z->usize / (z->csize ? z->csize : 1)),
                     MVR_OOXML_MAX_RATIO);
      return MVR_ERR_TOOBIG;
    }
  }
  if (p != end) {
    not_a_zip(pkg);
    return MVR_ERR_DATA;
  }
  pkg->n = (size_t)count;
  return MVR_OK;
}

/* Each entry's local header must be where the directory says, name the
 * same entry, and its data must overlap no other entry's and end before
 * the central directory. */
static mvr_status check_layout(mvr_ooxml *pkg, uint64_t cd_off)
{
  const unsigned char *d = pkg->data;
  const zentry **idx = NULL;
  size_t i;
  mvr_status rc = MVR_OK;
  char shown[96];

  idx = mvr_malloc((pkg->n ? pkg->n : 1) * sizeof *idx);
  if (!idx)
    return MVR_ERR_NOMEM;
  for (i = 0; i < pkg->n; i++) {
    zentry *z = &pkg->e[i];
    uint64_t start;
    idx[i] = z;
    printable(z->name, z->nlen, shown, sizeof shown);
    if (z->lh > cd_off || cd_off - z->lh < 30 + (uint64_t)z->nlen ||
        rd32(d + z->lh) != 0x04034b50 || rd16(d + z->lh + 26) != z->nlen ||
        memcmp(d + z->lh + 30, z->name, z->nlen) != 0) {
      mvr_ooxml_fail(pkg, "zip",
                     "the local header of entry \"%s\" does not match the "
                     "central directory; the file is damaged or hostile",
                     shown);
      rc = MVR_ERR_DATA;
      goto out;
    }
    start = z->lh + 30 + z->nlen + rd16(d + z->lh + 28);
    if (start > cd_off || z->csize > cd_off - start) {
      mvr_ooxml_fail(pkg, "zip",
                     "the data of entry \"%s\" runs into the central "
                     "directory; the file is damaged or hostile",
                     shown);
      rc = MVR_ERR_DATA;
      goto out;
    }
    z->data_end = start + z->csize;
  }
  qsort(idx, pkg->n, sizeof *idx, by_offset);
  for (i = 0; i + 1 < pkg->n; i++) {
    const zentry *a = idx[i], *b = idx[i + 1];
    if (a->data_end > b->lh) {
      char other[96];
      mvr_ooxml_fail(pkg, "limit",
                     "the entries \"%s\" and \"%s\" overlap (an "
                     "overlapping-entry zip bomb?)",
                     printable(a->name, a->nlen, shown, sizeof shown),
                     printable(b->name, b->nlen, other, sizeof other));
      rc = MVR_ERR_TOOBIG;
      goto out;
    }
  }
  /* names differing only in case name the same part (OPC M1.12) */
  qsort(idx, pkg->n, sizeof *idx, by_name);
  for (i = 0; i + 1 < pkg->n; i++) {
    const zentry *a = idx[i], *b = idx[i + 1];
    if (casecmp_bytes(a->name, a->nlen, b->name, b->nlen) == 0) {
      mvr_ooxml_fail(pkg, "name",
                     "two entries are named \"%s\" (names are compared "
                     "ignoring case); the file is damaged or hostile",
                     printable(a->name, a->nlen, shown, sizeof shown));
      rc = MVR_ERR_DATA;
      goto out;
    }
  }
out:
  mvr_free(idx);
  return rc;
}

/* Open the archive with libzip, and check it sees what we saw. */
static mvr_status open_zip(mvr_ooxml *pkg)
{
  zip_source_t *src;
  zip_error_t err;
  size_t i;

  zip_error_init(&err);
  src = zip_source_buffer_create(pkg->data, pkg->len, 0, &err);
  if (!src) {
    zip_error_fini(&err);
    return MVR_ERR_NOMEM;
  }
  pkg->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!pkg->za) {
    zip_source_free(src);
    mvr_ooxml_fail(pkg, "zip", "the zip archive is damaged: %s",
                   zip_error_strerror(&err));
    zip_error_fini(&err);
    return MVR_ERR_DATA;
  }
  zip_error_fini(&err);
  if (zip_get_num_entries(pkg->za, 0) != (zip_int64_t)pkg->n)
    goto inconsistent;
  for (i = 0; i < pkg->n; i++) {
    zip_stat_t st;
    const zentry *z = &pkg->e[i];
    zip_stat_init(&st);
    if (zip_stat_index(pkg->za, i, ZIP_FL_ENC_RAW, &st) != 0 || !st.name ||
        strlen(st.name) != z->nlen || memcmp(st.name, z->name, z->nlen) ||
        st.size != z->usize || st.comp_size != z->csize ||
        st.comp_method != z->method || st.encryption_method != ZIP_EM_NONE)
      goto inconsistent;
  }
  return MVR_OK;
inconsistent:
  mvr_ooxml_fail(pkg, "zip",
                 "the zip archive's directory is inconsistent; the file is "
                 "damaged or hostile");
  return MVR_ERR_DATA;
}

/* --- reading parts ------------------------------------------------------ */

/* The entry holding part `part` ("/word/document.xml"), or NULL. */
const zentry *mvr_ooxml_entry(const mvr_ooxml *pkg, const char *part,
                              size_t *index)
{
  size_t i, n;

  if (part[0] == '/')
    part++;
  n = strlen(part);
  for (i = 0; i < pkg->n; i++)
    if (!pkg->e[i].is_dir &&
        casecmp_bytes(pkg->e[i].name, pkg->e[i].nlen,
                      (const unsigned char *)part, n) == 0) {
      *index = i;
      return &pkg->e[i];
    }
  return NULL;
}

mvr_status mvr_ooxml_part_open(mvr_ooxml *pkg, const char *part,
                               mvr_ooxml_part *r)
{
  size_t i = 0;

  memset(r, 0, sizeof *r);
  r->pkg = pkg;
  if (pkg->prefetching)
    return MVR_ERR_INTERNAL; /* one part at a time while a thread reads */
  r->e = mvr_ooxml_entry(pkg, part, &i);
  snprintf(r->name, sizeof r->name, "%s", part[0] == '/' ? part + 1 : part);
  if (!r->e) {
    mvr_ooxml_fail(pkg, "package", "the part %s is missing", r->name);
    return MVR_ERR_DATA;
  }
  r->zf = zip_fopen_index(pkg->za, i, 0);
  if (!r->zf) {
    mvr_ooxml_fail(pkg, "zip", "%s: cannot read the part: %s", r->name,
                   zip_strerror(pkg->za));
    return MVR_ERR_DATA;
  }
  return MVR_OK;
}

/* Inflate up to `n` bytes, counting them against every limit (headers are
 * not trusted). Returns the count, 0 at the end, or -1 with the problem
 * in *why, not reported: the prefetching thread of ooxml_xml.c reads
 * with this and leaves the reporting to the parsing thread. Touches no
 * state but the part's counters and the package's total. */
long mvr_ooxml_part_read_quiet(mvr_ooxml_part *r, void *buf, size_t n,
                               mvr_ooxml_problem *why)
{
  mvr_ooxml *pkg = r->pkg;
  zip_int64_t got;

  got = zip_fread(r->zf, buf, n);
  if (got < 0) {
    why->rc = MVR_ERR_DATA;
    snprintf(why->code, sizeof why->code, "zip");
    snprintf(why->msg, sizeof why->msg,
             "%s: the part cannot be inflated (%s); the file is damaged",
             r->name, zip_file_strerror(r->zf));
    return -1;
  }
  r->done += (uint64_t)got;
  pkg->inflated += (uint64_t)got;
  if (r->done > r->e->usize) {
    why->rc = MVR_ERR_TOOBIG;
    snprintf(why->code, sizeof why->code, "limit");
    snprintf(why->msg, sizeof why->msg,
             "%s: the part inflates to more than the %llu bytes its header "
             "declares (a zip bomb?)",
             r->name, (unsigned long long)r->e->usize);
    return -1;
  }
  if (pkg->inflated > MVR_OOXML_MAX_TOTAL) {
    why->rc = MVR_ERR_TOOBIG;
    snprintf(why->code, sizeof why->code, "limit");
    snprintf(why->msg, sizeof why->msg,
             "%s: more than %llu MiB inflated in all; the limit", r->name,
             (unsigned long long)(MVR_OOXML_MAX_TOTAL >> 20));
    return -1;
  }
  return (long)got;
}

/* The same, reporting a problem (r->rc says which). */
long mvr_ooxml_part_read(mvr_ooxml_part *r, void *buf, size_t n)
{
  mvr_ooxml_problem why;
  long got;

  if (r->rc)
    return -1;
  got = mvr_ooxml_part_read_quiet(r, buf, n, &why);
  if (got < 0) {
    mvr_ooxml_fail(r->pkg, why.code, "%s", why.msg);
    r->rc = why.rc;
  }
  return got;
}

void mvr_ooxml_part_close(mvr_ooxml_part *r)
{
  if (r->zf)
    zip_fclose(r->zf);
  r->zf = NULL;
}

/* Check the container and open it with libzip. */
mvr_status mvr_ooxml_zip_open(mvr_ooxml *pkg)
{
  uint64_t off = 0, size = 0, count = 0;
  mvr_status rc;

  rc = find_cd(pkg, &off, &size, &count);
  if (!rc)
    rc = read_cd(pkg, off, size, count);
  if (!rc)
    rc = check_layout(pkg, off);
  if (!rc)
    rc = open_zip(pkg);
  return rc;
}

const unsigned char *mvr_ooxml_stored(const mvr_ooxml *pkg, const zentry *z)
{
  return pkg->data + z->lh + 30 + z->nlen + rd16(pkg->data + z->lh + 28);
}
