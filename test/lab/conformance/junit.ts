// Reads the JUnit report ginkgo v2 writes for upstream's e2e suite (`--report-dir`:
// junit_<report-prefix>01.xml, one file for all parallel processes). Pure: text in, specs out.

export type SpecStatus = "passed" | "failed" | "skipped" | "pending" | "panicked" | "interrupted" | "timedout" | "aborted";

export interface Spec {
  /** the spec's full text without ginkgo's "[It] " node prefix */
  name: string;
  status: SpecStatus;
  seconds: number;
  /** the failure's message (failed, panicked, timed out, interrupted, aborted) */
  failure?: string;
}

export interface Report {
  /** the It specs (suite-level nodes such as [SynchronizedBeforeSuite] are in `suiteNodes`) */
  specs: Spec[];
  suiteNodes: Spec[];
  passed: number;
  failed: number;
  skipped: number;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

const FAILING = new Set(["failed", "panicked", "interrupted", "timedout", "aborted"]);

export function parseJUnit(xml: string): Report {
  const specs: Spec[] = [];
  const suiteNodes: Spec[] = [];
  if (!/<testsuites?[\s>]/.test(xml)) throw new Error("not a JUnit report: no <testsuites> or <testsuite> element");
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const a = attrs(m[1]!);
    const body = m[3] ?? "";
    const raw = a.name ?? "";
    let status = a.status as SpecStatus | undefined;
    const failure = /<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/.exec(body);
    if (!status) status = failure ? "failed" : /<skipped\b/.test(body) ? "skipped" : "passed";
    const spec: Spec = { name: raw.replace(/^\[It\] /, ""), status, seconds: Number(a.time ?? 0) };
    // upstream's e2e report leaves the message attribute empty (OmitFailureMessageAttr): the text
    // is the element's content
    if (failure || FAILING.has(status)) spec.failure = failure ? attrs(failure[2]!).message || unescapeXml(failure[3] ?? "").trim() || status : status;
    if (raw.startsWith("[It] ") || !raw.startsWith("[")) specs.push(spec);
    else suiteNodes.push(spec);
  }
  const count = (f: (s: Spec) => boolean) => specs.filter(f).length;
  return {
    specs,
    suiteNodes,
    passed: count((s) => s.status === "passed"),
    failed: count((s) => FAILING.has(s.status)) + suiteNodes.filter((s) => FAILING.has(s.status)).length,
    skipped: count((s) => s.status === "skipped" || s.status === "pending"),
  };
}
