import type { Writable } from "node:stream";

/** A parsed flag value: string, boolean, number (int, duration in ns is not used: durations are ms), string list or map. */
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

export type CommandHandler = (ctx: CommandContext) => Promise<void>;
