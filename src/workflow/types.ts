/**
 * A phase workflow (init, join, reset, upgrade apply, upgrade node) as its definitions: each
 * phase module (src/phases/<command>/<phase>.ts) exports a Phase with its texts, flags,
 * sub-phases and run; the command's index lists them in order with the data initializer.
 * The runner (runner.ts) runs what it is given; bind.ts turns it into the `phase` sub-commands.
 */
import type { ArgsRule } from "../cli/command.js";
import type { CommandContext } from "../cli/context.js";
import type { FlagDef } from "../cli/flag.js";

export interface Phase<D = any> {
  /** Upstream Name: the lower-cased first word is the phase name, the rest an argument synopsis. */
  name: string;
  aliases?: string[];
  short?: string;
  long?: string;
  example?: string;
  /** Executed by the workflow but not listed in help and without a `phase` sub-command. */
  hidden?: boolean;
  /** The `all` marker: only adds a sub-command running the parent and all its children. */
  runAllSiblings?: boolean;
  phases?: Phase<D>[];
  /** Flags of the workflow command (or its additional flags) this phase's sub-command gets. */
  inheritFlags?: string[];
  /** Flags only this phase's sub-command has. */
  localFlags?: FlagDef[];
  /** Positional-argument rule of the leaf sub-command; default: the workflow command's rule. */
  args?: ArgsRule;
  /** Phase names that must run before this one in the same invocation. */
  dependencies?: string[];
  /** Upstream RunIf: false skips the phase silently. */
  runIf?(data: D, ctx: PhaseContext): Promise<boolean>;
  /** Upstream Run; a phase without one only groups its sub-phases. Heavy code is imported inside. */
  run?(data: D, ctx: PhaseContext): Promise<void>;
}

export type WorkflowId = "init" | "join" | "reset" | "upgrade-apply" | "upgrade-node";

export interface Workflow<D = any> {
  id: WorkflowId;
  phases: Phase<D>[];
  /** Flags not on the command itself that phase sub-commands may inherit (upstream SetAdditionalFlags). */
  additionalFlags?: FlagDef[];
  /** Upstream SetDataInitializer: runs once per invocation, before the first phase (import heavy code lazily). */
  initData(ctx: WorkflowContext): Promise<D>;
}

/** What the running workflow exposes to the data initializer and to the command's run. */
export interface WorkflowControl {
  readonly id: WorkflowId;
  /**
   * Phases to skip (full names such as "addon/coredns"). Starts as --skip-phases;
   * a data initializer may replace it (e.g. with the config file's skipPhases when
   * the flag was empty) or append to it before phases run.
   */
  skipPhases: string[];
  /** Set when a `<cmd> phase <name>` sub-command is running: the selected phase. */
  readonly filterPhases: string[];
  /** Full names of the phases this invocation runs, in order (after filter and skip). */
  selectedPhases(): string[];
  /** Whether the invoked command (the workflow, or the selected phase) has the flag `name`. */
  invokedCommandHasFlag(name: string): boolean;
  /** Initialises the shared data once (the workflow's initData) and returns it. */
  initData(): Promise<unknown>;
  /** Runs the selected phases (initialising data first if needed). */
  run(): Promise<void>;
}

/**
 * The context a workflow command's run, its data initializer and its phases get.
 * `flags` holds every flag of the workflow command (defaults included), updated with
 * what was given to the invoked command, so `kubeadm init phase certs ca` and
 * `kubeadm init` read their options the same way; `changed()` tells what was set.
 */
export interface WorkflowContext extends CommandContext {
  readonly workflow: WorkflowControl;
}

/** What a phase's run receives besides the shared data. */
export interface PhaseContext extends WorkflowContext {
  /** Full phase name, e.g. "certs/apiserver-etcd-client". */
  readonly phaseName: string;
}
