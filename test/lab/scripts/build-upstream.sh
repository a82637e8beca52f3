#!/usr/bin/env bash
# Builds the upstream binaries the lab uses as test peers, for one version set (lib.sh: LAB_SET=
# current, the pin, or previous, N-1) into
#   ~/.cache/kubeadm-ts/upstream/<KUBERNETES_VERSION>/bin/
# from the Go modules of test/lab/go/<KUBERNETES_VERSION>/{kubernetes,etcd,coredns}.
# Usage: [LAB_SET=previous] build-upstream.sh [target...]   (default: all of the set)
# targets: kubeadm kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy
#          kubectl e2e_kubeadm.test etcd etcdctl coredns pause
# (the previous set has no kubectl, the pin's serves both; nor pause when its version is the pin's)
# (crictl is not built: the Go module proxy refuses sigs.k8s.io/cri-tools; kubeadm v1.36 does not
# need it, it talks CRI itself; use `ctr -n k8s.io` on the lab node.)
# Idempotent: a target is rebuilt only when its stamp (versions + go.mod/go.sum hash) changed.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
lab_go_env
mkdir -p "$UPSTREAM_BIN" "$UPSTREAM/stamps"

if [ "$LAB_SET" = current ]; then
  all_targets="kubeadm kubectl kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy e2e_kubeadm.test etcd etcdctl coredns pause"
else
  all_targets="kubeadm kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy e2e_kubeadm.test etcd etcdctl coredns"
  [ "$PAUSE_VERSION" = "$PIN_PAUSE_VERSION" ] || all_targets+=" pause"
fi
for d in kubernetes etcd coredns; do [ -f "$GO_DIR/$d/go.mod" ] || die "$GO_DIR/$d/go.mod missing: run scripts/gen-gomod.sh (LAB_SET=$LAB_SET)"; done
targets="${*:-$all_targets}"

# Version stamps, build tags: k8s-build-lib.sh (shared with upstream-kubeadm.sh).
source "$LAB/scripts/k8s-build-lib.sh"

stamp_of() { # what a target's output depends on
  # the set's own versions only: editing the other set's lines rebuilds nothing here
  { echo "$KUBERNETES_VERSION $ETCD_VERSION $ETCD_IMAGE_TAG $COREDNS_VERSION $PAUSE_VERSION"
    cat "$LAB/scripts/build-upstream.sh" "$LAB/scripts/k8s-build-lib.sh"; go version
    case "$1" in
      etcd|etcdctl) cat "$GO_DIR/etcd/go.mod" "$GO_DIR/etcd/go.sum" ;;
      coredns) cat "$GO_DIR/coredns/go.mod" "$GO_DIR/coredns/go.sum" ;;
      pause) cat "$LAB/pause/pause.c" ;;
      *) cat "$GO_DIR/kubernetes/go.mod" "$GO_DIR/kubernetes/go.sum" ;;
    esac; } | sha256sum | cut -d' ' -f1
}

up_to_date() { [ -x "$UPSTREAM_BIN/$1" ] && [ "$(cat "$UPSTREAM/stamps/$1" 2>/dev/null)" = "$(stamp_of "$1")" ]; }
mark_built() { stamp_of "$1" > "$UPSTREAM/stamps/$1"; }

# The release's .info (its time: buildDate) must be in the module cache before the first version
# stamp is computed, or a cold cache stamps the first target with the epoch.
k8s_module_fetched=""
fetch_k8s_module() {
  [ -n "$k8s_module_fetched" ] && return 0
  (cd "$GO_DIR/kubernetes" && go mod download k8s.io/kubernetes) || die "cannot download k8s.io/kubernetes@$KUBERNETES_VERSION"
  k8s_module_fetched=1
}

build_one() {
  local t="$1" tmp="$UPSTREAM_BIN/.$1.tmp"
  case "$t" in
    e2e_kubeadm.test)
      fetch_k8s_module
      (cd "$GO_DIR/kubernetes" && go test -c -p 2 -trimpath -tags "$K8S_BUILD_TAGS" \
        -ldflags "$(k8s_ldflags "$KUBERNETES_VERSION")" -o "$tmp" k8s.io/kubernetes/test/e2e_kubeadm) ;;
    etcd)
      (cd "$GO_DIR/etcd" && go build -p 2 -trimpath -ldflags "-s -w" -o "$tmp" go.etcd.io/etcd/server/v3) ;;
    etcdctl)
      (cd "$GO_DIR/etcd" && go build -p 2 -trimpath -ldflags "-s -w" -o "$tmp" go.etcd.io/etcd/etcdctl/v3) ;;
    coredns)
      (cd "$GO_DIR/coredns" && go build -p 2 -trimpath -ldflags "-s -w" -o "$tmp" github.com/coredns/coredns) ;;
    pause)
      command -v cc >/dev/null || die "pause needs a C compiler (apt-get install gcc libc6-dev)"
      cc -Os -static -o "$tmp" "$LAB/pause/pause.c" -DVERSION="\"$PAUSE_VERSION\""
      strip "$tmp" ;;
    *) die "unknown target $t" ;;
  esac
  mv -f "$tmp" "$UPSTREAM_BIN/$t"
}

# The Kubernetes commands that need a build go to one `go build`: with -p 2 it links two at a time
# and compiles the next command's packages while one links (one `go build` per command left a core
# idle during every link: 7 links per set on a cold cache).
K8S_CMDS=" ${KUBERNETES_TOOLS//cmd\//} "   # lib.sh's list, without the cmd/ prefix
cmds=()
rest=()
for t in $targets; do
  if up_to_date "$t"; then log "$t: up to date"; continue; fi
  case "$K8S_CMDS" in *" $t "*) cmds+=("$t") ;; *) rest+=("$t") ;; esac
done
if [ ${#cmds[@]} -gt 0 ]; then
  fetch_k8s_module
  log "${cmds[*]}: building"
  start=$(date +%s)
  out="$UPSTREAM_BIN/.cmds.tmp"
  rm -rf "$out" && mkdir -p "$out"
  pkgs=()
  for t in "${cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$t"); done
  (cd "$GO_DIR/kubernetes" && go build -p 2 -trimpath -tags "$K8S_BUILD_TAGS" \
    -ldflags "$(k8s_ldflags "$KUBERNETES_VERSION")" -o "$out/" "${pkgs[@]}")
  for t in "${cmds[@]}"; do
    [ -x "$out/$t" ] || die "go build wrote no $t"
    mv -f "$out/$t" "$UPSTREAM_BIN/$t"
    mark_built "$t"
    if [ "$t" = kubeadm ]; then touch "$UPSTREAM_BIN/.kubeadm-ready"; fi
  done
  rm -rf "$out"
  log "${cmds[*]}: built in $(( $(date +%s) - start ))s"
fi
for t in ${rest[@]+"${rest[@]}"}; do
  log "$t: building"
  start=$(date +%s)
  build_one "$t"
  mark_built "$t"
  log "$t: built in $(( $(date +%s) - start ))s"
done
