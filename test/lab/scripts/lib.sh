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

# apt-get install only what is missing (idempotent, quiet). `apt-get update` runs once per lab cache.
apt_ensure() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ ! -f "$CACHE/.apt-updated" ] || [ -n "$(find "$CACHE/.apt-updated" -mmin +1440 2>/dev/null)" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && mkdir -p "$CACHE" && touch "$CACHE/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Image names exactly as upstream kubeadm's `config images list` prints them for the pin.
image_ref() {
  case "$1" in
    kube-apiserver|kube-controller-manager|kube-scheduler|kube-proxy) echo "registry.k8s.io/$1:$KUBERNETES_VERSION" ;;
    etcd) echo "registry.k8s.io/etcd:$ETCD_IMAGE_TAG" ;;
    coredns) echo "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" ;;
    pause) echo "registry.k8s.io/pause:$PAUSE_VERSION" ;;
    busybox) echo "kubeadm-ts.lab/busybox:lab" ;;
    debian) echo "kubeadm-ts.lab/debian:lab" ;;
    *) die "no image $1" ;;
  esac
}
LAB_IMAGES="kube-apiserver kube-controller-manager kube-scheduler kube-proxy etcd coredns pause busybox debian"

# Node state: pids, the lab PATH dir (systemctl shim, kubelet, kubectl), saved host settings.
LAB_RUN="${LAB_RUN:-/run/kubeadm-ts-lab}"
LAB_LOG="${LAB_LOG:-/var/log/kubeadm-ts-lab}"
LAB_PATH_DIR="$LAB_RUN/bin"
CONTAINERD_SOCK=/run/containerd/containerd.sock
# The kubelet restarts this long after it exits (upstream's unit says RestartSec=10).
LAB_RESTART_SEC="${LAB_RESTART_SEC:-2}"

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pidfile_alive() { [ -f "$1" ] && pid_alive "$(cat "$1")"; }
# stop_pid PID [NAME]: TERM, wait up to 15 s, then KILL. Only ever given pids the lab started.
stop_pid() {
  local pid="$1" i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 150); do pid_alive "$pid" || return 0; sleep 0.1; done
  log "${2:-pid $pid} did not stop on TERM; killing"
  kill -KILL "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do pid_alive "$pid" || return 0; sleep 0.1; done
}
