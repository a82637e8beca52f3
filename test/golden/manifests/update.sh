#!/usr/bin/env bash
# Regenerates the manifest/kubelet/kubeconfig golden files from the real upstream kubeadm.
#
# Each case is a directory test/golden/manifests/<case>/ holding the inputs:
#   config.yaml    the kubeadm config (given to every command with --config; ${KUBERNETES_VERSION}
#                  and ${PREVIOUS_KUBERNETES_VERSION} are filled in from test/lab/versions.env)
#   patches/       optional; visible to kubeadm as /run/kubeadm-oracle/patches
#   hostname       optional; the host name kubeadm sees (default: cp1)
#   env            optional; KEY=VALUE lines added to kubeadm's environment (e.g. proxies)
# and receives the outputs under <case>/expected/:
#   etc/kubernetes/manifests/*.yaml, var/lib/kubelet/*   byte for byte
#   etc/kubernetes/*.conf                                 with key/cert data redacted
#   host-ca-dirs.txt   the optional CA directories that existed on the generating host
#   stdout-<phase>.txt what each phase printed on stdout
#
# Usage: test/golden/manifests/update.sh [--out DIR] [case...]
#   --out DIR writes the outputs to DIR/<case>/ instead (used by the live parity test).
#   KUBEADM_UPSTREAM=<kubeadm> runs that binary instead of the pinned upstream one: with --out and
#   bin/kubeadm this is the offline parity test (test/integration/init/manifest-goldens.test.ts),
#   so whatever this script normalises, it normalises alike for both.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../../lab/versions.env
source "$here/../../lab/versions.env"
K="${KUBEADM_UPSTREAM:-${KUBEADM_TS_CACHE:-$HOME/.cache/kubeadm-ts}/upstream/$KUBERNETES_VERSION/bin/kubeadm}"
[ -x "$K" ] || { echo "upstream kubeadm not found at $K" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "update.sh needs root (mount namespaces)" >&2; exit 1; }

out_root=""
if [ "${1:-}" = "--out" ]; then out_root="$2"; shift 2; fi
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$here"/*/; do [ -f "$d/config.yaml" ] && cases+=("$(basename "$d")"); done
fi

# The optional CA directories kubeadm mounts into the apiserver and controller-manager when present.
CA_DIRS="/etc/pki/ca-trust /etc/pki/tls/certs /etc/ca-certificates /usr/share/ca-certificates /usr/local/share/ca-certificates"
WORK=/run/kubeadm-oracle
mkdir -p /etc/kubernetes /var/lib/kubelet /var/lib/etcd "$WORK"

# A systemctl that knows no units (as on a node without a kubelet service), so that kubelet-start
# never touches a real or lab kubelet and prints the same lines everywhere.
fakebin="$(mktemp -d)"
trap 'rm -rf "$fakebin"' EXIT
cat > "$fakebin/systemctl" <<'SH'
#!/bin/sh
cmd="$1"; shift
case "$cmd" in
  daemon-reload) exit 0 ;;
  is-active) echo inactive; exit 3 ;;
  status) echo "Unit $1.service could not be found."; exit 4 ;;
  *) echo "Failed to $cmd $1.service: Unit $1.service not found." >&2; exit 5 ;;
esac
SH
chmod +x "$fakebin/systemctl"

for c in "${cases[@]}"; do
  src="$here/$c"
  [ -f "$src/config.yaml" ] || { echo "no such case: $c" >&2; exit 1; }
  dst="${out_root:+$out_root/$c}"; dst="${dst:-$src/expected}"
  rm -rf "$dst"; mkdir -p "$dst"
  tmp="$(mktemp -d)"
  mkdir -p "$tmp/etc" "$tmp/kubelet" "$tmp/etcd" "$tmp/work"
  sed -e "s/\${KUBERNETES_VERSION}/$KUBERNETES_VERSION/g" -e "s/\${PREVIOUS_KUBERNETES_VERSION}/$PREVIOUS_KUBERNETES_VERSION/g" \
    "$src/config.yaml" > "$tmp/work/config.yaml"
  [ -d "$src/patches" ] && cp -r "$src/patches" "$tmp/work/patches"
  host="cp1"; [ -f "$src/hostname" ] && host="$(cat "$src/hostname")"
  envs=(); [ -f "$src/env" ] && mapfile -t envs < <(grep -v '^#' "$src/env" | grep .)
  : > "$dst/host-ca-dirs.txt"
  for d in $CA_DIRS; do [ -e "$d" ] && echo "$d" >> "$dst/host-ca-dirs.txt"; done
  # A custom certificatesDir or etcd dataDir must be private too: mount temp dirs there (the mount
  # points are created for the run and removed afterwards if they did not exist).
  extra_paths=()
  for key in certificatesDir dataDir; do
    v="$(sed -n "s/^ *$key: *//p" "$src/config.yaml" | head -1)"
    case "$v" in ""|/etc/kubernetes*|/var/lib/etcd*|/var/lib/kubelet*) ;; *) extra_paths+=("$v") ;; esac
  done
  created=()
  for p in "${extra_paths[@]}"; do
    q="$p"; top=""
    while [ ! -e "$q" ]; do top="$q"; q="$(dirname "$q")"; done
    [ -n "$top" ] && created+=("$top")
    mkdir -p "$p" "$tmp/x$(echo "$p" | tr / _)"
  done
  phases=("certs ca" "control-plane all" "etcd local" "kubelet-start" "kubeconfig all")
  script='set -e
mount --bind "$1/etc" /etc/kubernetes; mount --bind "$1/kubelet" /var/lib/kubelet
mount --bind "$1/etcd" /var/lib/etcd; mount --bind "$1/work" '"$WORK"'
for p in $5; do mount --bind "$1/x$(echo "$p" | tr / _)" "$p"; done
hostname "$2"; K="$3"; dst="$4"; shift 5
for p in "$@"; do
  name=$(echo "$p" | tr " " -)
  $K init phase $p --config '"$WORK"'/config.yaml > "$dst/stdout-$name.txt" 2> "$dst/stderr-$name.txt" || echo "exit $?" >> "$dst/stdout-$name.txt"
done'
  env -i PATH="$fakebin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" HOME=/root LANG=C "${envs[@]}" \
    unshare --mount --uts --propagation private -- /bin/sh -c "$script" sh "$tmp" "$host" "$K" "$dst" "${extra_paths[*]:-}" "${phases[@]}"
  for c2 in "${created[@]}"; do rm -rf "$c2"; done
  # klog lines on stderr carry timestamps and pids: keep only the messages.
  for f in "$dst"/stderr-*.txt; do
    sed -E 's/^[IWEF][0-9]{4} [0-9:.]+ +[0-9]+ [^]]+\] //' "$f" > "$f.tmp"; mv "$f.tmp" "$f"
    [ -s "$f" ] || rm -f "$f"
  done
  mkdir -p "$dst/etc/kubernetes" "$dst/var/lib/kubelet"
  [ -d "$tmp/etc/manifests" ] && cp -r "$tmp/etc/manifests" "$dst/etc/kubernetes/"
  cp "$tmp/kubelet/"* "$dst/var/lib/kubelet/" 2>/dev/null || true
  for f in "$tmp/etc/"*.conf; do
    [ -f "$f" ] || continue
    sed -E 's/^( *(certificate-authority-data|client-certificate-data|client-key-data|token): ).*/\1REDACTED/' "$f" > "$dst/etc/kubernetes/$(basename "$f")"
  done
  # file modes, for the tests
  (cd "$tmp" && for d in etc kubelet etcd; do find "$d" -mindepth 1 -printf '%p %m %y\n'; done) | grep -v '^etc/pki' | sort > "$dst/modes.txt" || true
  rm -rf "$tmp"
  echo "updated $c" >&2
done
