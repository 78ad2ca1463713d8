/* store_analysis.h - storage of the coordination analysis (issue 7):
 * editors' overrides of the topics an entry is tagged with
 * automatically (gaps.c). One row per (entry, topic): the entry has the
 * topic (tagged = 1) or has not (tagged = 0) whatever its text says, with
 * who decided, when, and why. Topics are stored by name, as the profile
 * spells them; an override of a topic the profile no longer has is kept
 * and ignored. */
#ifndef MVR_STORE_ANALYSIS_H
#define MVR_STORE_ANALYSIS_H

#include "mvroad.h"

typedef struct mvr_store mvr_store;

/* One override; strings borrowed until the callback returns. */
typedef mvr_status (*mvr_topic_override_fn)(void *ud, int64_t entry_id,
                                            const char *topic, int tagged,
                                            const char *at, const char *actor,
                                            const char *note);

struct mvr_store_analysis_ops {
  /* Record that entry `entry_id` has (tagged 1) or has not (tagged 0)
   * topic `topic`, replacing any override of that pair; tagged -1 deletes
   * the override (nothing when there is none). `note` is "" when none.
   * Inside a write transaction. MVR_ERR_NOTFOUND when no entry has that
   * id. */
  mvr_status (*topic_set)(mvr_store *s, int64_t entry_id, const char *topic,
                          int tagged, const char *at, const char *actor,
                          const char *note);
  /* Every override, by entry id then topic. */
  mvr_status (*topic_overrides)(mvr_store *s, mvr_topic_override_fn fn,
                                void *ud);
};

#endif
