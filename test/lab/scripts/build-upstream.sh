#!/usr/bin/env bash
# Builds the pinned upstream binaries the lab uses as test peers into
#   ~/.cache/kubeadm-ts/upstream/<KUBERNETES_VERSION>/bin/
# Usage: build-upstream.sh [target...]   (default: all)
# targets: kubeadm kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy
#          kubectl e2e_kubeadm.test etcd etcdctl coredns pause
# (crictl is not built: the Go module proxy refuses sigs.k8s.io/cri-tools; kubeadm v1.36 does not
# need it, it talks CRI itself; use `ctr -n k8s.io` on the lab node.)
# Idempotent: a target is rebuilt only when its stamp (versions + go.mod/go.sum hash) changed.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
lab_go_env
mkdir -p "$UPSTREAM_BIN" "$UPSTREAM/stamps"

all_targets="kubeadm kubectl kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy e2e_kubeadm.test etcd etcdctl coredns pause"
targets="${*:-$all_targets}"

# Version stamps, build tags: k8s-build-lib.sh (shared with upstream-kubeadm.sh).
source "$LAB/scripts/k8s-build-lib.sh"

stamp_of() { # what a target's output depends on
  { cat "$LAB/versions.env"; cat "$LAB/scripts/build-upstream.sh" "$LAB/scripts/k8s-build-lib.sh"; go version
    case "$1" in
      etcd|etcdctl) cat "$LAB/go/etcd/go.mod" "$LAB/go/etcd/go.sum" ;;
      coredns) cat "$LAB/go/coredns/go.mod" "$LAB/go/coredns/go.sum" ;;
      pause) cat "$LAB/pause/pause.c" ;;
      *) cat "$LAB/go/kubernetes/go.mod" "$LAB/go/kubernetes/go.sum" ;;
    esac; } | sha256sum | cut -d' ' -f1
}

up_to_date() { [ -x "$UPSTREAM_BIN/$1" ] && [ "$(cat "$UPSTREAM/stamps/$1" 2>/dev/null)" = "$(stamp_of "$1")" ]; }
mark_built() { stamp_of "$1" > "$UPSTREAM/stamps/$1"; }

build_one() {
  local t="$1" tmp="$UPSTREAM_BIN/.$1.tmp"
  case "$t" in
    kubeadm|kubectl|kube-apiserver|kube-controller-manager|kube-scheduler|kubelet|kube-proxy)
      (cd "$LAB/go/kubernetes" && go build -p 2 -trimpath -tags "$K8S_BUILD_TAGS" \
        -ldflags "$(k8s_ldflags "$KUBERNETES_VERSION")" -o "$tmp" "k8s.io/kubernetes/cmd/$t") ;;
    e2e_kubeadm.test)
      (cd "$LAB/go/kubernetes" && go test -c -p 2 -trimpath -tags "$K8S_BUILD_TAGS" \
        -ldflags "$(k8s_ldflags "$KUBERNETES_VERSION")" -o "$tmp" k8s.io/kubernetes/test/e2e_kubeadm) ;;
    etcd)
      (cd "$LAB/go/etcd" && go build -p 2 -trimpath -ldflags "-s -w" -o "$tmp" go.etcd.io/etcd/server/v3) ;;
    etcdctl)
      (cd "$LAB/go/etcd" && go build -p 2 -trimpath -ldflags "-s -w" -o "$tmp" go.etcd.io/etcd/etcdctl/v3) ;;
    coredns)
      (cd "$LAB/go/coredns" && go build -p 2 -trimpath -ldflags "-s -w" -o "$tmp" github.com/coredns/coredns) ;;
    pause)
      command -v cc >/dev/null || die "pause needs a C compiler (apt-get install gcc libc6-dev)"
      cc -Os -static -o "$tmp" "$LAB/pause/pause.c" -DVERSION="\"$PAUSE_VERSION\""
      strip "$tmp" ;;
    *) die "unknown target $t" ;;
  esac
  mv -f "$tmp" "$UPSTREAM_BIN/$t"
}

for t in $targets; do
  if up_to_date "$t"; then log "$t: up to date"; continue; fi
  log "$t: building"
  start=$(date +%s)
  build_one "$t"
  mark_built "$t"
  log "$t: built in $(( $(date +%s) - start ))s"
  if [ "$t" = kubeadm ]; then touch "$UPSTREAM_BIN/.kubeadm-ready"; fi
done
