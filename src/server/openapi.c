/* openapi.c - /api/v1/openapi.json: an OpenAPI 3 description generated
 * from the route table (router.c), so that it cannot miss a route: every
 * path, its parameters (from the route's parameter table), the least role
 * it needs (x-role), its content type and its errors. The schemas of the
 * JSON bodies are written out below. */
#include <string.h>

#include "json.h"
#include "router.h"

#define JSON_TYPE "application/json"

/* In parts: ISO C guarantees string literals of 4095 bytes only. */
static const char *const components[] = {
    "\"components\": {\n\"schemas\": {\n"
    "\"Entry\": {\"type\": \"object\", \"properties\": {"
    "\"id\": {\"type\": \"integer\"}, \"sdo\": {\"type\": \"string\"}, "
    "\"family\": {\"type\": \"string\"}, "
    "\"reference\": {\"type\": \"string\"}, "
    "\"refkey\": {\"type\": \"string\"}, \"type\": {\"type\": \"string\"}, "
    "\"title\": {\"type\": \"string\"}, \"status\": {\"type\": \"string\"}, "
    "\"status_detail\": {\"type\": \"string\"}, "
    "\"categories\": {\"type\": \"array\", \"items\": "
    "{\"type\": \"string\"}}, \"summary\": {\"type\": \"string\"}, "
    "\"url\": {\"type\": \"string\"}, \"ref_detail\": {\"type\": "
    "\"string\"}, \"first_seen\": {\"type\": \"string\", \"format\": "
    "\"date\"}, \"last_updated\": {\"type\": \"string\", \"format\": "
    "\"date\"}, \"version\": {\"type\": \"integer\"}}},\n"
    "\"Counts\": {\"type\": \"object\", \"additionalProperties\": "
    "{\"type\": \"integer\"}},\n"
    "\"Listing\": {\"type\": \"object\", \"required\": [\"total\", "
    "\"entries\", \"facets\"], \"properties\": {"
    "\"total\": {\"type\": \"integer\"}, \"limit\": {\"type\": \"integer\"}, "
    "\"offset\": {\"type\": \"integer\"}, \"org\": {\"type\": \"string\"}, "
    "\"release\": {\"$ref\": \"#/components/schemas/Release\"}, "
    "\"entries\": {\"type\": \"array\", \"items\": "
    "{\"$ref\": \"#/components/schemas/Entry\"}}, "
    "\"facets\": {\"type\": \"object\", \"description\": \"Counts per "
    "value of each filter over the whole result; an entry in two "
    "categories counts in both.\", \"properties\": {"
    "\"sdo\": {\"$ref\": \"#/components/schemas/Counts\"}, "
    "\"category\": {\"$ref\": \"#/components/schemas/Counts\"}, "
    "\"status\": {\"$ref\": \"#/components/schemas/Counts\"}, "
    "\"type\": {\"$ref\": \"#/components/schemas/Counts\"}}}}},\n",
    "\"EntryDetail\": {\"type\": \"object\", \"properties\": {"
    "\"entry\": {\"$ref\": \"#/components/schemas/Entry\"}, "
    "\"aliases\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}, "
    "\"merged\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}}, "
    "\"merged_into\": {\"type\": \"integer\"}, "
    "\"sources\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}, "
    "\"changes\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}, "
    "\"releases\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}, "
    "\"since_release\": {\"type\": \"array\", \"items\": "
    "{\"type\": \"object\"}}}},\n"
    "\"Orgs\": {\"type\": \"object\", \"properties\": {"
    "\"total\": {\"type\": \"integer\"}, \"orgs\": {\"type\": \"array\", "
    "\"items\": {\"type\": \"object\", \"properties\": {"
    "\"name\": {\"type\": \"string\"}, \"entries\": {\"type\": "
    "\"integer\"}}}}}},\n"
    "\"Stats\": {\"type\": \"object\", \"properties\": {"
    "\"entries\": {\"type\": \"integer\"}, "
    "\"organisations\": {\"type\": \"integer\"}, "
    "\"submissions\": {\"type\": \"integer\"}, "
    "\"categories\": {\"$ref\": \"#/components/schemas/Counts\"}, "
    "\"statuses\": {\"$ref\": \"#/components/schemas/Counts\"}, "
    "\"types\": {\"$ref\": \"#/components/schemas/Counts\"}, "
    "\"sdos\": {\"$ref\": \"#/components/schemas/Counts\"}}},\n"
    "\"Release\": {\"type\": \"object\", \"properties\": {"
    "\"id\": {\"type\": \"integer\"}, \"name\": {\"type\": \"string\"}, "
    "\"date\": {\"type\": \"string\", \"format\": \"date\"}, "
    "\"note\": {\"type\": \"string\"}, \"created_at\": {\"type\": "
    "\"string\"}, \"actor\": {\"type\": \"string\"}, "
    "\"entries\": {\"type\": \"integer\"}, "
    "\"submissions\": {\"type\": \"integer\", \"description\": "
    "\"submissions received by the freeze\"}}},\n"
    "\"Releases\": {\"type\": \"object\", \"properties\": {\"releases\": "
    "{\"type\": \"array\", \"items\": {\"$ref\": "
    "\"#/components/schemas/Release\"}}}},\n"
    "\"Diff\": {\"type\": \"object\", \"description\": \"See "
    "docs/diff.md.\"},\n"
    "\"Export\": {\"type\": \"object\", \"properties\": {\"entries\": "
    "{\"type\": \"array\", \"items\": {\"$ref\": "
    "\"#/components/schemas/Entry\"}}}},\n",
    "\"Submission\": {\"type\": \"object\", \"properties\": {"
    "\"dry_run\": {\"type\": \"boolean\"}, \"stored\": {\"type\": "
    "\"boolean\"}, \"already_imported\": {\"type\": \"boolean\"}, "
    "\"submission_id\": {\"type\": \"integer\"}, \"rows\": {\"type\": "
    "\"integer\"}, \"proposed\": {\"type\": \"integer\"}, \"conflicts\": "
    "{\"type\": \"integer\"}, \"org\": {\"type\": \"string\"}, "
    "\"sha256\": {\"type\": \"string\"}, \"problems\": {\"type\": "
    "\"array\", \"items\": {\"type\": \"object\", \"properties\": {"
    "\"row\": {\"type\": \"integer\"}, \"column\": {}, \"severity\": "
    "{\"type\": \"string\"}, \"code\": {\"type\": \"string\"}, "
    "\"message\": {\"type\": \"string\"}}}}}},\n",
    "\"Error\": {\"type\": \"object\", \"required\": [\"error\"], "
    "\"properties\": {\"error\": {\"type\": \"object\", \"required\": "
    "[\"code\", \"message\", \"details\"], \"properties\": {"
    "\"code\": {\"type\": \"string\"}, \"message\": {\"type\": \"string\"}, "
    "\"details\": {\"type\": \"array\", \"items\": {\"type\": \"object\", "
    "\"properties\": {\"parameter\": {\"type\": \"string\"}, "
    "\"row\": {\"type\": \"integer\"}, \"column\": {}, "
    "\"message\": {\"type\": \"string\"}}}}}}}}\n},\n"
    "\"securitySchemes\": {\"bearer\": {\"type\": \"http\", \"scheme\": "
    "\"bearer\"}, \"session\": {\"type\": \"apiKey\", \"in\": "
    "\"cookie\", \"name\": \"mvr_session\"}},\n"
    "\"responses\": {\n"
    "\"Error\": {\"description\": \"An error: under /api/ as JSON, "
    "elsewhere as an HTML page.\", \"content\": {\"application/json\": "
    "{\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}, "
    "\"text/html\": {\"schema\": {\"type\": \"string\"}}}}\n}\n}\n"};

static void parameter(sbuf *b, const param_spec *p)
{
  size_t i;

  sbuf_puts(b, ", {\"in\": \"query\"");
  json_kv(b, "name", p->name, 0);
  sbuf_puts(b, p->required ? ", \"required\": true" : ", \"required\": false");
  json_kv(b, "description", p->doc ? p->doc : "", 0);
  sbuf_puts(b, ", \"schema\": ");
  switch (p->type) {
  case PARAM_TEXT:
    sbuf_printf(b, "{\"type\": \"string\", \"maxLength\": %ld}}", p->max);
    break;
  case PARAM_INT:
    sbuf_printf(b,
                "{\"type\": \"integer\", \"minimum\": %ld, \"maximum\": "
                "%ld}}",
                p->min, p->max);
    break;
  case PARAM_ENUM:
    sbuf_puts(b, "{\"type\": \"string\", \"enum\": [");
    for (i = 0; p->values[i]; i++) {
      sbuf_puts(b, i ? ", " : "");
      json_str(b, p->values[i]);
    }
    sbuf_puts(b, "]}}");
    break;
  }
}

/* The path parameter of a pattern ("id" of "/entries/{id}"), if any,
 * into `out`. */
static int path_param(const char *pattern, char *out, size_t cap)
{
  const char *open = strchr(pattern, '{');
  const char *close = open ? strchr(open, '}') : NULL;
  size_t n;

  if (!open || !close)
    return 0;
  n = (size_t)(close - open - 1);
  if (n >= cap)
    n = cap - 1;
  memcpy(out, open + 1, n);
  out[n] = '\0';
  return 1;
}

/* "get": {...} for one route. */
static void route_op(sbuf *b, const route *rt)
{
  const char *p;
  char name[32];
  size_t i;
  int api = strncmp(rt->pattern, "/api/", 5) == 0, first = 1;

  sbuf_putc(b, '"');
  for (p = rt->method; *p; p++)
    sbuf_putc(b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
  sbuf_puts(b, "\": {");
  json_kv(b, "summary", rt->summary, 1);
  sbuf_puts(b, api ? ", \"tags\": [\"api\"]" : ", \"tags\": [\"pages\"]");
  json_kv(b, "x-role", role_name(rt->role), 0);
  sbuf_puts(b, ", \"parameters\": [");
  if (path_param(rt->pattern, name, sizeof name)) {
    sbuf_puts(b, "{\"in\": \"path\", \"required\": true");
    json_kv(b, "name", name, 0);
    sbuf_puts(b, ", \"schema\": {\"type\": \"string\"}}");
    first = 0;
  }
  for (i = 0; rt->params && rt->params[i].name; i++) {
    sbuf tmp = SBUF_INIT(4096);
    parameter(&tmp, &rt->params[i]);
    /* parameter() writes a leading ", " */
    sbuf_puts(b, sbuf_str(&tmp) + (first ? 2 : 0));
    if (sbuf_failed(&tmp))
      sbuf_fail(b);
    sbuf_free(&tmp);
    first = 0;
  }
  sbuf_puts(b, "]");
  if (rt->body == BODY_FORM)
    sbuf_puts(b, ", \"requestBody\": {\"required\": true, \"content\": {"
                 "\"application/x-www-form-urlencoded\": {}, "
                 "\"multipart/form-data\": {}}}");
  else if (rt->body == BODY_RAW)
    sbuf_puts(b, ", \"requestBody\": {\"required\": true, \"content\": {"
                 "\"text/csv\": {}, \"application/json\": {}, "
                 "\"application/vnd.openxmlformats-officedocument."
                 "wordprocessingml.document\": {}, "
                 "\"application/vnd.openxmlformats-officedocument."
                 "spreadsheetml.sheet\": {}}}");
  if (rt->role != ROLE_ANONYMOUS)
    sbuf_puts(b, ", \"security\": [{\"bearer\": []}, {\"session\": []}]");
  sbuf_puts(b, ", \"responses\": {\"200\": {\"description\": \"OK\", "
               "\"content\": {");
  json_str(b, rt->ctype);
  if (rt->schema) {
    sbuf_puts(b, ": {\"schema\": {\"$ref\": \"#/components/schemas/");
    sbuf_puts(b, rt->schema);
    sbuf_puts(b, "\"}}}}");
  } else {
    sbuf_puts(b, ": {}}}");
  }
  if (strcmp(rt->method, "POST") == 0)
    sbuf_puts(b, ", \"401\": {\"$ref\": \"#/components/responses/Error\"}"
                 ", \"403\": {\"$ref\": \"#/components/responses/Error\"}"
                 ", \"415\": {\"$ref\": \"#/components/responses/Error\"}"
                 ", \"422\": {\"$ref\": \"#/components/responses/Error\"}"
                 ", \"429\": {\"$ref\": \"#/components/responses/Error\"}");
  sbuf_puts(b, ", \"400\": {\"$ref\": \"#/components/responses/Error\"}"
               ", \"404\": {\"$ref\": \"#/components/responses/Error\"}"
               ", \"405\": {\"$ref\": \"#/components/responses/Error\"}"
               ", \"413\": {\"$ref\": \"#/components/responses/Error\"}"
               ", \"414\": {\"$ref\": \"#/components/responses/Error\"}"
               ", \"500\": {\"$ref\": \"#/components/responses/Error\"}"
               ", \"503\": {\"$ref\": \"#/components/responses/Error\"}}}");
}

enum MHD_Result route_api_openapi(req *r)
{
  sbuf b = SBUF_INIT(1024 * 1024);
  size_t i, j;
  int first = 1;

  sbuf_puts(&b, "{\"openapi\": \"3.0.3\",\n\"info\": {\"title\": \"mvroad: "
                "the Metaverse Standardization Roadmap\"");
  json_kv(&b, "version", mvr_version(), 0);
  sbuf_puts(&b, ", \"description\": \"The register of the ITU-T "
                "JCA-MV roadmap. Pages (tag pages) answer "
                "HTML; the API (tag api) answers JSON. GET routes also "
                "answer HEAD; x-role is the least role a route needs: "
                "anonymous, liaison, editor, secretariat. A POST needs an "
                "API token (Authorization: Bearer) or a session cookie "
                "with its CSRF token and this site's Origin.\"},\n\"servers\": [{\"url\": \"/\"}],\n"
                "\"paths\": {\n");
  for (i = 0; i < router_nroutes; i++) {
    const route *rt = &router_routes[i];
    int seen = 0;
    /* one path item per pattern, with every method that pattern has */
    for (j = 0; j < i && !seen; j++)
      seen = strcmp(router_routes[j].pattern, rt->pattern) == 0;
    if (seen)
      continue;
    sbuf_puts(&b, first ? "" : ",\n");
    first = 0;
    json_str(&b, rt->pattern);
    sbuf_puts(&b, ": {");
    for (j = i; j < router_nroutes; j++) {
      if (strcmp(router_routes[j].pattern, rt->pattern) != 0)
        continue;
      if (j != i)
        sbuf_puts(&b, ", ");
      route_op(&b, &router_routes[j]);
    }
    sbuf_putc(&b, '}');
  }
  sbuf_puts(&b, "\n},\n");
  for (i = 0; i < sizeof components / sizeof components[0]; i++)
    sbuf_puts(&b, components[i]);
  sbuf_puts(&b, "}\n");
  return resp_body(r, 200, JSON_TYPE, CACHE_PUBLIC, &b);
}
