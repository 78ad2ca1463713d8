#!/bin/sh
# Install the Debian packages the benchmarks need (bench/serve.sh: wrk to
# load the server, nginx to serve the same response as a static file for
# comparison; bench/docx.sh: python3-docx and pandoc to read the same Word
# file, unzip and xmllint for the floor), when missing. Idempotent: does
# nothing (and needs no network) when all are present. The build and test
# packages are in scripts/deps.sh.
set -eu

PKGS="wrk nginx curl python3
python3-docx pandoc unzip libxml2-utils"

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "bench-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# The benchmark starts its own nginx on a private port: keep the package
# from starting the system-wide one on port 80 (policy-rc.d exit 101 =
# "action forbidden"), unless the machine already has a policy.
policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  policy=/usr/sbin/policy-rc.d
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod +x "$policy"
fi
$SUDO apt-get update -qq
rc=0
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || rc=$?
[ -n "$policy" ] && $SUDO rm -f "$policy"
exit $rc
