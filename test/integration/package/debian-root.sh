#!/usr/bin/env bash
# Prints the path of a Debian bookworm root (debootstrap --variant=minbase: dpkg, apt, bash,
# coreutils; no Node.js) packed as a tarball, made once and cached under
# ~/.cache/kubeadm-ts/package/ ($KUBEADM_TS_CACHE). The chroot test unpacks a fresh copy per run.
# The mirror is the first Debian one in this machine's apt sources (debootstrap's own default
# without one). Needs root; installs debootstrap when missing.
set -euo pipefail
CACHE="${KUBEADM_TS_CACHE:-$HOME/.cache/kubeadm-ts}/package"
SUITE=bookworm
out="$CACHE/debian-$SUITE-minbase.tar"
if [ -f "$out" ]; then echo "$out"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "debian-root.sh: needs root (debootstrap)" >&2; exit 1; }
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
if [ -f "$out" ]; then echo "$out"; exit 0; fi
if ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi
mirror="$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)[[:space:]]*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)"
[ -n "$mirror" ] || mirror="$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\)[[:space:]].*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1)"
root="$(mktemp -d "$CACHE/root.XXXXXX")"
trap 'rm -rf "$root" "$out.tmp"' EXIT
start=$(date +%s)
# shellcheck disable=SC2086
debootstrap --variant=minbase "$SUITE" "$root" $mirror >"$CACHE/debootstrap.log" 2>&1 ||
  { tail -20 "$CACHE/debootstrap.log" >&2; echo "debian-root.sh: debootstrap failed" >&2; exit 1; }
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" --numeric-owner -cf "$out.tmp" .
mv "$out.tmp" "$out"
echo "debian-root.sh: debootstrap $SUITE minbase in $(( $(date +%s) - start ))s: $(du -h "$out" | cut -f1)" >&2
echo "$out"
