// The committed goldens still match the real upstream kubeadm: regenerates the corpus with
// test/golden/manifests/update.sh into a temp dir and compares every file. Needs the upstream
// binary (`npm run lab:build`) and root (update.sh runs kubeadm in mount namespaces).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireRoot, requireUpstream } from "../../support/upstream.js";
import { GOLDEN_DIR, goldenCases, listFiles } from "./golden-helpers.js";

describe("goldens vs live upstream kubeadm", () => {
  it("regenerated outputs equal the committed goldens", { timeout: 120_000 }, () => {
    const upstream = requireUpstream("kubeadm");
    requireRoot("the live upstream comparison of the manifest goldens");
    expect(goldenCases().length).toBeGreaterThanOrEqual(8);
    const out = mkdtempSync(join(tmpdir(), "manifest-goldens-"));
    try {
      execFileSync(join(GOLDEN_DIR, "update.sh"), ["--out", out], { env: { ...process.env, KUBEADM_UPSTREAM: upstream }, stdio: "pipe" });
      for (const c of goldenCases()) {
        const want = listFiles(c.expectedDir);
        expect(listFiles(join(out, c.name)), c.name).toEqual(want);
        for (const f of want) {
          expect(readFileSync(join(out, c.name, f), "utf8"), `${c.name}/${f}`).toBe(readFileSync(join(c.expectedDir, f), "utf8"));
        }
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
