// `npm run test:quick` leaves out the test files that reach the upstream oracle
// (test/support/oracle-files.ts): every file that runs upstream must be among them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { filesReachingTheOracle, testFiles } from "../support/oracle-files.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const all = testFiles(REPO, ["test/unit", "test/integration"]);
const oracle = filesReachingTheOracle(REPO, all);

describe("the files test:quick leaves out", () => {
  it("include every parity file, through its helpers too", () => {
    expect(oracle).toEqual(
      expect.arrayContaining([
        "test/unit/cli/help-golden.test.ts", // requireUpstream
        "test/unit/config/bad-input.test.ts",
        "test/unit/manifests/upstream-live.test.ts",
        "test/integration/init/dry-run.test.ts", // the lab's runKubeadm
        "test/integration/pki/certs-cli.test.ts",
        "test/integration/cluster/goldens-upstream.test.ts", // golden/cluster/generate.mjs finds the cache itself
      ]),
    );
  });

  it("include every file whose source runs upstream", () => {
    const runsUpstream = all.filter((f) => /(?<!["'])\brequire\w*Upstream\w*\(|\brunKubeadm\(|\brunBoth\(|\bUPSTREAM_KUBEADM\b|\bupstreamPath\(/.test(readFileSync(join(REPO, f), "utf8")));
    expect(runsUpstream.length).toBeGreaterThan(20);
    expect(runsUpstream.filter((f) => !oracle.includes(f))).toEqual([]);
  });

  it("keep the files that need no oracle", () => {
    expect(oracle).not.toContain("test/unit/known-differences.test.ts");
    expect(oracle).not.toContain("test/unit/cluster/golden.test.ts");
    expect(oracle.length).toBeLessThan(all.length);
  });
});
