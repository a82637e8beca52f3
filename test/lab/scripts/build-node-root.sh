#!/usr/bin/env bash
# Builds the root filesystem of the multi-node lab's nodes (test/lab/cluster/, `npm run lab:cluster`):
#   $CACHE/cluster-node/rootfs   the real-systemd root (build-systemd-root.sh: Debian bookworm with
#                                systemd 252) plus, from Debian's mirror (apt in a chroot), what a
#                                Kubernetes node runs besides Kubernetes: containerd, runc, the CNI
#                                plugins, iptables/nftables/conntrack, iproute2, and haproxy (the
#                                load balancer node boots the same root).
# Nodes never write to it: each boots an overlay of it (upper dir per node, on the host's ext4).
# Kubernetes binaries are not in it (bound read-only from the upstream cache at boot), nor is the
# lab's node configuration (units, containerd config: written into each node's upper dir by
# `lab:cluster up`, so changing them needs no rebuild).
# Prints the rootfs path. Idempotent: rebuilt only when the systemd root or RECIPE changes (stamp).
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAB_SET=current
source "$LAB/scripts/lib.sh"
[ "$(id -u)" = 0 ] || die "build-node-root.sh needs root (chroot, apt)"

# Bump when what is done to the tree below changes.
RECIPE="v1 containerd runc containernetworking-plugins iptables nftables conntrack iproute2 iputils-ping ethtool socat haproxy procps kmod less ca-certificates; networkd enabled; haproxy disabled; timers masked"
PACKAGES="containerd runc containernetworking-plugins iptables nftables conntrack iproute2 iputils-ping ethtool socat haproxy procps kmod less ca-certificates"
OUT="$CACHE/cluster-node"
ROOTFS="$OUT/rootfs"
LOCK="${KUBEADM_TS_CLUSTER_BUILD_LOCK:-/tmp/kubeadm-ts-cluster-build.lock}"

base="$("$LAB/scripts/build-systemd-root.sh")"
want="$(echo "$RECIPE|$(cat "$base/.kubeadm-ts-stamp")" | sha256sum | cut -d' ' -f1)"
current() { [ "$(cat "$ROOTFS/.kubeadm-ts-stamp" 2>/dev/null)" = "$want" ]; }
if current; then echo "$ROOTFS"; exit 0; fi

mkdir -p "$OUT"
exec 9>>"$LOCK"
flock -w 1800 9 || die "could not lock $LOCK"
if current; then echo "$ROOTFS"; exit 0; fi
# a node overlay over the old tree would break when it is replaced
if grep -q " overlay .*lowerdir=$ROOTFS" /proc/self/mounts; then die "lab:cluster nodes run over $ROOTFS: npm run lab:cluster -- down first"; fi

t0=$(date +%s)
tmp="$OUT/rootfs.tmp.$$"
rm -rf "$tmp"
cp -a "$base" "$tmp"
cp /etc/resolv.conf "$tmp/etc/resolv.conf"
# no service starts in the chroot
printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"; chmod +x "$tmp/usr/sbin/policy-rc.d"
log "node root: apt-get install $PACKAGES (chroot)"
{ chroot "$tmp" apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive chroot "$tmp" apt-get install -y -qq --no-install-recommends $PACKAGES; } >"$OUT/build.log" 2>&1 ||
  { tail -20 "$OUT/build.log" >&2; rm -rf "$tmp"; die "apt-get in the node root failed (see $OUT/build.log)"; }
rm -f "$tmp/usr/sbin/policy-rc.d"
# systemd-networkd configures each node's address (host0.network, written per node); haproxy runs on
# the load balancer node only (enabled there); containerd's unit is Debian's (a drop-in per node)
chroot "$tmp" systemctl enable systemd-networkd.service systemd-networkd.socket >>"$OUT/build.log" 2>&1
chroot "$tmp" systemctl disable haproxy.service >>"$OUT/build.log" 2>&1 || true
# nothing periodic: 2 CPUs for up to seven of these
chroot "$tmp" systemctl mask systemd-resolved.service apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer \
  e2scrub_all.timer e2scrub_reap.service fstrim.timer getty@tty1.service console-getty.service >>"$OUT/build.log" 2>&1 || true
rm -rf "$tmp"/usr/share/{doc,man,info,locale,lintian} "$tmp"/var/cache/apt/* "$tmp"/var/lib/apt/lists/* "$tmp"/var/log/*
: >"$tmp/etc/resolv.conf"
rm -f "$tmp/etc/hostname" "$tmp/etc/machine-id"
: >"$tmp/etc/machine-id"
echo "$want" >"$tmp/.kubeadm-ts-stamp"
rm -rf "$ROOTFS.old"
[ -d "$ROOTFS" ] && mv "$ROOTFS" "$ROOTFS.old"
mv "$tmp" "$ROOTFS"
rm -rf "$ROOTFS.old"
log "node root built in $(( $(date +%s) - t0 ))s: $(du -sh "$ROOTFS" | cut -f1) (containerd $(chroot "$ROOTFS" dpkg-query -W -f='${Version}' containerd), haproxy $(chroot "$ROOTFS" dpkg-query -W -f='${Version}' haproxy))"
echo "$ROOTFS"
