// The committed goldens of test/golden/cluster/ still equal what upstream kubeadm prints now
// (regenerate with `node test/golden/cluster/generate.mjs`). Needs the lab's upstream kubeadm.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { goldenCases, normalizeDryRun, sliceApiObjects } from "../../golden/cluster/cases.mjs";
import { runUpstream } from "../../golden/cluster/generate.mjs";

const GOLDEN = resolve(dirname(fileURLToPath(import.meta.url)), "../../golden/cluster");
const KUBEADM = join(process.env.KUBEADM_TS_CACHE ?? join(homedir(), ".cache/kubeadm-ts"), "upstream/v1.36.3/bin/kubeadm");
const available = existsSync(KUBEADM);

describe("upstream kubeadm for the cluster goldens", () => {
  it("is present unless not required", () => {
    if (process.env.KUBEADM_TS_REQUIRE_UPSTREAM === "1") expect(available, `${KUBEADM} missing: run \`npm run lab:build\``).toBe(true);
    else expect(typeof available).toBe("boolean");
  });
});

describe.runIf(available)("cluster goldens equal upstream's live output", () => {
  for (const c of goldenCases) {
    it(c.file, () => {
      const r = runUpstream(c.args.map((a) => a.replaceAll("{inputs}", join(GOLDEN, "inputs"))));
      const text = c.kind === "dryrun" ? normalizeDryRun(sliceApiObjects(r.stdout)) : r.stdout;
      expect(text).toBe(readFileSync(join(GOLDEN, c.file), "utf8"));
    }, 120_000);
  }
});
