export interface GoldenCase {
  file: string;
  kind: "dryrun" | "manifest";
  config: string;
  args: string[];
  allowFailure?: boolean;
}
export const goldenCases: GoldenCase[];
export function sliceApiObjects(stdout: string): string;
export function normalizeDryRun(text: string): string;

export declare function materializeInputs(): string;
