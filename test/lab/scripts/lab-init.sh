#!/usr/bin/env bash
# Runs `kubeadm init` on the lab node (after lab:up) with config/init.yaml (or --config FILE, e.g.
# config/init-ecdsa.yaml: then bring the node up with LAB_NODE_POD_CIDR=10.32.0.0/24), always with
# --upload-certs, and waits for the node to be Ready. The kubeadm used is $KUBEADM_BIN or
# --kubeadm PATH (default: upstream's build); extra arguments go to kubeadm init. Undo with
# `kubeadm reset -f` (either tool's) and lab:down.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
kubeadm="${KUBEADM_BIN:-$UPSTREAM_BIN/kubeadm}"
config="$LAB/config/init.yaml"
while [ $# -gt 0 ]; do
  case "$1" in
    --kubeadm) kubeadm="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    *) break ;;
  esac
done
[ -d "$LAB_RUN/units" ] || die "the lab node is not up: run npm run lab:up"
export PATH="$LAB_PATH_DIR:$UPSTREAM_BIN:$PATH" KUBECONFIG=/etc/kubernetes/admin.conf
sed "s/\${KUBERNETES_VERSION}/$KUBERNETES_VERSION/g" "$config" >"$LAB_RUN/init.yaml"
start=$(date +%s)
"$kubeadm" init --config "$LAB_RUN/init.yaml" --upload-certs "$@"
for i in $(seq 1 150); do
  if kubectl get nodes --no-headers 2>/dev/null | grep -q ' Ready '; then
    log "node Ready $(( $(date +%s) - start ))s after kubeadm init started"; kubectl get nodes; exit 0
  fi
  sleep 2
done
die "node not Ready after 300s"
