# Source this to use the lab node from a shell: PATH with the systemctl shim, kubelet, kubectl.
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
export PATH="$LAB_PATH_DIR:$UPSTREAM_BIN:$PATH"
export KUBECONFIG="${KUBECONFIG:-/etc/kubernetes/admin.conf}"
