/* route_static.c - the style sheet, compiled into the binary and served
 * at /static/mvroad.css (the Content-Security-Policy allows styles from
 * our own origin only, never inline). Responsive (one column below
 * 50em), visible keyboard focus, colours of at least 4.5:1 contrast, and
 * a print style without navigation, forms and facets. */
#include <string.h>

#include "router.h"

/* In parts: ISO C guarantees string literals of 4095 bytes only. */
static const char *const css_parts[] = {
    ":root{--fg:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--link:#0b4f8a;"
    "--line:#c8c8c8;--band:#f3f5f8;--accent:#1d5d96;--focus:#b34700}\n"
    "*{box-sizing:border-box}\n"
    "html{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,sans-serif;line-height:1.5;color:var(--fg);"
    "background:var(--bg)}\n"
    "body{margin:0}\n"
    "a{color:var(--link)}\n"
    "a:hover{text-decoration-thickness:2px}\n"
    ":focus-visible{outline:3px solid var(--focus);outline-offset:2px}\n"
    ".skip{position:absolute;left:-999em;top:0;background:var(--bg);"
    "padding:.5em 1em;z-index:10}\n"
    ".skip:focus{left:.5em}\n"
    ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}\n"
    "header.site{background:var(--accent);color:#fff;padding:.75em 1em;"
    "display:flex;flex-wrap:wrap;gap:.5em 2em;align-items:center}\n"
    "header.site a{color:#fff}\n"
    ".brand{margin:0;font-weight:700;font-size:1.15em}\n"
    ".brand span{font-weight:400;font-size:.85em;margin-left:.5em}\n"
    "nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;"
    "gap:.25em 1.25em}\n"
    "header.site nav a[aria-current]{font-weight:700;"
    "text-decoration-thickness:3px}\n"
    "form.search{display:flex;gap:.5em;align-items:center;margin-left:auto;"
    "flex-wrap:wrap}\n"
    "input,select,button{font:inherit;padding:.3em .5em;border:1px solid "
    "#767676;border-radius:3px}\n"
    "button{background:var(--bg);color:var(--fg);cursor:pointer}\n"
    "header.site button{border-color:#fff}\n"
    ".account{display:flex;flex-wrap:wrap;gap:.25em 1em;align-items:center}\n"
    ".account p{margin:0}\n"
    ".account form{margin:0}\n"
    "main{max-width:80em;margin:0 auto;padding:1em}\n"
    "main:focus{outline:none}\n"
    "h1{font-size:1.75em;margin:.5em 0}\n"
    "h2{font-size:1.3em;margin:1.2em 0 .5em}\n"
    "h3{font-size:1em;margin:1em 0 .25em}\n"
    ".lead{font-size:1.1em;color:var(--muted)}\n"
    ".notice,.error{border-left:4px solid var(--focus);padding:.5em 1em;"
    "background:var(--band)}\n"
    "ul.counts{list-style:none;padding:0;display:flex;flex-wrap:wrap;"
    "gap:1em 2em;font-size:1.2em}\n",
    "table{border-collapse:collapse;width:100%;margin:.5em 0 1em}\n"
    "caption{text-align:left;font-weight:700;padding:.25em 0}\n"
    "th,td{text-align:left;vertical-align:top;padding:.35em .6em;"
    "border-bottom:1px solid var(--line)}\n"
    "thead th{border-bottom:2px solid var(--fg)}\n"
    "tbody tr:nth-child(even){background:var(--band)}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.zero{color:var(--muted)}\n"
    ".scroll{overflow-x:auto}\n"
    ".listing{display:grid;grid-template-columns:16em 1fr;gap:2em}\n"
    ".facets h2{margin-top:0}\n"
    ".facet ul{list-style:none;padding:0;margin:0}\n"
    ".facet li{padding:.1em 0}\n"
    ".facet .n{color:var(--muted)}\n"
    ".facet li.on a{font-weight:700}\n"
    ".facet .x{font-weight:400;font-size:.9em}\n"
    "form.controls{display:flex;flex-wrap:wrap;gap:.75em 1.5em;"
    "align-items:flex-end;margin:1em 0;padding:.75em;background:var(--band)}\n"
    "form.controls label{display:block;font-size:.9em}\n"
    "nav.pages ul{gap:1em;align-items:center}\n"
    ".downloads{margin-top:1.5em}\n"
    "dl.fields{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.35em 1.5em}\n"
    "dl.fields dt{font-weight:700}\n"
    "dl.fields dd{margin:0}\n"
    "ul.inline{list-style:none;padding:0;margin:0;display:flex;"
    "flex-wrap:wrap;gap:.25em 1em}\n"
    ".k{color:var(--muted)}\n"
    "figure.chart{margin:0 0 1em}\n"
    "figure.chart figcaption{margin-top:.25em}\n"
    "figure.chart svg{width:100%;max-width:44em;height:auto}\n"
    "svg .bar{fill:var(--accent)}\n"
    "svg .label{text-anchor:end;fill:var(--fg);font-size:14px}\n"
    "svg .value{fill:var(--fg);font-size:14px}\n"
    "footer.site{max-width:80em;margin:2em auto 0;padding:1em;"
    "border-top:1px solid var(--line);color:var(--muted);font-size:.9em}\n"
    "@media (max-width:50em){.listing{grid-template-columns:1fr}"
    "form.search{margin-left:0}dl.fields{grid-template-columns:1fr}"
    "dl.fields dd{margin-bottom:.5em}}\n"
    "@media print{header.site nav,form,.facets,nav.pages,.skip,.downloads"
    "{display:none}header.site{background:none;color:#000}"
    "header.site a,a{color:#000}main{max-width:none;padding:0}"
    ".listing{display:block}tbody tr:nth-child(even){background:none}"
    "svg .bar{fill:#555}}\n",
};

enum MHD_Result route_static_css(req *r)
{
  sbuf b = SBUF_INIT(64 * 1024);
  size_t i;

  for (i = 0; i < sizeof css_parts / sizeof css_parts[0]; i++)
    sbuf_puts(&b, css_parts[i]);
  return resp_body(r, 200, "text/css; charset=utf-8", CACHE_STATIC, &b);
}
