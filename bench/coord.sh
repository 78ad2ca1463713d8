#!/bin/sh
# bench/coord.sh BUILD-DIR [N]: load the seed plus N liaison statements
# and N representatives (CSV import), then time the coordination reports.
# Usage: ./bench/coord.sh build 2000
set -eu
M=${1:-build}/mvroad
N=${2:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D=$tmp/b.db
"$M" --db "$D" init >/dev/null
"$M" --db "$D" coord import "$(dirname "$0")/../data/coord/jca-mv-seed.json" >/dev/null
orgs="ITU-T SG20;ITU-T SG21;ISO/IEC JTC 1/SC 29;3GPP SA4;W3C;IEEE;ETSI ISG MEC"
awk -v n="$N" -v orgs="$orgs" 'BEGIN {
  k = split(orgs, o, ";")
  print "number,direction,title,from,to,date,purpose,deadline,state" > "'"$tmp"'/ls.csv"
  print "email,name,org,role,valid_until" > "'"$tmp"'/reps.csv"
  for (i = 1; i <= n; i++) {
    printf "LS-%d,%s,Statement %d,%s,%s,2026-01-%02d,for action,2026-%02d-%02d,open\n",
      i, (i % 2 ? "incoming" : "outgoing"), i, o[i % k + 1], o[(i + 3) % k + 1],
      i % 28 + 1, i % 12 + 1, i % 28 + 1 >> "'"$tmp"'/ls.csv"
    printf "p%d@example.org,Person %d,%s,representative,2026-%02d-01\n",
      i, i, o[i % k + 1], i % 12 + 1 >> "'"$tmp"'/reps.csv"
  }
}'
t() { # t LABEL CMD...: wall time in ms
  l=$1
  shift
  s=$(date +%s%N)
  "$@" >/dev/null
  e=$(date +%s%N)
  echo "$l: $(((e - s) / 1000000)) ms"
}
t "ls import (N=$N)" "$M" --db "$D" ls import "$tmp/ls.csv"
t "rep import (N=$N)" "$M" --db "$D" rep import "$tmp/reps.csv"
for r in org-status orgs-without-input ls-awaiting-reply reps-to-confirm; do
  s=$(date +%s%N)
  "$M" --db "$D" report "$r" --today 2026-06-01 >/dev/null || true
  e=$(date +%s%N)
  echo "report $r (N=$N): $(((e - s) / 1000000)) ms"
done
s=$(date +%s%N)
"$M" --db "$D" ls due --today 2026-06-01 --within 30 >/dev/null || true
e=$(date +%s%N)
echo "ls due (N=$N): $(((e - s) / 1000000)) ms"
