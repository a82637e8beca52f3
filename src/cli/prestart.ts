/**
 * What a command line will need that is slow to make, started before the CLI itself has loaded
 * (~20 ms of module loading, during which a worker thread can boot and start searching primes).
 * A cheap look at argv, not a parse: the leading words name the command, and only `init`
 * (the whole workflow or one of its phases) is recognised. A wrong guess costs nothing but the
 * speculative work; the real parse in run.ts starts the same warm-up again with exact
 * phases (speculation is idempotent).
 */
import { readFileSync } from "node:fs";
import { initWorkflow } from "../workflow/tables/init.js";
import { warmUpKeyGeneration } from "../workflow/key-warmup.js";

export function prestart(argv: readonly string[]): void {
  const plan = prestartPlan(argv);
  if (plan) warmUpKeyGeneration(initWorkflow, plan.filter, plan.skip, configText(plan.config));
}

/** The config file's text for the key-type glance, or undefined (none, unreadable, too big). */
export function configText(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    const text = readFileSync(file, "utf8");
    return text.length <= 1 << 20 ? text : undefined;
  } catch {
    return undefined; // the real load reports it
  }
}

/** The init phases argv seems to select (filter and --skip-phases) and its --config file, or null for anything else. */
export function prestartPlan(argv: readonly string[]): { filter: string[]; skip: string[]; config?: string } | null {
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
  let config: string | undefined;
  argv.forEach((a, i) => {
    if (a === "--skip-phases" && argv[i + 1]) skip.push(...argv[i + 1]!.split(","));
    else if (a.startsWith("--skip-phases=")) skip.push(...a.slice("--skip-phases=".length).split(","));
    else if (a === "--config" && argv[i + 1]) config = argv[i + 1];
    else if (a.startsWith("--config=")) config = a.slice("--config=".length);
  });
  return config === undefined ? { filter, skip } : { filter, skip, config };
}
