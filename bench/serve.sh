#!/bin/sh
# Web server throughput: wrk against `mvroad serve` on the bundled data
# (data/examples/*.csv imported into a temporary register), for a faceted
# search through the API and through the entries page, beside nginx
# serving the very same response bytes as a static file in the same run
# (the baseline named in issue 5). Two mvroad servers run at once: one
# with --no-cache, where every request runs the search and the facet
# counts (the figure the targets count), and one as deployed by default
# (answer cache on). Both, and nginx, write their access log. Each round
# measures nginx, mvroad --no-cache and the cached mvroad one after the
# other (the machine may be busy with other work: alternating keeps the
# comparison fair). A third series draws each request at random from a
# mix of different API searches, against nginx serving those answers as
# files (no single query to be cached). Each row is the median of
# BENCH_ROUNDS=3 rounds, with the ratio to nginx's median, and the last
# lines say whether the targets of issue 5 are met by the uncached
# server: at least 5,000 requests/s for a faceted search and at least 1/4
# of nginx.
#
# Usage: bench/serve.sh BUILD_DIR [SECONDS]   (default 10 s per run)
# BENCH_THREADS (2) and BENCH_CONNECTIONS (16) are wrk's -t and -c;
# BENCH_FTS_OPTIMIZE=1 measures with the full-text index optimized.
# Needs wrk and nginx: scripts/bench-deps.sh installs them.
set -eu
BUILD=${1:?usage: bench/serve.sh BUILD_DIR [SECONDS]}
SECS=${2:-10}
SRC=$(cd "$(dirname "$0")/.." && pwd)
MVROAD=$(cd "$BUILD" && pwd)/mvroad
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-16}
ROUNDS=${BENCH_ROUNDS:-3}
HZ=$(getconf CLK_TCK)
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || {
    echo "bench: $tool is needed (scripts/bench-deps.sh)" >&2
    exit 1
  }
done

OUT=$(mktemp -d)
servers=""
ngx=""
cleanup() {
  for p in $servers; do
    kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  [ -n "$ngx" ] && kill -QUIT "$ngx" 2>/dev/null && wait "$ngx" 2>/dev/null
  rm -rf "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=$OUT/roadmap.db
for f in "$SRC"/data/examples/*.csv; do
  "$MVROAD" --db "$db" import "$f" >/dev/null 2>&1
done
# BENCH_FTS_OPTIMIZE=1: merge the full-text index into one segment
# first (FTS5 'optimize', with the sqlite3 shell), to measure what that
# would give; mvroad does not do it itself (see docs/limits.md).
if [ "${BENCH_FTS_OPTIMIZE:-0}" = 1 ]; then
  sqlite3 "$db" "INSERT INTO entries_fts(entries_fts) VALUES('optimize');"
  echo "(full-text index optimized with the sqlite3 shell: BENCH_FTS_OPTIMIZE=1)"
fi

# The faceted searches: words, a filter, the facet counts of the result.
API='/api/v1/entries?q=metaverse&status=Published'
PAGE='/entries?q=video&category=Enabling%20Technology'
# And a mix of MIX_N different API searches (words of the bundled data,
# with and without filters, other sort orders), each request drawn at
# random: the uncached server's work is not one query's (its entry index
# keeps the rows of pages and the phrases' row counts, src/lib/
# store_sqlite_index.c); nginx serves the same MIX_N answers as files.
MIX_WORDS="metaverse video avatar digital twin immersive haptic scene audio
  virtual reality 3D XR identity privacy network coding mesh interoperability
  spatial glossary framework requirements"
MIX_FILTERS="|&status=Published|&category=Enabling%20Technology|&sort=title|&type=Recommendation"

# start_mvroad LOG ARGS...: start a server on a free port, its log in
# $OUT/LOG; sets $mv (its base URL).
# wrk opens a probe connection, then its CONNS connections, all from one
# address: the per-address limit (16 by default) must leave room for it.
start_mvroad() {
  log=$OUT/$1
  shift
  : >"$log"
  "$MVROAD" --db "$db" serve --listen 127.0.0.1:0 \
    --max-per-ip $((CONNS * 2)) "$@" 2>>"$log" &
  pid=$!
  servers="$servers $pid"
  port=""
  while [ -z "$port" ]; do
    sleep 0.05
    kill -0 "$pid" || { cat "$log" >&2; exit 1; }
    port=$(sed -n 's|.*serving .* at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' \
      "$log")
  done
  mv=http://127.0.0.1:$port
}

# cpu_ticks PID...: user + system CPU time of the processes, in clock
# ticks (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() {
  for p in "$@"; do
    cat "/proc/$p/stat" 2>/dev/null
  done | awk '{ t += $14 + $15 } END { print t + 0 }'
}

# measure URL PID...: one wrk run; sets $rps, $p99, $errors and $cpu, the
# CPU time the processes PID... (the server measured) spent per request,
# in microseconds: unlike requests/s, it hardly depends on what else the
# machine is doing.
# URL may be SCRIPT@URL: wrk runs the Lua SCRIPT (which picks each
# request's path) against URL.
measure() {
  url=$1
  script=""
  case $url in
  *@*)
    script=${url%%@*}
    url=${url#*@}
    ;;
  esac
  shift
  t0=$(cpu_ticks "$@")
  wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency ${script:+-s "$script"} \
    "$url" >"$OUT/wrk" 2>&1
  t1=$(cpu_ticks "$@")
  n=$(awk '/requests in/ { print $1 }' "$OUT/wrk")
  cpu=$(awk -v a="$t0" -v b="$t1" -v n="${n:-0}" -v hz="$HZ" \
    'BEGIN { printf "%.0f", (n > 0 ? (b - a) / hz * 1e6 / n : 0) }')
  rps=$(sed -n 's/^Requests\/sec: *//p' "$OUT/wrk")
  p99=$(sed -n 's/^ *99% *//p' "$OUT/wrk")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$OUT/wrk")
  sockerr=$(sed -n 's/^ *Socket errors: *//p' "$OUT/wrk")
  errors=${non2xx:-0}
  [ -n "$sockerr" ] && errors="$errors; socket $sockerr"
  return 0
}

# median FILE: the median of the numbers in FILE, one a line (of an even
# count, the mean of the middle two).
median() {
  sort -g "$1" | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2
  }'
}

# series NAME URL PIDS URL PIDS...: ROUNDS rounds, each measuring every
# URL in turn, with the CPU time of the processes PIDS (a list in one
# word); URL number K is labelled by line K of $OUT/NAME.labels, and its
# figures go to $OUT/NAME.K.{rps,p99,err,cpu} (p99 in ms), one line per
# round.
series() {
  name=$1
  shift
  r=0
  while [ $r -lt "$ROUNDS" ]; do
    k=0
    i=0
    while [ $i -lt $# ]; do
      eval "url=\${$((i + 1))}"
      eval "pids=\${$((i + 2))}"
      i=$((i + 2))
      k=$((k + 1))
      # shellcheck disable=SC2086 # a list of process ids
      measure "$url" $pids
      echo "$cpu" >>"$OUT/$name.$k.cpu"
      echo "${rps:-0}" >>"$OUT/$name.$k.rps"
      echo "$p99" | awk '/us$/ { print $1 / 1000; next }
        /ms$/ { print $1 + 0; next } /s$/ { print $1 * 1000; next }
        { print 0 }' >>"$OUT/$name.$k.p99"
      echo "$errors" >>"$OUT/$name.$k.err"
      printf '  round %d  %-26s %8.0f req/s  p99 %9s  %5s us CPU/request  errors %s\n' \
        $((r + 1)) "$(sed -n "${k}p" "$OUT/$name.labels")" "${rps:-0}" \
        "$p99" "$cpu" "$errors" >>"$OUT/$name.rounds"
    done
    r=$((r + 1))
  done
}

# row NAME K [NGINX-K]: the medians of URL K of series NAME, with the
# ratio to the median of NGINX-K when given; keeps the requests/s median
# in $OUT/NAME.K.med.
row() {
  med=$(median "$OUT/$1.$2.rps")
  echo "$med" >"$OUT/$1.$2.med"
  p=$(median "$OUT/$1.$2.p99")
  errs=$(awk '$0 != "0" { bad = bad (bad ? "; " : "") $0 }
    END { print bad ? bad : "0" }' "$OUT/$1.$2.err")
  ratio="-"
  [ -n "${3:-}" ] && ratio=$(awk -v a="$med" -v b="$(cat "$OUT/$1.$3.med")" \
    'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-26s %12.0f %10.2fms %8s %10s  %s\n' \
    "$(sed -n "${2}p" "$OUT/$1.labels")" "$med" "$p" "$ratio" \
    "$(median "$OUT/$1.$2.cpu")" "$errs"
}

# verdict NAME RPS NGINX: the targets of issue 5 for one row.
verdict() {
  awk -v n="$1" -v r="$2" -v g="$3" 'BEGIN {
    low = r < 5000; few = r < g / 4
    printf "%-26s %6.0f req/s = %.2f of nginx: ", n, r, (g > 0 ? r / g : 0)
    if (!low && !few)
      print "targets met (>= 5,000 req/s and >= 1/4 of nginx)"
    else
      print "target MISSED (" (low ? "under 5,000 req/s" : "") \
        (low && few ? ", " : "") (few ? "under 1/4 of nginx" : "") ")"
  }'
}

start_mvroad cached.log
cached=$mv
cached_pid=$pid
start_mvroad nocache.log --no-cache
nocache=$mv
nocache_pid=$pid

# The same bytes as static files, served by nginx with as many workers as
# mvroad has threads, keep-alive unlimited, open files cached, access log
# on (as mvroad's).
mkdir -p "$OUT/www" "$OUT/ngx"
curl -sf -o "$OUT/www/api.json" "$nocache$API"
curl -sf -o "$OUT/www/page.html" "$nocache$PAGE"
for u in "$API" "$PAGE"; do
  curl -sf -o "$OUT/a" "$nocache$u"
  curl -sf -o "$OUT/b" "$cached$u"
  cmp -s "$OUT/a" "$OUT/b" || { echo "bench: cached $u differs" >&2; exit 1; }
done
chmod 755 "$OUT" "$OUT/www"
chmod 644 "$OUT/www/api.json" "$OUT/www/page.html"
nport=$(python3 -c 'import socket
s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$OUT/nginx.conf" <<EOF
worker_processes $THREADS;
daemon off;
pid $OUT/ngx/nginx.pid;
error_log $OUT/ngx/error.log;
events { worker_connections 1024; }
http {
  types { text/html html; application/json json; }
  access_log $OUT/ngx/access.log;
  sendfile on;
  open_file_cache max=1000;
  keepalive_requests 1000000;
  client_body_temp_path $OUT/ngx/body;
  proxy_temp_path $OUT/ngx/proxy;
  fastcgi_temp_path $OUT/ngx/fastcgi;
  uwsgi_temp_path $OUT/ngx/uwsgi;
  scgi_temp_path $OUT/ngx/scgi;
  server {
    listen 127.0.0.1:$nport;
    root $OUT/www;
  }
}
EOF
nginx -p "$OUT/ngx" -c "$OUT/nginx.conf" &
ngx=$!
i=0
until curl -sf -o "$OUT/check" "http://127.0.0.1:$nport/api.json"; do
  sleep 0.05
  i=$((i + 1))
  [ $i -lt 100 ] || { cat "$OUT/ngx/error.log" >&2; exit 1; }
done
cmp -s "$OUT/check" "$OUT/www/api.json" || { echo "bench: nginx differs" >&2; exit 1; }

# The mix: every word with each filter in turn; the answers saved as
# files for nginx, and one Lua script per server picking a path at random
# (the same seed for both).
mkdir -p "$OUT/www/mix"
k=0
f=1
: >"$OUT/mix.mv"
: >"$OUT/mix.ngx"
for w in $MIX_WORDS; do
  flt=$(echo "$MIX_FILTERS" | cut -d'|' -f$f)
  f=$((f % 5 + 1))
  k=$((k + 1))
  path="/api/v1/entries?q=$w$flt"
  curl -sf -o "$OUT/www/mix/$k.json" "$nocache$path" || {
    echo "bench: $path failed" >&2
    exit 1
  }
  chmod 644 "$OUT/www/mix/$k.json"
  echo "  \"$path\"," >>"$OUT/mix.mv"
  echo "  \"/mix/$k.json\"," >>"$OUT/mix.ngx"
done
chmod 755 "$OUT/www/mix"
MIX_N=$k
for t in mv ngx; do
  {
    echo "local paths = {"
    cat "$OUT/mix.$t"
    echo "}"
    echo "math.randomseed(42)"
    echo "request = function()"
    echo "  return wrk.format(nil, paths[math.random(#paths)])"
    echo "end"
  } >"$OUT/mix.$t.lua"
done
mix_bytes=$(cat "$OUT"/www/mix/*.json | wc -c)

echo "== web server ($(nproc) cores; wrk -t$THREADS -c$CONNS, ${SECS}s per run, median of $ROUNDS rounds)"
# the machine may be shared: say how busy it was (ratios measured side by
# side are what to compare)
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "faceted search API:  $API ($(wc -c <"$OUT/www/api.json") bytes)"
echo "faceted search page: $PAGE ($(wc -c <"$OUT/www/page.html") bytes)"
printf '%s\n' "nginx, static api.json" "mvroad --no-cache, API" \
  "mvroad (cache), API" >"$OUT/api.labels"
printf '%s\n' "nginx, static page.html" "mvroad --no-cache, page" \
  "mvroad (cache), page" >"$OUT/page.labels"
printf '%s\n' "nginx, $MIX_N static answers" "mvroad --no-cache, mix" \
  >"$OUT/mix.labels"
echo "a mix of $MIX_N API searches, drawn at random ($((mix_bytes / MIX_N)) bytes on average)"
# nginx's CPU: its master and workers
npids="$ngx $(pgrep -P "$ngx" | tr '\n' ' ')"
series api "http://127.0.0.1:$nport/api.json" "$npids" "$nocache$API" \
  "$nocache_pid" "$cached$API" "$cached_pid"
series page "http://127.0.0.1:$nport/page.html" "$npids" "$nocache$PAGE" \
  "$nocache_pid" "$cached$PAGE" "$cached_pid"
series mix "$OUT/mix.ngx.lua@http://127.0.0.1:$nport" "$npids" \
  "$OUT/mix.mv.lua@$nocache" "$nocache_pid"
echo "load average at the end:   $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "every run:"
cat "$OUT/api.rounds" "$OUT/page.rounds" "$OUT/mix.rounds"
echo
printf '%-26s %12s %12s %8s %10s  %s\n' "median of $ROUNDS" requests/s p99 \
  "/ nginx" "us CPU/req" errors
row api 1
row api 2 1
row api 3 1
row page 1
row page 2 1
row page 3 1
row mix 1
row mix 2 1
echo
echo "issue 5 targets, uncached (every request runs the search and the facets):"
verdict "mvroad --no-cache, API" "$(cat "$OUT/api.2.med")" "$(cat "$OUT/api.1.med")"
verdict "mvroad --no-cache, page" "$(cat "$OUT/page.2.med")" "$(cat "$OUT/page.1.med")"
verdict "mvroad --no-cache, mix" "$(cat "$OUT/mix.2.med")" "$(cat "$OUT/mix.1.med")"
echo "as deployed by default (answer cache on; not what the targets count):"
verdict "mvroad (cache), API" "$(cat "$OUT/api.3.med")" "$(cat "$OUT/api.1.med")"
verdict "mvroad (cache), page" "$(cat "$OUT/page.3.med")" "$(cat "$OUT/page.1.med")"
