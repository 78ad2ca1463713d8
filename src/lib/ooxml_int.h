/* ooxml_int.h - what ooxml.c (the package) and ooxml_xml.c (the XML
 * reader over one part) share. Not for the readers: they use ooxml.h. */
#ifndef MVR_OOXML_INT_H
#define MVR_OOXML_INT_H

#include <zip.h>

#include "ooxml.h"

/* One zip entry as the central directory describes it. */
typedef struct zentry {
  const unsigned char *name; /* raw bytes inside the input; not NUL-ended */
  size_t nlen;
  uint64_t lh; /* offset of the local header */
  uint64_t csize, usize;
  uint64_t data_end; /* end of the compressed data */
  unsigned method, flags;
  int is_dir;
} zentry;

/* A [Content_Types].xml entry: offsets into pkg->strings. */
typedef struct ctype {
  size_t key, type;
  int is_override; /* PartName (1) or Extension (0) */
} ctype;

typedef struct relrec {
  size_t id, type, target; /* offsets into pkg->relstr */
} relrec;

struct mvr_ooxml {
  const unsigned char *data;
  size_t len;
  mvr_ooxml_error_fn errfn;
  void *errud;
  int failed;
  zentry *e;
  size_t n;
  zip_t *za;
  uint64_t inflated; /* bytes inflated so far, all parts together */
  ctype *ct;
  size_t nct, capct;
  mvr_buf strings;
  relrec *relrecs;
  mvr_ooxml_rel *rels;
  size_t nrels, caprels;
  mvr_buf relstr;
  char *main;
  int prefetching; /* a thread inflates a part (ooxml_xml.c): libzip is
                      not to be used for another part meanwhile */
};

/* One part being inflated. */
typedef struct mvr_ooxml_part {
  mvr_ooxml *pkg;
  const zentry *e;
  zip_file_t *zf;
  uint64_t done;  /* bytes inflated from this part */
  mvr_status rc;  /* set once reading failed (reported) */
  char name[256]; /* part name without the leading '/', for messages */
} mvr_ooxml_part;

/* Report a problem through the package's callback. */
void mvr_ooxml_fail(mvr_ooxml *pkg, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Check the zip container whole and open it with libzip (ooxml_zip.c).
 * Returns MVR_OK, MVR_ERR_DATA, MVR_ERR_TOOBIG (reported) or
 * MVR_ERR_NOMEM. */
mvr_status mvr_ooxml_zip_open(mvr_ooxml *pkg);

/* The first byte of a checked entry's data (stored entries only). */
const unsigned char *mvr_ooxml_stored(const mvr_ooxml *pkg, const zentry *z);

/* The entry of part `part` (ASCII case ignored), or NULL. */
const zentry *mvr_ooxml_entry(const mvr_ooxml *pkg, const char *part,
                              size_t *index);

mvr_status mvr_ooxml_part_open(mvr_ooxml *pkg, const char *part,
                               mvr_ooxml_part *r);
/* Inflate up to n bytes of the part: the count, 0 at its end, or -1 once
 * a limit is hit or the data is damaged (reported; r->rc says why). */
long mvr_ooxml_part_read(mvr_ooxml_part *r, void *buf, size_t n);
/* A problem found by mvr_ooxml_part_read_quiet, to report later. */
typedef struct mvr_ooxml_problem {
  mvr_status rc;
  char code[16];
  char msg[512];
} mvr_ooxml_problem;
/* The same without reporting: on -1, *why holds the problem. Safe to call
 * from another thread while nothing else uses the package's zip archive
 * (r->rc is neither read nor set). */
long mvr_ooxml_part_read_quiet(mvr_ooxml_part *r, void *buf, size_t n,
                               mvr_ooxml_problem *why);
void mvr_ooxml_part_close(mvr_ooxml_part *r);

/* Set libxml2 up once: no external entity is ever loaded. */
void mvr_xml_init(void);

#endif
