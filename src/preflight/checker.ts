/**
 * The preflight framework: a check has a name and reports warnings and errors
 * (as message strings); the runner prints warnings at once, demotes the errors
 * of ignored checks to warnings, and fails with all remaining errors together.
 */
import type { Writable } from "node:stream";
import type { ConfigLogger } from "../util/log.js";
import type { HostFacts } from "../host/host-facts.js";
import { KubeadmError } from "../util/errors.js";

export interface CheckResult {
  warnings: string[];
  errors: string[];
}

/** What a check may use: the node (through HostFacts) and the output streams. */
export interface CheckContext {
  facts: HostFacts;
  /** Where validators print their report (SystemVerification). */
  stdout: Writable;
  /** klog-style warnings (e.g. the sandbox image mismatch). */
  logger: ConfigLogger;
}

export interface Checker {
  /** The name used in output and matched (lower-cased) by --ignore-preflight-errors. */
  readonly name: string;
  check(ctx: CheckContext): Promise<CheckResult>;
}

export const ok = (): CheckResult => ({ warnings: [], errors: [] });
export const warning = (...warnings: string[]): CheckResult => ({ warnings, errors: [] });
export const failure = (...errors: string[]): CheckResult => ({ warnings: [], errors });

/** Upstream's error for a failed run; the details were already written to the warnings stream. */
export class PreflightChecksFailed extends KubeadmError {
  /** The `\t[ERROR <name>]: <message>` lines. */
  readonly errorLines: string[];
  constructor(errorLines: string[]) {
    // Upstream v1.36 returns a plain error here: exit status 1.
    super("preflight checks failed", 1);
    this.name = "PreflightChecksFailed";
    this.errorLines = errorLines;
  }
}

/** --ignore-preflight-errors values as a set: lower-cased, as upstream normalises them. */
export function ignoreSet(values: Iterable<string>): Set<string> {
  const s = new Set<string>();
  for (const v of values) s.add(v.toLowerCase());
  return s;
}

/** True when `name` (any case) or "all" is in the (lower-cased) ignore set. */
export function isIgnored(ignore: ReadonlySet<string>, name: string): boolean {
  return ignore.has("all") || ignore.has(name.toLowerCase());
}

export interface RunChecksOptions {
  ignore: ReadonlySet<string>;
  /** Warnings and the fatal-errors block go here (upstream: stderr). */
  out: Writable;
  ctx: CheckContext;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs every check in order (a failing check never stops the later ones), then
 * throws PreflightChecksFailed if any error is left after applying the ignore set.
 */
export async function runChecks(checks: readonly Checker[], opts: RunChecksOptions): Promise<void> {
  const errorLines: string[] = [];
  for (const c of checks) {
    let res: CheckResult;
    try {
      res = await c.check(opts.ctx);
    } catch (err) {
      // A check that throws is reported like a check that returned the error.
      res = failure(errorMessage(err));
    }
    let { warnings, errors } = res;
    if (isIgnored(opts.ignore, c.name)) {
      warnings = [...warnings, ...errors];
      errors = [];
    }
    for (const w of warnings) opts.out.write(`\t[WARNING ${c.name}]: ${w}\n`);
    for (const e of errors) errorLines.push(`\t[ERROR ${c.name}]: ${e}\n`);
  }
  if (errorLines.length > 0) {
    opts.out.write(
      "[preflight] Some fatal errors occurred:\n" +
        errorLines.join("") +
        "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n",
    );
    throw new PreflightChecksFailed(errorLines);
  }
}
