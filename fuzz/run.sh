#!/bin/sh
# fuzz/run.sh BUILD_DIR SECONDS [HARNESS...] - run each libFuzzer harness
# in turn for SECONDS (one process, in-process like -jobs=1, at nice 10: the machine is
# shared), with its dictionary, its seed corpus read-only and a working
# corpus in $FUZZ_WORK (default /tmp/mvroad-fuzz/<harness>); an input
# running over $FUZZ_TIMEOUT s of wall time (default 5; raise it on a busy
# machine, where a process at nice 19 waits) counts as a hang. Crash inputs
# land in fuzz/crashes/<harness>/: fix the bug, then move the input to
# fuzz/regress/<harness>/ so that `make test` replays it for ever.
# Prints one line per harness: executions, coverage, crashes.
set -u
build=$1
secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=${FUZZ_WORK:-/tmp/mvroad-fuzz}
harnesses=${*:-"csv json zip docx xlsx_sheet xlsx_sst profile router http"}
status=0
for h in $harnesses; do
  mkdir -p "$work/$h" "$here/crashes/$h"
  log="$work/$h.log"
  nice -n 10 "$build/fuzz/${h}_fuzzer" -max_total_time="$secs" \
    -dict="$here/dict/$h.dict" -rss_limit_mb=1024 -timeout="${FUZZ_TIMEOUT:-5}" \
    -print_final_stats=1 -artifact_prefix="$here/crashes/$h/" \
    "$work/$h" "$here/corpus/$h" "$here/regress/$h" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  crashes=$(ls "$here/crashes/$h" | wc -l)
  echo "$h: ${execs:-?} executions in ${secs}s, ${cov:-cov: ?}, crashes: $crashes (exit $rc; log $log)"
  [ "$rc" -eq 0 ] || status=1
done
exit $status
