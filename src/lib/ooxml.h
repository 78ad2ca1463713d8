/* ooxml.h - reading Office Open XML packages (DOCX, XLSX) safely: the zip
 * container (libzip, from memory, never extracted to disk), the package's
 * content types and relationships, and a streaming XML reader (libxml2's
 * xmlTextReader) over one part at a time.
 *
 * Safe by construction (SECURITY.md 2.1-2.4): every zip limit below is
 * checked on the central directory before anything is inflated, and the
 * bytes actually inflated are counted again while reading; entry names
 * never reach the file system; a DOCTYPE is an error (OPC M1.18) and is
 * refused before libxml2 sees the part; no entity is ever loaded. Every
 * problem is reported through the error callback given to
 * mvr_ooxml_open(), naming the part, and the call returns non-OK. */
#ifndef MVR_OOXML_H
#define MVR_OOXML_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "mvroad.h"

/* Limits (docs/ooxml.md). */
#define MVR_OOXML_MAX_PARTS 2000                  /* zip entries */
#define MVR_OOXML_MAX_PART ((uint64_t)64 << 20)   /* one part, inflated */
#define MVR_OOXML_MAX_TOTAL ((uint64_t)256 << 20) /* all parts */
#define MVR_OOXML_MAX_RATIO 200                   /* inflated:compressed */
#define MVR_OOXML_RATIO_FROM ((uint64_t)1 << 20)  /* ...above 1 MiB */
#define MVR_XML_MAX_DEPTH 256                     /* element nesting */
#define MVR_XML_MAX_TEXT ((size_t)4 << 20)        /* one text node */

/* Main-part content types. */
#define MVR_CT_WORD                                                            \
  "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define MVR_CT_SHEET                                                           \
  "application/vnd.openxmlformats-officedocument.spreadsheetml."

/* Receives each problem: a stable code ("zip", "limit", "name", "xml",
 * "doctype", "package", "encrypted") and one sentence naming the part. */
typedef void (*mvr_ooxml_error_fn)(void *ud, const char *code, const char *msg);

typedef struct mvr_ooxml mvr_ooxml;

/* Open the package in `len` bytes at `data`, which must stay valid until
 * mvr_ooxml_close(). Checks the whole container first (entry count,
 * names, sizes, ratios, overlaps, encryption, methods) and reads
 * [Content_Types].xml. On success *out is set; close it with
 * mvr_ooxml_close(). Returns MVR_OK, MVR_ERR_DATA (reported),
 * MVR_ERR_TOOBIG (a limit; reported) or MVR_ERR_NOMEM. */
mvr_status mvr_ooxml_open(const void *data, size_t len, mvr_ooxml_error_fn fn,
                          void *ud, mvr_ooxml **out);
void mvr_ooxml_close(mvr_ooxml *pkg);

/* The content type of part `part` ("/word/document.xml"), or NULL.
 * Borrowed; valid until the package is closed. */
const char *mvr_ooxml_content_type(const mvr_ooxml *pkg, const char *part);

/* A short description of what a main-part content type is ("a Word
 * document", "an Excel workbook", ...), for messages. Never NULL. */
const char *mvr_ooxml_kind(const char *content_type);

/* One relationship. `type` is the last segment of the type URI
 * ("officeDocument", "worksheet"); `target` the part it points to,
 * resolved to an absolute part name. External targets are left out. */
typedef struct mvr_ooxml_rel {
  const char *id;
  const char *type;
  const char *target;
} mvr_ooxml_rel;

/* Read the relationships of part `source` (NULL: the package's own).
 * A part without relationships has none (MVR_OK, *n = 0). *rels is
 * borrowed; valid until the next call of this function on `pkg`. */
mvr_status mvr_ooxml_rels(mvr_ooxml *pkg, const char *source,
                          const mvr_ooxml_rel **rels, size_t *n);

/* The package's main part (the officeDocument relationship) and its
 * content type. Borrowed; valid until the package is closed. Reports and
 * returns MVR_ERR_DATA when there is none. */
mvr_status mvr_ooxml_main_part(mvr_ooxml *pkg, const char **part,
                               const char **content_type);

/* Append text `p` of `n` bytes to `out`, decoding the _xHHHH_ escapes
 * (ST_Xstring) OOXML uses for characters XML cannot hold, and stopping
 * once `out` holds `cap` bytes from offset `start` on. */
void mvr_ooxml_xstring(mvr_buf *out, size_t start, size_t cap, const char *p,
                       size_t n);

/* --- streaming XML over one part ----------------------------------- */

typedef struct mvr_xml mvr_xml;

typedef enum mvr_xml_event {
  MVR_XML_EOF = 0,
  MVR_XML_START, /* an element starts; see mvr_xml_empty() */
  MVR_XML_END,   /* an element ends (not sent for empty elements) */
  MVR_XML_TEXT   /* character data, CDATA or white space */
} mvr_xml_event;

/* Which attribute namespace mvr_xml_attr() matches. */
enum {
  MVR_XML_UNQUALIFIED = 0, /* no namespace (r="A1") */
  MVR_XML_OWN = 1,         /* one of the part's namespaces (w:val) */
  MVR_XML_REL = 2          /* the relationships namespace (r:id) */
};

/* Open part `part` for reading. `ns` lists the namespace URIs of the
 * elements the caller reads, `names` their local names (both
 * NULL-terminated); mvr_xml_elem() gives an element's index in `names`.
 * On success *out is set; close it with mvr_xml_close() before the
 * package. Returns MVR_OK, MVR_ERR_DATA (missing part, DOCTYPE, bad
 * encoding; reported), MVR_ERR_TOOBIG or MVR_ERR_NOMEM. */
mvr_status mvr_ooxml_xml_open(mvr_ooxml *pkg, const char *part,
                              const char *const *ns, const char *const *names,
                              mvr_xml **out);
void mvr_xml_close(mvr_xml *x);

/* The next event. Returns MVR_OK (*ev = MVR_XML_EOF at the end),
 * MVR_ERR_DATA (not well-formed, too deep, DOCTYPE; reported),
 * MVR_ERR_TOOBIG (a size limit; reported) or MVR_ERR_NOMEM. */
mvr_status mvr_xml_next(mvr_xml *x, mvr_xml_event *ev);

/* For START and END: the element's index in `names` if it is in one of
 * the namespaces given, else -1. */
int mvr_xml_elem(const mvr_xml *x);
/* For START: 1 if the element is empty (<a/>): no END follows. */
int mvr_xml_empty(const mvr_xml *x);
/* Depth of the current node (the root element is 0). */
int mvr_xml_depth(const mvr_xml *x);
/* For TEXT: the text. Borrowed; valid until the next event. */
const char *mvr_xml_text(const mvr_xml *x, size_t *len);
/* For START: the value of attribute `local` in namespace `which`
 * (MVR_XML_*), replacing the contents of `out`. Returns 1 if present. */
int mvr_xml_attr(mvr_xml *x, int which, const char *local, mvr_buf *out);
/* The part name, for messages. Borrowed. */
const char *mvr_xml_part(const mvr_xml *x);

#endif
