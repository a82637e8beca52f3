#!/usr/bin/env bash
# npm test: every test, in the order CI (.ci/run) runs them, with the time of each step at the end.
#   build, typecheck, lab:build (upstream v1.37 and v1.36 from the Go module proxy, the lab images
#   and roots), vitest (unit and integration, parity with the upstream oracle), test:lab (one real
#   node), test:cluster (five real nodes), test:conformance-ci (upstream's e2e.test on 3+2).
# Two builds run in the background at the lowest CPU priority from the end of lab:build: OpenSSL's
# FIPS provider (test/fips/build-fips.sh, ~3.5 min cold; the FIPS tests wait on its lock) and then
# upstream's conformance suite (e2e.test, ginkgo, agnhost, nnp and the e2e images, ~10 min of Go
# cold). vitest runs one worker on a 2-core machine and the lab tests mostly wait on real nodes, so
# they take the idle core instead of adding their time to a cold CI run (test/lab/README.md, "CI
# budget"). test:conformance-ci waits for them. Stops at the first failing step, as `a && b` would.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .test-results
t0=$(date +%s)
times=""
bg=""
bg_log=.test-results/conformance-build.log

stop_bg() { if [ -n "$bg" ]; then kill -- "-$bg" 2>/dev/null || true; wait "$bg" 2>/dev/null || true; bg=""; fi; }
trap stop_bg EXIT

step() {
  local name="$1" s
  shift
  s=$(date +%s)
  echo "npm test: $name" >&2
  "$@"
  times+=" $name $(( $(date +%s) - s ))s,"
}

step build npm run build
step typecheck npm run typecheck
step lab:build npm run lab:build

# its own process group (setsid), so a failing step stops the whole build
setsid bash -c 'nice -n 19 test/fips/build-fips.sh &&
  LAB_SET=current nice -n 19 test/lab/scripts/build-conformance.sh &&
  LAB_SET=current nice -n 19 test/lab/scripts/build-e2e-images.sh' >"$bg_log" 2>&1 &
bg=$!
bg_start=$(date +%s)

step vitest npx vitest run
step test:lab npm run test:lab
step test:cluster npm run test:cluster

s=$(date +%s)
if ! wait "$bg"; then
  bg=""
  tail -n 40 "$bg_log" >&2
  echo "npm test: the conformance suite's build failed (whole log: $bg_log)" >&2
  exit 1
fi
bg=""
times+=" conformance build (background) $(( $(stat -c %Y "$bg_log") - bg_start ))s ($(( $(date +%s) - s ))s waited for),"

step test:conformance-ci npm run test:conformance-ci
echo "npm test: passed in $(( $(date +%s) - t0 ))s:${times%,}" >&2
