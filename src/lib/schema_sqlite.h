/* schema_sqlite.h - the SQLite schema as a list of forward migrations.
 * Migration i brings a database from user_version i to i + 1. Append
 * only: a released migration is never edited. */
#ifndef MVR_SCHEMA_SQLITE_H
#define MVR_SCHEMA_SQLITE_H

/* Slots 3 -> 4 to 5 -> 6 are macros: mvroad at commit ae53285 (stop 11)
 * shipped them reserved as no-ops, so a register made by it is at
 * version 7 without their tables; migration 7 -> 8 runs them again. Every
 * statement in them is idempotent (IF NOT EXISTS) for that reason. */
/* 3 -> 4: accounts, sessions, API tokens (issue 5). Times used for
 * expiry and throttling are seconds since the epoch (integers) */
#define MVR_SQL_ACCOUNTS                                                       \
  "CREATE TABLE IF NOT EXISTS users ("                                         \
  "  id INTEGER PRIMARY KEY,"                                                  \
  "  login TEXT NOT NULL UNIQUE,"                                              \
  "  name TEXT NOT NULL DEFAULT '',"                                           \
  "  role TEXT NOT NULL CHECK (role IN ('liaison', 'editor',"                  \
  "                                    'secretariat')),"                       \
  "  org TEXT NOT NULL DEFAULT '',"                                            \
  "  pwhash TEXT NOT NULL,"                                                    \
  "  disabled INTEGER NOT NULL DEFAULT 0,"                                     \
  "  created_at TEXT NOT NULL,"                                                \
  "  CHECK ((role = 'liaison') = (org <> ''))"                                 \
  ");"                                                                         \
  "CREATE TABLE IF NOT EXISTS sessions ("                                      \
  "  id INTEGER PRIMARY KEY,"                                                  \
  "  token_hash TEXT NOT NULL UNIQUE,"                                         \
  "  user_id INTEGER NOT NULL REFERENCES users(id),"                           \
  "  csrf TEXT NOT NULL,"                                                      \
  "  created INTEGER NOT NULL,"                                                \
  "  last_seen INTEGER NOT NULL"                                               \
  ");"                                                                         \
  "CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);"             \
  "CREATE TABLE IF NOT EXISTS api_tokens ("                                    \
  "  id INTEGER PRIMARY KEY,"                                                  \
  "  token_hash TEXT NOT NULL UNIQUE,"                                         \
  "  user_id INTEGER NOT NULL REFERENCES users(id),"                           \
  "  name TEXT NOT NULL DEFAULT '',"                                           \
  "  created_at TEXT NOT NULL,"                                                \
  "  last_used TEXT NOT NULL DEFAULT '',"                                      \
  "  revoked INTEGER NOT NULL DEFAULT 0"                                       \
  ");"                                                                         \
  "CREATE INDEX IF NOT EXISTS api_tokens_user ON api_tokens(user_id);"         \
  "CREATE TABLE IF NOT EXISTS login_failures ("                                \
  "  id INTEGER PRIMARY KEY,"                                                  \
  "  kind TEXT NOT NULL CHECK (kind IN ('login', 'ip')),"                      \
  "  key TEXT NOT NULL,"                                                       \
  "  at INTEGER NOT NULL"                                                      \
  ");"                                                                         \
  "CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures(kind, "     \
  "key, at);"

/* 4 -> 5: coordination records (issue 6). One table per record kind
 * of include/mvroad/coord.h, every column TEXT ('' when absent), the
 * kind's key unique. coord_reps holds personal data and nothing else
 * refers to it: a removal deletes the only copy. */
#define MVR_SQL_COORD                                                          \
  "CREATE TABLE IF NOT EXISTS coord_orgs (name TEXT PRIMARY KEY, parent TEXT " \
  "NOT NULL,"                                                                  \
  "  kind TEXT NOT NULL, aliases TEXT NOT NULL, notes TEXT NOT NULL);"         \
  "CREATE TABLE IF NOT EXISTS coord_reps (email TEXT PRIMARY KEY, name TEXT "  \
  "NOT NULL,"                                                                  \
  "  org TEXT NOT NULL, role TEXT NOT NULL, nominated_on TEXT NOT NULL,"       \
  "  valid_until TEXT NOT NULL, doc TEXT NOT NULL);"                           \
  "CREATE TABLE IF NOT EXISTS coord_ls (number TEXT PRIMARY KEY, direction "   \
  "TEXT NOT NULL,"                                                             \
  "  title TEXT NOT NULL, from_org TEXT NOT NULL, to_orgs TEXT NOT NULL,"      \
  "  cc_orgs TEXT NOT NULL, date TEXT NOT NULL, purpose TEXT NOT NULL,"        \
  "  deadline TEXT NOT NULL, replies_to TEXT NOT NULL,"                        \
  "  state TEXT NOT NULL, notes TEXT NOT NULL);"                               \
  "CREATE TABLE IF NOT EXISTS coord_ls_attachments (ls TEXT NOT NULL, name "   \
  "TEXT NOT NULL,"                                                             \
  "  sha256 TEXT NOT NULL, PRIMARY KEY (ls, name));"                           \
  "CREATE TABLE IF NOT EXISTS coord_ls_submissions (ls TEXT NOT NULL,"         \
  "  submission TEXT NOT NULL, PRIMARY KEY (ls, submission));"                 \
  "CREATE TABLE IF NOT EXISTS coord_docs (number TEXT NOT NULL, revision "     \
  "TEXT NOT NULL,"                                                             \
  "  title TEXT NOT NULL, source TEXT NOT NULL, meeting TEXT NOT NULL,"        \
  "  type TEXT NOT NULL, date TEXT NOT NULL, PRIMARY KEY (number, revision));" \
  "CREATE TABLE IF NOT EXISTS coord_meetings (name TEXT PRIMARY KEY, start "   \
  "TEXT NOT NULL,"                                                             \
  "  end_date TEXT NOT NULL, place TEXT NOT NULL, chairs TEXT NOT NULL,"       \
  "  mode TEXT NOT NULL, notes TEXT NOT NULL);"                                \
  "CREATE TABLE IF NOT EXISTS coord_terms (term TEXT NOT NULL, source TEXT "   \
  "NOT NULL,"                                                                  \
  "  org TEXT NOT NULL, date TEXT NOT NULL, definition TEXT NOT NULL,"         \
  "  notes TEXT NOT NULL, PRIMARY KEY (term, source));"

/* 5 -> 6: analysis: topics and their overrides (issue 7). An
 * editor's decision that an entry has (tagged 1) or has not (0) a
 * topic of the profile, by name, whatever its text says. */
#define MVR_SQL_ANALYSIS                                                       \
  "CREATE TABLE IF NOT EXISTS topic_overrides ("                               \
  "  entry_id INTEGER NOT NULL REFERENCES entries(id),"                        \
  "  topic TEXT NOT NULL,"                                                     \
  "  tagged INTEGER NOT NULL CHECK (tagged IN (0, 1)),"                        \
  "  at TEXT NOT NULL,"                                                        \
  "  actor TEXT NOT NULL,"                                                     \
  "  note TEXT NOT NULL,"                                                      \
  "  PRIMARY KEY (entry_id, topic));"

static const char *const mvr_sqlite_migrations[] = {
    /* 0 -> 1: the register */
    "CREATE TABLE orgs ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  family TEXT NOT NULL,"
    "  parent_id INTEGER REFERENCES orgs(id),"
    "  kind TEXT NOT NULL DEFAULT 'SDO',"
    "  known INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE INDEX orgs_parent ON orgs(parent_id);"
    /* every spelling of an organisation seen in submissions */
    "CREATE TABLE org_aliases ("
    "  alias TEXT PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id)"
    ");"
    "CREATE TABLE submissions ("
    "  id INTEGER PRIMARY KEY,"
    "  file_name TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL UNIQUE,"
    "  format TEXT NOT NULL,"
    "  org_id INTEGER REFERENCES orgs(id),"
    "  received TEXT NOT NULL,"
    "  doc_number TEXT,"
    "  imported_at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  rows INTEGER NOT NULL DEFAULT 0,"
    "  added INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE entries ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  family TEXT NOT NULL,"
    "  refkey TEXT NOT NULL,"
    "  reference TEXT NOT NULL,"
    "  ref_detail TEXT NOT NULL DEFAULT '',"
    "  type TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  status_detail TEXT NOT NULL DEFAULT '',"
    "  categories TEXT NOT NULL,"
    "  catmask INTEGER NOT NULL DEFAULT 0,"
    "  summary TEXT NOT NULL DEFAULT '',"
    "  url TEXT NOT NULL DEFAULT '',"
    "  first_seen TEXT NOT NULL,"
    "  last_updated TEXT NOT NULL,"
    "  created_submission INTEGER REFERENCES submissions(id),"
    "  last_submission INTEGER REFERENCES submissions(id),"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  UNIQUE (family, refkey)"
    ");"
    "CREATE INDEX entries_org ON entries(org_id);"
    /* categories are multi-valued: each label gets a bit, entries carry
     * the bit set, so filtering and counting need no join table (and an
     * import no extra rows); the labels themselves are in `categories` */
    "CREATE TABLE category_bits ("
    "  bit INTEGER PRIMARY KEY CHECK (bit BETWEEN 0 AND 62),"
    "  label TEXT NOT NULL UNIQUE"
    ");"
    "CREATE TABLE entry_sources ("
    "  id INTEGER PRIMARY KEY,"
    "  entry_id INTEGER NOT NULL REFERENCES entries(id),"
    "  submission_id INTEGER NOT NULL REFERENCES submissions(id),"
    "  row_no INTEGER NOT NULL,"
    "  sdo TEXT, reference TEXT, type TEXT, title TEXT, status TEXT,"
    "  status_detail TEXT, categories TEXT, summary TEXT, url TEXT"
    ");"
    "CREATE INDEX entry_sources_entry ON entry_sources(entry_id);"
    "CREATE TABLE changes ("
    "  id INTEGER PRIMARY KEY,"
    "  entry_id INTEGER REFERENCES entries(id),"
    "  submission_id INTEGER REFERENCES submissions(id),"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  field TEXT NOT NULL DEFAULT '',"
    "  old_value TEXT,"
    "  new_value TEXT"
    ");"
    "CREATE INDEX changes_entry ON changes(entry_id);"
    "CREATE VIRTUAL TABLE entries_fts USING fts5("
    "  reference, title, summary,"
    "  content='entries', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2');"
    /* merge index segments less eagerly: halves the cost of a large import
     * for slightly more segments to read per search */
    "INSERT INTO entries_fts(entries_fts, rank) VALUES ('automerge', 8);"
    /* the index is kept by store_sqlite.c, not by triggers: with
     * trusted_schema=OFF a trigger may not write a virtual table */
    /* nothing is ever hard-deleted; the log and the provenance are
     * append-only */
    "CREATE TRIGGER entries_keep BEFORE DELETE ON entries BEGIN"
    "  SELECT RAISE(ABORT, 'entries are never deleted: withdraw them');"
    "END;"
    "CREATE TRIGGER submissions_keep BEFORE DELETE ON submissions BEGIN"
    "  SELECT RAISE(ABORT, 'submissions are never deleted');"
    "END;"
    "CREATE TRIGGER changes_keep_u BEFORE UPDATE ON changes BEGIN"
    "  SELECT RAISE(ABORT, 'the change log is append-only');"
    "END;"
    "CREATE TRIGGER changes_keep_d BEFORE DELETE ON changes BEGIN"
    "  SELECT RAISE(ABORT, 'the change log is append-only');"
    "END;"
    "CREATE TRIGGER sources_keep_u BEFORE UPDATE ON entry_sources BEGIN"
    "  SELECT RAISE(ABORT, 'sources are append-only');"
    "END;"
    "CREATE TRIGGER sources_keep_d BEFORE DELETE ON entry_sources BEGIN"
    "  SELECT RAISE(ABORT, 'sources are append-only');"
    "END;",

    /* 1 -> 2: maintaining the roadmap over time (identity, duplicates,
     * conflicts, review, releases) */
    /* an entry merged into another stays, hidden, with its sources and
     * history; unmerging clears the pointer */
    "ALTER TABLE entries ADD COLUMN merged_into INTEGER REFERENCES entries(id);"
    "CREATE INDEX entries_merged ON entries(merged_into);"
    /* other keys that name an entry: provisional names, P-projects, twin
     * texts; an import that uses one lands on the entry */
    "CREATE TABLE entry_aliases ("
    "  family TEXT NOT NULL,"
    "  refkey TEXT NOT NULL,"
    "  entry_id INTEGER NOT NULL REFERENCES entries(id),"
    "  reference TEXT NOT NULL,"
    "  kind TEXT NOT NULL," /* provisional, project, twin, former, merge */
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  PRIMARY KEY (family, refkey)"
    ");"
    "CREATE INDEX entry_aliases_entry ON entry_aliases(entry_id);"
    "CREATE TABLE merges ("
    "  id INTEGER PRIMARY KEY,"
    "  into_id INTEGER NOT NULL REFERENCES entries(id),"
    "  from_id INTEGER NOT NULL REFERENCES entries(id),"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  note TEXT,"
    "  undone_at TEXT,"
    "  undone_by TEXT"
    ");"
    "CREATE TABLE not_duplicates ("
    "  a INTEGER NOT NULL REFERENCES entries(id),"
    "  b INTEGER NOT NULL REFERENCES entries(id),"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  note TEXT,"
    "  PRIMARY KEY (a, b),"
    "  CHECK (a < b)"
    ") WITHOUT ROWID;"
    /* a value a non-owner asserted against the current one */
    "CREATE TABLE conflicts ("
    "  id INTEGER PRIMARY KEY,"
    "  entry_id INTEGER NOT NULL REFERENCES entries(id),"
    "  field TEXT NOT NULL,"
    "  current_value TEXT NOT NULL,"
    "  proposed_value TEXT NOT NULL,"
    "  submission_id INTEGER REFERENCES submissions(id),"
    "  row_no INTEGER,"
    "  org TEXT,"
    "  opened_at TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'open'," /* open, resolved */
    "  resolved_at TEXT,"
    "  resolved_by TEXT,"
    "  resolution TEXT,"
    "  note TEXT"
    ");"
    "CREATE INDEX conflicts_open ON conflicts(state, entry_id);"
    /* rows of submissions imported as proposals, until an editor decides */
    "ALTER TABLE submissions ADD COLUMN mode TEXT NOT NULL DEFAULT 'direct';"
    "CREATE TABLE proposals ("
    "  id INTEGER PRIMARY KEY,"
    "  submission_id INTEGER NOT NULL REFERENCES submissions(id),"
    "  row_no INTEGER NOT NULL,"
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
    "  state TEXT NOT NULL DEFAULT 'pending'," /* pending, approved, rejected */
    "  decided_at TEXT,"
    "  decided_by TEXT,"
    "  note TEXT"
    ");"
    "CREATE INDEX proposals_state ON proposals(state, submission_id);"
    /* numbered versions of the approved roadmap, frozen */
    "CREATE TABLE releases ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  date TEXT NOT NULL,"
    "  note TEXT,"
    "  created_at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  entries INTEGER NOT NULL"
    ");"
    "CREATE TABLE release_entries ("
    "  release_id INTEGER NOT NULL REFERENCES releases(id),"
    "  entry_id INTEGER NOT NULL,"
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
    "  catmask INTEGER NOT NULL,"
    "  summary TEXT NOT NULL,"
    "  url TEXT NOT NULL,"
    "  first_seen TEXT NOT NULL,"
    "  last_updated TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  PRIMARY KEY (release_id, entry_id)"
    ") WITHOUT ROWID;"
    "CREATE TRIGGER releases_keep_u BEFORE UPDATE ON releases BEGIN"
    "  SELECT RAISE(ABORT, 'a release is immutable: create a new one');"
    "END;"
    "CREATE TRIGGER releases_keep_d BEFORE DELETE ON releases BEGIN"
    "  SELECT RAISE(ABORT, 'a release is immutable: create a new one');"
    "END;"
    "CREATE TRIGGER release_entries_keep_u BEFORE UPDATE ON release_entries"
    "  BEGIN SELECT RAISE(ABORT, 'a release is immutable'); END;"
    "CREATE TRIGGER release_entries_keep_d BEFORE DELETE ON release_entries"
    "  BEGIN SELECT RAISE(ABORT, 'a release is immutable'); END;",

    /* 2 -> 3: nothing may be added to a release once it exists either; its
     * rows are copied before the releases row is written (foreign keys
     * deferred to the commit), so this check is one primary-key probe */
    "CREATE TRIGGER release_entries_keep_i BEFORE INSERT ON release_entries"
    "  WHEN EXISTS (SELECT 1 FROM releases WHERE id = NEW.release_id)"
    "  BEGIN SELECT RAISE(ABORT, 'a release is immutable'); END;",

    /* 3 -> 4: accounts, sessions, API tokens (issue 5) */
    MVR_SQL_ACCOUNTS,
    /* 4 -> 5: coordination records (issue 6) */
    MVR_SQL_COORD,
    /* 5 -> 6: analysis: topics and their overrides (issue 7) */
    MVR_SQL_ANALYSIS,
    /* 6 -> 7: import speed (issues 2, 3) */
    "SELECT 1;",
    /* 7 -> 8: repair of registers made while slots 3 -> 4 to 5 -> 6 were
     * reserved no-ops (see above): their tables, where missing */
    MVR_SQL_ACCOUNTS MVR_SQL_COORD MVR_SQL_ANALYSIS,
    /* 8 -> 9: a generation of what the entry index in memory reads
     * (store_sqlite_index.c): every write transaction that changed
     * entries, organisations, category bits or the full-text index adds
     * one (store_sqlite.c, sq_commit), so other writes (sessions, failed
     * logins, coordination records) leave every connection's index
     * standing */
    "CREATE TABLE IF NOT EXISTS entry_gen (n INTEGER NOT NULL);"
    "INSERT INTO entry_gen SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM "
    "entry_gen);",
    /* 9 -> 10: how many submissions the register had when a release was
     * frozen, for the statistics "as of" it (an added column fires no
     * UPDATE trigger; NULL in releases frozen before: estimated from the
     * import times, see store_sqlite_release.c) */
    "ALTER TABLE releases ADD COLUMN submissions INTEGER;"
    /* and a not-duplicate mark can be undone (kept, as merges are) */
    "ALTER TABLE not_duplicates ADD COLUMN undone_at TEXT;"
    "ALTER TABLE not_duplicates ADD COLUMN undone_by TEXT;",
    /* 10 -> 11: PostgreSQL's full-text words fold accents as FTS5's do;
     * nothing here */
    "SELECT 1;",
};

#endif
