# Shared helpers for the lab scripts (sourced, not run).
LAB="${LAB:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# shellcheck source=../versions.env
source "$LAB/versions.env"
CACHE="${KUBEADM_TS_CACHE:-$HOME/.cache/kubeadm-ts}"
UPSTREAM="$CACHE/upstream/$KUBERNETES_VERSION"
UPSTREAM_BIN="$UPSTREAM/bin"
IMAGES_DIR="$UPSTREAM/images"

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab: $*" >&2; }

# Go caches live under ~/.cache/kubeadm-ts so that a fresh clone (CI) reuses them.
lab_go_env() {
  export GOMODCACHE="${GOMODCACHE_LAB:-$CACHE/go/mod}"
  export GOCACHE="${GOCACHE_LAB:-$CACHE/go/build}"
  export GOFLAGS="-mod=mod -buildvcs=false"
  export GOTOOLCHAIN=local
  export CGO_ENABLED="${CGO_ENABLED:-0}"
  mkdir -p "$GOMODCACHE" "$GOCACHE"
}

# Kubernetes commands built from the pinned k8s.io/kubernetes module (package dirs under it).
KUBERNETES_TOOLS="cmd/kubeadm cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet cmd/kube-proxy cmd/kubectl"
