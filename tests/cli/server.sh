# server.sh - sourced by the CLI suites that talk to `mvroad serve`: start
# it on 127.0.0.1 on a port the kernel picks (--listen 127.0.0.1:0; the
# server prints the port it got), and wait until it answers. Needs
# $MVROAD and curl.

# serve_start LOG DB [ARGS...]: serve register DB with ARGS, its standard
# error appended to LOG (emptied first). Sets $pid (the server), $port and
# $base (http://127.0.0.1:PORT). Returns 0 once a request is answered; 1
# if the server stopped or said nothing for 30 s, after printing "FAIL:
# the server did not start" and its log.
serve_start() {
  _log=$1
  _db=$2
  shift 2
  : >"$_log"
  "$MVROAD" --db "$_db" serve --listen 127.0.0.1:0 "$@" 2>>"$_log" &
  pid=$!
  port=""
  base=""
  _i=0
  while [ $_i -lt 1200 ]; do
    port=$(sed -n 's|.*serving .* at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' \
      "$_log")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.025
    _i=$((_i + 1))
  done
  if [ -n "$port" ]; then
    base=http://127.0.0.1:$port
    _i=0
    while [ $_i -lt 400 ]; do
      curl -s -o /dev/null "$base/static/mvroad.css" && return 0
      sleep 0.025
      _i=$((_i + 1))
    done
  fi
  echo "FAIL: the server did not start"
  sed 's/^/  log| /' "$_log"
  return 1
}
