// go-difflib's unified diff (the port of Python's difflib that `kubeadm upgrade diff` writes with)
// by value: the expected texts are Python difflib.unified_diff's for the same input (the same
// algorithm, auto-junk included), so hunks, ranges and tie-breaks are the matcher's own.
import { describe, expect, it } from "vitest";
import { splitLines, unifiedDiff } from "../../../src/util/unified-diff.js";

const A = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
const B = "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\n";
const diff = (a: string, b: string, context: number) => unifiedDiff({ a: splitLines(a), b: splitLines(b), fromFile: "from", toFile: "to", context });
const big = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join("");

describe("unifiedDiff", () => {
  it("context 0, 1 and 3", () => {
    expect(diff(A, B, 0)).toBe("--- from\n+++ to\n@@ -2 +2 @@\n-b\n+B\n@@ -10 +10,2 @@\n-j\n+J\n+k\n");
    expect(diff(A, B, 1)).toBe("--- from\n+++ to\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -9,3 +9,4 @@\n i\n-j\n+J\n+k\n \n");
    expect(diff(A, B, 3)).toBe("--- from\n+++ to\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -7,5 +7,6 @@\n g\n h\n i\n-j\n+J\n+k\n \n");
  });

  it("auto-junk: a line in more than 1% of a 200+ line text is never a match anchor", () => {
    const a = big(250, (i) => (i % 3 === 0 ? "x\n" : `line ${i}\n`));
    const b = big(260, (i) => (i % 3 === 0 ? "x\n" : i % 40 ? `line ${i}\n` : `changed ${i}\n`));
    expect(diff(a, b, 2)).toBe("--- from\n+++ to\n@@ -39,5 +39,5 @@\n line 38\n x\n-line 40\n+changed 40\n line 41\n x\n@@ -79,5 +79,5 @@\n x\n line 79\n-line 80\n+changed 80\n x\n line 82\n@@ -159,5 +159,5 @@\n line 158\n x\n-line 160\n+changed 160\n line 161\n x\n@@ -199,5 +199,5 @@\n x\n line 199\n-line 200\n+changed 200\n x\n line 202\n@@ -249,3 +249,13 @@\n line 248\n x\n+line 250\n+line 251\n+x\n+line 253\n+line 254\n+x\n+line 256\n+line 257\n+x\n+line 259\n \n");
  });

  it("equal texts: nothing; a negative context means 3", () => {
    expect(diff(A, A, 3)).toBe("");
    expect(diff(A, B, -1)).toBe(diff(A, B, 3));
  });

  it("splitLines keeps the newlines and adds one to the last line", () => {
    expect(splitLines("a\nb\n")).toEqual(["a\n", "b\n", "\n"]);
    expect(splitLines("a\nb")).toEqual(["a\n", "b\n"]);
  });
});
