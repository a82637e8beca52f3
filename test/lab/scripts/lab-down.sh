#!/usr/bin/env bash
# Tears the lab node down: stops what lab:up started (by pid: the kubelet supervisor and kubelet,
# containers and their shims, containerd), unmounts, and empties /etc/kubernetes,
# /var/lib/kubelet, /var/lib/etcd (removes what is in them: the directories themselves are the
# parity oracle's mount points, which concurrent oracle runs in their own mount namespaces may be
# using — removing a directory detaches such mounts), CNI state, the lab's firewall rules and
# kernel settings.
# Images stay in containerd's store (a cache for the next lab:up) unless LAB_PURGE=1.
set -uo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
[ "$(id -u)" = 0 ] || die "lab:down needs root"
CTR=(ctr -a "$CONTAINERD_SOCK" -n k8s.io)

# ---- kubelet (and anything else the shim supervises)
if [ -d "$LAB_RUN/units" ]; then
  for u in "$LAB_RUN"/units/*; do
    [ -x "$u" ] && "$LAB/scripts/systemctl" stop "$(basename "$u")"
  done
fi

# ---- containers, then containerd
if pidfile_alive "$LAB_RUN/pids/containerd"; then
  shims=()
  for f in /run/containerd/io.containerd.runtime.v2.task/k8s.io/*/shim.pid; do [ -f "$f" ] && shims+=("$(cat "$f")"); done
  for t in $("${CTR[@]}" tasks ls -q 2>/dev/null); do "${CTR[@]}" tasks kill -s SIGKILL "$t" >/dev/null 2>&1 || true; done
  for i in $(seq 1 50); do [ -z "$("${CTR[@]}" tasks ls -q 2>/dev/null | head -1)" ] && break; "${CTR[@]}" tasks ls -q 2>/dev/null | xargs -r -n1 "${CTR[@]}" tasks rm -f >/dev/null 2>&1; sleep 0.2; done
  "${CTR[@]}" containers ls -q 2>/dev/null | xargs -r "${CTR[@]}" containers rm >/dev/null 2>&1 || true
  stop_pid "$(cat "$LAB_RUN/pids/containerd")" containerd
  for p in "${shims[@]}"; do stop_pid "$p" "containerd-shim $p"; done
fi
rm -f "$LAB_RUN/pids/containerd"

# ---- mounts under the lab's paths, deepest first
unmount_under() {
  local prefix
  for prefix in "$@"; do
    awk -v p="$prefix" '$2 == p || index($2, p "/") == 1 {print $2}' /proc/self/mounts | sort -r | while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "cannot unmount $m"
    done
  done
}
unmount_under /var/lib/kubelet /run/containerd/io.containerd.grpc.v1.cri /run/containerd/io.containerd.runtime.v2.task \
  /var/lib/containerd/io.containerd.grpc.v1.cri /run/netns

# ---- files
for d in /etc/kubernetes /var/lib/kubelet /var/lib/etcd; do
  if [ -d "$d" ]; then find "$d" -mindepth 1 -maxdepth 1 -exec rm -rf {} +; fi
done
rm -rf /var/lib/cni /run/cni /etc/cni/net.d/10-kubeadm-ts-lab.conflist
rm -rf /var/lib/containerd/io.containerd.grpc.v1.cri/{sandboxes,containers} /run/containerd/io.containerd.grpc.v1.cri \
  /run/containerd/io.containerd.runtime.v2.task/k8s.io
for n in /run/netns/cni-*; do [ -e "$n" ] && { ip netns delete "$(basename "$n")" 2>/dev/null || rm -f "$n"; }; done
if [ "${LAB_PURGE:-0}" = 1 ]; then rm -rf /var/lib/containerd /run/containerd; fi

# ---- network: the CNI bridge, kube-proxy's and CNI's firewall rules, kernel settings
ip link show cni0 >/dev/null 2>&1 && ip link delete cni0
ip link show kube-ipvs0 >/dev/null 2>&1 && ip link delete kube-ipvs0
# only the chains kube-proxy, the kubelet and the CNI plugins make (KUBE-*, CNI-*) and the rules
# that jump to them; whatever else the host has stays
for ipt in iptables ip6tables; do
  command -v "$ipt-save" >/dev/null || continue
  for t in filter nat mangle raw; do
    cur="$("$ipt-save" -t "$t" 2>/dev/null)" || continue
    grep -q -E 'KUBE-|CNI-' <<<"$cur" || continue
    grep -v -E 'KUBE-|CNI-' <<<"$cur" | "$ipt-restore" -T "$t" || log "$ipt: cannot clean table $t"
  done
done
if command -v nft >/dev/null; then
  for fam in ip ip6; do nft list table "$fam" kube-proxy >/dev/null 2>&1 && nft delete table "$fam" kube-proxy; done
  # tables that iptables-nft created for the lab (absent before lab:up), now without lab rules
  if [ -f "$LAB_RUN/nft-tables.saved" ]; then
    nft list tables 2>/dev/null | while read -r _ fam name; do
      grep -qx "table $fam $name" "$LAB_RUN/nft-tables.saved" || nft delete table "$fam" "$name" 2>/dev/null || true
    done
  fi
fi
if [ -f "$LAB_RUN/sysctl.saved" ]; then while IFS= read -r kv; do sysctl -q -w "$kv" || true; done <"$LAB_RUN/sysctl.saved"; fi

rm -rf "$LAB_RUN"
log "node down"
