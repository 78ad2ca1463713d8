/* profile.h - the loaded profile: the controlled vocabularies, column
 * names, organisation registry and reference families, with the lookup
 * tables the normalisers use. */
#ifndef MVR_PROFILE_H
#define MVR_PROFILE_H

#include "buf.h"
#include "mvroad.h"

/* The template's fields, in template order, then extras. */
typedef enum mvr_field {
  MVR_F_SDO = 0,
  MVR_F_REFERENCE,
  MVR_F_TYPE,
  MVR_F_TITLE,
  MVR_F_STATUS,
  MVR_F_CATEGORY,
  MVR_F_SUMMARY,
  MVR_F_URL,
  MVR_F_STATUS_DETAIL,
  MVR_F_COUNT
} mvr_field;

/* Display name ("SDO/Org.", "Category"...) and JSON key ("sdo",
 * "categories"...) of a field. */
const char *mvr_field_name(mvr_field f);
const char *mvr_field_key(mvr_field f);

/* A string -> small integer map over matching keys (see mvr_key()). */
typedef struct mvr_map {
  char **keys;
  int *vals;
  size_t cap; /* power of two, 0 when empty */
  size_t n;
} mvr_map;

int mvr_map_get(const mvr_map *m, const char *key); /* -1 if absent */

/* The matching key of a label: ASCII letters folded to lower case,
 * letters and digits kept, '&' read as "and", everything else dropped;
 * non-ASCII bytes are kept as they are. */
void mvr_key(const char *s, size_t len, mvr_buf *out);

typedef struct mvr_vocab {
  char **labels; /* canonical, in profile order */
  size_t n;
  mvr_map map;   /* key of label or variant -> index */
} mvr_vocab;

typedef struct mvr_phrase {
  char *words; /* lower-case words separated by single spaces */
  size_t len;
  int status;  /* index into statuses */
} mvr_phrase;

typedef struct mvr_stage_range {
  double from, to;
  int status;
} mvr_stage_range;

typedef struct mvr_org_def {
  char *name;
  char *family;
  char *parent; /* canonical name or NULL */
  char *kind;
} mvr_org_def;

/* A topic of the coordination analysis (issue 7): an entry whose title
 * or summary holds one of the phrases (matched on stemmed words, see
 * terms.h) is tagged with it. */
typedef struct mvr_topic_def {
  char *name;
  char **phrases;
  size_t nphrases;
} mvr_topic_def;

typedef struct mvr_family_def {
  char *name;    /* "ISO/IEC" */
  char *rules;   /* "iso", "itu", "ieee", "3gpp", "etsi", "w3c", "ogc",
                    "ietf", "fgmv", "generic" */
  char **prefixes; /* reference prefixes naming this family, longest
                      first, e.g. "ISO/IEC", "ISO", "IEC" */
  size_t nprefixes;
} mvr_family_def;

struct mvr_profile {
  char *name;
  char *version;
  mvr_map columns;           /* header key -> mvr_field */
  unsigned required;         /* bit set of mvr_field */
  mvr_vocab categories;
  uint64_t *combo_masks;     /* category combinations: value of the map
                                entry minus 1000 indexes this */
  size_t ncombos;
  mvr_vocab statuses;        /* map holds exact keys */
  mvr_phrase *phrases;       /* longest first */
  size_t nphrases;
  mvr_stage_range *stages;
  size_t nstages;
  int *status_tie_order;     /* rank per status for equal-length matches */
  mvr_vocab types;
  mvr_org_def *orgs;
  size_t norgs;
  mvr_map org_map;           /* key of name or alias -> org index */
  mvr_family_def *families;
  size_t nfamilies;
  char **stop_titles;        /* reserved */
  char **owner_fields;       /* fields the owning organisation decides */
  size_t nowner_fields;
  char **title_prefixes;     /* not counted when comparing titles:
                                "Information technology —", "IEEE
                                Standard for"; "*" is any one word */
  size_t ntitle_prefixes;
  char **title_stopwords;    /* words that do not count either */
  size_t ntitle_stopwords;
  mvr_topic_def *topics;     /* "topics", in profile order (issue 7) */
  size_t ntopics;
};

/* Index of the family named `name`, or -1. */
int mvr_profile_family(const mvr_profile *p, const char *name);

#endif
