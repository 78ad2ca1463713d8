/* docx_write.c - the WordprocessingML writer (see docx_write.h): the body
 * streamed to a temporary file, then a .docx package assembled with
 * libzip from it and from fixed parts (styles, footer, settings,
 * properties). Element order inside each property element follows the
 * ECMA-376 schema sequences, which Word checks before it opens a file
 * without "repairing" it. */
#include "docx_write.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "buf.h"
#include "util.h"
#include "xmlutil.h"

#define FLUSH_AT (64 * 1024)
/* zlib level for the body: deflating at the default level took half of
 * a large export; level 1 makes the file a third larger and the export
 * twice as fast (bench/export.sh) */
#define BODY_LEVEL 1

/* A4, margins of 2 cm, in twips (1/20 pt) */
#define PAGE_LONG 16838
#define PAGE_SHORT 11906
#define MARGIN 1134

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R                                                                   \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL                                                             \
  "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL                                                               \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

struct mvr_docx {
  mvr_buf b;     /* pending body text */
  FILE *body;    /* word/document.xml, being written */
  mvr_status rc; /* first error, sticky */
  int landscape; /* orientation of the current section */
  int has_content;
  int pending;     /* the empty paragraph that follows a table, unwritten */
  unsigned tables; /* captions written */
  /* the open table */
  unsigned widths[MVR_DOCX_MAX_COLS];
  size_t ncols, col;
};

/* --- the body ------------------------------------------------------------ */

static void flush(mvr_docx *d, int force)
{
  if (d->rc)
    return;
  d->rc = mvr_buf_status(&d->b);
  if (d->rc || !d->b.len || (!force && d->b.len < FLUSH_AT))
    return;
  if (fwrite(d->b.ptr, 1, d->b.len, d->body) != d->b.len)
    d->rc = MVR_ERR_IO;
  mvr_buf_reset(&d->b);
}

static void sect_pr(mvr_buf *b, int landscape)
{
  mvr_buf_puts(b, "<w:sectPr><w:footerReference w:type=\"default\" "
                  "r:id=\"rIdFooter1\"/>");
  if (landscape)
    mvr_buf_printf(b, "<w:pgSz w:w=\"%d\" w:h=\"%d\" w:orient=\"landscape\"/>",
                   PAGE_LONG, PAGE_SHORT);
  else
    mvr_buf_printf(b, "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>", PAGE_SHORT, PAGE_LONG);
  mvr_buf_printf(b,
                 "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" "
                 "w:left=\"%d\" w:header=\"567\" w:footer=\"567\" "
                 "w:gutter=\"0\"/><w:cols w:space=\"708\"/></w:sectPr>",
                 MARGIN, MARGIN, MARGIN, MARGIN);
}

mvr_status mvr_docx_new(int landscape, mvr_docx **out)
{
  mvr_docx *d;

  *out = NULL;
  d = mvr_malloc(sizeof *d);
  if (!d)
    return MVR_ERR_NOMEM;
  memset(d, 0, sizeof *d);
  mvr_buf_init(&d->b, MVR_BUF_DEFAULT_MAX);
  d->landscape = landscape;
  d->body = tmpfile();
  if (!d->body) {
    mvr_free(d);
    return MVR_ERR_IO;
  }
  mvr_buf_puts(&d->b, XML_DECL "<w:document xmlns:w=\"" NS_W
                               "\" xmlns:r=\"" NS_R "\"><w:body>");
  *out = d;
  return MVR_OK;
}

void mvr_docx_free(mvr_docx *d)
{
  if (!d)
    return;
  if (d->body)
    fclose(d->body);
  mvr_buf_free(&d->b);
  mvr_free(d);
}

mvr_status mvr_docx_status(const mvr_docx *d)
{
  return d->rc ? d->rc : mvr_buf_status(&d->b);
}

/* A table is followed by an empty paragraph (two tables in a row would
 * merge): written only when something follows, so that a section break
 * can take its place. */
static void settle(mvr_docx *d)
{
  if (d->pending)
    mvr_buf_puts(&d->b, "<w:p/>");
  d->pending = 0;
}

void mvr_docx_section(mvr_docx *d, int landscape)
{
  if (d->has_content) {
    /* the paragraph holding the section break is made 1 pt high: on a
     * full page a normal line would spill over and leave a blank page */
    mvr_buf_puts(&d->b, "<w:p><w:pPr><w:spacing w:before=\"0\" "
                        "w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>"
                        "<w:rPr><w:sz w:val=\"2\"/></w:rPr>");
    sect_pr(&d->b, d->landscape);
    mvr_buf_puts(&d->b, "</w:pPr></w:p>");
    d->has_content = 0;
  }
  d->pending = 0;
  d->landscape = landscape;
  flush(d, 0);
}

/* Text as one run: newlines become <w:br/>, tabs <w:tab/>; a CR LF pair
 * is one line break. */
static void run(mvr_buf *b, const char *s, const char *rpr)
{
  if (!s || !*s)
    return;
  mvr_buf_puts(b, "<w:r>");
  if (rpr)
    mvr_buf_puts(b, rpr);
  for (;;) {
    size_t n = strcspn(s, "\r\n\t");
    if (n) {
      mvr_buf_puts(b, "<w:t xml:space=\"preserve\">");
      mvr_xml_escape(b, s, n);
      mvr_buf_puts(b, "</w:t>");
    }
    s += n;
    if (!*s)
      break;
    if (*s == '\t') {
      mvr_buf_puts(b, "<w:tab/>");
    } else {
      mvr_buf_puts(b, "<w:br/>");
      if (s[0] == '\r' && s[1] == '\n')
        s++;
    }
    s++;
  }
  mvr_buf_puts(b, "</w:r>");
}

void mvr_docx_para(mvr_docx *d, const char *style, const char *text)
{
  settle(d);
  mvr_buf_puts(&d->b, "<w:p>");
  if (style) {
    mvr_buf_puts(&d->b, "<w:pPr><w:pStyle w:val=\"");
    mvr_xml_puts(&d->b, style);
    mvr_buf_puts(&d->b, "\"/></w:pPr>");
  }
  run(&d->b, text, NULL);
  mvr_buf_puts(&d->b, "</w:p>");
  d->has_content = 1;
  flush(d, 0);
}

void mvr_docx_paraf(mvr_docx *d, const char *style, const char *fmt, ...)
{
  mvr_buf t = MVR_BUF_INIT(MVR_BUF_DEFAULT_MAX);
  va_list ap;

  va_start(ap, fmt);
  mvr_buf_vprintf(&t, fmt, ap);
  va_end(ap);
  if (mvr_buf_status(&t) && !d->rc)
    d->rc = mvr_buf_status(&t);
  else
    mvr_docx_para(d, style, mvr_buf_cstr(&t));
  mvr_buf_free(&t);
}

void mvr_docx_heading(mvr_docx *d, int level, const char *num, const char *text)
{
  settle(d);
  mvr_buf_printf(&d->b,
                 "<w:p><w:pPr><w:pStyle w:val=\"Heading%d\"/>"
                 "</w:pPr>",
                 level == 2 ? 2 : 1);
  if (num && *num) {
    run(&d->b, num, NULL);
    mvr_buf_puts(&d->b, "<w:r><w:tab/></w:r>");
  }
  run(&d->b, text, NULL);
  mvr_buf_puts(&d->b, "</w:p>");
  d->has_content = 1;
  flush(d, 0);
}

void mvr_docx_caption(mvr_docx *d, const char *text)
{
  /* U+2013 EN DASH, as ITU-T captions have it */
  mvr_docx_paraf(d, "TableTitle", "Table %u \xE2\x80\x93 %s", ++d->tables,
                 text);
}

/* --- tables ---------------------------------------------------------- */

static unsigned text_width(const mvr_docx *d)
{
  return (unsigned)((d->landscape ? PAGE_LONG : PAGE_SHORT) - 2 * MARGIN);
}

static void cell(mvr_docx *d, const char *text, unsigned flags, int head)
{
  mvr_buf *b = &d->b;
  unsigned w = d->col < d->ncols ? d->widths[d->col] : 1000;

  mvr_buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%u\" w:type=\"dxa\"/>", w);
  if (head)
    mvr_buf_puts(b, "<w:shd w:val=\"clear\" w:color=\"auto\" "
                    "w:fill=\"D9D9D9\"/>");
  mvr_buf_puts(b, head ? "</w:tcPr><w:p><w:pPr><w:pStyle "
                         "w:val=\"TableHead\"/>"
                       : "</w:tcPr><w:p><w:pPr><w:pStyle "
                         "w:val=\"TableText\"/>");
  if (flags & MVR_DOCX_RIGHT)
    mvr_buf_puts(b, "<w:jc w:val=\"right\"/>");
  mvr_buf_puts(b, "</w:pPr>");
  run(b, text, (flags & MVR_DOCX_BOLD) ? "<w:rPr><w:b/></w:rPr>" : NULL);
  mvr_buf_puts(b, "</w:p></w:tc>");
  d->col++;
}

void mvr_docx_table_begin(mvr_docx *d, const mvr_docx_col *cols, size_t n)
{
  mvr_buf *b = &d->b;
  unsigned total = 0, sum = 0, width = text_width(d);
  /* the style shades the first row: only when it is a header */
  int head = n && cols[0].name;
  size_t i;

  settle(d);
  if (n > MVR_DOCX_MAX_COLS)
    n = MVR_DOCX_MAX_COLS;
  for (i = 0; i < n; i++)
    total += cols[i].weight ? cols[i].weight : 1;
  for (i = 0; i < n; i++) {
    d->widths[i] = (unsigned)((unsigned long)width *
                              (cols[i].weight ? cols[i].weight : 1) / total);
    sum += d->widths[i];
  }
  if (n)
    d->widths[n - 1] += width - sum; /* rounding */
  d->ncols = n;
  mvr_buf_printf(b,
                 "<w:tbl><w:tblPr><w:tblStyle w:val=\"RoadmapTable\"/>"
                 "<w:tblW w:w=\"%u\" w:type=\"dxa\"/>"
                 "<w:tblLayout w:type=\"fixed\"/>"
                 "<w:tblLook w:val=\"%s\" w:firstRow=\"%d\" "
                 "w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" "
                 "w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
                 width, head ? "04A0" : "0480", head);
  for (i = 0; i < n; i++)
    mvr_buf_printf(b, "<w:gridCol w:w=\"%u\"/>", d->widths[i]);
  mvr_buf_puts(b, "</w:tblGrid>");
  if (head) {
    /* repeated at the top of every page the table runs onto */
    mvr_buf_puts(b, "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    d->col = 0;
    for (i = 0; i < n; i++)
      cell(d, cols[i].name, 0, 1);
    mvr_buf_puts(b, "</w:tr>");
  }
  d->has_content = 1;
  flush(d, 0);
}

void mvr_docx_row_begin(mvr_docx *d)
{
  mvr_buf_puts(&d->b, "<w:tr>");
  d->col = 0;
}

void mvr_docx_cell(mvr_docx *d, const char *text, unsigned flags)
{
  if (d->col < d->ncols)
    cell(d, text, flags, 0);
}

void mvr_docx_cell_long(mvr_docx *d, long n, unsigned flags)
{
  char num[32];

  snprintf(num, sizeof num, "%ld", n);
  mvr_docx_cell(d, num, flags | MVR_DOCX_RIGHT);
}

void mvr_docx_row_end(mvr_docx *d)
{
  /* every row has all its cells, each with a paragraph, or Word repairs */
  while (d->col < d->ncols)
    cell(d, NULL, 0, 0);
  mvr_buf_puts(&d->b, "</w:tr>");
  flush(d, 0);
}

void mvr_docx_table_end(mvr_docx *d)
{
  mvr_buf_puts(&d->b, "</w:tbl>");
  d->ncols = 0;
  d->pending = 1;
  flush(d, 0);
}

/* --- the fixed parts --------------------------------------------------- */

static const char content_types[] = XML_DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
    "vnd.openxmlformats-package.core-properties+xml\"/>"
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    "</Types>";

static const char package_rels[] = XML_DECL
    "<Relationships xmlns=\"" NS_PKG_REL "\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "package/2006/relationships/metadata/core-properties\" "
    "Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/extended-properties\" "
    "Target=\"docProps/app.xml\"/>"
    "</Relationships>";

static const char document_rels[] = XML_DECL
    "<Relationships xmlns=\"" NS_PKG_REL "\">"
    "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats."
    "org/officeDocument/2006/relationships/settings\" "
    "Target=\"settings.xml\"/>"
    "<Relationship Id=\"rIdFooter1\" Type=\"http://schemas.openxmlformats."
    "org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
    "</Relationships>";

static const char settings[] =
    XML_DECL "<w:settings xmlns:w=\"" NS_W "\">"
             "<w:defaultTabStop w:val=\"567\"/>"
             "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
             "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
             "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
             "</w:compat></w:settings>";

/* The page number, centred: a PAGE field with "1" as its cached result. */
static const char footer[] = XML_DECL
    "<w:ftr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">"
    "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/>"
    "</w:pPr><w:r><w:t xml:space=\"preserve\">\xE2\x80\x93 </w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
    "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
    "<w:r><w:t>1</w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    "<w:r><w:t xml:space=\"preserve\"> \xE2\x80\x93</w:t></w:r></w:p>"
    "</w:ftr>";

#define PSTYLE(id, name, based, extra)                                         \
  "<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" name   \
  "\"/><w:basedOn w:val=\"" based "\"/><w:qFormat/>" extra "</w:style>"

/* Times New Roman as in ITU-T texts; headings numbered by hand ("1<TAB>")
 * with a hanging indent, and outline levels so that Word's navigation
 * pane and a table of contents find them. In pieces: ISO C promises
 * string literals of 4095 bytes only. */
static const char *const styles[] = {
    XML_DECL "<w:styles xmlns:w=\"" NS_W "\">"
             "<w:docDefaults><w:rPrDefault><w:rPr>"
             "<w:rFonts w:ascii=\"Times New Roman\" "
             "w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" "
             "w:cs=\"Times New Roman\"/>"
             "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>"
             "<w:lang w:val=\"en-GB\" w:eastAsia=\"en-US\" "
             "w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
             "<w:pPrDefault><w:pPr><w:spacing w:before=\"120\" "
             "w:after=\"0\"/></w:pPr></w:pPrDefault></w:docDefaults>"
             "<w:style w:type=\"paragraph\" w:default=\"1\" "
             "w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
             "</w:style>",
    PSTYLE("Title", "Title", "Normal",
           "<w:pPr><w:spacing w:before=\"1200\" w:after=\"240\"/>"
           "<w:jc w:val=\"center\"/></w:pPr><w:rPr><w:b/>"
           "<w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/></w:rPr>"),
    PSTYLE("Subtitle", "Subtitle", "Normal",
           "<w:pPr><w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/>"
           "</w:pPr><w:rPr><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>"
           "</w:rPr>"),
    PSTYLE("Heading1", "heading 1", "Normal",
           "<w:pPr><w:keepNext/><w:keepLines/>"
           "<w:spacing w:before=\"360\" w:after=\"120\"/>"
           "<w:ind w:left=\"794\" w:hanging=\"794\"/>"
           "<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/>"
           "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>"),
    PSTYLE("Heading2", "heading 2", "Heading1",
           "<w:pPr><w:spacing w:before=\"240\" w:after=\"120\"/>"
           "<w:outlineLvl w:val=\"1\"/></w:pPr>"
           "<w:rPr><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr>"),
    PSTYLE("TableTitle", "Table_title", "Normal",
           "<w:pPr><w:keepNext/><w:spacing w:before=\"360\" "
           "w:after=\"120\"/><w:jc w:val=\"center\"/></w:pPr>"
           "<w:rPr><w:b/></w:rPr>"),
    PSTYLE("TableHead", "Table_head", "Normal",
           "<w:pPr><w:keepNext/><w:spacing w:before=\"40\" "
           "w:after=\"40\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"18\"/>"
           "<w:szCs w:val=\"18\"/></w:rPr>"),
    PSTYLE("TableText", "Table_text", "Normal",
           "<w:pPr><w:spacing w:before=\"40\" w:after=\"40\"/></w:pPr>"
           "<w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>"),
    PSTYLE("Note", "Note", "Normal",
           "<w:pPr><w:spacing w:before=\"80\"/></w:pPr>"
           "<w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr>"),
    PSTYLE("Footer", "footer", "Normal",
           "<w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>"),
    "<w:style w:type=\"character\" w:default=\"1\" "
    "w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph "
    "Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"
    "</w:style>"
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
    "<w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/>"
    "<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" "
    "w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
    "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" "
    "w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
    "</w:tblCellMar></w:tblPr></w:style>",
    "<w:style w:type=\"table\" w:styleId=\"RoadmapTable\">"
    "<w:name w:val=\"Roadmap Table\"/><w:basedOn w:val=\"TableNormal\"/>"
    "<w:uiPriority w:val=\"59\"/><w:qFormat/>"
    "<w:pPr><w:spacing w:before=\"40\" w:after=\"40\"/></w:pPr>"
    "<w:tblPr><w:tblBorders>"
    "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
    "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
    "w:color=\"auto\"/>"
    "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
    "w:color=\"auto\"/>"
    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
    "w:color=\"auto\"/>"
    "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
    "w:color=\"auto\"/>"
    "</w:tblBorders><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/>"
    "<w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
    "<w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/></w:rPr><w:tcPr>"
    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/></w:tcPr>"
    "</w:tblStylePr></w:style></w:styles>"};

#undef PSTYLE

static void core_props(mvr_buf *b, const char *title, const char *subject)
{
  char now[21];

  mvr_timestamp_now(now);
  mvr_buf_puts(b, XML_DECL
               "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats."
               "org/package/2006/metadata/core-properties\" "
               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
               "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
               "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
               "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
               "<dc:title>");
  mvr_xml_puts(b, title ? title : "");
  mvr_buf_puts(b, "</dc:title><dc:subject>");
  mvr_xml_puts(b, subject ? subject : "");
  mvr_buf_puts(b, "</dc:subject><dc:creator>mvroad</dc:creator>"
                  "<dcterms:created xsi:type=\"dcterms:W3CDTF\">");
  mvr_buf_puts(b, now);
  mvr_buf_puts(b, "</dcterms:created><dcterms:modified "
                  "xsi:type=\"dcterms:W3CDTF\">");
  mvr_buf_puts(b, now);
  mvr_buf_puts(b, "</dcterms:modified></cp:coreProperties>");
}

static void app_props(mvr_buf *b)
{
  mvr_buf_puts(b, XML_DECL
               "<Properties xmlns=\"http://schemas.openxmlformats.org/"
               "officeDocument/2006/extended-properties\" "
               "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/"
               "2006/docPropsVTypes\"><Application>mvroad ");
  mvr_xml_puts(b, mvr_version());
  mvr_buf_puts(b, "</Application></Properties>");
}

/* --- the package --------------------------------------------------------- */

static mvr_status zip_fail(zip_t *za, const char *path, const char *what,
                           char *err, size_t errlen)
{
  if (err && errlen)
    snprintf(err, errlen, "%s: %s: %s", path, what,
             za ? zip_strerror(za) : "cannot create the file");
  return MVR_ERR_IO;
}

static mvr_status add_mem(zip_t *za, const char *name, const char *p, size_t n,
                          const char *path, char *err, size_t errlen)
{
  zip_source_t *src = zip_source_buffer(za, p, n, 0);

  if (!src)
    return zip_fail(za, path, name, err, errlen);
  if (zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
    zip_source_free(src);
    return zip_fail(za, path, name, err, errlen);
  }
  return MVR_OK;
}

mvr_status mvr_docx_save(mvr_docx *d, const char *path, const char *title,
                         const char *subject, char *err, size_t errlen)
{
  mvr_buf core = MVR_BUF_INIT(1 << 20), app = MVR_BUF_INIT(1 << 20),
          sty = MVR_BUF_INIT(1 << 20);
  size_t i;
  zip_t *za = NULL;
  zip_source_t *src = NULL;
  mvr_status rc = MVR_OK;
  int zerr = 0;

  if (err && errlen)
    err[0] = '\0';
  /* the last section's properties close the body */
  settle(d);
  sect_pr(&d->b, d->landscape);
  mvr_buf_puts(&d->b, "</w:body></w:document>");
  flush(d, 1);
  /* libzip 1.7 reads a stream from where it stands: rewind it */
  if (!d->rc && (fflush(d->body) != 0 || fseek(d->body, 0, SEEK_SET) != 0))
    d->rc = MVR_ERR_IO;
  rc = d->rc;
  if (rc)
    goto out;
  core_props(&core, title, subject);
  app_props(&app);
  for (i = 0; i < MVR_ARRAY_SIZE(styles); i++)
    mvr_buf_puts(&sty, styles[i]);
  rc = mvr_buf_status(&core) ? mvr_buf_status(&core) : mvr_buf_status(&app);
  if (!rc)
    rc = mvr_buf_status(&sty);
  if (rc)
    goto out;

  /* libzip writes a temporary file beside `path` and renames it over
   * `path` in zip_close(): a reader never sees half a document */
  za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (!za) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    if (err && errlen)
      snprintf(err, errlen, "%s: %s", path, zip_error_strerror(&ze));
    zip_error_fini(&ze);
    rc = MVR_ERR_IO;
    goto out;
  }
  /* [Content_Types].xml first, as Office writes it */
  rc = add_mem(za, "[Content_Types].xml", content_types,
               sizeof content_types - 1, path, err, errlen);
  if (!rc)
    rc = add_mem(za, "_rels/.rels", package_rels, sizeof package_rels - 1, path,
                 err, errlen);
  if (!rc) {
    /* the body is read from its temporary file while zip_close() writes:
     * never all in memory */
    src = zip_source_filep(za, d->body, 0, -1);
    if (!src) {
      rc = zip_fail(za, path, "word/document.xml", err, errlen);
    } else {
      zip_int64_t idx;
      d->body = NULL; /* the source owns the stream now */
      idx = zip_file_add(za, "word/document.xml", src, ZIP_FL_ENC_UTF_8);
      if (idx < 0) {
        zip_source_free(src);
        rc = zip_fail(za, path, "word/document.xml", err, errlen);
      } else if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE,
                                          BODY_LEVEL) < 0) {
        rc = zip_fail(za, path, "word/document.xml", err, errlen);
      }
    }
  }
  if (!rc)
    rc = add_mem(za, "word/_rels/document.xml.rels", document_rels,
                 sizeof document_rels - 1, path, err, errlen);
  if (!rc)
    rc = add_mem(za, "word/styles.xml", sty.ptr, sty.len, path, err, errlen);
  if (!rc)
    rc = add_mem(za, "word/settings.xml", settings, sizeof settings - 1, path,
                 err, errlen);
  if (!rc)
    rc = add_mem(za, "word/footer1.xml", footer, sizeof footer - 1, path, err,
                 errlen);
  if (!rc)
    rc =
        add_mem(za, "docProps/core.xml", core.ptr, core.len, path, err, errlen);
  if (!rc)
    rc = add_mem(za, "docProps/app.xml", app.ptr, app.len, path, err, errlen);
  if (rc)
    goto out;
  if (zip_close(za) != 0) {
    rc = zip_fail(za, path, "writing", err, errlen);
    goto out;
  }
  za = NULL;
out:
  if (za)
    zip_discard(za);
  mvr_buf_free(&core);
  mvr_buf_free(&app);
  mvr_buf_free(&sty);
  return rc;
}
