#!/bin/sh
# Project checks that the compiler does not make (STYLE.md rules 1, 14;
# SECURITY.md G13). Prints what it finds; exits 1 if anything is found.
set -u
cd "$(dirname "$0")/.."
fail=0

# Unbounded or locale-dependent libc calls.
banned=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok|sscanf)[[:space:]]*\(' \
  src include tests/unit 2>/dev/null)
if [ -n "$banned" ]; then
  echo "lint: banned functions (use mvr_buf, snprintf, mvr_parse_long):"
  echo "$banned"
  fail=1
fi

# The CLI (and later the server) are clients of include/mvroad.h only.
internal=$(grep -rnE '#include[[:space:]]+"(\.\./)*(lib/)?(buf|db|store|profile|import|util|report|query|arena|jsonutil)\.h"' \
  src/cli src/server 2>/dev/null)
if [ -n "$internal" ]; then
  echo "lint: the CLI includes library internals:"
  echo "$internal"
  fail=1
fi

# SQL is never built from data: no printf-family call writes SQL text.
sqlfmt=$(grep -rnE '(snprintf|mvr_buf_printf)\([^)]*"(SELECT|INSERT|UPDATE|DELETE)' src 2>/dev/null)
if [ -n "$sqlfmt" ]; then
  echo "lint: SQL built with printf (bind the values instead):"
  echo "$sqlfmt"
  fail=1
fi

# Files over 1,500 lines want splitting (STYLE.md rule 3).
for f in $(find src include -name '*.[ch]'); do
  n=$(wc -l <"$f")
  if [ "$n" -gt 1500 ]; then
    echo "lint: $f has $n lines (split it)"
    fail=1
  fi
done

[ $fail -eq 0 ] && echo "lint: ok"
exit $fail
