#!/usr/bin/env bash
# npm run goldens — regenerates every golden fixture under test/golden/ from the pinned upstream
# kubeadm (test/lab/versions.env; built by `npm run lab:build`), so that a version bump is: edit
# versions.env, `npm run lab:build`, `npm run goldens`, read `git diff test/golden`, change the code
# where behaviour moved. Runs, in order:
#   cli/update.sh         every help screen and the command tree
#   config/update.sh      config print, images list (pin and N-1), the migrate, bad-input and
#                         experimental corpora, the YAML emitter corpus
#   manifests/update.sh   static Pods, kubelet files and kubeconfigs of each case (needs root)
#   init/generate.mjs     init --dry-run: files and API objects
#   cluster/generate.mjs  init --dry-run API objects and the addons' --print-manifest
#   certs/generate.mjs    kubeadm certs check-expiration / renew / generate-csr scenarios
#   upgrade/update.sh     the CoreDNS Corefile migration corpus through corefile-migration (needs Go)
# Every output golden is compared with kubeadm-ts's output by a test: a new golden file needs that
# test and a rule naming it in test/unit/golden-compared.test.ts, which fails on any file under
# test/golden that no rule names.
# Golden inputs name versions as ${KUBERNETES_VERSION} / ${PREVIOUS_KUBERNETES_VERSION}
# (versions.mjs fills them in). KUBEADM_UPSTREAM=<path> uses another upstream kubeadm; arguments
# select parts: `npm run goldens -- cli config`.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lab/scripts/lib.sh"
export KUBEADM_UPSTREAM="${KUBEADM_UPSTREAM:-$UPSTREAM_BIN/kubeadm}"
export KUBEADM_UPSTREAM_PREVIOUS="${KUBEADM_UPSTREAM_PREVIOUS:-$CACHE/upstream/$PREVIOUS_KUBERNETES_VERSION/bin/kubeadm}"
if [ "$KUBEADM_UPSTREAM" = "$UPSTREAM_BIN/kubeadm" ] && [ ! -f "$UPSTREAM_BIN/.kubeadm-ready" ]; then
  die "upstream kubeadm $KUBERNETES_VERSION is not built: run npm run lab:build"
fi
[ -x "$KUBEADM_UPSTREAM" ] || die "no upstream kubeadm at $KUBEADM_UPSTREAM"
got="$("$KUBEADM_UPSTREAM" version -o short)"
log "goldens from upstream kubeadm $got ($KUBEADM_UPSTREAM)"
parts="${*:-cli config manifests init cluster certs upgrade}"
start=$(date +%s)
for p in $parts; do
  t=$(date +%s)
  case "$p" in
    cli) bash "$HERE/cli/update.sh" >&2 ;;
    config) bash "$HERE/config/update.sh" ;;
    manifests) bash "$HERE/manifests/update.sh" ;;
    init) node "$HERE/init/generate.mjs" >&2 ;;
    cluster) node "$HERE/cluster/generate.mjs" >&2 ;;
    certs) node "$HERE/certs/generate.mjs" >&2 ;;
    upgrade) bash "$HERE/upgrade/update.sh" ;;
    *) die "unknown part $p (cli config manifests init cluster certs upgrade)" ;;
  esac
  log "goldens: $p done in $(( $(date +%s) - t ))s"
done
log "goldens regenerated in $(( $(date +%s) - start ))s; review: git diff --stat -- test/golden"
git -C "$HERE/../.." diff --stat -- test/golden >&2 || true
