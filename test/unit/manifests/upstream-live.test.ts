// The committed goldens still match the real upstream kubeadm: regenerates the corpus with
// test/golden/manifests/update.sh into a temp dir and compares every file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { upstreamIfPresent } from "../../support/upstream.js";
import { GOLDEN_DIR, goldenCases } from "./golden-helpers.js";

const isRoot = process.getuid?.() === 0;

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...listFiles(root, p));
    else out.push(relative(root, p));
  }
  return out.sort();
}

describe("goldens vs live upstream kubeadm", () => {
  it("regenerated outputs equal the committed goldens (upstream binary required with KUBEADM_TS_REQUIRE_UPSTREAM=1)", { timeout: 120_000 }, () => {
    if (!isRoot && process.env.KUBEADM_TS_REQUIRE_UPSTREAM === "1") throw new Error("the live upstream comparison needs root (update.sh runs kubeadm in mount namespaces)");
    const upstream = isRoot ? upstreamIfPresent("kubeadm") : undefined;
    if (!upstream) {
      // without upstream, the committed goldens are the reference: they must at least be there
      expect(goldenCases().length).toBeGreaterThanOrEqual(8);
      return;
    }
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
