/* ooxml_build.h - building DOCX and XLSX files in memory for the reader
 * tests: well-formed packages through libzip, and hand-made zip archives
 * (stored entries, any name, any flags, any offsets) for the hostile
 * corpus. Static helpers, included by test_ooxml*.c only. */
#ifndef OOXML_BUILD_H
#define OOXML_BUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>

/* One entry of a package. `len` 0 means strlen(data). */
typedef struct part {
  const char *name;
  const char *data;
  size_t len;
  int store; /* 1: stored, else deflated */
} part;

/* A zip archive of `n` parts made by libzip; caller frees. */
static inline unsigned char *zip_parts(const part *parts, size_t n, size_t *len)
{
  zip_error_t err;
  zip_source_t *src;
  zip_t *za;
  zip_stat_t st;
  unsigned char *out = NULL;
  size_t i;

  zip_error_init(&err);
  src = zip_source_buffer_create(NULL, 0, 0, &err);
  if (!src)
    return NULL;
  za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  if (!za) {
    zip_source_free(src);
    return NULL;
  }
  zip_source_keep(src);
  for (i = 0; i < n; i++) {
    size_t dl = parts[i].len ? parts[i].len : strlen(parts[i].data);
    zip_source_t *s = zip_source_buffer(za, parts[i].data, dl, 0);
    zip_int64_t idx = zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8);
    zip_set_file_compression(za, (zip_uint64_t)idx,
                             parts[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    zip_source_free(src);
    return NULL;
  }
  zip_stat_init(&st);
  if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
    out = malloc(st.size ? st.size : 1);
    if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
      free(out);
      out = NULL;
    }
    zip_source_close(src);
    *len = st.size;
  }
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

static const char CT_HEAD[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";

static const char RELS_HEAD[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">";

#define REL_T                                                                  \
  "http://schemas.openxmlformats.org/officeDocument/2006/"                     \
  "relationships/"
#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static inline char *cat3(const char *a, const char *b, const char *c)
{
  size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
  char *s = malloc(la + lb + lc + 1);

  memcpy(s, a, la);
  memcpy(s + la, b, lb);
  memcpy(s + la + lb, c, lc + 1);
  return s;
}

/* A DOCX whose word/document.xml is `doc` exactly. */
static inline unsigned char *docx_raw(const char *doc, size_t doclen,
                                      size_t *len)
{
  char *ct = cat3(CT_HEAD,
                  "<Override PartName=\"/word/document.xml\" ContentType=\""
                  "application/vnd.openxmlformats-officedocument."
                  "wordprocessingml.document.main+xml\"/>",
                  "</Types>");
  char *rels = cat3(RELS_HEAD,
                    "<Relationship Id=\"rId1\" Type=\"" REL_T
                    "officeDocument\" Target=\"word/document.xml\"/>",
                    "</Relationships>");
  part p[3] = {{"[Content_Types].xml", ct, 0, 0},
               {"_rels/.rels", rels, 0, 0},
               {"word/document.xml", doc, doclen, 0}};
  unsigned char *z = zip_parts(p, 3, len);

  free(ct);
  free(rels);
  return z;
}

/* A DOCX whose body is `body` (WordprocessingML, w: prefix). */
static inline unsigned char *docx_body(const char *body, size_t *len)
{
  char *doc = cat3("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<w:document xmlns:w=\"" W_NS "\" xmlns:mc=\"http://"
                   "schemas.openxmlformats.org/markup-compatibility/2006\">"
                   "<w:body>",
                   body, "</w:body></w:document>");
  unsigned char *z = docx_raw(doc, strlen(doc), len);

  free(doc);
  return z;
}

/* An XLSX with sheets named `names` holding `sheets` (the sheetData and
 * anything after it), shared strings `sst` (the <si> items) and cell
 * styles `xfs` (the <xf> items of cellXfs, after custom `numfmts`). */
static inline unsigned char *xlsx(const char *const *names,
                                  const char *const *sheets, size_t n,
                                  const char *sst, const char *numfmts,
                                  const char *xfs, size_t *len)
{
  part p[16];
  char buf[8][4096], *docs[8];
  char ct[8192], wb[4096], wbrels[4096], sst_doc[8192], styles[4096];
  size_t i, k = 0;
  unsigned char *z;

  snprintf(ct, sizeof ct,
           "%s<Override PartName=\"/xl/workbook.xml\" ContentType=\""
           "application/vnd.openxmlformats-officedocument.spreadsheetml."
           "sheet.main+xml\"/>"
           "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\""
           "application/vnd.openxmlformats-officedocument.spreadsheetml."
           "sharedStrings+xml\"/>"
           "<Override PartName=\"/xl/styles.xml\" ContentType=\""
           "application/vnd.openxmlformats-officedocument.spreadsheetml."
           "styles+xml\"/>",
           CT_HEAD);
  snprintf(wb, sizeof wb,
           "<workbook xmlns=\"http://schemas.openxmlformats.org/"
           "spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
           "openxmlformats.org/officeDocument/2006/relationships\">"
           "<sheets>");
  snprintf(
      wbrels, sizeof wbrels,
      "%s<Relationship Id=\"rIdS\" Type=\"" REL_T "sharedStrings\" "
      "Target=\"sharedStrings.xml\"/><Relationship Id=\"rIdY\" Type=\"" REL_T
      "styles\" Target=\"/xl/styles.xml\"/>",
      RELS_HEAD);
  for (i = 0; i < n && i < 8; i++) {
    char tmp[512];
    snprintf(tmp, sizeof tmp,
             "<Override PartName=\"/xl/worksheets/sheet%zu.xml\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument."
             "spreadsheetml.worksheet+xml\"/>",
             i + 1);
    strncat(ct, tmp, sizeof ct - strlen(ct) - 1);
    snprintf(tmp, sizeof tmp,
             "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"%s/>", names[i],
             i + 1, i + 1,
             strstr(names[i], "Hidden") ? " state=\"hidden\"" : "");
    strncat(wb, tmp, sizeof wb - strlen(wb) - 1);
    snprintf(tmp, sizeof tmp,
             "<Relationship Id=\"rId%zu\" Type=\"" REL_T "worksheet\" "
             "Target=\"worksheets/sheet%zu.xml\"/>",
             i + 1, i + 1);
    strncat(wbrels, tmp, sizeof wbrels - strlen(wbrels) - 1);
    snprintf(buf[i], sizeof buf[i], "xl/worksheets/sheet%zu.xml", i + 1);
    docs[i] = cat3("<worksheet xmlns=\"http://schemas.openxmlformats.org/"
                   "spreadsheetml/2006/main\">",
                   sheets[i], "</worksheet>");
  }
  strncat(ct, "</Types>", sizeof ct - strlen(ct) - 1);
  strncat(wb, "</sheets></workbook>", sizeof wb - strlen(wb) - 1);
  strncat(wbrels, "</Relationships>", sizeof wbrels - strlen(wbrels) - 1);
  snprintf(sst_doc, sizeof sst_doc,
           "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
           "2006/main\">%s</sst>",
           sst ? sst : "");
  snprintf(styles, sizeof styles,
           "<styleSheet xmlns=\"http://schemas.openxmlformats.org/"
           "spreadsheetml/2006/main\"><numFmts>%s</numFmts>"
           "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
           "<cellXfs>%s</cellXfs></styleSheet>",
           numfmts ? numfmts : "", xfs ? xfs : "<xf numFmtId=\"0\"/>");
  p[k++] = (part){"[Content_Types].xml", ct, 0, 0};
  p[k++] =
      (part){"_rels/.rels",
             "<Relationships xmlns=\"http://schemas.openxmlformats.org/"
             "package/2006/relationships\"><Relationship Id=\"rId1\" "
             "Type=\"" REL_T "officeDocument\" Target=\"xl/workbook.xml\"/>"
             "</Relationships>",
             0, 0};
  p[k++] = (part){"xl/workbook.xml", wb, 0, 0};
  p[k++] = (part){"xl/_rels/workbook.xml.rels", wbrels, 0, 0};
  p[k++] = (part){"xl/sharedStrings.xml", sst_doc, 0, 0};
  p[k++] = (part){"xl/styles.xml", styles, 0, 0};
  for (i = 0; i < n && i < 8; i++)
    p[k++] = (part){buf[i], docs[i], 0, 0};
  z = zip_parts(p, k, len);
  for (i = 0; i < n && i < 8; i++)
    free(docs[i]);
  return z;
}

/* --- hand-made archives ------------------------------------------------ */

typedef struct raw_entry {
  const char *name;
  size_t nlen;      /* 0: strlen(name) */
  const char *data; /* stored as is */
  size_t dlen;      /* 0: strlen(data) */
  unsigned flags;
  unsigned method;
  int same_as;    /* n > 0: the directory points at entry n-1's header */
  uint32_t csize; /* 0: dlen */
  int symlink;    /* made on Unix, with the mode of a symbolic link */
} raw_entry;

static inline void put16(unsigned char *p, unsigned v)
{
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
}

static inline void put32(unsigned char *p, uint32_t v)
{
  put16(p, v & 0xFFFF);
  put16(p + 2, v >> 16);
}

static inline uint32_t crc32_of(const char *p, size_t n)
{
  uint32_t c = 0xFFFFFFFF;
  size_t i;
  int k;

  for (i = 0; i < n; i++) {
    c ^= (unsigned char)p[i];
    for (k = 0; k < 8; k++)
      c = c & 1 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
  }
  return ~c;
}

/* A zip archive with stored entries exactly as described; caller frees. */
static inline unsigned char *raw_zip(const raw_entry *e, size_t n, size_t *len)
{
  size_t cap = 1 << 20, at = 0, i, cd;
  unsigned char *z = calloc(1, cap);
  long *off = calloc(n ? n : 1, sizeof *off);

  for (i = 0; i < n; i++) {
    size_t nl = e[i].nlen ? e[i].nlen : strlen(e[i].name);
    size_t dl = e[i].dlen ? e[i].dlen : strlen(e[i].data);
    uint32_t cs = e[i].csize ? e[i].csize : (uint32_t)dl;
    off[i] = (long)at;
    put32(z + at, 0x04034b50);
    put16(z + at + 4, 20);
    put16(z + at + 6, e[i].flags);
    put16(z + at + 8, e[i].method);
    put32(z + at + 14, crc32_of(e[i].data, dl));
    put32(z + at + 18, cs);
    put32(z + at + 22, cs);
    put16(z + at + 26, (unsigned)nl);
    memcpy(z + at + 30, e[i].name, nl);
    memcpy(z + at + 30 + nl, e[i].data, dl);
    at += 30 + nl + dl;
  }
  cd = at;
  for (i = 0; i < n; i++) {
    size_t nl = e[i].nlen ? e[i].nlen : strlen(e[i].name);
    size_t dl = e[i].dlen ? e[i].dlen : strlen(e[i].data);
    uint32_t cs = e[i].csize ? e[i].csize : (uint32_t)dl;
    put32(z + at, 0x02014b50);
    put16(z + at + 4, e[i].symlink ? 0x0314 : 20);
    put32(z + at + 38, e[i].symlink ? (uint32_t)0120777 << 16 : 0);
    put16(z + at + 6, 20);
    put16(z + at + 8, e[i].flags);
    put16(z + at + 10, e[i].method);
    put32(z + at + 16, crc32_of(e[i].data, dl));
    put32(z + at + 20, cs);
    put32(z + at + 24, cs);
    put16(z + at + 28, (unsigned)nl);
    put32(z + at + 42,
          (uint32_t)(e[i].same_as ? off[e[i].same_as - 1] : off[i]));
    memcpy(z + at + 46, e[i].name, nl);
    at += 46 + nl;
  }
  put32(z + at, 0x06054b50);
  put16(z + at + 8, (unsigned)n);
  put16(z + at + 10, (unsigned)n);
  put32(z + at + 12, (uint32_t)(at - cd));
  put32(z + at + 16, (uint32_t)cd);
  at += 22;
  free(off);
  *len = at;
  return z;
}

/* Replace every 32-bit little-endian `from` in the archive's headers by
 * `to` (to lie about a size in both the local and central headers). */
static inline void patch32(unsigned char *z, size_t len, uint32_t from,
                           uint32_t to)
{
  size_t i;

  for (i = 0; i + 4 <= len; i++)
    if (z[i] == (from & 0xFF) && z[i + 1] == ((from >> 8) & 0xFF) &&
        z[i + 2] == ((from >> 16) & 0xFF) && z[i + 3] == (from >> 24))
      put32(z + i, to);
}

/* CPU seconds of this process: a bound on the work a hostile file causes
 * (a zip bomb inflated, an entity expanded), unlike wall time not broken
 * by a loaded machine. */
static inline double now_s(void)
{
  struct timespec t;

  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The CPU-time bounds scaled for slow runs: MVR_TIME_FACTOR=50 under
 * valgrind (make valgrind sets it). */
static inline double time_factor(void)
{
  const char *f = getenv("MVR_TIME_FACTOR");
  char *end;
  double v = f ? strtod(f, &end) : 1.0;

  return f && (end == f || *end) ? 1.0 : v >= 1.0 ? v : 1.0;
}

#endif
