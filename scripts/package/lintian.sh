#!/usr/bin/env bash
# Runs Debian's lintian on dist/kubeadm-ts_<version>_amd64.deb (installs lintian when missing).
# Exits non-zero on any tag the package's overrides (scripts/package/lintian-overrides, each
# explained there) do not cover, at every level up to pedantic.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
deb="dist/kubeadm-ts_$(node -p 'require("./package.json").version')_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "package: $deb missing: run \`npm run package\`" >&2; exit 1; }
if ! command -v lintian >/dev/null; then
  echo "package: apt-get install lintian" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends lintian >/dev/null
fi
out="$(lintian --pedantic --display-info --display-experimental --fail-on error,warning,info,pedantic,experimental "$deb" 2>&1)" && rc=0 || rc=$?
printf '%s\n' "$out" | grep -v '^running with root privileges' || true
exit "$rc"
