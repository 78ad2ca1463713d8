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

/* The letters that SQLite's FTS5 tokenizer (unicode61 remove_diacritics
 * 2) folds to ASCII, and the combining marks it drops, for translate()
 * in mvr_fts_norm() (slot 10 -> 11): generated from the tokenizer itself
 * by scripts/gen_fts_fold.py. */
/* 488 letters, then 25 combining marks (dropped) */
#define PG_FOLD_FROM \
    "\xC3\x80\xC3\x81\xC3\x82\xC3\x83\xC3\x84\xC3\x85\xC3\x87\xC3\x88" \
    "\xC3\x89\xC3\x8A\xC3\x8B\xC3\x8C\xC3\x8D\xC3\x8E\xC3\x8F\xC3\x91" \
    "\xC3\x92\xC3\x93\xC3\x94\xC3\x95\xC3\x96\xC3\x99\xC3\x9A\xC3\x9B" \
    "\xC3\x9C\xC3\x9D\xC3\xA0\xC3\xA1\xC3\xA2\xC3\xA3\xC3\xA4\xC3\xA5" \
    "\xC3\xA7\xC3\xA8\xC3\xA9\xC3\xAA\xC3\xAB\xC3\xAC\xC3\xAD\xC3\xAE" \
    "\xC3\xAF\xC3\xB1\xC3\xB2\xC3\xB3\xC3\xB4\xC3\xB5\xC3\xB6\xC3\xB9" \
    "\xC3\xBA\xC3\xBB\xC3\xBC\xC3\xBD\xC3\xBF\xC4\x80\xC4\x81\xC4\x82" \
    "\xC4\x83\xC4\x84\xC4\x85\xC4\x86\xC4\x87\xC4\x88\xC4\x89\xC4\x8A" \
    "\xC4\x8B\xC4\x8C\xC4\x8D\xC4\x8E\xC4\x8F\xC4\x92\xC4\x93\xC4\x94" \
    "\xC4\x95\xC4\x96\xC4\x97\xC4\x98\xC4\x99\xC4\x9A\xC4\x9B\xC4\x9C" \
    "\xC4\x9D\xC4\x9E\xC4\x9F\xC4\xA0\xC4\xA1\xC4\xA2\xC4\xA3\xC4\xA4" \
    "\xC4\xA5\xC4\xA8\xC4\xA9\xC4\xAA\xC4\xAB\xC4\xAC\xC4\xAD\xC4\xAE" \
    "\xC4\xAF\xC4\xB0\xC4\xB4\xC4\xB5\xC4\xB6\xC4\xB7\xC4\xB9\xC4\xBA" \
    "\xC4\xBB\xC4\xBC\xC4\xBD\xC4\xBE\xC5\x83\xC5\x84\xC5\x85\xC5\x86" \
    "\xC5\x87\xC5\x88\xC5\x8C\xC5\x8D\xC5\x8E\xC5\x8F\xC5\x90\xC5\x91" \
    "\xC5\x94\xC5\x95\xC5\x96\xC5\x97\xC5\x98\xC5\x99\xC5\x9A\xC5\x9B" \
    "\xC5\x9C\xC5\x9D\xC5\x9E\xC5\x9F\xC5\xA0\xC5\xA1\xC5\xA2\xC5\xA3" \
    "\xC5\xA4\xC5\xA5\xC5\xA8\xC5\xA9\xC5\xAA\xC5\xAB\xC5\xAC\xC5\xAD" \
    "\xC5\xAE\xC5\xAF\xC5\xB0\xC5\xB1\xC5\xB2\xC5\xB3\xC5\xB4\xC5\xB5" \
    "\xC5\xB6\xC5\xB7\xC5\xB8\xC5\xB9\xC5\xBA\xC5\xBB\xC5\xBC\xC5\xBD" \
    "\xC5\xBE\xC5\xBF\xC6\xA0\xC6\xA1\xC6\xAF\xC6\xB0\xC7\x8D\xC7\x8E" \
    "\xC7\x8F\xC7\x90\xC7\x91\xC7\x92\xC7\x93\xC7\x94\xC7\x95\xC7\x96" \
    "\xC7\x97\xC7\x98\xC7\x99\xC7\x9A\xC7\x9B\xC7\x9C\xC7\x9E\xC7\x9F" \
    "\xC7\xA6\xC7\xA7\xC7\xA8\xC7\xA9\xC7\xAA\xC7\xAB\xC7\xAC\xC7\xAD" \
    "\xC7\xB0\xC7\xB4\xC7\xB5\xC7\xB8\xC7\xB9\xC7\xBA\xC7\xBB\xC8\x80" \
    "\xC8\x81\xC8\x82\xC8\x83\xC8\x84\xC8\x85\xC8\x86\xC8\x87\xC8\x88" \
    "\xC8\x89\xC8\x8A\xC8\x8B\xC8\x8C\xC8\x8D\xC8\x8E\xC8\x8F\xC8\x90" \
    "\xC8\x91\xC8\x92\xC8\x93\xC8\x94\xC8\x95\xC8\x96\xC8\x97\xC8\x98" \
    "\xC8\x99\xC8\x9A\xC8\x9B\xC8\x9E\xC8\x9F\xC8\xA6\xC8\xA7\xC8\xA8" \
    "\xC8\xA9\xC8\xAA\xC8\xAB\xC8\xAC\xC8\xAD\xC8\xAE\xC8\xAF\xC8\xB0" \
    "\xC8\xB1\xC8\xB2\xC8\xB3\xE1\xB8\x80\xE1\xB8\x81\xE1\xB8\x82" \
    "\xE1\xB8\x83\xE1\xB8\x84\xE1\xB8\x85\xE1\xB8\x86\xE1\xB8\x87" \
    "\xE1\xB8\x88\xE1\xB8\x89\xE1\xB8\x8A\xE1\xB8\x8B\xE1\xB8\x8C" \
    "\xE1\xB8\x8D\xE1\xB8\x8E\xE1\xB8\x8F\xE1\xB8\x90\xE1\xB8\x91" \
    "\xE1\xB8\x92\xE1\xB8\x93\xE1\xB8\x94\xE1\xB8\x95\xE1\xB8\x96" \
    "\xE1\xB8\x97\xE1\xB8\x98\xE1\xB8\x99\xE1\xB8\x9A\xE1\xB8\x9B" \
    "\xE1\xB8\x9C\xE1\xB8\x9D\xE1\xB8\x9E\xE1\xB8\x9F\xE1\xB8\xA0" \
    "\xE1\xB8\xA1\xE1\xB8\xA2\xE1\xB8\xA3\xE1\xB8\xA4\xE1\xB8\xA5" \
    "\xE1\xB8\xA6\xE1\xB8\xA7\xE1\xB8\xA8\xE1\xB8\xA9\xE1\xB8\xAA" \
    "\xE1\xB8\xAB\xE1\xB8\xAC\xE1\xB8\xAD\xE1\xB8\xAE\xE1\xB8\xAF" \
    "\xE1\xB8\xB0\xE1\xB8\xB1\xE1\xB8\xB2\xE1\xB8\xB3\xE1\xB8\xB4" \
    "\xE1\xB8\xB5\xE1\xB8\xB6\xE1\xB8\xB7\xE1\xB8\xB8\xE1\xB8\xB9" \
    "\xE1\xB8\xBA\xE1\xB8\xBB\xE1\xB8\xBC\xE1\xB8\xBD\xE1\xB8\xBE" \
    "\xE1\xB8\xBF\xE1\xB9\x80\xE1\xB9\x81\xE1\xB9\x82\xE1\xB9\x83" \
    "\xE1\xB9\x84\xE1\xB9\x85\xE1\xB9\x86\xE1\xB9\x87\xE1\xB9\x88" \
    "\xE1\xB9\x89\xE1\xB9\x8A\xE1\xB9\x8B\xE1\xB9\x8C\xE1\xB9\x8D" \
    "\xE1\xB9\x8E\xE1\xB9\x8F\xE1\xB9\x90\xE1\xB9\x91\xE1\xB9\x92" \
    "\xE1\xB9\x93\xE1\xB9\x94\xE1\xB9\x95\xE1\xB9\x96\xE1\xB9\x97" \
    "\xE1\xB9\x98\xE1\xB9\x99\xE1\xB9\x9A\xE1\xB9\x9B\xE1\xB9\x9C" \
    "\xE1\xB9\x9D\xE1\xB9\x9E\xE1\xB9\x9F\xE1\xB9\xA0\xE1\xB9\xA1" \
    "\xE1\xB9\xA2\xE1\xB9\xA3\xE1\xB9\xA4\xE1\xB9\xA5\xE1\xB9\xA6" \
    "\xE1\xB9\xA7\xE1\xB9\xA8\xE1\xB9\xA9\xE1\xB9\xAA\xE1\xB9\xAB" \
    "\xE1\xB9\xAC\xE1\xB9\xAD\xE1\xB9\xAE\xE1\xB9\xAF\xE1\xB9\xB0" \
    "\xE1\xB9\xB1\xE1\xB9\xB2\xE1\xB9\xB3\xE1\xB9\xB4\xE1\xB9\xB5" \
    "\xE1\xB9\xB6\xE1\xB9\xB7\xE1\xB9\xB8\xE1\xB9\xB9\xE1\xB9\xBA" \
    "\xE1\xB9\xBB\xE1\xB9\xBC\xE1\xB9\xBD\xE1\xB9\xBE\xE1\xB9\xBF" \
    "\xE1\xBA\x80\xE1\xBA\x81\xE1\xBA\x82\xE1\xBA\x83\xE1\xBA\x84" \
    "\xE1\xBA\x85\xE1\xBA\x86\xE1\xBA\x87\xE1\xBA\x88\xE1\xBA\x89" \
    "\xE1\xBA\x8A\xE1\xBA\x8B\xE1\xBA\x8C\xE1\xBA\x8D\xE1\xBA\x8E" \
    "\xE1\xBA\x8F\xE1\xBA\x90\xE1\xBA\x91\xE1\xBA\x92\xE1\xBA\x93" \
    "\xE1\xBA\x94\xE1\xBA\x95\xE1\xBA\x96\xE1\xBA\x97\xE1\xBA\x98" \
    "\xE1\xBA\x99\xE1\xBA\x9B\xE1\xBA\xA0\xE1\xBA\xA1\xE1\xBA\xA2" \
    "\xE1\xBA\xA3\xE1\xBA\xA4\xE1\xBA\xA5\xE1\xBA\xA6\xE1\xBA\xA7" \
    "\xE1\xBA\xA8\xE1\xBA\xA9\xE1\xBA\xAA\xE1\xBA\xAB\xE1\xBA\xAC" \
    "\xE1\xBA\xAD\xE1\xBA\xAE\xE1\xBA\xAF\xE1\xBA\xB0\xE1\xBA\xB1" \
    "\xE1\xBA\xB2\xE1\xBA\xB3\xE1\xBA\xB4\xE1\xBA\xB5\xE1\xBA\xB6" \
    "\xE1\xBA\xB7\xE1\xBA\xB8\xE1\xBA\xB9\xE1\xBA\xBA\xE1\xBA\xBB" \
    "\xE1\xBA\xBC\xE1\xBA\xBD\xE1\xBA\xBE\xE1\xBA\xBF\xE1\xBB\x80" \
    "\xE1\xBB\x81\xE1\xBB\x82\xE1\xBB\x83\xE1\xBB\x84\xE1\xBB\x85" \
    "\xE1\xBB\x86\xE1\xBB\x87\xE1\xBB\x88\xE1\xBB\x89\xE1\xBB\x8A" \
    "\xE1\xBB\x8B\xE1\xBB\x8C\xE1\xBB\x8D\xE1\xBB\x8E\xE1\xBB\x8F" \
    "\xE1\xBB\x90\xE1\xBB\x91\xE1\xBB\x92\xE1\xBB\x93\xE1\xBB\x94" \
    "\xE1\xBB\x95\xE1\xBB\x96\xE1\xBB\x97\xE1\xBB\x98\xE1\xBB\x99" \
    "\xE1\xBB\x9A\xE1\xBB\x9B\xE1\xBB\x9C\xE1\xBB\x9D\xE1\xBB\x9E" \
    "\xE1\xBB\x9F\xE1\xBB\xA0\xE1\xBB\xA1\xE1\xBB\xA2\xE1\xBB\xA3" \
    "\xE1\xBB\xA4\xE1\xBB\xA5\xE1\xBB\xA6\xE1\xBB\xA7\xE1\xBB\xA8" \
    "\xE1\xBB\xA9\xE1\xBB\xAA\xE1\xBB\xAB\xE1\xBB\xAC\xE1\xBB\xAD" \
    "\xE1\xBB\xAE\xE1\xBB\xAF\xE1\xBB\xB0\xE1\xBB\xB1\xE1\xBB\xB2" \
    "\xE1\xBB\xB3\xE1\xBB\xB4\xE1\xBB\xB5\xE1\xBB\xB6\xE1\xBB\xB7" \
    "\xE1\xBB\xB8\xE1\xBB\xB9\xCC\x80\xCC\x81\xCC\x82\xCC\x83\xCC\x84" \
    "\xCC\x86\xCC\x87\xCC\x88\xCC\x89\xCC\x8A\xCC\x8B\xCC\x8C\xCC\x8F" \
    "\xCC\x91\xCC\x9B\xCC\xA3\xCC\xA4\xCC\xA5\xCC\xA6\xCC\xA7\xCC\xA8" \
    "\xCC\xAD\xCC\xAE\xCC\xB0\xCC\xB1"
#define PG_FOLD_TO \
    "aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaacc" \
    "ccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorr" \
    "rrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzsoouuaaiioouuuuuuuuuua" \
    "aggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyya" \
    "abbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllll" \
    "mmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuu" \
    "uvvvvwwwwwwwwwwxxxxyyzzzzzzhtwysaaaaaaaaaaaaaaaaaaaaaaaaeeeee" \
    "eeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy"

/* The generated full-text column of entries, weighted A reference, B
 * title, C summary (slots 0 -> 1 and 10 -> 11: the same text in both,
 * as slot 0 has always had it). */
#define PG_FTS_COLUMN                                                          \
  "tsvector GENERATED ALWAYS AS ("                                             \
  "    setweight(to_tsvector('simple', mvr_fts_norm(reference)), 'A') ||"      \
  "    setweight(to_tsvector('simple', mvr_fts_norm(title)), 'B') ||"          \
  "    setweight(to_tsvector('simple', mvr_fts_norm(summary)), 'C'))"          \
  "    STORED"

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
    "  fts " PG_FTS_COLUMN ","
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

    /* 10 -> 11: words fold their accents as SQLite's full-text index
     * does ("Generación" is found by "generacion" and the other way):
     * mvr_fts_norm() translates the letters FTS5 folds before lower(),
     * and `fts`, generated from it, is made again */
    {{"CREATE OR REPLACE FUNCTION mvr_fts_norm(t text) RETURNS text"
      " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS"
      " $f$ SELECT btrim(regexp_replace(lower(translate(t, '" PG_FOLD_FROM
      "', '" PG_FOLD_TO "')), '[^[:alnum:]]+', ' ', 'g')) $f$;",
      "ALTER TABLE entries DROP COLUMN fts;"
      "ALTER TABLE entries ADD COLUMN fts " PG_FTS_COLUMN ";"
      "CREATE INDEX entries_fts ON entries USING gin(fts);"}},
};

#endif
