// Component command lines from kubeadm's default flags and the user's extraArgs.
import type { Arg } from "../config/types.js";

/**
 * A base value merged with an override by the override's merge method (experimental
 * kubeadm.k8s.io/v1 only): "append" → base + value, "prepend" → value + base, none → value.
 */
export function mergeArgWithBase(base: string, override: Arg): string {
  if (override.mergeMethod === "append") return base + override.value;
  if (override.mergeMethod === "prepend") return override.value + base;
  return override.value;
}

/**
 * The `--name=value` list upstream v1.37 builds: the defaults sorted by name (then value), each
 * dropped when the last override of that name replaces it (no merge method) or merged with that
 * override (a merge method), followed by the overrides without a merge method in the order the
 * user gave them (duplicates kept). An override with a merge method and no default of its name
 * is dropped.
 */
export function buildArgumentList(defaults: readonly Arg[], overrides: readonly Arg[]): string[] {
  const last = new Map<string, Arg>();
  for (const o of overrides) last.set(o.name, o);
  const sorted = [...defaults].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const out: string[] = [];
  for (const d of sorted) {
    const o = last.get(d.name);
    if (o === undefined) out.push(`--${d.name}=${d.value}`);
    else if (o.mergeMethod) out.push(`--${d.name}=${mergeArgWithBase(d.value, o)}`);
  }
  for (const o of overrides) if (!o.mergeMethod) out.push(`--${o.name}=${o.value}`);
  return out;
}

/** The last (index -1) extra arg with this name, or undefined. */
export function lastArg(args: readonly Arg[], name: string): Arg | undefined {
  for (let i = args.length - 1; i >= 0; i--) if (args[i]!.name === name) return args[i]!;
  return undefined;
}

/** The value of the last (index -1) extra arg with this name, or undefined. */
export function lastArgValue(args: readonly Arg[], name: string): string | undefined {
  return lastArg(args, name)?.value;
}

/** Shorthand for building default argument lists. */
export function arg(name: string, value: string): Arg {
  return { name, value };
}
