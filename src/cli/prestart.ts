/**
 * What a command line will need that is slow to make, started before the CLI itself has loaded
 * (~20 ms of module loading, during which a worker thread can boot and start searching primes).
 * A cheap look at argv, not a parse: the leading words name the command, and only `init`
 * (the whole workflow or one of its phases) is recognised. A wrong guess costs nothing but the
 * speculative work; the real parse in run.ts starts the same warm-up again with exact
 * phases (speculation is idempotent).
 */
import { initWorkflow } from "../workflow/tables/init.js";
import { warmUpKeyGeneration } from "../workflow/key-warmup.js";

export function prestart(argv: readonly string[]): void {
  const plan = prestartPlan(argv);
  if (plan) warmUpKeyGeneration(initWorkflow, plan.filter, plan.skip);
}

/** The init phases argv seems to select (filter and --skip-phases), or null for anything else. */
export function prestartPlan(argv: readonly string[]): { filter: string[]; skip: string[] } | null {
  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith("-")) break;
    words.push(a);
  }
  if (words[0] !== "init" || argv.includes("-h") || argv.includes("--help")) return null;
  let filter: string[] = [];
  if (words[1] === "phase") {
    if (!words[2]) return null;
    filter = [words[3] && words[3] !== "all" ? `${words[2]}/${words[3]}` : words[2]];
  } else if (words.length > 1) return null;
  const skip: string[] = [];
  argv.forEach((a, i) => {
    if (a === "--skip-phases" && argv[i + 1]) skip.push(...argv[i + 1]!.split(","));
    else if (a.startsWith("--skip-phases=")) skip.push(...a.slice("--skip-phases=".length).split(","));
  });
  return { filter, skip };
}
