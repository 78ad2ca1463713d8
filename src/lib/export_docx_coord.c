/* export_docx_coord.c - the coordination annex of the Word roadmap
 * (issue 6): the organisations involved and their liaison status, the
 * organisations that nominated representatives (organisations only:
 * never a person's name or e-mail), and the liaison statements exchanged.
 * Written only when coordination records exist, so a register without
 * them gets the same document as before. */
#include <string.h>

#include "coord_int.h"
#include "db.h"
#include "docx_write.h"
#include "export_docx_coord.h"
#include "util.h"

mvr_status mvr_docx_coord_annex(mvr_db *db, mvr_docx *d, const char *letter)
{
  static const mvr_docx_col org_cols[] = {
      {"Organisation", 6}, {"Kind", 4}, {"Invited by", 4}, {"Status", 5}};
  static const mvr_docx_col rep_cols[] = {{"Organisation", 6},
                                          {"Representatives", 2}};
  static const mvr_docx_col ls_cols[] = {
      {"Number", 4}, {"Direction", 2}, {"Title", 8},
      {"From", 3},   {"To", 5},        {"Date", 2}, {"State", 2}};
  coord_snapshot z;
  coord_rows all;
  char today[11];
  mvr_status rc;
  size_t i, k;

  if (!db->store->ops->coord)
    return MVR_OK;
  rc = coord_snapshot_load(db, &z);
  if (rc)
    return rc;
  if (!z.ls.n && !z.reps.n && !z.orgs.n && !z.docs.n) {
    coord_snapshot_free(&z);
    return MVR_OK;
  }
  rc = coord_all_orgs(db, &z, &all);
  if (rc) {
    coord_snapshot_free(&z);
    return rc;
  }
  mvr_date_today(today);
  mvr_docx_paraf(d, "Heading1", "Annex %s \xE2\x80\x93 Coordination", letter);
  mvr_docx_para(d, NULL,
                "The organisations the JCA-MV coordinates with, the "
                "organisations that nominated representatives, and the "
                "liaison statements exchanged.");
  mvr_docx_paraf(d, "Heading2", "%s.1\tOrganisations", letter);
  mvr_docx_caption(d, "Organisations and their liaison status");
  mvr_docx_table_begin(d, org_cols, MVR_ARRAY_SIZE(org_cols));
  for (i = 0; i < all.n; i++) {
    coord_status st;
    coord_org_status(&z, all.rows[i][0], today, &st);
    if (!st.invited_ls && !st.input_on && !st.nominated)
      continue;
    mvr_docx_row_begin(d);
    mvr_docx_cell(d, all.rows[i][0], 0);
    mvr_docx_cell(d, all.rows[i][2], 0);
    mvr_docx_cell(d, st.invited_ls ? st.invited_ls : "", 0);
    mvr_docx_cell(d, st.text, 0);
    mvr_docx_row_end(d);
  }
  mvr_docx_table_end(d);
  mvr_docx_paraf(d, "Heading2", "%s.2\tRepresentatives", letter);
  if (!z.reps.n)
    mvr_docx_para(d, NULL, "No representative has been nominated yet.");
  else {
    mvr_docx_caption(d, "Organisations that nominated representatives");
    mvr_docx_table_begin(d, rep_cols, MVR_ARRAY_SIZE(rep_cols));
    /* reps are ordered by e-mail: count per organisation */
    for (i = 0; i < z.reps.n; i++) {
      long n = 0;
      int seen = 0;
      for (k = 0; k < i; k++)
        if (strcmp(z.reps.rows[k][2], z.reps.rows[i][2]) == 0)
          seen = 1;
      if (seen)
        continue;
      for (k = i; k < z.reps.n; k++)
        if (strcmp(z.reps.rows[k][2], z.reps.rows[i][2]) == 0)
          n++;
      mvr_docx_row_begin(d);
      mvr_docx_cell(d, z.reps.rows[i][2], 0);
      mvr_docx_cell_long(d, n, MVR_DOCX_RIGHT);
      mvr_docx_row_end(d);
    }
    mvr_docx_table_end(d);
    mvr_docx_para(d, "Note",
                  "Note \xE2\x80\x93 Names and contact details are kept by "
                  "the JCA-MV Secretariat and are not published.");
  }
  mvr_docx_paraf(d, "Heading2", "%s.3\tLiaison statements", letter);
  if (!z.ls.n)
    mvr_docx_para(d, NULL, "No liaison statement is recorded.");
  else {
    mvr_docx_caption(d, "Liaison statements exchanged");
    mvr_docx_table_begin(d, ls_cols, MVR_ARRAY_SIZE(ls_cols));
    for (i = 0; i < z.ls.n; i++) {
      char **l = z.ls.rows[i];
      mvr_docx_row_begin(d);
      for (k = 0; k < 6; k++)
        mvr_docx_cell(d, l[k == 5 ? 6 : k], 0);
      mvr_docx_cell(d, l[10], 0);
      mvr_docx_row_end(d);
    }
    mvr_docx_table_end(d);
  }
  coord_rows_free(&all);
  coord_snapshot_free(&z);
  return mvr_docx_status(d);
}
