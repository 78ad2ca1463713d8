#!/bin/sh
# test_gaps.sh - `mvroad gaps` (issue 7) as a user runs it on the bundled
# dataset: the topic "Security and privacy" has only drafts (a gap), the
# matrices in text, JSON and CSV add up; a register with nothing on a
# topic shows it as "no work"; `mvroad topic` overrides a topic by hand;
# wrong usage exits 2.
#
# Run by ctest as cli/test_gaps with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
dump() {
  sed 's/^/  out| /' "$tmp/out" | head -30
  sed 's/^/  err| /' "$tmp/err" | head -10
}
run() {
  "$MVROAD" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
expect_rc() {
  if [ "$rc" -eq "$1" ]; then
    ok
  else
    bad "$2: exit status $rc, expected $1"
    dump
  fi
}
has() {
  if grep -qF -- "$2" "$1"; then
    ok
  else
    bad "$3: '$2' not found"
    dump
  fi
}
pycheck() {
  label=$1
  shift
  if python3 -c "$@" >"$tmp/py" 2>&1; then
    ok
  else
    bad "$label"
    sed 's/^/  py| /' "$tmp/py"
  fi
}

. "$SRC/tests/cli/testdb.sh"
D=$(testdb r) || exit 1
run --db "$D" import "$SRC/data/examples/metaverse-standards.csv"
expect_rc 0 "import the bundled dataset"

run --db "$D" gaps
expect_rc 1 "gaps found"
has "$tmp/out" 'gap: topic "Security and privacy": no published standard' \
  "security gap"
has "$tmp/out" "Entries by topic and category:" "topic x category"
has "$tmp/out" "Entries by category and organisation:" "category x org"

run --db "$D" gaps --format json
expect_rc 1 "gaps, json"
pycheck "json: shapes and sums" '
import json, sys
d = json.load(open(sys.argv[1]))
nc, ns, no, nt = (len(d[k]) for k in ("categories", "statuses",
                                      "organisations", "topics"))
assert d["entries"] == 128 and nt == 13 and nc == 5
for i in range(nc):
    assert sum(d["category_status"][i]) == d["category_total"][i]
    assert sum(d["category_organisation"][i]) == d["category_total"][i]
for t in range(nt):
    assert sum(d["topic_status"][t]) == d["topic_total"][t]
    assert len(d["topic_category"][t]) == nc
assert {"kind": "topic", "name": "Security and privacy",
        "what": "no published standard", "entries": 2} in d["gaps"], d["gaps"]
' "$tmp/out"

run --db "$D" gaps --format csv
expect_rc 1 "gaps, csv"
has "$tmp/out" "matrix,row,column,count" "csv header"
has "$tmp/out" "gap,topic,Security and privacy,2" "csv gap line"

D2=$(testdb small) || exit 1
printf '%s\n%s\n' 'SDO / Org.,Reference,Type,Title,Status,Category,Summary' \
  'IEEE,IEEE 1,Standard,Avatars,Published,General,x' >"$tmp/s.csv"
run --db "$D2" import "$tmp/s.csv"
expect_rc 0 "import one row"
run --db "$D2" gaps
has "$tmp/out" 'gap: topic "Haptics": no work' "no work"
has "$tmp/out" 'gap: category "Infrastructure": no work' "empty category"

# an editor's override: the gap closes, then opens again
run --db "$D" topic "ITU-T H.266" "Security and privacy" --note "test"
expect_rc 0 "topic set by hand"
run --db "$D" gaps
expect_rc 0 "no gaps once overridden"
has "$tmp/out" "1 with topics set by an editor" "override counted"
run --db "$D" topic "ITU-T H.266" "Security and privacy" --auto
expect_rc 0 "topic back to automatic"
run --db "$D" gaps
expect_rc 1 "the gap again"
run --db "$D" topic "ITU-T H.266" "Cooking"
expect_rc 1 "unknown topic"
has "$tmp/err" 'no topic "Cooking"' "unknown topic message"
run --db "$D" topic "ITU-T H.266" "Haptics" --remove --auto
expect_rc 2 "two modes"
run --db "$D" topic "ITU-T H.266"
expect_rc 2 "no topic given"

run --db "$D" gaps --format xml
expect_rc 2 "unknown format"
run --db "$D" gaps extra
expect_rc 2 "unexpected argument"
run gaps --help
expect_rc 0 "--help"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
