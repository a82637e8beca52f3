#!/usr/bin/env bash
# Brings up the lab node (as root): containerd with the lab config, the lab images imported into
# its k8s.io namespace, CNI (bridge + host-local), kernel settings, and a kubelet "service" that
# kubeadm controls through the systemctl shim on the lab PATH ($LAB_RUN/bin).
# After this, run kubeadm with PATH="$LAB_RUN/bin:$PATH" (see scripts/lab-env.sh).
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
[ "$(id -u)" = 0 ] || die "lab:up needs root"
start_ts=$(date +%s)

# The node's kubelet: the pin's, or the previous minor's with LAB_NODE_SET=previous (an N-1 node).
node_set="${LAB_NODE_SET:-current}"
node_bin="$(lab_select_set "$node_set"; echo "$UPSTREAM_BIN")"
for b in kubectl kubeadm pause; do [ -x "$UPSTREAM_BIN/$b" ] || die "$UPSTREAM_BIN/$b missing: run npm run lab:build"; done
[ -x "$node_bin/kubelet" ] || die "$node_bin/kubelet missing: run npm run lab:build"
for i in $LAB_IMAGES; do [ -f "$IMAGES_DIR/$i.tar" ] || die "image $i missing: run npm run lab:build"; done
if [ "$node_set" != current ]; then
  for i in $(lab_select_set "$node_set"; echo "$LAB_IMAGES"); do
    f="$(lab_select_set "$node_set"; echo "$IMAGES_DIR/$i.tar")"
    [ -f "$f" ] || die "image $f missing: run npm run lab:build"
  done
fi

apt_ensure containerd runc containernetworking-plugins iptables nftables conntrack kmod util-linux mount
mkdir -p "$LAB_RUN"/{pids,units,bin} "$LAB_LOG"

# ---- a containerd we did not start must not be running (we would fight over its socket)
if pidfile_alive "$LAB_RUN/pids/containerd"; then
  log "containerd (pid $(cat "$LAB_RUN/pids/containerd")) already running"
elif [ -S "$CONTAINERD_SOCK" ] && ctr -a "$CONTAINERD_SOCK" version >/dev/null 2>&1; then
  die "a containerd not started by the lab is serving $CONTAINERD_SOCK; stop it first"
fi

# ---- kernel settings the kubelet and kubeadm's preflight need; originals saved for lab:down
sysctls="net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables"
modprobe br_netfilter 2>/dev/null || true
modprobe overlay 2>/dev/null || true
if [ ! -f "$LAB_RUN/sysctl.saved" ]; then
  for s in $sysctls; do echo "$s=$(sysctl -n "$s")"; done >"$LAB_RUN/sysctl.saved"
fi
for s in $sysctls; do sysctl -q -w "$s=1"; done
swapoff -a 2>/dev/null || true
# nftables tables that exist now; lab:down deletes the ones the lab's iptables use adds
[ -f "$LAB_RUN/nft-tables.saved" ] || nft list tables >"$LAB_RUN/nft-tables.saved" 2>/dev/null || true

# ---- the lab PATH: systemctl shim, kubelet, kubectl
ln -sfn "$LAB/scripts/systemctl" "$LAB_PATH_DIR/systemctl"
ln -sfn "$node_bin/kubelet" "$LAB_PATH_DIR/kubelet"
ln -sfn "$UPSTREAM_BIN/kubectl" "$LAB_PATH_DIR/kubectl"

# ---- CNI: bridge + host-local over the first node's pod CIDR
pod_cidr="${LAB_NODE_POD_CIDR:-10.244.0.0/24}"
mkdir -p /etc/cni/net.d
cat >/etc/cni/net.d/10-kubeadm-ts-lab.conflist <<CNI
{
  "cniVersion": "1.0.0",
  "name": "kubeadm-ts-lab",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$pod_cidr" }]], "routes": [{ "dst": "0.0.0.0/0" }] }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
CNI

# ---- containerd
cat >"$LAB_RUN/containerd.toml" <<TOML
version = 2
root = "/var/lib/containerd"
state = "/run/containerd"
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$(image_ref pause)"
  # root here lacks CAP_SYS_RESOURCE: runc cannot lower oom_score_adj (kubelet asks -998 for
  # sandboxes), so keep containers at or above containerd's own score
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "/etc/cni/net.d"
TOML
if ! pidfile_alive "$LAB_RUN/pids/containerd"; then
  # a fresh node: keep the previous run's logs as *.prev
  for f in "$LAB_LOG"/*.log; do [ -f "$f" ] && mv -f "$f" "$f.prev"; done
  setsid containerd --config "$LAB_RUN/containerd.toml" </dev/null >>"$LAB_LOG/containerd.log" 2>&1 &
  echo $! >"$LAB_RUN/pids/containerd"
  for i in $(seq 1 100); do ctr -a "$CONTAINERD_SOCK" version >/dev/null 2>&1 && break; sleep 0.2; done
  ctr -a "$CONTAINERD_SOCK" version >/dev/null 2>&1 || { tail -20 "$LAB_LOG/containerd.log" >&2; die "containerd did not start"; }
  log "containerd started (pid $(cat "$LAB_RUN/pids/containerd"))"
fi

# ---- images of both sets, those built (imported only when missing or rebuilt)
have="$(ctr -a "$CONTAINERD_SOCK" -n k8s.io images ls 2>/dev/null | awk 'NR>1 {print $1}')"
import_set() {
  lab_select_set "$1"
  local i ref st mark
  for i in $LAB_IMAGES; do
    [ -f "$IMAGES_DIR/$i.tar" ] || continue
    ref="$(image_ref "$i")"; st="$IMAGES_DIR/.$i.stamp"
    mark="/var/lib/containerd/.kubeadm-ts-lab-$KUBERNETES_VERSION-$i"
    if grep -qx "$ref" <<<"$have" && [ "$(cat "$mark" 2>/dev/null)" = "$(cat "$st")" ]; then continue; fi
    ctr -a "$CONTAINERD_SOCK" -n k8s.io images import --all-platforms "$IMAGES_DIR/$i.tar" >/dev/null
    cp "$st" "$mark"
    log "imported $ref"
  done
}
for set in $LAB_SETS; do (import_set "$set"); done

# ---- the kubelet, run the way upstream's systemd drop-in (10-kubeadm.conf) runs it
cat >"$LAB_RUN/units/kubelet" <<UNIT
#!/usr/bin/env bash
# kubelet.service + 10-kubeadm.conf, for the lab supervisor
set -f
export PATH="$LAB_PATH_DIR:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
KUBELET_KUBECONFIG_ARGS="--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
KUBELET_CONFIG_ARGS="--config=/var/lib/kubelet/config.yaml"
[ -f /var/lib/kubelet/kubeadm-flags.env ] && . /var/lib/kubelet/kubeadm-flags.env
[ -f /etc/default/kubelet ] && . /etc/default/kubelet
exec kubelet \$KUBELET_KUBECONFIG_ARGS \$KUBELET_CONFIG_ARGS \${KUBELET_KUBEADM_ARGS:-} \${KUBELET_EXTRA_ARGS:-}
UNIT
chmod +x "$LAB_RUN/units/kubelet"
# enabled, like the distro package leaves it (kubeadm's preflight warns otherwise); kubeadm starts it
"$LAB_PATH_DIR/systemctl" enable kubelet
log "node up in $(( $(date +%s) - start_ts ))s; use PATH=$LAB_PATH_DIR:\$PATH"
