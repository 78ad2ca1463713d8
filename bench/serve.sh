#!/bin/sh
# Web server throughput: wrk against `mvroad serve` on the bundled data
# (data/examples/*.csv imported into a temporary register), for a faceted
# search through the API and through the entries page, beside nginx
# serving the very same response bytes as a static file in the same run
# (the baseline named in issue 5). mvroad is measured as deployed (answer
# cache and access log on) and with --no-cache (every request runs the
# search and the facet counts). Prints requests/s, p99 latency and errors
# per row (the best of BENCH_ROUNDS=3 runs alternating with nginx: the
# machine may be busy), the ratio to nginx, and whether the targets are met: at least
# 5,000 requests/s for a faceted search and at least 1/4 of nginx.
#
# Usage: bench/serve.sh BUILD_DIR [SECONDS]   (default 10 s per run)
# Needs wrk and nginx: scripts/bench-deps.sh installs them.
set -eu
BUILD=${1:?usage: bench/serve.sh BUILD_DIR [SECONDS]}
SECS=${2:-10}
SRC=$(cd "$(dirname "$0")/.." && pwd)
MVROAD=$(cd "$BUILD" && pwd)/mvroad
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-16}
ROUNDS=${BENCH_ROUNDS:-3}
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || {
    echo "bench: $tool is needed (scripts/bench-deps.sh)" >&2
    exit 1
  }
done

OUT=$(mktemp -d)
server=""
ngx=""
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "$ngx" ] && kill -QUIT "$ngx" 2>/dev/null && wait "$ngx" 2>/dev/null
  rm -rf "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=$OUT/roadmap.db
for f in "$SRC"/data/examples/*.csv; do
  "$MVROAD" --db "$db" import "$f" >/dev/null 2>&1
done

# The faceted searches: words, a filter, the facet counts of the result.
API='/api/v1/entries?q=metaverse&status=Published'
PAGE='/entries?q=video&category=Enabling%20Technology'

# start_mvroad ARGS...: start the server on a free port; sets $server and
# $mv (its base URL).
# wrk opens a probe connection, then its CONNS connections, all from one
# address: the per-address limit (16 by default) must leave room for it.
start_mvroad() {
  : >"$OUT/serve.log"
  "$MVROAD" --db "$db" serve --listen 127.0.0.1:0 \
    --max-per-ip $((CONNS * 2)) "$@" 2>>"$OUT/serve.log" &
  server=$!
  port=""
  while [ -z "$port" ]; do
    sleep 0.05
    kill -0 "$server" || { cat "$OUT/serve.log" >&2; exit 1; }
    port=$(sed -n 's|.*serving .* at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' \
      "$OUT/serve.log")
  done
  mv=http://127.0.0.1:$port
}
stop_mvroad() {
  kill -TERM "$server"
  wait "$server"
  server=""
}

# measure URL: one wrk run; sets $rps, $p99 and $errors.
measure() {
  wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$1" >"$OUT/wrk" 2>&1
  rps=$(sed -n 's/^Requests\/sec: *//p' "$OUT/wrk")
  p99=$(sed -n 's/^ *99% *//p' "$OUT/wrk")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$OUT/wrk")
  sockerr=$(sed -n 's/^ *Socket errors: *//p' "$OUT/wrk")
  errors=${non2xx:-0}
  [ -n "$sockerr" ] && errors="$errors; socket $sockerr"
  return 0
}

# compare LABEL-A URL-A LABEL-B URL-B: ROUNDS rounds of A then B (the
# machine may be busy with other work: alternating and keeping each one's
# best run is fairer than one run each); prints a row per side and sets
# $best_a and $best_b.
compare() {
  best_a=0
  best_b=0
  row_a=""
  row_b=""
  r=0
  while [ $r -lt "$ROUNDS" ]; do
    measure "$2"
    if awk -v x="$rps" -v y="$best_a" 'BEGIN { exit !(x > y) }'; then
      best_a=$rps
      row_a=$(printf '%-32s %12.0f %10s  %s' "$1" "$rps" "$p99" "$errors")
    fi
    measure "$4"
    if awk -v x="$rps" -v y="$best_b" 'BEGIN { exit !(x > y) }'; then
      best_b=$rps
      row_b=$(printf '%-32s %12.0f %10s  %s' "$3" "$rps" "$p99" "$errors")
    fi
    r=$((r + 1))
  done
  echo "$row_a"
  echo "$row_b"
}

# The same bytes as static files, served by nginx with as many workers as
# mvroad has threads, keep-alive unlimited, open files cached (as mvroad
# keeps its answers), access log on (as mvroad's).
start_mvroad
mkdir -p "$OUT/www" "$OUT/ngx"
curl -sf -o "$OUT/www/api.json" "$mv$API"
curl -sf -o "$OUT/www/page.html" "$mv$PAGE"
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

echo "== web server ($(nproc) cores; wrk -t$THREADS -c$CONNS, ${SECS}s per run, best of $ROUNDS alternating runs)"
# the machine may be shared: say how busy it was (ratios measured side by
# side are what to compare)
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "faceted search API:  $API ($(wc -c <"$OUT/www/api.json") bytes)"
echo "faceted search page: $PAGE ($(wc -c <"$OUT/www/page.html") bytes)"
printf '%-32s %12s %10s  %s\n' server requests/s p99 errors
compare "nginx, static api.json" "http://127.0.0.1:$nport/api.json" \
  "mvroad, API" "$mv$API"
ngx_api=$best_a
mv_api=$best_b
compare "nginx, static page.html" "http://127.0.0.1:$nport/page.html" \
  "mvroad, page" "$mv$PAGE"
ngx_page=$best_a
mv_page=$best_b
stop_mvroad
start_mvroad --no-cache
ROUNDS=1
compare "mvroad --no-cache, API" "$mv$API" "mvroad --no-cache, page" "$mv$PAGE"
nc_api=$best_a
nc_page=$best_b
stop_mvroad

verdict() { # verdict NAME RPS NGINX
  awk -v n="$1" -v r="$2" -v g="$3" 'BEGIN {
    ok = r >= 5000 && r >= g / 4
    printf "%-30s %.0f req/s = %.2f of nginx: %s\n", n, r, r / g,
      ok ? "target met (>= 5,000 and >= 1/4)" : "target MISSED"
  }'
}
echo
verdict "mvroad, API" "$mv_api" "$ngx_api"
verdict "mvroad, page" "$mv_page" "$ngx_page"
verdict "mvroad --no-cache, API" "$nc_api" "$ngx_api"
verdict "mvroad --no-cache, page" "$nc_page" "$ngx_page"
