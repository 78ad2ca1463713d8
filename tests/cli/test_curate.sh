#!/bin/sh
# Black-box tests of the curation commands: merge/unmerge, conflicts and
# resolve, import --propose with proposals/approve/reject, and how `show`
# reports aliases and merges.
set -u
: "${MVROAD:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "${SRC:-$(dirname "$0")/../..}/tests/cli/testdb.sh"
MVROAD_DB=$(testdb db) || exit 1
export MVROAD_DB NO_COLOR=1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION EXPECTED-STATUS COMMAND...
  d=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$d: exit $got, wanted $want"; cat "$tmp/out" "$tmp/err"; fi
}
has() { # has DESCRIPTION FILE TEXT
  if grep -qF -- "$3" "$2"; then ok; else bad "$1: no '$3' in"; cat "$2"; fi
}

H='SDO,Reference,Type,Title,Status,Category'
printf '%s\nISO/IEC JTC 1/SC 29,ISO/IEC 23090-3,Standard,Versatile video coding,Published,Enabling Technology\nITU-T SG21,ITU-T H.266,Recommendation,Versatile video coding,In force,Enabling Technology\nIEEE,IEEE P3079.1,Draft Standard,Motion sickness,Active PAR,General\n' "$H" >"$tmp/a.csv"
check "import" 0 "$MVROAD" import --date 2025-10-01 "$tmp/a.csv"

# merge and unmerge
check "merge" 0 "$MVROAD" merge --note "twin text" "ISO/IEC 23090-3" H.266
check "merged count" 0 "$MVROAD" stats --format json
has "two entries left" "$tmp/out" '"entries": 2'
check "merge again" 1 "$MVROAD" merge "ISO/IEC 23090-3" H.266
has "already merged" "$tmp/err" "are the same entry"
check "show survivor" 0 "$MVROAD" show H.266
has "survivor shown" "$tmp/out" "ISO/IEC 23090-3"
has "merged listed" "$tmp/out" "Merged here"
check "unmerge" 0 "$MVROAD" unmerge "ISO/IEC 23090-3" H.266
check "count after unmerge" 0 "$MVROAD" stats --format json
has "three again" "$tmp/out" '"entries": 3'
check "unmerge twice" 1 "$MVROAD" unmerge "ISO/IEC 23090-3" H.266
# by ids: merging back into the merged entry would make a cycle
check "merge 2 into 1" 0 "$MVROAD" merge 1 2
check "merge 1 into 2" 1 "$MVROAD" merge 2 1
has "no cycle" "$tmp/err" "entry 2 is merged into entry 1"
check "undo 2 into 1" 0 "$MVROAD" unmerge 1 2
check "merge usage" 2 "$MVROAD" merge onlyone
check "merge help" 0 "$MVROAD" merge --help

# a non-owner's status is a conflict
printf '%s\nIEEE,IEEE P3079.1,Draft Standard,Motion sickness,Published,General\n' "$H" >"$tmp/b.csv"
check "import by other org" 0 "$MVROAD" import --org "ITU-T SG21" --date 2025-10-02 "$tmp/b.csv"
has "conflict said" "$tmp/out" "conflicts opened"
check "conflicts" 0 "$MVROAD" conflicts
has "conflict listed" "$tmp/out" 'status: "Under development" (current) vs "Published" from ITU-T SG21'
check "conflicts json" 0 "$MVROAD" conflicts --format json
id=$(sed -n 's/.*"id": \([0-9]*\),.*/\1/p' "$tmp/out" | head -1)
check "resolve bad take" 2 "$MVROAD" resolve "$id" --take "Nearly done"
check "resolve" 0 "$MVROAD" resolve "$id" --take current --note "IEEE says PAR"
check "none open" 0 "$MVROAD" conflicts
has "none open" "$tmp/out" "no open conflicts"
check "history has resolve" 0 "$MVROAD" show --format json "IEEE P3079.1"
has "resolve logged" "$tmp/out" '"action": "resolve"'
check "resolve usage" 2 "$MVROAD" resolve "$id"

# proposals
printf '%s\nIEEE,IEEE 3079.1-2026,Standard,Motion sickness,Published,General\nW3C,webxr,Recommendation,WebXR Device API,REC,Interoperability\n' "$H" >"$tmp/c.csv"
check "propose" 0 "$MVROAD" import --propose --org IEEE --date 2026-01-10 "$tmp/c.csv"
has "proposed" "$tmp/out" "2 rows proposed for review"
check "not yet visible" 1 "$MVROAD" search WebXR
check "proposals" 0 "$MVROAD" proposals
has "new entry" "$tmp/out" "new entry"
has "changes shown" "$tmp/out" 'status: "Under development" -> "Published"'
sub=$(sed -n 's/.*(submission \([0-9]*\),.*/\1/p' "$tmp/out" | head -1)
pid=$(sed -n 's/^\([0-9]*\)  \[pending\] webxr.*/\1/p' "$tmp/out")
check "reject one" 0 "$MVROAD" reject --note "not IEEE's" "$pid"
check "approve the rest" 0 "$MVROAD" approve --submission "$sub"
has "approved one" "$tmp/out" "1 proposal approved"
check "approved visible" 0 "$MVROAD" show "IEEE 3079.1"
has "approved applied" "$tmp/out" "IEEE 3079.1-2026"
has "project alias" "$tmp/out" "IEEE P3079.1 (project)"
check "rejected not visible" 1 "$MVROAD" search WebXR
check "nothing pending" 0 "$MVROAD" proposals
has "nothing pending" "$tmp/out" "no pending proposals"
check "approve usage" 2 "$MVROAD" approve

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
