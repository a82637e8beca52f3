// Compares upstream's live output with ours under the one list of accepted differences
// (test/support/known-differences.mjs): equal, or exactly as the entry for that case says.
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { KNOWN_DIFFERENCES, changedLines, type KnownDifference } from "./known-differences.mjs";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const LIST = "test/support/known-differences.mjs";

export interface ParityCheck {
  /** The entries this test file holds. */
  readonly entries: readonly KnownDifference[];
  /**
   * Upstream's text and ours for one case (named as the entries' `case`): equal, or, where an
   * entry lists the case, upstream's exactly the entry's `upstream` and ours exactly its `ours`.
   */
  same(caseName: string, upstream: string, ours: string): void;
  /** Ids of this file's entries that no `same` call has met yet. */
  unmet(): string[];
}

/** The parity check of one test file: `parity(import.meta.url)`. */
export function parity(testFileUrl: string): ParityCheck {
  const file = relative(REPO, fileURLToPath(testFileUrl));
  const entries = KNOWN_DIFFERENCES.filter((e) => e.test === file);
  const met = new Set<string>();
  return {
    entries,
    same(caseName, upstream, ours) {
      const e = entries.find((x) => x.case === caseName);
      if (!e) {
        expect(ours, `${caseName}: ours differs from upstream's, and ${LIST} lists no such difference`).toBe(upstream);
        return;
      }
      met.add(e.id);
      let u = upstream;
      let o = ours;
      if (e.view === "changed lines") {
        const c = changedLines(upstream, ours);
        expect(c, `${e.id}: the outputs no longer differ line for line (upstream ${upstream.split("\n").length} lines, ours ${ours.split("\n").length})`).toBeDefined();
        u = c!.upstream;
        o = c!.ours;
      }
      expect(u, `${e.id}: upstream no longer says the listed text (upstream changed: update or remove the entry in ${LIST})`).toBe(e.upstream);
      expect(o, `${e.id}: kubeadm-ts no longer says the listed text (fixed? remove the entry in ${LIST}; changed? update it)`).toBe(e.ours);
    },
    unmet() {
      return entries.filter((e) => !met.has(e.id)).map((e) => e.id);
    },
  };
}
