// The committed goldens of test/golden/cluster/ still equal what upstream kubeadm prints now
// (regenerate with `npm run goldens`). Needs the lab's upstream kubeadm.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { goldenCases, materializeInputs, normalizeDryRun, sliceApiObjects } from "../../golden/cluster/cases.mjs";
import { runUpstream } from "../../golden/cluster/generate.mjs";
import { requireUpstream } from "../../support/upstream.js";

const GOLDEN = resolve(dirname(fileURLToPath(import.meta.url)), "../../golden/cluster");

describe("upstream kubeadm for the cluster goldens", () => {
  it("is built", () => {
    expect(existsSync(requireUpstream("kubeadm"))).toBe(true);
  });
});

describe("cluster goldens equal upstream's live output", () => {
  const inputs = materializeInputs();
  for (const c of goldenCases) {
    it(c.file, () => {
      requireUpstream("kubeadm");
      const r = runUpstream(c.args.map((a) => a.replaceAll("{inputs}", inputs)));
      const text = c.kind === "dryrun" ? normalizeDryRun(sliceApiObjects(r.stdout)) : r.stdout;
      expect(text).toBe(readFileSync(join(GOLDEN, c.file), "utf8"));
    }, 120_000);
  }
});
