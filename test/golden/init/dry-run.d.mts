export declare const DRY_RUN_DIR: string;
export declare const dryRunCases: Array<{ name: string; args: string[]; config: string }>;
export declare function dryRunSummary(stdout: string): string[];
export declare function dryRunFiles(files: Record<string, { path: string; type: string; mode: number }>): string[];
export declare function normalizeDryRun(stdout: string): string;
export declare function maskRandomTokens(s: string): string;
