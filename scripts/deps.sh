#!/bin/sh
# Install the Debian packages mvroad needs to build and test, when missing.
# Idempotent: does nothing (and needs no network) when all are present.
set -eu

PKGS="build-essential cmake pkg-config clang clang-format
libsqlite3-dev sqlite3 libcsv-dev libjansson-dev libutf8proc-dev
libsodium-dev libcmocka-dev libzip-dev libxml2-dev libxlsxwriter-dev
libmicrohttpd-dev curl python3
bc time
unzip libxml2-utils libreoffice-writer-nogui libreoffice-calc-nogui
libstemmer-dev libpq-dev postgresql libclang-rt-14-dev llvm
chromium"

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

# node and npm may come from elsewhere than Debian (nodesource): ask for the
# Debian packages only when the commands are missing
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

# playwright-core for the browser tests (tests/browser), pinned by its
# package-lock.json, installed locally; it drives Debian's chromium, so
# no browser is downloaded. Needs the npm registry only the first time.
browser_deps() {
  dir=$(dirname "$0")/../tests/browser
  [ -d "$dir/node_modules/playwright-core" ] && return 0
  echo "deps: npm ci --prefix tests/browser (playwright-core)" >&2
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$dir" --no-audit \
    --no-fund >/dev/null
}

if [ -z "$missing" ]; then
  browser_deps
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
browser_deps
