// The one list of accepted differences from upstream kubeadm (test/support/known-differences.mjs):
// printed with its count on every run, so that it is seen; its count is pinned here, so that an
// entry is added or removed on purpose; and every entry belongs to a test file that compares the
// case live and fails when an entry of its own is never met.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KUBERNETES_VERSION } from "../../src/constants.js";
import { KNOWN_DIFFERENCES, changedLines, formatKnownDifferences } from "../support/known-differences.mjs";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** Change it with the list: the count is what a reviewer sees move. */
const EXPECTED_COUNT = 7;

describe("known differences from upstream", () => {
  it(`the list holds ${EXPECTED_COUNT} entries (printed below)`, () => {
    console.log(formatKnownDifferences(KUBERNETES_VERSION));
    expect(KNOWN_DIFFERENCES.length, "an entry was added or removed: update EXPECTED_COUNT with it").toBe(EXPECTED_COUNT);
  });

  it("each entry is complete, its id unique, and its two texts differ", () => {
    const ids = KNOWN_DIFFERENCES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of KNOWN_DIFFERENCES) {
      expect(e.id, e.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const k of ["test", "case", "upstream", "ours", "reason"] as const) expect(e[k].length, `${e.id}: ${k}`).toBeGreaterThan(0);
      expect(["output", "changed lines"], `${e.id}: view`).toContain(e.view);
      expect(e.ours, `${e.id}: ours equals upstream's text`).not.toBe(e.upstream);
      if (e.view === "changed lines") {
        expect(e.upstream.split("\n").length, `${e.id}: as many changed lines on both sides`).toBe(e.ours.split("\n").length);
        expect(changedLines(e.upstream, e.ours), `${e.id}: every listed line differs`).toEqual({ upstream: e.upstream, ours: e.ours });
      }
    }
  });

  it("each entry's test file compares the case live and checks that all its entries were met", () => {
    for (const e of KNOWN_DIFFERENCES) {
      const file = join(REPO, e.test);
      expect(existsSync(file), `${e.id}: ${e.test} does not exist`).toBe(true);
      const src = readFileSync(file, "utf8");
      expect(src, `${e.id}: ${e.test} does not use parity(import.meta.url)`).toContain("parity(import.meta.url)");
      expect(src, `${e.id}: ${e.test} does not run upstream (requireUpstream)`).toContain("requireUpstream(");
      expect(src, `${e.id}: ${e.test} never checks that its entries were met`).toMatch(/expect\(check\.unmet\(\)[^)]*\)\.toEqual\(\[\]\)/);
    }
  });
});
