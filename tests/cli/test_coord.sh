#!/bin/sh
# test_coord.sh - coordination records (issue 6), black-box: the seed's
# first-meeting facts load as data and the reports say what the seed
# implies; documents, LS and submissions link up; the vocabulary diff;
# import errors are GCC-style and store nothing; a representative's
# e-mail appears in no public output, and after `rep remove` nowhere,
# not even in the database file.
# Run by ctest as cli/test_coord with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/cli/testdb.sh"
D=$(testdb c) || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
  sed 's/^/  out| /' "$tmp/out" | head -20
  sed 's/^/  err| /' "$tmp/err" | head -20
}
run() { # run EXPECTED-STATUS ARGS...: mvroad with --db $D
  want=$1
  shift
  "$MVROAD" --db "$D" "$@" >"$tmp/out" 2>"$tmp/err"
  st=$?
  [ "$st" = "$want" ] && ok || bad "mvroad $*: exit $st, expected $want"
}
has() { # has TEXT LABEL: stdout contains TEXT
  grep -qF -- "$1" "$tmp/out" && ok || bad "$2: no '$1'"
}
hasnt() {
  grep -qF -- "$1" "$tmp/out" && bad "$2: '$1' present" || ok
}

run 0 init
run 0 coord import "$SRC/data/coord/jca-mv-seed.json"
has "records stored" "seed import"

# --- the seed's facts as data ---------------------------------------------
run 0 meeting list --format csv
has "JCA-MV-1,2025-10-09,2025-10-09,\"Geneva, Switzerland\"" "first meeting"
has "Shin-Gak Kang (ETRI); Muath AlRumayh (CST)" "co-chairs"
run 0 doc list --format csv
n=$(grep -c '^JCA-MV-Doc-0[0-2][0-9],' "$tmp/out")
[ "$n" = 20 ] && ok || bad "documents 001-020: $n"
has "JCA-MV-Doc-001,R2,Draft agenda" "agenda revision R2"
has "JCA-MV-Doc-016,R1," "SG20 document revision R1"
has "JCA-MV-Doc-011,,Proposed new deliverable" "NICT/OKI proposal"
run 0 ls list --format csv
n=$(grep -c ',incoming,' "$tmp/out")
[ "$n" = 8 ] && ok || bad "incoming LS: $n, expected 8"
has "JCA-MV-Doc-006,incoming," "TSAG LS/r/i"
has "SG21-LS76" "replies-to of Doc-006"
run 0 org list --format csv
for o in ETRI NICT OKI; do has "$o," "editor organisation $o"; done
has "ITU-T Q9/21,ITU-T SG21," "hierarchy Q9/21 under SG21"
has "3GPP SA1,3GPP TSG SA," "hierarchy SA1 under TSG SA"
run 0 term show metaverse
has "ITU-T FG-MV" "FG-MV definition source"
has "Recommendation ITU-T Y.4238" "Y.4238 definition source"
has "ITU-T SCV" "SCV"

# --- the reports ----------------------------------------------------------
run 0 report orgs-without-input --today 2026-06-01 --format csv
for o in "ISO/IEC JTC 1/SC 24" "ISO/IEC JTC 1/SC 29" "ISO/IEC JTC 1/SC 36" \
  "3GPP TSG SA" "ITU-T SG17" TSAG; do
  has "$o,"  "without input: $o"
done
for o in "ITU-T SG12" "ITU-T SG20" "ITU-T SG21"; do
  hasnt "$o," "sent input documents: $o"
done
has "no answer" "past the deadline: no answer"
run 0 report orgs-without-input --today 2026-01-15 --format csv
has "invited (JCA-MV-LS/o-1" "before the deadline: invited"
run 0 report ls-awaiting-reply --format csv
has "JCA-MV-Doc-007," "3GPP LS awaits our reply"
n=$(($(wc -l <"$tmp/out") - 1))
[ "$n" = 1 ] && ok || bad "LS awaiting reply: $n rows"
run 0 ls due --today 2026-05-01 --within 14 --format csv
has "JCA-MV-LS/o-1,outgoing" "due soon"
has ",2026-05-11,10" "days left"
run 1 ls due --today 2026-01-01 --within 14
run 0 report ls-overdue --today 2026-06-01 --format json
has '"days_left": "-21"' "overdue by 21 days"
run 0 report org-status --today 2026-06-01 --format csv
has "ITU-T SG20,ITU-T study group,JCA-MV-LS/o-1,2025-10,2026-05-11,input received (2025-10)" "SG20 status"

# an organisation the registry does not know, invited by LS
run 0 ls add JCA-MV-LS/o-2 --direction outgoing --title "Invitation" \
  --to "Open Example Consortium" --date 2026-01-05 --deadline 2026-03-01 \
  --purpose "for action"
run 0 report orgs-without-input --today 2026-06-01 --format csv
has "Open Example Consortium,,JCA-MV-LS/o-2,2026-01-05,2026-03-01,no answer" "unregistered organisation invited"
run 0 ls remove JCA-MV-LS/o-2

# an organisation answers: its submission moves it out of the report
printf 'SDO / Org.,Reference,Type,Title,Status,Category,Summary\n3GPP SA1,TS 22.156,Technical Specification,Mobile metaverse services,Published,Application/Service,Service requirements.\n' >"$tmp/3gpp.csv"
run 0 import --org "3GPP TSG SA" --doc JCA-MV-Doc-021 "$tmp/3gpp.csv"
run 0 report orgs-without-input --today 2026-06-01 --format csv
hasnt "3GPP TSG SA," "3GPP answered"
run 0 doc add JCA-MV-Doc-021 --title "3GPP input to the roadmap" \
  --source "TSG SA" --type contribution --date 2026-02-01
run 0 doc list --format csv
has "JCA-MV-Doc-021,,3GPP input to the roadmap,3GPP TSG SA,,contribution,2026-02-01,1" "doc linked to submission 1"
run 0 ls add JCA-MV-Doc-022 --direction incoming --title "LS/i with input" \
  --from "3GPP SA" --date 2026-02-01 --purpose "for information" --state closed
run 0 ls link JCA-MV-Doc-022 1
run 0 report submission-trace --format csv
has "3gpp.csv,3GPP TSG SA," "trace: submission"
has "3GPP input to the roadmap,JCA-MV-Doc-022" "trace: document and LS"
run 1 ls link JCA-MV-Doc-022 nope

# --- vocabulary diff ------------------------------------------------------
run 0 term add metaverse "Source A" --definition "an integrated digital environment that is persistent"
run 0 term add metaverse "Source B" --definition "a persistent integrated digital environment"
run 0 term diff metaverse "Source A" "Source B"
has "{+a+} {+persistent+} [-an-] integrated digital environment [-that-] [-is-] [-persistent-]" "word diff"

# --- import errors: GCC-style, nothing stored -------------------------------
printf 'number,direction,title,deadline\nLS-9,incoming,Fine,2026-01-01\nLS-10,sideways,Bad,2026-02-30\n' >"$tmp/ls.csv"
run 1 ls import "$tmp/ls.csv"
grep -q "ls.csv:3:2: error: direction 'sideways'" "$tmp/err" && ok ||
  bad "GCC-style error"
run 0 ls list --format csv
hasnt "LS-9," "nothing stored after an error"
printf '{"docs": [{"number": "X-1", "title": "t", "date": "tomorrow"}]}' >"$tmp/d.json"
run 1 coord import "$tmp/d.json"
grep -q "d.json:1:7: error: docs item 1: date 'tomorrow'" "$tmp/err" && ok ||
  bad "JSON error position"
printf '{"docs": [' >"$tmp/broken.json"
run 1 coord import "$tmp/broken.json"
grep -q "broken.json:1:.*error: invalid JSON" "$tmp/err" && ok || bad "bad JSON"

# --- personal data ----------------------------------------------------------
EMAIL=jane.rep-7731@example.org
run 0 rep add "$EMAIL" --name "Jane Q. Representative" --org "SC 29" \
  --role "JCA-MV representative" --nominated-on 2026-01-10 --doc JCA-MV-Doc-023
run 0 rep add other.person@example.net --name "Other Person" --org ETRI \
  --valid-until 2026-06-10
run 0 rep list --format csv
has "$EMAIL,Jane Q. Representative,ISO/IEC JTC 1/SC 29" "rep listed (CLI)"
run 0 rep export --format vcard
has "EMAIL:$EMAIL" "vCard"
has "ORG:ISO/IEC JTC 1/SC 29" "vCard org"
run 0 rep export --format csv
has "$EMAIL" "CSV export for the mailing list"
run 0 report reps-to-confirm --today 2026-06-01 --format csv
has "ETRI,Other Person,other.person@example.net" "rep to confirm"
run 0 report org-status --today 2026-06-01 --format csv
has "ISO/IEC JTC 1/SC 29,SDO committee,JCA-MV-LS/o-1,2025-10,2026-05-11,representative nominated" "nominated"
run 1 rep add bad-address --name X --org ETRI
# nowhere public: the register's outputs that do not ask for personal data
run 0 export --format json
hasnt "$EMAIL" "entries export"
"$MVROAD" --db "$D" export --format docx -o "$tmp/r.docx" >"$tmp/out" 2>"$tmp/err" && ok || bad "docx export"
unzip -p "$tmp/r.docx" word/document.xml >"$tmp/out"
hasnt "$EMAIL" "Word roadmap"
hasnt "Jane Q." "Word roadmap: no names"
has "Coordination" "Word roadmap coordination annex"
has "ISO/IEC JTC 1/SC 29" "annex lists the organisation"
run 0 search metaverse
hasnt "$EMAIL" "search"
for k in org ls doc meeting term; do
  run 0 $k export --format json
  hasnt "$EMAIL" "$k export"
done
run 0 report org-status --format json
hasnt "$EMAIL" "org-status report"

# removal: gone everywhere, also from the database file (where it was;
# SQLite only: PostgreSQL's files are the server's)
if testdb_pg; then
  n=$(testdb_sql "$D" "SELECT count(*) FROM coord_reps WHERE email = lower('$EMAIL')")
  [ "$n" = 1 ] && ok || bad "the e-mail was never in coord_reps ($n)"
else
  cat "$D" "$D-wal" 2>/dev/null | grep -qaF "$EMAIL" && ok ||
    bad "the e-mail was never in the database files: the check below is void"
fi
run 0 rep remove "$EMAIL"
run 1 rep remove "$EMAIL"
run 0 rep export --format vcard
hasnt "$EMAIL" "vCard after removal"
run 0 rep list --format json
hasnt "$EMAIL" "list after removal"
run 0 report org-status --today 2026-06-01 --format csv
hasnt "ISO/IEC JTC 1/SC 29,SDO committee,JCA-MV-LS/o-1,2025-10,2026-05-11,representative nominated" "status after removal"
if testdb_pg; then
  n=$(testdb_sql "$D" "SELECT count(*) FROM coord_reps WHERE email = lower('$EMAIL')")
  [ "$n" = 0 ] && ok || bad "coord_reps still has the removed person ($n)"
elif command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 "$D" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
fi
for f in "$D" "$D-wal" "$D-shm" "$D-journal"; do
  [ -e "$f" ] || continue
  if grep -qaF "$EMAIL" "$f" || grep -qaF "Jane Q. Representative" "$f"; then
    bad "$(basename "$f") still holds the removed person"
  else
    ok
  fi
done

echo "test_coord: $pass passed, $fail failed"
[ "$fail" = 0 ]
