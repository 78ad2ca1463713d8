#!/bin/sh
# test_pathological.sh - adversarial inputs finish quickly and scale
# linearly (SECURITY.md G10): bench/pathological.sh at the test's sizes
# (n and 10n: 5,000-50,000 CSV rows, an unclosed quote, a 10 MiB cell,
# 50,000 cells in a row in CSV and DOCX, 100,000 nested JSON arrays,
# 1,000 nested tables, 10,000 nested runs, 20,000 tiny zip entries) with
# generous bounds: every run under LIMIT CPU seconds (30: the ASan+UBSan
# debug build is several times slower), 10x the input at most RATIO (20)
# times the CPU time, no crash. The exact figures, at
# full size, come from `sh bench/pathological.sh build/mvroad`.
#
# Run by ctest as cli/test_pathological with MVROAD=<binary> SRC=<source dir>.
set -u
: "${MVROAD:?set MVROAD to the mvroad binary}"
: "${SRC:?set SRC to the source tree}"
unset MVROAD_DB
LIMIT=${LIMIT:-30} exec sh "$SRC/bench/pathological.sh" --check "$MVROAD"
