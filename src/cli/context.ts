import type { Writable } from "node:stream";
import { streamLogger, type ConfigLogger } from "../util/log.js";

/**
 * A parsed flag value: string, boolean, number (ints, klog levels, and durations
 * in milliseconds — format them with src/util/duration.ts), string list
 * (string-slice flags) or {name, value} list (the *-extra-args flags).
 */
export type FlagValue = string | boolean | number | string[] | Array<{ name: string; value: string }> | Record<string, string>;

/**
 * What a command's run receives (src/cli/command.ts `handler`). Each command is one module in
 * src/commands/; workflow commands (init, join, reset, upgrade apply, upgrade node) get a
 * WorkflowContext (src/workflow/types.ts). Throw KubeadmError (src/util/errors.ts) for
 * failures; src/cli/run.ts prints them.
 */
export interface CommandContext {
  /** The full command path, e.g. "kubeadm config print init-defaults". */
  readonly commandPath: string;
  /** Positional arguments after flag parsing. */
  readonly args: string[];
  /** Flag values by long name, defaults applied (local + inherited + global). */
  readonly flags: Readonly<Record<string, FlagValue>>;
  /** True when the flag was explicitly set on the command line (pflag "Changed"). */
  changed(name: string): boolean;
  /** Names of explicitly set flags, in pflag Visit order (sorted by name). */
  changedFlags(): string[];
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Environment seen by the command (process.env unless a test substitutes it). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A string flag's value ("" when unset or not a string). */
export function flagString(ctx: CommandContext, name: string): string {
  const v = ctx.flags[name];
  return typeof v === "string" ? v : "";
}

/** A bool flag's value (false when unset). */
export function flagBool(ctx: CommandContext, name: string): boolean {
  return ctx.flags[name] === true;
}

/** A string-slice flag's values (a plain string is split on commas). */
export function flagStrings(ctx: CommandContext, name: string): string[] {
  const v = ctx.flags[name];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string" && v !== "") return v.split(",");
  return [];
}

/** klog-style warnings on the command's stderr. */
export function commandLogger(ctx: CommandContext): ConfigLogger {
  return streamLogger(ctx.stderr);
}
