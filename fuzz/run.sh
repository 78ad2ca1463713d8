#!/bin/sh
# fuzz/run.sh BUILD_DIR SECONDS [HARNESS...] - run each libFuzzer harness
# in turn for SECONDS (one process, in-process like -jobs=1, at nice 10: the machine is
# shared; FUZZ_JOBS=N runs N processes at once, each SECONDS, sharing the
# working corpus: for `http`, which waits on its sockets and uses about a
# fifth of a core), with its dictionary, its seed corpus read-only and a working
# corpus in $FUZZ_WORK (default /tmp/mvroad-fuzz/<harness>); an input
# running over $FUZZ_TIMEOUT s of wall time (default 5; raise it on a busy
# machine, where a process at nice 19 waits) counts as a hang. Crash inputs
# land in fuzz/crashes/<harness>/: fix the bug, then move the input to
# fuzz/regress/<harness>/ so that `make test` replays it for ever.
# Prints one line per harness: executions, coverage, crashes.
set -u
build=$(cd "$1" && pwd) || exit 2
secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=${FUZZ_WORK:-/tmp/mvroad-fuzz}
harnesses=${*:-"csv json zip docx xlsx_sheet xlsx_sst profile router http"}
status=0
for h in $harnesses; do
  mkdir -p "$work/$h" "$here/crashes/$h"
  log="$work/$h.log"
  jobs=${FUZZ_JOBS:-1}
  # with -jobs, each process logs to fuzz-K.log in the current directory
  rm -rf "$work/$h.jobs"
  mkdir -p "$work/$h.jobs"
  (cd "$work/$h.jobs" &&
    if [ "$jobs" -gt 1 ]; then set -- -jobs="$jobs" -workers="$jobs"; else set --; fi &&
    nice -n 10 "$build/fuzz/${h}_fuzzer" "$@" \
      -max_total_time="$secs" -dict="$here/dict/$h.dict" -rss_limit_mb=1024 \
      -timeout="${FUZZ_TIMEOUT:-5}" -print_final_stats=1 \
      -artifact_prefix="$here/crashes/$h/" \
      "$work/$h" "$here/corpus/$h" "$here/regress/$h") >"$log" 2>&1
  rc=$?
  cat "$work/$h.jobs"/fuzz-*.log >>"$log" 2>/dev/null
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
    awk '{ s += $1 } END { print s + 0 }')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  crashes=$(ls "$here/crashes/$h" | wc -l)
  echo "$h: ${execs:-?} executions in ${secs}s, ${cov:-cov: ?}, crashes: $crashes (exit $rc; log $log)"
  [ "$rc" -eq 0 ] || status=1
done
exit $status
