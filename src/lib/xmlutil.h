/* xmlutil.h - the library's one XML escaping module, for every XML part
 * it writes (Word documents, templates): markup characters escaped and
 * characters that XML 1.0 forbids dropped, so that user text can never
 * break or inject markup. Like cmark's houdini_html_e.c for HTML. */
#ifndef MVR_XMLUTIL_H
#define MVR_XMLUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Append `len` bytes of UTF-8 text `s` to `b` as XML character data that
 * is also safe inside a double-quoted attribute value: & < > " become
 * entity references; code points outside XML 1.0's Char production
 * (controls other than TAB, LF, CR; U+FFFE, U+FFFF; surrogates) and bytes
 * that are not well-formed UTF-8 are dropped. Errors stick in `b`. */
void mvr_xml_escape(mvr_buf *b, const char *s, size_t len);

/* Append `s` without the characters (and bad bytes) mvr_xml_escape()
 * drops, and without escaping anything: for text handed to a library
 * that escapes it itself (libxlsxwriter). */
void mvr_xml_strip(mvr_buf *b, const char *s, size_t len);

/* mvr_xml_escape() for a NUL-terminated string. */
void mvr_xml_puts(mvr_buf *b, const char *s);

/* 1 if code point `c` may appear in an XML 1.0 document. */
int mvr_xml_char_ok(uint32_t c);

/* Decode one UTF-8 sequence at `s` (at most `len` bytes). Returns its
 * length and sets *cp, or returns 0 when the bytes there are not
 * well-formed UTF-8 (overlong, surrogate, beyond U+10FFFF, truncated). */
size_t mvr_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

#endif
