/* cmd_term.c - `mvroad term`: the vocabulary (issue 6): definitions of a
 * term from several sources side by side, and the word-level difference
 * of two of them. */
#include <stdlib.h>
#include <string.h>

#include "cli_coord.h"

static int run(cli *c, int argc, char **argv);

const cli_command cmd_term = {
    "term", "vocabulary: definitions side by side, word-level differences",
    "Usage: mvroad [--db PATH] term add TERM SOURCE --definition TEXT\n"
    "                 [--org ORG] [--date D] [--notes TEXT]\n"
    "       mvroad [--db PATH] term show TERM\n"
    "       mvroad [--db PATH] term diff TERM SOURCE-A SOURCE-B\n"
    "       mvroad [--db PATH] term list|remove|import|export ...\n"
    "\n"
    "show    every definition of TERM, one block per source\n"
    "diff    the words of A's definition not in B's as [-word-], those of\n"
    "        B not in A as {+word+} (a longest common subsequence of\n"
    "        words)\n"
    "\n"
    "Exit status: 0 done, 1 not found, 2 wrong usage.\n",
    run};

typedef struct term_ctx {
  const char *term, *a, *b;
  char *da, *db;
  int shown, fa, fb;
} term_ctx;

static mvr_status on_term(void *ud, const char *const *v, size_t n)
{
  term_ctx *t = ud;

  (void)n;
  if (strcmp(v[0], t->term) != 0)
    return MVR_OK;
  if (!t->a) {
    printf("%s%s  (%s%s%s)\n", t->shown ? "\n" : "", v[1], v[2],
           *v[3] ? ", " : "", v[3]);
    printf("  %s\n", *v[4] ? v[4] : "(definition not recorded)");
    if (*v[5])
      printf("  Note: %s\n", v[5]);
    t->shown++;
    return MVR_OK;
  }
  if (strcmp(v[1], t->a) == 0) {
    t->fa = 1;
    t->da = strdup(v[4]);
  }
  if (strcmp(v[1], t->b) == 0) {
    t->fb = 1;
    t->db = strdup(v[4]);
  }
  return MVR_OK;
}

static mvr_status on_word(void *ud, int op, const char *w, size_t len)
{
  int *first = ud;
  printf("%s%s%.*s%s", *first ? "" : " ",
         op == '-' ? "[-" : op == '+' ? "{+" : "", (int)len, w,
         op == '-' ? "-]" : op == '+' ? "+}" : "");
  *first = 0;
  return MVR_OK;
}

static int extra(cli *c, const cli_command *cmd, mvr_db *db,
                 const char *action, int argc, char **argv)
{
  term_ctx t;
  mvr_status rc;
  int first = 1, r = EXIT_OK;

  memset(&t, 0, sizeof t);
  if (strcmp(action, "show") == 0) {
    if (argc != 2)
      return cli_usage_error(c, cmd, "show takes TERM");
    t.term = argv[1];
    rc = mvr_coord_list(db, MVR_COORD_TERM, on_term, &t);
    if (rc)
      return cli_coord_fail(c, db, rc);
    if (!t.shown) {
      cli_error(c, "no definitions of '%s'", t.term);
      return EXIT_DATA;
    }
    return EXIT_OK;
  }
  if (strcmp(action, "diff") != 0)
    return -1;
  if (argc != 4)
    return cli_usage_error(c, cmd, "diff takes TERM SOURCE-A SOURCE-B");
  t.term = argv[1];
  t.a = argv[2];
  t.b = argv[3];
  rc = mvr_coord_list(db, MVR_COORD_TERM, on_term, &t);
  if (rc)
    r = cli_coord_fail(c, db, rc);
  else if (!t.fa || !t.fb || !t.da || !t.db) {
    cli_error(c, "no definition of '%s' from '%s'", t.term,
              !t.fa ? t.a : t.b);
    r = EXIT_DATA;
  } else {
    rc = mvr_coord_word_diff(t.da, t.db, on_word, &first);
    putchar('\n');
    if (rc)
      r = cli_coord_fail(c, db, rc);
  }
  free(t.da);
  free(t.db);
  return r;
}

static int run(cli *c, int argc, char **argv)
{
  return cli_coord_run(c, &cmd_term, MVR_COORD_TERM, argc, argv, extra);
}
