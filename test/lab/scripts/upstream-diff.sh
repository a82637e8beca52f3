#!/usr/bin/env bash
# Where kubeadm-ts's CLI differs from upstream kubeadm <version> (upstream-diff.mjs says what is
# compared): builds that upstream kubeadm (upstream-kubeadm.sh) and kubeadm-ts from the working
# tree (build-ts.sh, into the output folder: neither dist/ nor the lab's copy is touched), then
# prints the summary and writes the reports.
# Usage: upstream-diff.sh <version> [report.md]
#   <version>   e.g. v1.37.2, v1.38.0-beta.0
#   report.md   also write a trimmed copy there (diffs capped at 80 lines), e.g.
#               test/lab/reports/upstream-diff-<version>.md
# Env: UPSTREAM_DIFF_OUT=<dir> (default: a new temp dir), KUBEADM_BIN=<path> (test that kubeadm-ts
# instead of building one), UPSTREAM_DIFF_INTERMEDIATE=<version> (also run upstream kubeadm of that
# version, e.g. the next pin v1.37.2 when <version> is v1.38.0-beta.0, and list what <version>
# changed after it). The baseline is upstream kubeadm of the pin (versions.env): the lab's build
# when present, else built here like <version>.
# Exit status 0 whatever differs (it is a report); non-zero only when a build failed.
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
REPO="$(cd "$LAB/../.." && pwd)"
v="${1:-}"
[ -n "$v" ] || die "usage: upstream-diff.sh <version> [report.md]"
trim="${2:-}"
[ -z "$trim" ] || trim="$(realpath -m "$trim")"
out="${UPSTREAM_DIFF_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/upstream-diff-$v.XXXXXX")}"
mkdir -p "$out"

target="$("$LAB/scripts/upstream-kubeadm.sh" "$v")" || die "building upstream kubeadm $v failed"
if [ -f "$UPSTREAM_BIN/.kubeadm-ready" ] && [ -x "$UPSTREAM_BIN/kubeadm" ]; then
  pinned="$UPSTREAM_BIN/kubeadm"
else
  pinned="$("$LAB/scripts/upstream-kubeadm.sh" "$KUBERNETES_VERSION")" || die "building upstream kubeadm $KUBERNETES_VERSION failed"
fi
if [ -n "${KUBEADM_BIN:-}" ]; then
  ts="$KUBEADM_BIN"
else
  ts="$(KUBEADM_TS_BUILD_OUT="$out/kubeadm-ts-build" "$LAB/scripts/build-ts.sh")" || die "building kubeadm-ts failed"
fi

args=(--version "$v" --target "$target" --ts "$ts" --pinned "$pinned" --pinned-version "$KUBERNETES_VERSION"
  --out "$out" --report "$out/report.md")
[ -z "$trim" ] || args+=(--trim-report "$trim")
if [ -n "${UPSTREAM_DIFF_INTERMEDIATE:-}" ]; then
  inter="$("$LAB/scripts/upstream-kubeadm.sh" "$UPSTREAM_DIFF_INTERMEDIATE")" || die "building upstream kubeadm $UPSTREAM_DIFF_INTERMEDIATE failed"
  args+=(--intermediate "$inter" --intermediate-version "$UPSTREAM_DIFF_INTERMEDIATE")
fi
start=$(date +%s)
node "$LAB/scripts/upstream-diff.mjs" "${args[@]}" || die "upstream-diff.mjs failed"
log "compared in $(( $(date +%s) - start ))s"
