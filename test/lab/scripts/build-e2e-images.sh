#!/usr/bin/env bash
# Builds the e2e test images the conformance focus runs (test/lab/conformance/README.md, "Images"),
# named exactly as the pin's test/utils/image/manifest.go names them, as docker-archive tarballs:
#   ~/.cache/kubeadm-ts/upstream/<version>/images/e2e/<name>-<tag>.tar
# Nothing is pulled: the binaries come from build-conformance.sh (agnhost, nnp) and the lab's own
# build (coredns), userland from Debian (the lab's Debian base layer + one layer of Debian packages,
# apt in a chroot: dnsutils, curl, wget, netcat, socat, iproute2, procps, nginx) and Debian's busybox-static.
# The lab's layers are reused by digest (the Debian base of kubeadm-ts.lab/debian:lab, the common
# layer of busybox), so a node that has the lab images stores them once.
# Usage: build-e2e-images.sh [--list]   (--list: print "REF FILE" of every image, build nothing)
# Idempotent: an image is rebuilt only when its inputs changed (stamp per image).
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
[ "$LAB_SET" = current ] || die "build-e2e-images.sh builds the pin's e2e images only (LAB_SET=current)"
E2E_IMAGES_DIR="$IMAGES_DIR/e2e"
R=registry.k8s.io/e2e-test-images
# name tag (manifest.go of the pin; build-e2e-images.sh checks them against `e2e.test --list-images`)
IMAGES="agnhost:2.66.1 agnhost:2.55 busybox:1.37.0-2 nginx:1.27.0-2 nginx:1.28.0-2 glibc-dns-testing:2.1.1 nonewprivs:1.4"
file_of() { echo "$E2E_IMAGES_DIR/${1%%:*}-${1#*:}.tar"; }
if [ "${1:-}" = --list ]; then
  for i in $IMAGES; do echo "$R/$i $(file_of "$i")"; done
  exit 0
fi
[ "$(id -u)" = 0 ] || die "build-e2e-images.sh needs root (chroot, apt)"
mkdir -p "$E2E_IMAGES_DIR" "$CACHE/layers"
TAR=(tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
# Bump when the Debian layer's recipe changes.
DEBIAN_PACKAGES="dnsutils curl wget netcat-openbsd socat iproute2 iputils-ping procps nginx-light"
DEBIAN_RECIPE="v1 $DEBIAN_PACKAGES; user-defined-in-image 1000, group-defined-in-image 50000"

need() { [ -e "$1" ] || die "$1 missing: $2"; }
need "$IMAGES_DIR/debian.tar" "run scripts/build-images.sh (npm run lab:build) first"
need "$CACHE/layers/common-v1.tar" "run scripts/build-images.sh (npm run lab:build) first"
need "$UPSTREAM_BIN/coredns" "run scripts/build-upstream.sh first"

# the Debian base layer of the lab's debian image (its only layer), by digest
base_layer() {
  local out
  out="$(python3 - "$IMAGES_DIR/debian.tar" "$CACHE/layers" <<'PY'
import glob, hashlib, json, os, sys, tarfile
img, dest = sys.argv[1:]
def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20): h.update(chunk)
    return h.hexdigest()
with tarfile.open(img) as t:
    layer = json.load(t.extractfile("manifest.json"))[0]["Layers"][0]
    digest = layer.split("/")[0]
    # build-images.sh keeps the base layer it made (debian-<suite>-<key>.tar): the same bytes
    for kept in sorted(glob.glob(os.path.join(dest, "debian-*.tar"))):
        if sha256(kept) == digest:
            print(kept); sys.exit(0)
    out = os.path.join(dest, "base-" + digest[:16] + ".tar")
    if not os.path.exists(out):
        with t.extractfile(layer) as src, open(out + ".tmp", "wb") as dst:
            while chunk := src.read(1 << 20): dst.write(chunk)
        os.replace(out + ".tmp", out)
    print(out)
PY
)"
  echo "$out"
}

# The Debian packages layer: the base unpacked, apt-get install in a chroot, then every path
# created or changed since (ctime newer than a marker: dpkg keeps the packages' mtimes) as a layer.
debian_layer() {
  local base="$1" key out root
  key="$( { echo "$DEBIAN_RECIPE"; basename "$base"; } | sha256sum | cut -c1-12)"
  out="$CACHE/layers/e2e-debian-$key.tar"
  [ -f "$out" ] && { echo "$out"; return; }
  root="$(mktemp -d "$CACHE/layers/e2e-rootfs.XXXXXX")"
  tar -xf "$base" -C "$root"
  touch "$root/.marker"; sleep 1
  cp /etc/resolv.conf "$root/etc/resolv.conf.lab"
  mount --bind "$root/etc/resolv.conf.lab" "$root/etc/resolv.conf" 2>/dev/null || cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
  log "e2e images: apt-get install $DEBIAN_PACKAGES (chroot)"
  if ! { chroot "$root" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends $DEBIAN_PACKAGES &&
    chroot "$root" groupadd -g 50000 group-defined-in-image &&
    chroot "$root" useradd -u 1000 -M -N -G group-defined-in-image user-defined-in-image; } >"$CACHE/layers/e2e-debian.log" 2>&1; then
    umount "$root/etc/resolv.conf" 2>/dev/null || true
    tail -20 "$CACHE/layers/e2e-debian.log" >&2; rm -rf "$root"; die "apt-get in the e2e image root failed"
  fi
  umount "$root/etc/resolv.conf" 2>/dev/null || true
  rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf.lab"
  rm -rf "$root"/usr/share/{doc,man,info,locale,lintian} "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* \
    "$root"/var/log/apt "$root"/var/log/dpkg.log "$root"/var/log/alternatives.log "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
  (cd "$root" && find . -cnewer .marker ! -path ./.marker ! -path ./etc/resolv.conf ! -path . -print0 | sort -z |
    "${TAR[@]}" --null --no-recursion -T - -cf "$out.tmp")
  rm -rf "$root"; mv "$out.tmp" "$out"
  echo "$out"
}

lab_go_env
M="$(cd "$GO_DIR/e2e" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)"
build_image() { # name:tag
  local it="$1" name="${1%%:*}" tag="${1#*:}" dir layers=() ep="" cmd="" envs=() l
  dir="$(mktemp -d)"
  envs=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
  case "$name" in
    agnhost)
      need "$UPSTREAM_BIN/agnhost" "run scripts/build-conformance.sh first"
      # upstream: alpine + bind-tools curl netcat iproute2 socat bash + coredns + /agnhost; here Debian's
      layers+=("$(base_layer)"); layers+=("$(debian_layer "${layers[0]}")")
      install -m 0755 "$UPSTREAM_BIN/agnhost" "$dir/agnhost"
      ln -s agnhost "$dir/agnhost-2"
      install -m 0755 "$UPSTREAM_BIN/coredns" "$dir/coredns"
      install -m 0644 "$M/test/images/agnhost/porter/localhost.crt" "$dir/localhost.crt"
      install -m 0644 "$M/test/images/agnhost/porter/localhost.key" "$dir/localhost.key"
      mkdir -m 0755 "$dir/uploads"
      ep='["/agnhost"]'; cmd='["pause"]' ;;
    glibc-dns-testing)
      # upstream: debian bookworm-slim + dnsutils (+ coredns)
      layers+=("$(base_layer)"); layers+=("$(debian_layer "${layers[0]}")")
      install -m 0755 "$UPSTREAM_BIN/coredns" "$dir/coredns"
      cmd='["bash"]' ;;
    nginx)
      # upstream: nginx alpine serving its default page on :80; here Debian's nginx-light
      layers+=("$(base_layer)"); layers+=("$(debian_layer "${layers[0]}")")
      cmd='["nginx","-g","daemon off;"]' ;;
    busybox)
      # upstream: the busybox 1.37.0 image, every applet in /bin. Here Debian's busybox-static, every
      # applet linked in /bin, and Debian's bash-static as /bin/sh: upstream's `sh -c env` runs env
      # in-process (a NOFORK applet) and so prints variables whose names are not shell names
      # (ConfigMap/Secret envFrom keys such as data-1, which the specs expect); Debian's ash drops
      # them when it execs env, bash passes them on
      apt_ensure busybox-static bash-static
      mkdir -p "$dir/bin"; install -m 0755 /bin/busybox "$dir/bin/busybox"
      local a; for a in $(/bin/busybox --list); do
        [ "$a" = busybox ] || ln -sf busybox "$dir/bin/$a"
      done
      install -m 0755 /bin/bash-static "$dir/bin/bash"; ln -sf bash "$dir/bin/sh"
      layers+=("$CACHE/layers/common-v1.tar")
      cmd='["sh"]' ;;
    nonewprivs)
      need "$UPSTREAM_BIN/nnp" "run scripts/build-conformance.sh first"
      # upstream: alpine + /usr/local/bin/nnp setuid root
      mkdir -p "$dir/usr/local/bin"; install -m 4755 "$UPSTREAM_BIN/nnp" "$dir/usr/local/bin/nnp"
      layers+=("$CACHE/layers/common-v1.tar")
      cmd='["nnp"]' ;;
    *) die "unknown e2e image $name" ;;
  esac
  # two tags of one build (agnhost 2.55 = AgnhostPrev, nginx 1.28.0-2 = NginxNew) differ by a file
  # naming the image (not an environment variable: specs print the environment), so they are two
  # images with two ids, as the specs that switch between them expect
  printf '%s\n' "$R/$it" >"$dir/.kubeadm-ts-lab-image"
  # the image's own files: one more layer, gone once inside the image tarball
  local own
  own="$(mktemp "$CACHE/layers/own.XXXXXX")"; (cd "$dir" && "${TAR[@]}" -cf "$own" .); layers+=("$own")
  rm -rf "$dir"
  local args=("$(file_of "$it")" "$R/$it")
  for l in "${layers[@]}"; do args+=(--layer "$l"); done
  for l in "${envs[@]}"; do args+=(--env "$l"); done
  [ -n "$ep" ] && args+=(--entrypoint "$ep")
  [ -n "$cmd" ] && args+=(--cmd "$cmd")
  python3 "$LAB/scripts/mkimage.py" "${args[@]}"
  rm -f "$own"
}

apt_ensure python3
# the suite must know every name built here (a version bump of manifest.go shows up as a failure)
if [ -x "$UPSTREAM_BIN/e2e.test" ]; then
  known="$("$UPSTREAM_BIN/e2e.test" --list-images 2>/dev/null)"
  for i in $IMAGES; do grep -qx "$R/$i" <<<"$known" || die "$R/$i is not an image of $KUBERNETES_VERSION's e2e.test (--list-images)"; done
fi
for it in ${E2E_IMAGES_ONLY:-$IMAGES}; do
  f="$(file_of "$it")"; stamp="$f.stamp"
  want="$( { echo "$it $DEBIAN_RECIPE"; cat "$LAB/scripts/build-e2e-images.sh" "$LAB/scripts/mkimage.py" "$IMAGES_DIR/.debian.stamp" "$IMAGES_DIR/.busybox.stamp";
    cat "$UPSTREAM/stamps/conformance-agnhost" "$UPSTREAM/stamps/conformance-nnp" "$UPSTREAM/stamps/coredns" || true; } 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [ -f "$f" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then log "e2e image $it: up to date"; continue; fi
  s=$(date +%s)
  build_image "$it"
  echo "$want" >"$stamp"
  log "e2e image $R/$it: $(du -h "$f" | cut -f1) in $(( $(date +%s) - s ))s"
done
