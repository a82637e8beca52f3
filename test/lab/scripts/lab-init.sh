#!/usr/bin/env bash
# Runs `kubeadm init` on the lab node (after lab:up) with config/init.yaml and waits for the node
# to be Ready. The kubeadm used is $KUBEADM_BIN or --kubeadm PATH (default: upstream's build);
# extra arguments go to kubeadm init. Undo with `$KUBEADM_BIN reset -f` and/or lab:down.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
kubeadm="${KUBEADM_BIN:-$UPSTREAM_BIN/kubeadm}"
if [ "${1:-}" = --kubeadm ]; then kubeadm="$2"; shift 2; fi
[ -d "$LAB_RUN/units" ] || die "the lab node is not up: run npm run lab:up"
export PATH="$LAB_PATH_DIR:$UPSTREAM_BIN:$PATH" KUBECONFIG=/etc/kubernetes/admin.conf
sed "s/\${KUBERNETES_VERSION}/$KUBERNETES_VERSION/g" "$LAB/config/init.yaml" >"$LAB_RUN/init.yaml"
start=$(date +%s)
"$kubeadm" init --config "$LAB_RUN/init.yaml" --upload-certs "$@"
for i in $(seq 1 150); do
  if kubectl get nodes --no-headers 2>/dev/null | grep -q ' Ready '; then
    log "node Ready $(( $(date +%s) - start ))s after kubeadm init started"; kubectl get nodes; exit 0
  fi
  sleep 2
done
die "node not Ready after 300s"
