// Component command lines from kubeadm's default flags and the user's extraArgs.
import type { Arg } from "../config/types.js";

/**
 * The `--name=value` list upstream v1.36 builds: every default whose name is not
 * among the overrides, sorted by name (then value), followed by all overrides in
 * the order the user gave them (duplicates kept).
 */
export function buildArgumentList(defaults: readonly Arg[], overrides: readonly Arg[]): string[] {
  const overridden = new Set(overrides.map((a) => a.name));
  const kept = defaults.filter((a) => !overridden.has(a.name));
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return [...kept, ...overrides].map((a) => `--${a.name}=${a.value}`);
}

/** The value of the last (index -1) extra arg with this name, or undefined. */
export function lastArgValue(args: readonly Arg[], name: string): string | undefined {
  for (let i = args.length - 1; i >= 0; i--) if (args[i]!.name === name) return args[i]!.value;
  return undefined;
}

/** Shorthand for building default argument lists. */
export function arg(name: string, value: string): Arg {
  return { name, value };
}
