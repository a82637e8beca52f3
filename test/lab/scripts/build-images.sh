#!/usr/bin/env bash
# Builds the lab's OCI images (docker-archive tarballs) from the binaries of build-upstream.sh, for
# one version set (lib.sh: LAB_SET=current or previous):
#   ~/.cache/kubeadm-ts/upstream/<version>/images/<name>.tar   named as upstream kubeadm lists them.
# Layers: a Debian base (debootstrap minbase + iptables/nftables/conntrack) shared by images that
# need userland tools (kube-proxy); a tiny common layer (/etc/passwd, /tmp, ...); one layer of
# binaries per image. Idempotent: an image is rebuilt only when its inputs changed.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
[ "$(id -u)" = 0 ] || die "build-images.sh needs root (debootstrap)"
mkdir -p "$IMAGES_DIR" "$CACHE/layers"
TAR=(tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)

DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_PACKAGES="iptables,nftables,conntrack,ipset,kmod,ca-certificates"

# ---- Debian base layer (shared)
base_layer() {
  local key out
  key="$(echo "$DEBIAN_SUITE $BASE_PACKAGES v1" | sha256sum | cut -c1-12)"
  out="$CACHE/layers/debian-$DEBIAN_SUITE-$key.tar"
  if [ ! -f "$out" ]; then
    apt_ensure debootstrap
    local root; root="$(mktemp -d "$CACHE/layers/rootfs.XXXXXX")"
    log "debootstrap $DEBIAN_SUITE (minbase + $BASE_PACKAGES)"
    local start; start=$(date +%s)
    debootstrap --variant=minbase --include="$BASE_PACKAGES" "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" >"$CACHE/layers/debootstrap.log" 2>&1 ||
      { tail -20 "$CACHE/layers/debootstrap.log" >&2; die "debootstrap failed"; }
    # slim it: no docs, manuals, locales, apt caches, logs
    rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,linda} "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* \
      "$root"/var/log/* "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
    (cd "$root" && "${TAR[@]}" -cf "$out.tmp" .)
    rm -rf "$root"; mv "$out.tmp" "$out"
    log "base layer built in $(( $(date +%s) - start ))s: $(du -h "$out" | cut -f1)"
  fi
  echo "$out"
}

# ---- small common layer for images without the Debian base
common_layer() {
  local out="$CACHE/layers/common-v1.tar"
  if [ ! -f "$out" ]; then
    local root; root="$(mktemp -d)"
    mkdir -p "$root"/{etc,tmp,var/run,root}
    chmod 1777 "$root/tmp"; chmod 0700 "$root/root"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
    (cd "$root" && "${TAR[@]}" -cf "$out" .)
    rm -rf "$root"
  fi
  echo "$out"
}

# ---- per-image binaries layer: layer_of DIR -> tar path (content addressed)
layer_of() {
  local dir="$1" tmp sum out
  tmp="$(mktemp "$CACHE/layers/tmp.XXXXXX")"
  (cd "$dir" && "${TAR[@]}" -cf "$tmp" .)
  sum="$(sha256sum "$tmp" | cut -c1-16)"
  out="$CACHE/layers/l-$sum.tar"
  if [ -f "$out" ]; then rm -f "$tmp"; else mv "$tmp" "$out"; fi
  echo "$out"
}

need_bin() { [ -x "$UPSTREAM_BIN/$1" ] || die "$UPSTREAM_BIN/$1 missing: run scripts/build-upstream.sh first"; }

build_image() {
  local name="$1" ref dir layers=() ep="" cmd=""
  ref="$(image_ref "$name")"
  dir="$(mktemp -d)"
  case "$name" in
    pause)
      need_bin pause
      install -m 0755 "$UPSTREAM_BIN/pause" "$dir/pause"
      ep='["/pause"]' ;;
    busybox)
      apt_ensure busybox-static
      mkdir -p "$dir/bin"
      install -m 0755 /bin/busybox "$dir/bin/busybox"
      for a in sh ash cat echo ls nslookup sleep wget ping ip hostname env id ps grep sed head tail; do ln -s busybox "$dir/bin/$a"; done
      layers+=("$(common_layer)")
      cmd='["sh"]' ;;
    debian)
      # the shared base alone: a glibc resolver (getent) for DNS checks from a Pod
      layers+=("$(base_layer)")
      cmd='["bash"]' ;;
    kube-apiserver|kube-controller-manager|kube-scheduler)
      need_bin "$name"
      mkdir -p "$dir/usr/local/bin"; install -m 0755 "$UPSTREAM_BIN/$name" "$dir/usr/local/bin/$name"
      layers+=("$(common_layer)")
      ep="[\"/usr/local/bin/$name\"]" ;;
    kube-proxy)
      need_bin kube-proxy
      mkdir -p "$dir/usr/local/bin"; install -m 0755 "$UPSTREAM_BIN/kube-proxy" "$dir/usr/local/bin/kube-proxy"
      layers+=("$(base_layer)")
      ep='["/usr/local/bin/kube-proxy"]' ;;
    etcd)
      need_bin etcd; need_bin etcdctl
      mkdir -p "$dir/usr/local/bin"
      install -m 0755 "$UPSTREAM_BIN/etcd" "$dir/usr/local/bin/etcd"
      install -m 0755 "$UPSTREAM_BIN/etcdctl" "$dir/usr/local/bin/etcdctl"
      mkdir -p "$dir/var/lib/etcd"
      layers+=("$(common_layer)")
      cmd='["/usr/local/bin/etcd"]' ;;
    coredns)
      need_bin coredns
      install -m 0755 "$UPSTREAM_BIN/coredns" "$dir/coredns"
      layers+=("$(common_layer)")
      ep='["/coredns"]' ;;
    *) die "unknown image $name" ;;
  esac
  if [ -n "$(ls -A "$dir")" ]; then layers+=("$(layer_of "$dir")"); fi
  rm -rf "$dir"
  local args=("$IMAGES_DIR/$name.tar" "$ref")
  local l; for l in "${layers[@]}"; do args+=(--layer "$l"); done
  [ -n "$ep" ] && args+=(--entrypoint "$ep")
  [ -n "$cmd" ] && args+=(--cmd "$cmd")
  python3 "$LAB/scripts/mkimage.py" "${args[@]}"
  # the per-image layer now lives inside the image tarball; only shared layers are kept
  for l in "${layers[@]}"; do case "$l" in */l-*.tar) rm -f "$l" ;; esac; done
}

apt_ensure python3
targets="${*:-$LAB_IMAGES}"
for name in $targets; do
  stamp="$IMAGES_DIR/.$name.stamp"
  case "$name" in etcd) bins="etcd etcdctl" ;; busybox|debian) bins="" ;; *) bins="$name" ;; esac
  want="$(cd "$UPSTREAM/stamps" && { image_ref "$name"; cat "$LAB/scripts/build-images.sh" "$LAB/scripts/mkimage.py" $bins; } | sha256sum | cut -d' ' -f1)"
  if [ -f "$IMAGES_DIR/$name.tar" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then log "image $name: up to date"; continue; fi
  build_image "$name"
  echo "$want" >"$stamp"
  log "image $(image_ref "$name"): $(du -h "$IMAGES_DIR/$name.tar" | cut -f1)"
done
