#!/usr/bin/env bash
# The default demo: a full `kubeadm init --dry-run` on any machine. Nothing on the machine is
# changed: files go to a private dry-run directory and every API write is printed instead.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/main.js ] || npm run build --silent
if [ -z "${KUBEADM_INIT_DRYRUN_DIR:-}" ]; then
  KUBEADM_INIT_DRYRUN_DIR="$(mktemp -d -t kubeadm-init-dryrun.XXXXXX)"
  export KUBEADM_INIT_DRYRUN_DIR
fi
exec bin/kubeadm init --dry-run --ignore-preflight-errors=all "$@"
