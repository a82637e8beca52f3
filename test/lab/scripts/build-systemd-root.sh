#!/usr/bin/env bash
# Builds the root filesystem of the real-systemd node (test/integration/host/systemd-real.test.ts),
# which systemd-nspawn boots with systemd as PID 1:
#   $CACHE/systemd-root/rootfs   Debian bookworm: the lab's Debian base (the one layer of the
#                                kubeadm-ts.lab/debian:lab image, built by build-images.sh) plus
#                                systemd and systemd-sysv from Debian's mirror (apt in a chroot).
# The test boots it read-only (--volatile=overlay: a tmpfs on top), so one tree serves every run.
# Prints the rootfs path. Idempotent: rebuilt only when the base layer or RECIPE changes (stamp);
# concurrent runs serialise on the test's lock, so a rebuild never swaps a tree a test is booting.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAB_SET=current
source "$LAB/scripts/lib.sh"
[ "$(id -u)" = 0 ] || die "build-systemd-root.sh needs root (chroot, apt)"

# Bump when what is done to the tree below changes.
RECIPE="v1 systemd systemd-sysv; hostname kts-node"
PACKAGES="systemd systemd-sysv"
OUT="$CACHE/systemd-root"
ROOTFS="$OUT/rootfs"
LOCK="${KUBEADM_TS_SYSTEMD_LOCK:-/tmp/kubeadm-ts-systemd.lock}"

apt_ensure systemd-container python3
img="$IMAGES_DIR/debian.tar"
# the debian image is part of lab:build; build it (alone) when this runs first
LAB_SET=current "$LAB/scripts/build-images.sh" debian >&2
layer="$(tar -xOf "$img" manifest.json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Layers"][0])')"
want="$(echo "$RECIPE|$layer" | sha256sum | cut -d' ' -f1)"
current() { [ "$(cat "$ROOTFS/.kubeadm-ts-stamp" 2>/dev/null)" = "$want" ]; }
if current; then echo "$ROOTFS"; exit 0; fi

mkdir -p "$OUT"
exec 9>>"$LOCK"
flock -w 1800 9 || die "could not lock $LOCK"
if current; then echo "$ROOTFS"; exit 0; fi

t0=$(date +%s)
tmp="$OUT/rootfs.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp"
tar -xOf "$img" "$layer" | tar -x -C "$tmp"
cp /etc/resolv.conf "$tmp/etc/resolv.conf"
log "systemd root: apt-get install $PACKAGES (chroot)"
{ chroot "$tmp" apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive chroot "$tmp" apt-get install -y -qq --no-install-recommends $PACKAGES; } >"$OUT/build.log" 2>&1 ||
  { tail -20 "$OUT/build.log" >&2; rm -rf "$tmp"; die "apt-get in the systemd root failed (see $OUT/build.log)"; }
# slim it; the node's name resolves locally (kubeadm's Hostname check, no network in the container)
rm -rf "$tmp"/usr/share/{doc,man,info,locale,lintian} "$tmp"/var/cache/apt/* "$tmp"/var/lib/apt/lists/* "$tmp"/var/log/*
: >"$tmp/etc/resolv.conf"
echo kts-node >"$tmp/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tkts-node\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$tmp/etc/hosts"
echo "$want" >"$tmp/.kubeadm-ts-stamp"
rm -rf "$ROOTFS.old"
[ -d "$ROOTFS" ] && mv "$ROOTFS" "$ROOTFS.old"
mv "$tmp" "$ROOTFS"
rm -rf "$ROOTFS.old"
log "systemd root built in $(( $(date +%s) - t0 ))s: $(du -sh "$ROOTFS" | cut -f1) ($(chroot "$ROOTFS" dpkg-query -W -f='${Version}' systemd) systemd)"
echo "$ROOTFS"
