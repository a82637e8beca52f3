#!/usr/bin/env bash
# Builds kubeadm-ts from the working tree into a private copy for the lab
# ($CACHE/kubeadm-ts-build/bin/kubeadm, printed on stdout) instead of the shared dist/: the
# working tree is shared, and a concurrent `npm run build` (which deletes and rewrites dist/)
# must not pull the modules from under a running `kubeadm init`. KUBEADM_TS_BUILD_OUT=<dir> builds
# into another folder (upstream-diff.sh uses its own, so it never replaces the lab's copy).
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$LAB/scripts/lib.sh"
REPO="$(cd "$LAB/../.." && pwd)"
out="${KUBEADM_TS_BUILD_OUT:-$CACHE/kubeadm-ts-build}"
stage="$out.tmp.$$"
rm -rf "$stage"
mkdir -p "$stage/scripts" "$stage/bin"
cp -a "$REPO/src" "$stage/src"
cp -a "$REPO/package.json" "$stage/"
cp -a "$REPO/scripts/build.mjs" "$stage/scripts/"
cp -a "$REPO/bin/kubeadm" "$stage/bin/"
ln -s "$REPO/node_modules" "$stage/node_modules"
# version stamps from the real repository
(cd "$stage" && GIT_DIR="$REPO/.git" GIT_WORK_TREE="$REPO" node scripts/build.mjs) >&2
rm -rf "$stage/src"
rm -rf "$out.old"
if [ -d "$out" ]; then mv "$out" "$out.old"; fi
mv "$stage" "$out"
rm -rf "$out.old"
echo "$out/bin/kubeadm"
