/**
 * Unified diffs as github.com/pmezard/go-difflib writes them (the port of Python's difflib that
 * `kubeadm upgrade diff` uses): SequenceMatcher with auto-junk (elements of b that occur in more
 * than 1% of a 200+ line b are never matched), its grouped opcodes, and WriteUnifiedDiff's
 * "--- / +++ / @@" text. Hunks come out exactly as upstream's, ties included.
 */

interface Match {
  a: number;
  b: number;
  size: number;
}

type Tag = "r" | "d" | "i" | "e";

interface OpCode {
  tag: Tag;
  i1: number;
  i2: number;
  j1: number;
  j2: number;
}

class SequenceMatcher {
  private readonly b2j = new Map<string, number[]>();
  private matchingBlocks: Match[] | null = null;

  constructor(
    private readonly a: readonly string[],
    private readonly b: readonly string[],
  ) {
    b.forEach((s, i) => {
      const l = this.b2j.get(s);
      if (l) l.push(i);
      else this.b2j.set(s, [i]);
    });
    const n = b.length;
    if (n >= 200) {
      const ntest = Math.floor(n / 100) + 1;
      for (const [s, indices] of [...this.b2j]) if (indices.length > ntest) this.b2j.delete(s);
    }
  }

  private findLongestMatch(alo: number, ahi: number, blo: number, bhi: number): Match {
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i !== ahi; i++) {
      const newj2len = new Map<number, number>();
      for (const j of this.b2j.get(this.a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        newj2len.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = newj2len;
    }
    // no junk predicate: only the extension over equal (non-junk) neighbours applies
    while (besti > alo && bestj > blo && this.a[besti - 1] === this.b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && this.a[besti + bestsize] === this.b[bestj + bestsize]) bestsize++;
    return { a: besti, b: bestj, size: bestsize };
  }

  getMatchingBlocks(): Match[] {
    if (this.matchingBlocks) return this.matchingBlocks;
    const matched: Match[] = [];
    const matchBlocks = (alo: number, ahi: number, blo: number, bhi: number): void => {
      const m = this.findLongestMatch(alo, ahi, blo, bhi);
      if (m.size > 0) {
        if (alo < m.a && blo < m.b) matchBlocks(alo, m.a, blo, m.b);
        matched.push(m);
        if (m.a + m.size < ahi && m.b + m.size < bhi) matchBlocks(m.a + m.size, ahi, m.b + m.size, bhi);
      }
    };
    matchBlocks(0, this.a.length, 0, this.b.length);
    const nonAdjacent: Match[] = [];
    let [i1, j1, k1] = [0, 0, 0];
    for (const m of matched) {
      if (i1 + k1 === m.a && j1 + k1 === m.b) k1 += m.size;
      else {
        if (k1 > 0) nonAdjacent.push({ a: i1, b: j1, size: k1 });
        [i1, j1, k1] = [m.a, m.b, m.size];
      }
    }
    if (k1 > 0) nonAdjacent.push({ a: i1, b: j1, size: k1 });
    nonAdjacent.push({ a: this.a.length, b: this.b.length, size: 0 });
    this.matchingBlocks = nonAdjacent;
    return nonAdjacent;
  }

  getOpCodes(): OpCode[] {
    let i = 0;
    let j = 0;
    const codes: OpCode[] = [];
    for (const m of this.getMatchingBlocks()) {
      let tag: Tag | null = null;
      if (i < m.a && j < m.b) tag = "r";
      else if (i < m.a) tag = "d";
      else if (j < m.b) tag = "i";
      if (tag) codes.push({ tag, i1: i, i2: m.a, j1: j, j2: m.b });
      i = m.a + m.size;
      j = m.b + m.size;
      if (m.size > 0) codes.push({ tag: "e", i1: m.a, i2: i, j1: m.b, j2: j });
    }
    return codes;
  }

  getGroupedOpCodes(n: number): OpCode[][] {
    if (n < 0) n = 3;
    let codes = this.getOpCodes();
    if (codes.length === 0) codes = [{ tag: "e", i1: 0, i2: 1, j1: 0, j2: 1 }];
    const first = codes[0]!;
    if (first.tag === "e") codes[0] = { tag: "e", i1: Math.max(first.i1, first.i2 - n), i2: first.i2, j1: Math.max(first.j1, first.j2 - n), j2: first.j2 };
    const last = codes[codes.length - 1]!;
    if (last.tag === "e") codes[codes.length - 1] = { tag: "e", i1: last.i1, i2: Math.min(last.i2, last.i1 + n), j1: last.j1, j2: Math.min(last.j2, last.j1 + n) };
    const nn = n + n;
    const groups: OpCode[][] = [];
    let group: OpCode[] = [];
    for (const c of codes) {
      let { i1, j1 } = c;
      const { i2, j2 } = c;
      if (c.tag === "e" && i2 - i1 > nn) {
        group.push({ tag: "e", i1, i2: Math.min(i2, i1 + n), j1, j2: Math.min(j2, j1 + n) });
        groups.push(group);
        group = [];
        i1 = Math.max(i1, i2 - n);
        j1 = Math.max(j1, j2 - n);
      }
      group.push({ tag: c.tag, i1, i2, j1, j2 });
    }
    if (group.length > 0 && !(group.length === 1 && group[0]!.tag === "e")) groups.push(group);
    return groups;
  }
}

/** Lines with their "\n"; the last one gets a "\n" added (go-difflib SplitLines). */
export function splitLines(s: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", start)) {
    lines.push(s.slice(start, i + 1));
    start = i + 1;
  }
  lines.push(`${s.slice(start)}\n`);
  return lines;
}

function formatRange(start: number, stop: number): string {
  let beginning = start + 1;
  const length = stop - start;
  if (length === 1) return String(beginning);
  if (length === 0) beginning -= 1;
  return `${beginning},${length}`;
}

export interface UnifiedDiffInput {
  a: readonly string[];
  b: readonly string[];
  fromFile: string;
  toFile: string;
  /** Lines of context (negative: 3). */
  context: number;
}

/** The unified diff text ("" when a and b are equal), as go-difflib's WriteUnifiedDiff. */
export function unifiedDiff(d: UnifiedDiffInput): string {
  let out = "";
  let started = false;
  for (const g of new SequenceMatcher(d.a, d.b).getGroupedOpCodes(d.context)) {
    if (!started) {
      started = true;
      if (d.fromFile !== "" || d.toFile !== "") out += `--- ${d.fromFile}\n+++ ${d.toFile}\n`;
    }
    const first = g[0]!;
    const last = g[g.length - 1]!;
    out += `@@ -${formatRange(first.i1, last.i2)} +${formatRange(first.j1, last.j2)} @@\n`;
    for (const c of g) {
      if (c.tag === "e") {
        for (const l of d.a.slice(c.i1, c.i2)) out += ` ${l}`;
        continue;
      }
      if (c.tag === "r" || c.tag === "d") for (const l of d.a.slice(c.i1, c.i2)) out += `-${l}`;
      if (c.tag === "r" || c.tag === "i") for (const l of d.b.slice(c.j1, c.j2)) out += `+${l}`;
    }
  }
  return out;
}
