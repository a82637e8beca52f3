#!/usr/bin/env bash
# npm run lab:build — upstream binaries, then the lab images, for both version sets (lib.sh): the
# pin (current) and the previous minor (N-1), each in its own cache folder; then the root of the
# real-systemd test node (build-systemd-root.sh, from the pin's Debian base), the multi-node lab's
# node root (build-node-root.sh, from that), and the pin's conformance suite when LAB_BUILD_CONFORMANCE=1 (build-conformance.sh:
# e2e.test, ginkgo, agnhost, nnp; build-e2e-images.sh: the e2e test images). Idempotent; prints
# timings per set. LAB_BUILD_SETS="current" builds the pin's set only; arguments (targets) are
# passed to build-upstream.sh for every set.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
t0=$(date +%s)
apt_ensure gcc libc6-dev python3 strace openssl
summary=""
for set in ${LAB_BUILD_SETS:-$LAB_SETS}; do
  s0=$(date +%s)
  LAB_SET="$set" "$LAB/scripts/build-upstream.sh" "$@"
  s1=$(date +%s)
  LAB_SET="$set" "$LAB/scripts/build-images.sh"
  s2=$(date +%s)
  # upstream's conformance suite and its test images, the pin's only (not when targets are named),
  # only when asked (LAB_BUILD_CONFORMANCE=1, as npm run test:conformance[-ci] do): npm test
  # (scripts/test.sh) builds it in the background while vitest runs, and this finds it built
  if [ "$set" = current ] && [ $# -eq 0 ] && [ "${LAB_BUILD_CONFORMANCE:-0}" = 1 ]; then
    LAB_SET=current "$LAB/scripts/build-conformance.sh"
    LAB_SET=current "$LAB/scripts/build-e2e-images.sh"
    s3=$(date +%s)
    log "lab:build conformance suite and e2e images: $((s3 - s2))s"
    summary+=" conformance $((s3 - s2))s"
  fi
  v="$(LAB_SET="$set" bash -c "source '$LAB/scripts/lib.sh'; echo \$KUBERNETES_VERSION")"
  log "lab:build $set set ($v): binaries $((s1 - s0))s, images $((s2 - s1))s, total $(( $(date +%s) - s0 ))s"
  summary+=" $set($v) $(( $(date +%s) - s0 ))s"
done
# the real-systemd node's root (test/integration/host/systemd-real.test.ts), from the pin's Debian base
case " ${LAB_BUILD_SETS:-$LAB_SETS} " in
  *" current "*)
    s0=$(date +%s)
    "$LAB/scripts/build-systemd-root.sh" >/dev/null
    log "lab:build systemd root: $(( $(date +%s) - s0 ))s"
    summary+=" systemd-root $(( $(date +%s) - s0 ))s"
    # the multi-node lab's node root (npm run lab:cluster), the systemd root plus containerd & co.
    s0=$(date +%s)
    "$LAB/scripts/build-node-root.sh" >/dev/null
    log "lab:build cluster node root: $(( $(date +%s) - s0 ))s"
    summary+=" node-root $(( $(date +%s) - s0 ))s" ;;
esac
log "lab:build done in $(( $(date +%s) - t0 ))s:$summary"
