#!/bin/sh
# DOCX reading speed: `mvroad` on an N-row Annex 1 table in a Word file
# (bench/gen_docx.py, marked up as Word does) beside python-docx reading
# the same cells (Debian's python3-docx on lxml, through Table._cells,
# its fast path), `pandoc -t json`, and the floor: inflating
# word/document.xml and streaming it through libxml2
# (`unzip -p | xmllint --stream`). Prints the best of REPEAT runs of each,
# in wall-clock and in CPU seconds, and the ratios to the floor.
#
# mvroad is timed three ways: `inspect` (the reader only, JSON to
# /dev/null), `check` (reader and validation, scratch register) and
# `import` into an empty register (everything, one transaction).
#
# Usage: bench/docx.sh BUILD_DIR [N [REPEAT]]   (default 5000 rows, 5 runs)
# Needs scripts/bench-deps.sh.
set -eu
BUILD=${1:?usage: bench/docx.sh BUILD_DIR [N [REPEAT]]}
N=${2:-5000}
REPEAT=${3:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
MVROAD=$BUILD/mvroad
GEN=$BUILD/gen_register
PY=/usr/bin/python3 # Debian's, with python3-docx
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for tool in pandoc unzip xmllint bc; do
  command -v $tool >/dev/null || {
    echo "bench: $tool is needed (scripts/bench-deps.sh)" >&2
    exit 1
  }
done
$PY -c "import docx" 2>/dev/null || {
  echo "bench: python3-docx is needed (scripts/bench-deps.sh)" >&2
  exit 1
}

"$GEN" "$N" >"$OUT/in.csv"
$PY "$HERE/gen_docx.py" "$OUT/in.csv" "$OUT/in.docx"

cat >"$OUT/pydocx.py" <<'EOF'
import sys, docx
d = docx.Document(sys.argv[1])
n = 0
for t in d.tables:
    for c in t._cells:
        n += len(c.text)
print(n)
EOF

# best wall-clock and best CPU (user + system, children included) seconds
# of REPEAT runs of a shell command line: "WALL CPU". CPU time is the
# steadier figure on a busy machine.
best() {
  bw=""
  bc=""
  i=0
  while [ $i -lt "$REPEAT" ]; do
    /usr/bin/time -f "%e %U %S" -o "$OUT/time" sh -c "$1" >/dev/null \
      2>"$OUT/err" || {
      echo "bench: failed: $1" >&2
      cat "$OUT/err" >&2
      exit 1
    }
    set -- "$1" $(cat "$OUT/time")
    c=$(echo "$3 + $4" | bc -l)
    if [ -z "$bw" ] || [ "$(echo "$2 < $bw" | bc -l)" = 1 ]; then
      bw=$2
    fi
    if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc -l)" = 1 ]; then
      bc=$c
    fi
    i=$((i + 1))
  done
  echo "$bw $bc"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
floor=$(best "unzip -p '$OUT/in.docx' word/document.xml | xmllint --stream -")
inspect=$(best "'$MVROAD' inspect '$OUT/in.docx'")
check=$(best "'$MVROAD' check '$OUT/in.docx'")
import=$(best "rm -f '$OUT'/db*; '$MVROAD' --db '$OUT/db' import '$OUT/in.docx'")
pydocx=$(best "$PY '$OUT/pydocx.py' '$OUT/in.docx'")
pandoc=$(best "pandoc -f docx -t json '$OUT/in.docx'")

xml=$(unzip -p "$OUT/in.docx" word/document.xml | wc -c)
echo "$N rows; word/document.xml $((xml / 1024)) KiB inflated," \
  "the file $(($(wc -c <"$OUT/in.docx") / 1024)) KiB; best of $REPEAT runs"
printf '%-40s %8s %8s %8s %8s\n' tool wall_s x_floor cpu_s x_floor
fw=${floor% *}
fc=${floor#* }
row() {
  w=${2% *}
  c=${2#* }
  printf '%-40s %8.3f %8.2f %8.3f %8.2f\n' "$1" "$w" \
    "$(echo "$w / $fw" | bc -l)" "$c" "$(echo "$c / $fc" | bc -l)"
}
row "floor: unzip -p | xmllint --stream" "$floor"
row "mvroad inspect (reader only)" "$inspect"
row "mvroad check (reader + validation)" "$check"
row "mvroad import (into an empty register)" "$import"
row "python-docx (Table._cells, .text)" "$pydocx"
row "pandoc -t json" "$pandoc"
ratio() {
  echo "$(echo "${1% *} / ${2% *}" | bc -l) $(echo "${1#* } / ${2#* }" | bc -l)"
}
printf 'python-docx / mvroad import: %.1fx wall, %.1fx cpu\n' \
  $(ratio "$pydocx" "$import")
printf 'python-docx / mvroad inspect: %.1fx wall, %.1fx cpu\n' \
  $(ratio "$pydocx" "$inspect")
# the issue-3 targets: python-docx / import >= 5 and import / floor <= 2
# (wall clock, the issue's figure; CPU beside it)
verdict() {
  if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo "NOT met"; fi
}
pw=$(echo "${pydocx% *} / ${import% *}" | bc -l)
fw2=$(echo "${import% *} / $fw" | bc -l)
printf 'target (issue 3): python-docx / import >= 5.00x: %.2fx wall, %s\n' "$pw" \
  "$(verdict "$pw >= 5")"
printf 'target (issue 3): import / floor <= 2.00x: %.2fx wall, %s\n' "$fw2" \
  "$(verdict "$fw2 <= 2")"
# the machine may be shared: wall-clock ratios move with its load
echo "load average: $load0 before, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) after"
