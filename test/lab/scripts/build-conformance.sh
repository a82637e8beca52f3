#!/usr/bin/env bash
# Builds upstream's Kubernetes conformance suite for the pin (the current set only), from the Go
# module test/lab/go/<KUBERNETES_VERSION>/e2e (gen-gomod.sh), into
#   ~/.cache/kubeadm-ts/upstream/<version>/bin/{e2e.test,ginkgo,agnhost,nnp}
# with the recipe of build-upstream.sh (k8s-build-lib.sh: tags, version stamps, -trimpath):
#   e2e.test  `go test -c` of k8s.io/kubernetes/test/e2e (what kinder's `test e2e` runs)
#   ginkgo    github.com/onsi/ginkgo/v2/ginkgo at the version the release's go.mod requires
#   agnhost   k8s.io/kubernetes/test/images/agnhost  } the binaries of the e2e test images
#   nnp       k8s.io/kubernetes/test/images/nonewprivs } (build-e2e-images.sh)
# Usage: build-conformance.sh [target...]   (default: all four)
# Idempotent: a target is rebuilt only when its stamp (version, the e2e go.mod/go.sum, this script,
# k8s-build-lib.sh, Go version) changed. Its stamps are its own (stamps/conformance-*), so editing
# this script rebuilds nothing of build-upstream.sh's.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
[ "$LAB_SET" = current ] || die "build-conformance.sh builds the pin's suite only (LAB_SET=current)"
lab_go_env
source "$LAB/scripts/k8s-build-lib.sh"
MOD="$GO_DIR/e2e"
[ -f "$MOD/go.mod" ] || die "$MOD/go.mod missing: run scripts/gen-gomod.sh e2e"
mkdir -p "$UPSTREAM_BIN" "$UPSTREAM/stamps"
targets="${*:-e2e.test ginkgo agnhost nnp}"
# Low priority, and one package at a time when the machine is busy (2 cores shared).
P=2
if [ "$(cut -d' ' -f1 /proc/loadavg | cut -d. -f1)" -ge 4 ]; then P=1; export GOMAXPROCS=1; fi

stamp_of() {
  { echo "$1 $KUBERNETES_VERSION"; cat "$LAB/scripts/build-conformance.sh" "$LAB/scripts/k8s-build-lib.sh"
    cat "$MOD/go.mod" "$MOD/go.sum"; go version; } | sha256sum | cut -d' ' -f1
}
up_to_date() { [ -x "$UPSTREAM_BIN/$1" ] && [ "$(cat "$UPSTREAM/stamps/conformance-$1" 2>/dev/null)" = "$(stamp_of "$1")" ]; }

# the release's .info (buildDate of the version stamp) before the first link
(cd "$MOD" && go mod download k8s.io/kubernetes) || die "cannot download k8s.io/kubernetes@$KUBERNETES_VERSION"

for t in $targets; do
  if up_to_date "$t"; then log "$t: up to date"; continue; fi
  log "$t: building (-p $P)"
  start=$(date +%s)
  tmp="$UPSTREAM_BIN/.$t.tmp"
  case "$t" in
    e2e.test)
      (cd "$MOD" && nice -n 10 go test -c -p "$P" -trimpath -tags "$K8S_BUILD_TAGS" \
        -ldflags "$(k8s_ldflags "$KUBERNETES_VERSION")" -o "$tmp" k8s.io/kubernetes/test/e2e) ;;
    agnhost)
      (cd "$MOD" && nice -n 10 go build -p "$P" -trimpath -tags "$K8S_BUILD_TAGS" \
        -ldflags "$(k8s_ldflags "$KUBERNETES_VERSION")" -o "$tmp" k8s.io/kubernetes/test/images/agnhost) ;;
    nnp)
      (cd "$MOD" && nice -n 10 go build -p "$P" -trimpath -tags "$K8S_BUILD_TAGS" -ldflags "-s -w" -o "$tmp" k8s.io/kubernetes/test/images/nonewprivs) ;;
    ginkgo)
      (cd "$MOD" && nice -n 10 go build -p "$P" -trimpath -ldflags "-s -w" -o "$tmp" github.com/onsi/ginkgo/v2/ginkgo) ;;
    *) die "unknown target $t" ;;
  esac
  mv -f "$tmp" "$UPSTREAM_BIN/$t"
  stamp_of "$t" > "$UPSTREAM/stamps/conformance-$t"
  log "$t: built in $(( $(date +%s) - start ))s"
done
