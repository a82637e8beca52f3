#!/usr/bin/env bash
# npm run lab:build — upstream binaries, then the lab images. Idempotent; prints timings.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
t0=$(date +%s)
apt_ensure gcc libc6-dev python3 strace openssl
"$LAB/scripts/build-upstream.sh" "$@"
t1=$(date +%s)
"$LAB/scripts/build-images.sh"
t2=$(date +%s)
log "lab:build done: binaries $((t1 - t0))s, images $((t2 - t1))s, total $((t2 - t0))s"
