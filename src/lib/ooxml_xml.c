/* ooxml_xml.c - a streaming XML reader over one part of an OOXML package:
 * libxml2's xmlTextReader fed by the counted inflater of ooxml.c, so a
 * part is never held whole in memory.
 *
 * Safe by construction. Before libxml2 sees a byte, the prolog is scanned
 * here (in UTF-8 or UTF-16, whichever the part uses) and a DOCTYPE, or an
 * encoding other than UTF-8/UTF-16, refuses the part: with no DTD there
 * is no entity to expand (billion laughs) or to load (XXE). Behind that,
 * the reader reports a DOCTYPE node as an error too, the parser runs with
 * XML_PARSE_NONET and never with NOENT/DTDLOAD/DTDATTR/HUGE, and the
 * external entity loader always fails. Elements may nest 256 deep and a
 * text node may hold MVR_XML_MAX_TEXT bytes. */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "ooxml_int.h"
#include "util.h"

#define PROLOG_MAX 65536
#define NAME_SLOTS 256 /* more than twice the names any reader asks for */

/* A part that inflates to more than PREFETCH_MIN bytes (by its header) is
 * inflated by a second thread, PREFETCH_SLOTS chunks ahead of the parser,
 * the way `unzip -p | xmllint` runs on two cores. Smaller parts are not
 * worth a thread. */
#define PREFETCH_MIN ((uint64_t)1 << 20)
#define PREFETCH_SLOTS 4
#define PREFETCH_CHUNK 65536

/* The inflating thread and the chunks it hands over. Slot `head` is the
 * one the parser reads next (at offset `off`), `count` slots are filled;
 * the thread fills slot (head + count) % SLOTS. A slot holding 0 bytes is
 * the end, -1 a problem (`why`); the thread stops after either. */
typedef struct prefetch {
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  unsigned char *buf[PREFETCH_SLOTS];
  long len[PREFETCH_SLOTS];
  unsigned head, count;
  size_t off;
  int stop; /* the parser is done: stop reading */
  mvr_ooxml_problem why;
} prefetch;

struct mvr_xml {
  mvr_ooxml *pkg;
  mvr_ooxml_part part;
  xmlTextReaderPtr r;
  unsigned char *pre; /* bytes read ahead for the prolog check */
  size_t npre, pos;
  const char *const *ns;
  const xmlChar **names; /* interned in the reader's dictionary */
  size_t nnames;
  /* interned name -> index + 1, open addressing on the pointer */
  const xmlChar *slot_name[NAME_SLOTS];
  unsigned char slot_index[NAME_SLOTS];
  int elem, empty, depth;
  short open_elem[MVR_XML_MAX_DEPTH]; /* elem of the open element at each
                                         depth, so an end costs no lookup */
  const char *text;
  size_t tlen;
  size_t run;  /* bytes since the last '<': bounds any text or tag */
  int has_err; /* the first error libxml2 reported */
  int errline;
  char err[256];
  prefetch *pf; /* or NULL: the parser's thread inflates */
};

/* --- set-up -------------------------------------------------------------- */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static xmlParserInputPtr no_entities(const char *url, const char *id,
                                     xmlParserCtxtPtr ctxt)
{
  (void)url;
  (void)id;
  (void)ctxt;
  return NULL;
}

static void init_libxml(void)
{
  xmlInitParser();
  xmlSetExternalEntityLoader(no_entities);
}

void mvr_xml_init(void)
{
  pthread_once(&init_once, init_libxml);
}

/* --- the prolog ---------------------------------------------------------- */

typedef struct pview {
  const unsigned char *p;
  size_t n;
  size_t skip; /* the byte order mark */
  int enc;     /* 0 UTF-8, 1 UTF-16LE, 2 UTF-16BE */
} pview;

/* Character i of the prolog, ASCII or 0x80 for anything else; -1 past the
 * bytes read. */
static int pch(const pview *v, size_t i)
{
  size_t j;

  if (v->enc == 0) {
    j = v->skip + i;
    if (j >= v->n)
      return -1;
    return v->p[j] < 0x80 ? v->p[j] : 0x80;
  }
  j = v->skip + 2 * i;
  if (j + 1 >= v->n)
    return -1;
  if (v->enc == 1)
    return v->p[j + 1] == 0 && v->p[j] < 0x80 ? v->p[j] : 0x80;
  return v->p[j] == 0 && v->p[j + 1] < 0x80 ? v->p[j + 1] : 0x80;
}

/* Does `s` occur at character i? */
static int at(const pview *v, size_t i, const char *s)
{
  for (; *s; s++, i++)
    if (pch(v, i) != *s)
      return 0;
  return 1;
}

/* The first position >= i where `s` occurs, or (size_t)-1. */
static size_t find(const pview *v, size_t i, const char *s)
{
  for (; pch(v, i) >= 0; i++)
    if (at(v, i, s))
      return i;
  return (size_t)-1;
}

/* Check the encoding pseudo-attribute of the XML declaration [i, end). */
static int encoding_ok(const pview *v, size_t i, size_t end)
{
  char name[32];
  size_t k = 0;
  int q;

  for (; i + 8 < end; i++)
    if (at(v, i, "encoding"))
      break;
  if (i + 8 >= end)
    return 1; /* none declared: the byte order decides */
  for (i += 8; pch(v, i) == ' ' || pch(v, i) == '='; i++)
    ;
  q = pch(v, i);
  if (q != '"' && q != '\'')
    return 0;
  for (i++; i < end && pch(v, i) != q && k + 1 < sizeof name; i++)
    name[k++] = (char)mvr_tolower(pch(v, i));
  name[k] = '\0';
  if (v->enc == 0)
    return strcmp(name, "utf-8") == 0 || strcmp(name, "utf8") == 0;
  return strncmp(name, "utf-16", 6) == 0 &&
         (name[6] == '\0' || strcmp(name + 6, "le") == 0 ||
          strcmp(name + 6, "be") == 0);
}

/* 1: the root element starts and nothing forbidden came before it; 0:
 * refused (*why says why); -1: more bytes are needed. */
static int prolog_ok(const unsigned char *p, size_t n, int eof,
                     const char **why)
{
  pview v = {p, n, 0, 0};
  size_t i = 0, end;
  int c;

  if (n < 4 && !eof)
    return -1;
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    v.skip = 3;
  else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
    v.enc = 1;
    v.skip = 2;
  } else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
    v.enc = 2;
    v.skip = 2;
  } else if (n >= 4 && memcmp(p, "<\0?\0", 4) == 0)
    v.enc = 1;
  else if (n >= 4 && memcmp(p, "\0<\0?", 4) == 0)
    v.enc = 2;
  if (v.enc && n >= v.skip + 4 && p[v.skip + 2] == 0 && p[v.skip + 3] == 0) {
    *why = "is in UCS-4; Office documents use UTF-8 or UTF-16";
    return 0;
  }
  for (;;) {
    while ((c = pch(&v, i)) == ' ' || c == '\t' || c == '\r' || c == '\n')
      i++;
    if (c < 0 || pch(&v, i + 1) < 0)
      goto more;
    if (c != '<') {
      *why = "does not start with XML markup (UTF-8 or UTF-16)";
      return 0;
    }
    if (at(&v, i, "<?")) {
      end = find(&v, i + 2, "?>");
      if (end == (size_t)-1)
        goto more;
      if (at(&v, i, "<?xml ") && !encoding_ok(&v, i, end)) {
        *why = "declares an encoding other than UTF-8 or UTF-16, or one "
               "that does not match its bytes";
        return 0;
      }
      i = end + 2;
    } else if (at(&v, i, "<!--")) {
      end = find(&v, i + 4, "-->");
      if (end == (size_t)-1)
        goto more;
      i = end + 3;
    } else if (pch(&v, i + 1) == '!') {
      *why = "has a DOCTYPE declaration, which Office documents may not "
             "have (it could define entities)";
      return 0;
    } else {
      return 1; /* the root element */
    }
  }
more:
  if (eof) {
    *why = "has no root element";
    return 0;
  }
  return -1;
}

/* --- the reader ---------------------------------------------------------- */

static size_t slot_of(const xmlChar *p)
{
  uintptr_t v = (uintptr_t)p;

  return (size_t)((v >> 4) ^ (v >> 12)) % NAME_SLOTS;
}

/* Count the bytes since the last '<', so a huge text node is refused as
 * it streams in, before the parser has gathered it. */
static int run_ok(mvr_xml *x, const char *p, size_t n)
{
  size_t i = n;

  while (i > 0 && p[i - 1] != '<')
    i--;
  x->run = i ? n - i : x->run + n;
  if (x->run <= MVR_XML_MAX_TEXT)
    return 1;
  mvr_ooxml_fail(x->pkg, "limit",
                 "%s: a text larger than the limit of %zu MiB; the file was "
                 "refused",
                 x->part.name, MVR_XML_MAX_TEXT >> 20);
  x->part.rc = MVR_ERR_TOOBIG;
  return 0;
}

/* The next bytes from the inflating thread (at most n): the count, 0 at
 * the end, -1 after reporting its problem. */
static long prefetched(mvr_xml *x, char *buf, size_t n)
{
  prefetch *pf = x->pf;
  long got;

  pthread_mutex_lock(&pf->mu);
  while (pf->count == 0)
    pthread_cond_wait(&pf->cv, &pf->mu);
  got = pf->len[pf->head];
  pthread_mutex_unlock(&pf->mu);
  if (got < 0) {
    mvr_ooxml_fail(x->pkg, pf->why.code, "%s", pf->why.msg);
    x->part.rc = pf->why.rc;
    return -1;
  }
  if (got == 0)
    return 0;
  if (n > (size_t)got - pf->off)
    n = (size_t)got - pf->off;
  memcpy(buf, pf->buf[pf->head] + pf->off, n);
  pf->off += n;
  if (pf->off == (size_t)got) {
    pf->off = 0;
    pthread_mutex_lock(&pf->mu);
    pf->head = (pf->head + 1) % PREFETCH_SLOTS;
    pf->count--;
    pthread_cond_broadcast(&pf->cv);
    pthread_mutex_unlock(&pf->mu);
  }
  return (long)n;
}

static void *prefetch_main(void *arg)
{
  mvr_xml *x = arg;
  prefetch *pf = x->pf;
  unsigned slot;
  long got;

  do {
    pthread_mutex_lock(&pf->mu);
    while (pf->count == PREFETCH_SLOTS && !pf->stop)
      pthread_cond_wait(&pf->cv, &pf->mu);
    if (pf->stop) {
      pthread_mutex_unlock(&pf->mu);
      return NULL;
    }
    slot = (pf->head + pf->count) % PREFETCH_SLOTS;
    pthread_mutex_unlock(&pf->mu);
    /* the slot is free until `count` says otherwise: fill it unlocked */
    got = mvr_ooxml_part_read_quiet(&x->part, pf->buf[slot], PREFETCH_CHUNK,
                                    &pf->why);
    pthread_mutex_lock(&pf->mu);
    pf->len[slot] = got;
    pf->count++;
    pthread_cond_broadcast(&pf->cv);
    pthread_mutex_unlock(&pf->mu);
  } while (got > 0);
  return NULL;
}

static void prefetch_stop(mvr_xml *x)
{
  prefetch *pf = x->pf;
  int i;

  if (!pf)
    return;
  pthread_mutex_lock(&pf->mu);
  pf->stop = 1;
  pthread_cond_broadcast(&pf->cv);
  pthread_mutex_unlock(&pf->mu);
  pthread_join(pf->th, NULL);
  pthread_cond_destroy(&pf->cv);
  pthread_mutex_destroy(&pf->mu);
  for (i = 0; i < PREFETCH_SLOTS; i++)
    mvr_free(pf->buf[i]);
  mvr_free(pf);
  x->pf = NULL;
  x->pkg->prefetching = 0;
}

/* Start the inflating thread for a large part. Not starting it (no
 * memory, no thread) is no error: the parser's thread inflates. */
static void prefetch_start(mvr_xml *x)
{
  prefetch *pf;
  int i;

  if (x->part.e->usize <= PREFETCH_MIN || x->pkg->prefetching)
    return;
  pf = mvr_malloc(sizeof *pf);
  if (!pf)
    return;
  memset(pf, 0, sizeof *pf);
  for (i = 0; i < PREFETCH_SLOTS; i++)
    if (!(pf->buf[i] = mvr_malloc(PREFETCH_CHUNK)))
      goto fail;
  if (pthread_mutex_init(&pf->mu, NULL) != 0)
    goto fail;
  if (pthread_cond_init(&pf->cv, NULL) != 0) {
    pthread_mutex_destroy(&pf->mu);
    goto fail;
  }
  x->pf = pf;
  if (pthread_create(&pf->th, NULL, prefetch_main, x) == 0) {
    x->pkg->prefetching = 1;
    return;
  }
  x->pf = NULL;
  pthread_cond_destroy(&pf->cv);
  pthread_mutex_destroy(&pf->mu);
fail:
  for (i = 0; i < PREFETCH_SLOTS; i++)
    mvr_free(pf->buf[i]);
  mvr_free(pf);
}

static int io_read(void *ctx, char *buf, int len)
{
  mvr_xml *x = ctx;
  long got;

  if (len <= 0 || x->part.rc)
    return x->part.rc ? -1 : 0;
  if (x->pos < x->npre) {
    size_t n = x->npre - x->pos;
    if (n > (size_t)len)
      n = (size_t)len;
    memcpy(buf, x->pre + x->pos, n);
    x->pos += n;
    return run_ok(x, buf, n) ? (int)n : -1;
  }
  if (x->pf)
    got = prefetched(x, buf, (size_t)len);
  else
    got = mvr_ooxml_part_read(&x->part, buf, (size_t)len);
  if (got < 0)
    return -1;
  return run_ok(x, buf, (size_t)got) ? (int)got : -1;
}

static void on_error(void *arg, xmlErrorPtr e)
{
  mvr_xml *x = arg;
  size_t n;

  if (x->has_err || !e || e->level < XML_ERR_ERROR)
    return;
  x->has_err = 1;
  x->errline = e->line;
  snprintf(x->err, sizeof x->err, "%s", e->message ? e->message : "");
  n = strlen(x->err);
  while (n && (x->err[n - 1] == '\n' || x->err[n - 1] == ' '))
    x->err[--n] = '\0';
}

mvr_status mvr_ooxml_xml_open(mvr_ooxml *pkg, const char *part,
                              const char *const *ns, const char *const *names,
                              mvr_xml **out)
{
  mvr_xml *x;
  mvr_status rc;
  const char *why = NULL;
  int ok = -1;
  size_t i;

  *out = NULL;
  x = mvr_malloc(sizeof *x);
  if (!x)
    return MVR_ERR_NOMEM;
  memset(x, 0, sizeof *x);
  x->pkg = pkg;
  x->ns = ns;
  x->elem = -1;
  rc = mvr_ooxml_part_open(pkg, part, &x->part);
  if (rc)
    goto out;
  x->pre = mvr_malloc(PROLOG_MAX);
  if (!x->pre) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  /* read until the root element shows: nothing before it may be a DTD */
  while (ok < 0) {
    long got = 0;
    if (x->npre < PROLOG_MAX) {
      size_t want = PROLOG_MAX - x->npre < 4096 ? PROLOG_MAX - x->npre : 4096;
      got = mvr_ooxml_part_read(&x->part, x->pre + x->npre, want);
      if (got < 0) {
        rc = x->part.rc;
        goto out;
      }
      x->npre += (size_t)got;
    }
    ok = prolog_ok(x->pre, x->npre, got == 0, &why);
  }
  if (!ok) {
    mvr_ooxml_fail(pkg, strstr(why, "DOCTYPE") ? "doctype" : "xml",
                   "%s %s; the file was refused", x->part.name, why);
    rc = MVR_ERR_DATA;
    goto out;
  }
  /* the rest of a large part is inflated beside the parser */
  prefetch_start(x);
  x->r =
      xmlReaderForIO(io_read, NULL, x, x->part.name, NULL,
                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!x->r) {
    rc = x->part.rc ? x->part.rc : MVR_ERR_NOMEM;
    goto out;
  }
  xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
  for (i = 0; names[i]; i++)
    ;
  if (i > NAME_SLOTS / 2 || i > 255) {
    rc = MVR_ERR_INTERNAL;
    goto out;
  }
  x->nnames = i;
  x->names = mvr_malloc((i ? i : 1) * sizeof *x->names);
  if (!x->names) {
    rc = MVR_ERR_NOMEM;
    goto out;
  }
  for (i = 0; i < x->nnames; i++) {
    size_t h;
    x->names[i] = xmlTextReaderConstString(x->r, BAD_CAST names[i]);
    if (!x->names[i]) {
      rc = MVR_ERR_NOMEM;
      goto out;
    }
    for (h = slot_of(x->names[i]); x->slot_name[h]; h = (h + 1) % NAME_SLOTS)
      ;
    x->slot_name[h] = x->names[i];
    x->slot_index[h] = (unsigned char)(i + 1);
  }
out:
  if (rc) {
    mvr_xml_close(x);
    return rc;
  }
  *out = x;
  return MVR_OK;
}

void mvr_xml_close(mvr_xml *x)
{
  if (!x)
    return;
  prefetch_stop(x); /* before the part it reads is closed */
  if (x->r)
    xmlFreeTextReader(x->r);
  mvr_ooxml_part_close(&x->part);
  mvr_free(x->names);
  mvr_free(x->pre);
  mvr_free(x);
}

/* The index of the current element's name, if in one of our namespaces.
 * Names are interned in the reader's dictionary, so looking the pointer
 * up finds them; only a known name costs a namespace compare. */
static int elem_index(mvr_xml *x)
{
  const xmlChar *ln = xmlTextReaderConstLocalName(x->r);
  xmlNodePtr node;
  size_t h, i, k;

  for (h = slot_of(ln); x->slot_name[h] && x->slot_name[h] != ln;
       h = (h + 1) % NAME_SLOTS)
    ;
  if (!x->slot_name[h])
    return -1;
  i = x->slot_index[h] - 1u;
  node = xmlTextReaderCurrentNode(x->r);
  if (!node || !node->ns || !node->ns->href)
    return -1;
  for (k = 0; x->ns[k]; k++)
    if (strcmp((const char *)node->ns->href, x->ns[k]) == 0)
      return (int)i;
  return -1;
}

static mvr_status read_failed(mvr_xml *x)
{
  if (x->part.rc)
    return x->part.rc; /* a limit or damaged data: already reported */
  if (strstr(x->err, "Excessive depth")) {
    mvr_ooxml_fail(x->pkg, "limit",
                   "%s: elements are nested more than %d deep; the file "
                   "was refused",
                   x->part.name, MVR_XML_MAX_DEPTH);
    return MVR_ERR_TOOBIG;
  }
  if (strstr(x->err, "huge text") || strstr(x->err, "too long")) {
    mvr_ooxml_fail(x->pkg, "limit",
                   "%s: a text or name at line %d is larger than the limit "
                   "of the XML parser; the file was refused",
                   x->part.name, x->errline);
    return MVR_ERR_TOOBIG;
  }
  mvr_ooxml_fail(x->pkg, "xml", "%s: not well-formed XML at line %d: %s",
                 x->part.name, x->errline,
                 x->has_err ? x->err : "unknown error");
  return MVR_ERR_DATA;
}

mvr_status mvr_xml_next(mvr_xml *x, mvr_xml_event *ev)
{
  *ev = MVR_XML_EOF;
  x->elem = -1;
  x->text = NULL;
  x->tlen = 0;
  for (;;) {
    int ret = xmlTextReaderRead(x->r), type;
    if (ret == 0)
      return x->part.rc ? x->part.rc : MVR_OK;
    if (ret < 0)
      return read_failed(x);
    type = xmlTextReaderNodeType(x->r);
    switch (type) {
    case XML_READER_TYPE_ELEMENT:
      x->depth = xmlTextReaderDepth(x->r);
      if (x->depth >= MVR_XML_MAX_DEPTH) {
        mvr_ooxml_fail(x->pkg, "limit",
                       "%s: elements are nested more than %d deep; the "
                       "file was refused",
                       x->part.name, MVR_XML_MAX_DEPTH);
        return MVR_ERR_TOOBIG;
      }
      x->empty = xmlTextReaderIsEmptyElement(x->r) == 1;
      x->elem = elem_index(x);
      if (!x->empty && x->depth >= 0)
        x->open_elem[x->depth] = (short)x->elem;
      *ev = MVR_XML_START;
      return MVR_OK;
    case XML_READER_TYPE_END_ELEMENT:
      x->depth = xmlTextReaderDepth(x->r);
      /* the element that ends is the one opened at this depth */
      x->elem = x->depth >= 0 && x->depth < MVR_XML_MAX_DEPTH
                    ? x->open_elem[x->depth]
                    : elem_index(x);
      *ev = MVR_XML_END;
      return MVR_OK;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      x->text = (const char *)xmlTextReaderConstValue(x->r);
      x->tlen = x->text ? strlen(x->text) : 0;
      if (x->tlen > MVR_XML_MAX_TEXT) {
        mvr_ooxml_fail(x->pkg, "limit",
                       "%s: a text of %zu bytes at line %d is larger than "
                       "the limit of %zu MiB; the file was refused",
                       x->part.name, x->tlen,
                       xmlTextReaderGetParserLineNumber(x->r),
                       MVR_XML_MAX_TEXT >> 20);
        return MVR_ERR_TOOBIG;
      }
      if (!x->text)
        x->text = "";
      *ev = MVR_XML_TEXT;
      return MVR_OK;
    case XML_READER_TYPE_DOCUMENT_TYPE:
    case XML_READER_TYPE_ENTITY_REFERENCE:
    case XML_READER_TYPE_ENTITY:
      /* the prolog check refuses these first; never expand anything */
      mvr_ooxml_fail(x->pkg, "doctype",
                     "%s: a DOCTYPE or entity, which Office documents may "
                     "not have; the file was refused",
                     x->part.name);
      return MVR_ERR_DATA;
    default:
      continue; /* comments, processing instructions */
    }
  }
}

int mvr_xml_elem(const mvr_xml *x)
{
  return x->elem;
}

int mvr_xml_empty(const mvr_xml *x)
{
  return x->empty;
}

int mvr_xml_depth(const mvr_xml *x)
{
  return x->depth;
}

const char *mvr_xml_text(const mvr_xml *x, size_t *len)
{
  *len = x->tlen;
  return x->text ? x->text : "";
}

const char *mvr_xml_part(const mvr_xml *x)
{
  return x->part.name;
}

int mvr_xml_attr(mvr_xml *x, int which, const char *local, mvr_buf *out)
{
  static const char *const rel_ns[] = {
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "http://purl.oclc.org/ooxml/officeDocument/relationships", NULL};
  int found = 0;

  mvr_buf_reset(out);
  if (xmlTextReaderMoveToFirstAttribute(x->r) != 1)
    return 0;
  do {
    const char *ln = (const char *)xmlTextReaderConstLocalName(x->r);
    const char *ns, *const *list;
    size_t k;
    if (!ln || strcmp(ln, local) != 0)
      continue;
    ns = (const char *)xmlTextReaderConstNamespaceUri(x->r);
    if (which == MVR_XML_UNQUALIFIED) {
      if (ns)
        continue;
    } else {
      list = which == MVR_XML_OWN ? x->ns : rel_ns;
      for (k = 0; ns && list[k]; k++)
        if (strcmp(ns, list[k]) == 0)
          break;
      if (!ns || !list[k])
        continue;
    }
    {
      const char *v = (const char *)xmlTextReaderConstValue(x->r);
      mvr_buf_puts(out, v ? v : "");
      found = 1;
    }
    break;
  } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
  xmlTextReaderMoveToElement(x->r);
  return found && !mvr_buf_status(out);
}
