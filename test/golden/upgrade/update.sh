#!/usr/bin/env bash
# Regenerates the golden files of test/golden/upgrade/. Part of `npm run goldens`.
#   corefile-migration/expected.json   each case of corefile-migration/cases.json through
#                                      github.com/coredns/corefile-migration (the version upstream
#                                      kubeadm of the pin builds with) by corefile-migration/ref (needs Go
#                                      and the lab's module cache; offline)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${KUBEADM_TS_CACHE:-$HOME/.cache/kubeadm-ts}
if ! command -v go >/dev/null 2>&1; then
  echo "upgrade goldens: go is not installed; corefile-migration/expected.json left as committed" >&2
  exit 0
fi
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
cp "$HERE/corefile-migration/ref/main.go" "$HERE/corefile-migration/ref/go.mod" "$D/"
(cd "$D" && GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOMODCACHE=${GOMODCACHE_KUBEADM_TS:-$CACHE/go/mod} go build -o corefileref .)
"$D/corefileref" < "$HERE/corefile-migration/cases.json" > "$HERE/corefile-migration/expected.json"
echo "upgrade goldens updated" >&2
