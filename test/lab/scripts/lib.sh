# Shared helpers for the lab scripts (sourced, not run).
LAB="${LAB:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# shellcheck source=../versions.env
source "$LAB/versions.env"
CACHE="${KUBEADM_TS_CACHE:-$HOME/.cache/kubeadm-ts}"
# The pin, whatever set is selected below.
PIN_KUBERNETES_VERSION="$KUBERNETES_VERSION"
PIN_ETCD_IMAGE_TAG="$ETCD_IMAGE_TAG"
PIN_COREDNS_VERSION="$COREDNS_VERSION"
PIN_PAUSE_VERSION="$PAUSE_VERSION"

# The version set the lab builds: LAB_SET=current (the pin, default) or previous (N-1). Selecting
# one sets KUBERNETES_VERSION, ETCD_VERSION, ETCD_IMAGE_TAG, COREDNS_VERSION, PAUSE_VERSION to it,
# and its folders: $CACHE/upstream/<version>/{bin,images,stamps} and go/<version>/ (Go modules).
lab_select_set() {
  case "$1" in
    current) ;;
    previous)
      KUBERNETES_VERSION="$PREVIOUS_KUBERNETES_VERSION"
      ETCD_VERSION="$PREVIOUS_ETCD_VERSION"
      ETCD_IMAGE_TAG="$PREVIOUS_ETCD_IMAGE_TAG"
      COREDNS_VERSION="$PREVIOUS_COREDNS_VERSION"
      PAUSE_VERSION="$PREVIOUS_PAUSE_VERSION" ;;
    *) echo "lab: LAB_SET must be current or previous, not $1" >&2; exit 1 ;;
  esac
  LAB_SET="$1"
  UPSTREAM="$CACHE/upstream/$KUBERNETES_VERSION"
  UPSTREAM_BIN="$UPSTREAM/bin"
  IMAGES_DIR="$UPSTREAM/images"
  GO_DIR="$LAB/go/$KUBERNETES_VERSION"
  # The images of the set; the previous set leaves out what the current one already has under the
  # same name (the test Pods' images; pause when its version did not change).
  if [ "$LAB_SET" = current ]; then
    LAB_IMAGES="kube-apiserver kube-controller-manager kube-scheduler kube-proxy etcd coredns pause busybox debian"
  elif [ "$PAUSE_VERSION" = "$PIN_PAUSE_VERSION" ]; then
    LAB_IMAGES="kube-apiserver kube-controller-manager kube-scheduler kube-proxy etcd coredns"
  else
    LAB_IMAGES="kube-apiserver kube-controller-manager kube-scheduler kube-proxy etcd coredns pause"
  fi
}
lab_select_set "${LAB_SET:-current}"
LAB_SETS="current previous"

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
