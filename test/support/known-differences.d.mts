export interface KnownDifference {
  id: string;
  test: string;
  case: string;
  view: "output" | "changed lines";
  upstream: string;
  ours: string;
  reason: string;
  upstreamDiff?: string;
}
export declare const REDACTION_TEST_KEY: string;
/** How the join oracle tests show upstream's error (and hint) at the end of a failed join's stderr. */
export declare const UPSTREAM_ERROR: string;
export declare const KNOWN_DIFFERENCES: KnownDifference[];
export declare function changedLines(upstream: string, ours: string): { upstream: string; ours: string } | undefined;
export declare function formatKnownDifferences(version: string, entries?: KnownDifference[]): string;
