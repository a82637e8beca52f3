#!/usr/bin/env bash
# npm test: every test, as CI (.ci/run) runs them, with the time of each step at the end.
#   build, typecheck, lab:build (upstream v1.37 and v1.36 from the Go module proxy, the lab images
#   and roots), test:lab (one real node), then vitest (unit and integration, parity with the
#   upstream oracle) and test:cluster (five real nodes) side by side, then test:conformance-ci
#   (upstream's e2e.test on 3+2).
# Why side by side: on CI's 2 cores a cold run must stay under 75 minutes (test/lab/README.md, "CI
# budget"). vitest keeps one core busy (one worker); test:cluster mostly waits on real nodes
# (~25% of the two cores), so their ~15 and ~28 minutes overlap instead of adding up. They do not
# share state: the cluster's nodes have their own mount and network namespaces and cgroups, and no
# vitest file takes the lab lock or rebuilds dist/ (which the nodes run kubeadm-ts from). test:lab
# runs before, alone: its node uses the host's /etc/kubernetes and /var/lib/kubelet, which some
# vitest files read. vitest's output comes first, then test:cluster's whole log.
# Two builds run in the background at the lowest CPU priority from the end of lab:build: OpenSSL's
# FIPS provider (test/fips/build-fips.sh, ~1.5 min cold; the FIPS tests wait on its lock) and then
# upstream's conformance suite (e2e.test, ginkgo, agnhost, nnp and the e2e images, ~5 min of Go
# cold); test:conformance-ci waits for them.
# A failing step stops the run (vitest and test:cluster are both waited for and both reported).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .test-results
t0=$(date +%s)
times=""
bg=""
cl=""
bg_log=.test-results/background-builds.log
cluster_log=.test-results/cluster.log

kill_group() { if [ -n "$1" ]; then kill -- "-$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; fi; }
cleanup() { kill_group "$cl"; kill_group "$bg"; }
trap cleanup EXIT

step() {
  local name="$1" s rc=0
  shift
  s=$(date +%s)
  echo "npm test: $name" >&2
  "$@" || rc=$?
  times+=" $name $(( $(date +%s) - s ))s,"
  [ "$rc" -eq 0 ] || echo "npm test: $name failed (exit $rc)" >&2
  return "$rc"
}

step build npm run build
step typecheck npm run typecheck
step lab:build npm run lab:build

# each in its own process group (setsid), so that a failure stops all of it
setsid bash -c 'nice -n 19 test/fips/build-fips.sh &&
  LAB_SET=current nice -n 19 test/lab/scripts/build-conformance.sh &&
  LAB_SET=current nice -n 19 test/lab/scripts/build-e2e-images.sh' >"$bg_log" 2>&1 &
bg=$!
bg_start=$(date +%s)

step test:lab npm run test:lab

echo "npm test: test:cluster runs alongside vitest (its log: $cluster_log, printed after vitest)" >&2
cl_start=$(date +%s)
setsid npm run test:cluster >"$cluster_log" 2>&1 </dev/null &
cl=$!
vitest_rc=0
step vitest npx vitest run || vitest_rc=$?
cluster_rc=0
wait "$cl" || cluster_rc=$?
cl=""
cat "$cluster_log"
times+=" test:cluster $(( $(stat -c %Y "$cluster_log") - cl_start ))s (alongside vitest),"
if [ "$cluster_rc" -ne 0 ]; then echo "npm test: test:cluster failed (exit $cluster_rc; log: $cluster_log)" >&2; fi
if [ "$vitest_rc" -ne 0 ] || [ "$cluster_rc" -ne 0 ]; then exit 1; fi

s=$(date +%s)
bg_rc=0
wait "$bg" || bg_rc=$?
bg=""
if [ "$bg_rc" -ne 0 ]; then
  tail -n 40 "$bg_log" >&2
  echo "npm test: a background build failed (exit $bg_rc; whole log: $bg_log)" >&2
  exit 1
fi
times+=" background builds $(( $(stat -c %Y "$bg_log") - bg_start ))s ($(( $(date +%s) - s ))s waited for),"

step test:conformance-ci npm run test:conformance-ci
echo "npm test: passed in $(( $(date +%s) - t0 ))s:${times%,}" >&2
