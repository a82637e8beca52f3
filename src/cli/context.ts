import type { Writable } from "node:stream";

/**
 * A parsed flag value: string, boolean, number (ints, klog levels, and durations
 * in milliseconds — format them with src/util/duration.ts), string list
 * (string-slice flags) or {name, value} list (the *-extra-args flags).
 */
export type FlagValue = string | boolean | number | string[] | Array<{ name: string; value: string }> | Record<string, string>;

/**
 * What a command handler receives. Handlers live in src/commands/ and are
 * imported lazily by the command tree, so `kubeadm version` loads nothing heavy.
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

/**
 * Registered in src/cli/handlers.ts. Handlers of workflow commands (init, join,
 * reset, upgrade apply, upgrade node) receive a WorkflowContext (src/workflow/types.ts).
 * Throw KubeadmError (src/util/errors.ts) for failures; run.ts prints them.
 */
export type CommandHandler = (ctx: CommandContext) => Promise<void>;
