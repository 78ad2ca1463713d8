/* schema_pg.h - the PostgreSQL schema (issue 8) as a list of forward
 * migrations, slot for slot the same as schema_sqlite.h: migration i
 * brings a database from version i to i + 1 (table schema_version), so
 * that a version number means the same tables on both engines. Append
 * only: a released migration is never edited.
 *
 * Differences from SQLite, each for the same observable behaviour:
 * - ids are BIGINT primary keys that the backend numbers max(id) + 1
 *   under its writer lock (store_pg.c), as SQLite numbers rowids: the
 *   same imports give the same ids on both engines, and a copy between
 *   them keeps ids;
 * - the full-text index is a generated tsvector column `fts` with a GIN
 *   index, weighted A reference, B title, C summary, over text folded by
 *   mvr_fts_norm() (lower case, every run of non-alphanumerics one
 *   separator), which splits words where FTS5's unicode61 does;
 * - mvr_natkey() gives a text whose byte order ("C" collation) is the
 *   order of the SQLite backend's mvr_natural collation (digit runs by
 *   value, ASCII case folded): "X.9" < "X.10". An ICU collation
 *   (und-u-kn-true) was not used because it orders punctuation, case ties
 *   and leading zeros differently from mvr_natural, and listings must be
 *   the same on both engines;
 * - mvr_fold() folds ASCII case only, as SQLite's NOCASE and LIKE do;
 * - append-only tables are kept so by triggers that raise. */
#ifndef MVR_SCHEMA_PG_H
#define MVR_SCHEMA_PG_H

/* A raising trigger function, and its use BEFORE `ev` ON `tab`. */
#define PG_KEEP_FN(fn, msg)                                                    \
  "CREATE FUNCTION " fn "() RETURNS trigger LANGUAGE plpgsql AS $f$"           \
  " BEGIN RAISE EXCEPTION '" msg "'; END $f$;"
#define PG_KEEP_TRIGGER(name, ev, tab, fn)                                     \
  "CREATE TRIGGER " name " BEFORE " ev " ON " tab                              \
  " FOR EACH STATEMENT EXECUTE FUNCTION " fn "();"

/* One migration: up to 4 SQL scripts run in order in one transaction
 * (each under the 4095 characters C17 promises for a string literal). */
typedef struct mvr_pg_migration {
  const char *sql[4];
} mvr_pg_migration;

static const mvr_pg_migration mvr_pg_migrations[] = {
    /* 0 -> 1: the register */
    {{    "CREATE FUNCTION mvr_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE"
    " STRICT PARALLEL SAFE AS"
    " $f$ SELECT translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz') $f$;"
    /* a digit run becomes <digits of its length><its length><digits>
     * without leading zeros; other text is ASCII case folded */
    "CREATE FUNCTION mvr_natkey(t text) RETURNS text LANGUAGE plpgsql"
    " IMMUTABLE STRICT PARALLEL SAFE AS $f$"
    " DECLARE r text := ''; m text[]; d text;"
    " BEGIN"
    "  FOR m IN SELECT regexp_matches(t, '([0-9]+)|([^0-9]+)', 'g') LOOP"
    "   IF m[1] IS NOT NULL THEN"
    "    d := ltrim(m[1], '0');"
    "    r := r || length(length(d)::text)::text || length(d)::text || d;"
    "   ELSE"
    "    r := r || mvr_fold(m[2]);"
    "   END IF;"
    "  END LOOP;"
    "  RETURN r;"
    " END $f$;"
    "CREATE FUNCTION mvr_fts_norm(t text) RETURNS text LANGUAGE sql"
    " IMMUTABLE STRICT PARALLEL SAFE AS"
    " $f$ SELECT btrim(regexp_replace(lower(t), '[^[:alnum:]]+', ' ', 'g'))"
    " $f$;"
    /* the user's words (separated by one space) as a tsquery: every word
     * must match, a word of several tokens as a phrase, the last token a
     * prefix when `prefix`; NULL when no word has a token */
    "CREATE FUNCTION mvr_tsquery(q text, prefix boolean) RETURNS tsquery"
    " LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$"
    " DECLARE w text[]; toks text[]; parts text[] := '{}'; ph text; i int;"
    " BEGIN"
    "  w := regexp_split_to_array(q, ' ');"
    "  FOR i IN 1 .. coalesce(array_length(w, 1), 0) LOOP"
    "   toks := array_remove(regexp_split_to_array(mvr_fts_norm(w[i]), ' '),"
    "                        '');"
    "   CONTINUE WHEN coalesce(array_length(toks, 1), 0) = 0;"
    "   ph := array_to_string(ARRAY(SELECT quote_literal(x)"
    "                               FROM unnest(toks) x), ' <-> ');"
    "   IF prefix AND i = array_length(w, 1) THEN ph := ph || ':*'; END IF;"
    "   parts := parts || ('(' || ph || ')');"
    "  END LOOP;"
    "  IF coalesce(array_length(parts, 1), 0) = 0 THEN RETURN NULL; END IF;"
    "  RETURN to_tsquery('simple', array_to_string(parts, ' & '));"
    " END $f$;",
    "CREATE TABLE orgs ("
    "  id BIGINT PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  family TEXT NOT NULL,"
    "  parent_id BIGINT REFERENCES orgs(id),"
    "  kind TEXT NOT NULL DEFAULT 'SDO',"
    "  known INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE INDEX orgs_parent ON orgs(parent_id);"
    "CREATE TABLE org_aliases ("
    "  alias TEXT PRIMARY KEY,"
    "  org_id BIGINT NOT NULL REFERENCES orgs(id)"
    ");"
    "CREATE TABLE submissions ("
    "  id BIGINT PRIMARY KEY,"
    "  file_name TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL UNIQUE,"
    "  format TEXT NOT NULL,"
    "  org_id BIGINT REFERENCES orgs(id),"
    "  received TEXT NOT NULL,"
    "  doc_number TEXT,"
    "  imported_at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  rows BIGINT NOT NULL DEFAULT 0,"
    "  added BIGINT NOT NULL DEFAULT 0,"
    "  updated BIGINT NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE entries ("
    "  id BIGINT PRIMARY KEY,"
    "  org_id BIGINT NOT NULL REFERENCES orgs(id),"
    "  family TEXT NOT NULL,"
    "  refkey TEXT NOT NULL,"
    "  reference TEXT NOT NULL,"
    "  ref_detail TEXT NOT NULL DEFAULT '',"
    "  type TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  status_detail TEXT NOT NULL DEFAULT '',"
    "  categories TEXT NOT NULL,"
    "  catmask BIGINT NOT NULL DEFAULT 0,"
    "  summary TEXT NOT NULL DEFAULT '',"
    "  url TEXT NOT NULL DEFAULT '',"
    "  first_seen TEXT NOT NULL,"
    "  last_updated TEXT NOT NULL,"
    "  created_submission BIGINT REFERENCES submissions(id),"
    "  last_submission BIGINT REFERENCES submissions(id),"
    "  version BIGINT NOT NULL DEFAULT 1,"
    "  ref_sort TEXT COLLATE \"C\""
    "    GENERATED ALWAYS AS (mvr_natkey(reference)) STORED,"
    "  fts tsvector GENERATED ALWAYS AS ("
    "    setweight(to_tsvector('simple', mvr_fts_norm(reference)), 'A') ||"
    "    setweight(to_tsvector('simple', mvr_fts_norm(title)), 'B') ||"
    "    setweight(to_tsvector('simple', mvr_fts_norm(summary)), 'C'))"
    "    STORED,"
    "  UNIQUE (family, refkey)"
    ");"
    "CREATE INDEX entries_org ON entries(org_id);",
    "CREATE INDEX entries_fts ON entries USING gin(fts);"
    "CREATE TABLE category_bits ("
    "  bit INTEGER PRIMARY KEY CHECK (bit BETWEEN 0 AND 62),"
    "  label TEXT NOT NULL UNIQUE"
    ");"
    "CREATE TABLE entry_sources ("
    "  id BIGINT PRIMARY KEY,"
    "  entry_id BIGINT NOT NULL REFERENCES entries(id),"
    "  submission_id BIGINT NOT NULL REFERENCES submissions(id),"
    "  row_no BIGINT NOT NULL,"
    "  sdo TEXT, reference TEXT, type TEXT, title TEXT, status TEXT,"
    "  status_detail TEXT, categories TEXT, summary TEXT, url TEXT"
    ");"
    "CREATE INDEX entry_sources_entry ON entry_sources(entry_id);"
    "CREATE TABLE changes ("
    "  id BIGINT PRIMARY KEY,"
    "  entry_id BIGINT REFERENCES entries(id),"
    "  submission_id BIGINT REFERENCES submissions(id),"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  field TEXT NOT NULL DEFAULT '',"
    "  old_value TEXT,"
    "  new_value TEXT"
    ");"
    "CREATE INDEX changes_entry ON changes(entry_id);"
    /* nothing is ever hard-deleted; the log and the provenance are
     * append-only (TRUNCATE too) */
    PG_KEEP_FN("mvr_keep_entries", "entries are never deleted: withdraw them")
    PG_KEEP_TRIGGER("entries_keep", "DELETE OR TRUNCATE", "entries",
                    "mvr_keep_entries")
    PG_KEEP_FN("mvr_keep_submissions", "submissions are never deleted")
    PG_KEEP_TRIGGER("submissions_keep", "DELETE OR TRUNCATE", "submissions",
                    "mvr_keep_submissions")
    PG_KEEP_FN("mvr_keep_changes", "the change log is append-only")
    PG_KEEP_TRIGGER("changes_keep", "UPDATE OR DELETE OR TRUNCATE", "changes",
                    "mvr_keep_changes")
    PG_KEEP_FN("mvr_keep_sources", "sources are append-only")
    PG_KEEP_TRIGGER("sources_keep", "UPDATE OR DELETE OR TRUNCATE",
                    "entry_sources", "mvr_keep_sources")}},

    /* 1 -> 2: identity, duplicates, conflicts, review, releases */
    {{"ALTER TABLE entries ADD COLUMN merged_into BIGINT REFERENCES entries(id);"
    "CREATE INDEX entries_merged ON entries(merged_into);"
    "CREATE TABLE entry_aliases ("
    "  family TEXT NOT NULL,"
    "  refkey TEXT NOT NULL,"
    "  entry_id BIGINT NOT NULL REFERENCES entries(id),"
    "  reference TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  PRIMARY KEY (family, refkey)"
    ");"
    "CREATE INDEX entry_aliases_entry ON entry_aliases(entry_id);"
    "CREATE TABLE merges ("
    "  id BIGINT PRIMARY KEY,"
    "  into_id BIGINT NOT NULL REFERENCES entries(id),"
    "  from_id BIGINT NOT NULL REFERENCES entries(id),"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  note TEXT,"
    "  undone_at TEXT,"
    "  undone_by TEXT"
    ");"
    "CREATE TABLE not_duplicates ("
    "  a BIGINT NOT NULL REFERENCES entries(id),"
    "  b BIGINT NOT NULL REFERENCES entries(id),"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  note TEXT,"
    "  PRIMARY KEY (a, b),"
    "  CHECK (a < b)"
    ");"
    "CREATE TABLE conflicts ("
    "  id BIGINT PRIMARY KEY,"
    "  entry_id BIGINT NOT NULL REFERENCES entries(id),"
    "  field TEXT NOT NULL,"
    "  current_value TEXT NOT NULL,"
    "  proposed_value TEXT NOT NULL,"
    "  submission_id BIGINT REFERENCES submissions(id),"
    "  row_no BIGINT,"
    "  org TEXT,"
    "  opened_at TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'open',"
    "  resolved_at TEXT,"
    "  resolved_by TEXT,"
    "  resolution TEXT,"
    "  note TEXT"
    ");"
    "CREATE INDEX conflicts_open ON conflicts(state, entry_id);",
    "ALTER TABLE submissions ADD COLUMN mode TEXT NOT NULL DEFAULT 'direct';"
    "CREATE TABLE proposals ("
    "  id BIGINT PRIMARY KEY,"
    "  submission_id BIGINT NOT NULL REFERENCES submissions(id),"
    "  row_no BIGINT NOT NULL,"
    "  org TEXT NOT NULL,"
    "  org_family TEXT NOT NULL,"
    "  org_known INTEGER NOT NULL,"
    "  family TEXT NOT NULL,"
    "  refkey TEXT NOT NULL,"
    "  reference TEXT NOT NULL,"
    "  ref_detail TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  status_detail TEXT NOT NULL,"
    "  categories TEXT NOT NULL,"
    "  summary TEXT NOT NULL,"
    "  url TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'pending',"
    "  decided_at TEXT,"
    "  decided_by TEXT,"
    "  note TEXT"
    ");"
    "CREATE INDEX proposals_state ON proposals(state, submission_id);"
    "CREATE TABLE releases ("
    "  id BIGINT PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  date TEXT NOT NULL,"
    "  note TEXT,"
    "  created_at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  entries BIGINT NOT NULL"
    ");"
    "CREATE TABLE release_entries ("
    "  release_id BIGINT NOT NULL REFERENCES releases(id)"
    "    DEFERRABLE INITIALLY DEFERRED,"
    "  entry_id BIGINT NOT NULL,"
    "  org TEXT NOT NULL,"
    "  family TEXT NOT NULL,"
    "  refkey TEXT NOT NULL,"
    "  reference TEXT NOT NULL,"
    "  ref_detail TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  status_detail TEXT NOT NULL,"
    "  categories TEXT NOT NULL,"
    "  catmask BIGINT NOT NULL,"
    "  summary TEXT NOT NULL,"
    "  url TEXT NOT NULL,"
    "  first_seen TEXT NOT NULL,"
    "  last_updated TEXT NOT NULL,"
    "  version BIGINT NOT NULL,"
    "  ref_sort TEXT COLLATE \"C\""
    "    GENERATED ALWAYS AS (mvr_natkey(reference)) STORED,"
    "  PRIMARY KEY (release_id, entry_id)"
    ");"
    PG_KEEP_FN("mvr_keep_releases", "a release is immutable: create a new one")
    PG_KEEP_TRIGGER("releases_keep", "UPDATE OR DELETE OR TRUNCATE",
                    "releases", "mvr_keep_releases")
    PG_KEEP_FN("mvr_keep_release_entries", "a release is immutable")
    PG_KEEP_TRIGGER("release_entries_keep", "UPDATE OR DELETE OR TRUNCATE",
                    "release_entries", "mvr_keep_release_entries")}},

    /* 2 -> 3: nothing may be added to a release once it exists either */
    {{"CREATE FUNCTION mvr_keep_release_rows() RETURNS trigger"
    " LANGUAGE plpgsql AS $f$ BEGIN"
    "  IF EXISTS (SELECT 1 FROM releases WHERE id = NEW.release_id) THEN"
    "   RAISE EXCEPTION 'a release is immutable';"
    "  END IF;"
    "  RETURN NEW;"
    " END $f$;"
    "CREATE TRIGGER release_entries_keep_i BEFORE INSERT ON release_entries"
    " FOR EACH ROW EXECUTE FUNCTION mvr_keep_release_rows();"}},

    /* 3 -> 4: accounts, sessions, API tokens (issue 5) */
    {{"CREATE TABLE users ("
    "  id BIGINT PRIMARY KEY,"
    "  login TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL CHECK (role IN ('liaison', 'editor',"
    "                                    'secretariat')),"
    "  org TEXT NOT NULL DEFAULT '',"
    "  pwhash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  CHECK ((role = 'liaison') = (org <> ''))"
    ");"
    "CREATE TABLE sessions ("
    "  id BIGINT PRIMARY KEY,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  user_id BIGINT NOT NULL REFERENCES users(id),"
    "  csrf TEXT NOT NULL,"
    "  created BIGINT NOT NULL,"
    "  last_seen BIGINT NOT NULL"
    ");"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE api_tokens ("
    "  id BIGINT PRIMARY KEY,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  user_id BIGINT NOT NULL REFERENCES users(id),"
    "  name TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  last_used TEXT NOT NULL DEFAULT '',"
    "  revoked INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);"
    "CREATE TABLE login_failures ("
    "  id BIGINT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('login', 'ip')),"
    "  key TEXT NOT NULL,"
    "  at BIGINT NOT NULL"
    ");"
    "CREATE INDEX login_failures_key ON login_failures(kind, key, at);"}},

    /* 4 -> 5: coordination records (issue 6) */
    {{"CREATE TABLE coord_orgs (name TEXT PRIMARY KEY, parent TEXT NOT NULL,"
    "  kind TEXT NOT NULL, aliases TEXT NOT NULL, notes TEXT NOT NULL);"
    "CREATE TABLE coord_reps (email TEXT PRIMARY KEY, name TEXT NOT NULL,"
    "  org TEXT NOT NULL, role TEXT NOT NULL, nominated_on TEXT NOT NULL,"
    "  valid_until TEXT NOT NULL, doc TEXT NOT NULL);"
    "CREATE TABLE coord_ls (number TEXT PRIMARY KEY, direction TEXT NOT NULL,"
    "  title TEXT NOT NULL, from_org TEXT NOT NULL, to_orgs TEXT NOT NULL,"
    "  cc_orgs TEXT NOT NULL, date TEXT NOT NULL, purpose TEXT NOT NULL,"
    "  deadline TEXT NOT NULL, replies_to TEXT NOT NULL,"
    "  state TEXT NOT NULL, notes TEXT NOT NULL);"
    "CREATE TABLE coord_ls_attachments (ls TEXT NOT NULL, name TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL, PRIMARY KEY (ls, name));"
    "CREATE TABLE coord_ls_submissions (ls TEXT NOT NULL,"
    "  submission TEXT NOT NULL, PRIMARY KEY (ls, submission));"
    "CREATE TABLE coord_docs (number TEXT NOT NULL, revision TEXT NOT NULL,"
    "  title TEXT NOT NULL, source TEXT NOT NULL, meeting TEXT NOT NULL,"
    "  type TEXT NOT NULL, date TEXT NOT NULL, PRIMARY KEY (number, revision));"
    "CREATE TABLE coord_meetings (name TEXT PRIMARY KEY, start TEXT NOT NULL,"
    "  end_date TEXT NOT NULL, place TEXT NOT NULL, chairs TEXT NOT NULL,"
    "  mode TEXT NOT NULL, notes TEXT NOT NULL);"
    "CREATE TABLE coord_terms (term TEXT NOT NULL, source TEXT NOT NULL,"
    "  org TEXT NOT NULL, date TEXT NOT NULL, definition TEXT NOT NULL,"
    "  notes TEXT NOT NULL, PRIMARY KEY (term, source));"}},

    /* 5 -> 6: analysis: topics and their overrides (issue 7) */
    {{"CREATE TABLE topic_overrides ("
      "  entry_id BIGINT NOT NULL REFERENCES entries(id),"
      "  topic TEXT NOT NULL,"
      "  tagged INTEGER NOT NULL CHECK (tagged IN (0, 1)),"
      "  at TEXT NOT NULL,"
      "  actor TEXT NOT NULL,"
      "  note TEXT NOT NULL,"
      "  PRIMARY KEY (entry_id, topic));"}},

    /* 6 -> 7: import speed (issues 2, 3): nothing on PostgreSQL yet */
    {{"SELECT 1;"}},

    /* 7 -> 8: SQLite's repair of registers made while its slots 3 -> 4 to
     * 5 -> 6 were no-ops. The PostgreSQL schema had those tables from
     * its first version: nothing to repair */
    {{"SELECT 1;"}},

    /* 8 -> 9: SQLite's generation counter of its entry index in memory;
     * PostgreSQL has no such index: nothing */
    {{"SELECT 1;"}},

    /* 9 -> 10: how many submissions the register had when a release was
     * frozen (NULL in releases frozen before: estimated from the import
     * times, see store_pg_read.c) */
    {{"ALTER TABLE releases ADD COLUMN submissions BIGINT;"
      /* and a not-duplicate mark can be undone (kept, as merges are) */
      "ALTER TABLE not_duplicates ADD COLUMN undone_at TEXT;"
      "ALTER TABLE not_duplicates ADD COLUMN undone_by TEXT;"}},
};

#endif
