/**
 * Phase workflows (init, join, reset, upgrade apply, upgrade node) as data.
 * A table (src/workflow/tables/) lists the phases; implementations are found
 * through src/workflow/phase-registry.ts and the per-command data through
 * src/workflow/data-registry.ts, both loaded lazily.
 */
import type { ArgsRule } from "../cli/command.js";
import type { CommandContext } from "../cli/context.js";
import type { FlagDef } from "../cli/flag.js";

export interface PhaseSpec {
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
  phases?: PhaseSpec[];
  /** Flags of the workflow command (or its additional flags) this phase's sub-command gets. */
  inheritFlags?: string[];
  /** Flags only this phase's sub-command has. */
  localFlags?: FlagDef[];
  /** Positional-argument rule of the leaf sub-command; default: the workflow command's rule. */
  args?: ArgsRule;
  /** Phase names that must run before this one in the same invocation. */
  dependencies?: string[];
  /** The phase has an action (upstream Run/RunIf), registered as `<workflow id>/<phase path>`. */
  run?: boolean;
  /**
   * Private keys the phase generates when none exist yet: key generation (the slow part of
   * these phases) starts for them while the command is still loading (src/workflow/key-warmup.ts).
   */
  newKeys?: number;
}

export type WorkflowId = "init" | "join" | "reset" | "upgrade-apply" | "upgrade-node";

export interface WorkflowSpec {
  id: WorkflowId;
  phases: PhaseSpec[];
  /** Flags not on the command itself that phase sub-commands may inherit (upstream SetAdditionalFlags). */
  additionalFlags?: FlagDef[];
}

/** What the running workflow exposes to the data initializer and to the command handler. */
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
  /** Initialises the shared data once (the registered initData) and returns it. */
  initData(): Promise<unknown>;
  /** Runs the selected phases (initialising data first if needed). */
  run(): Promise<void>;
}

/**
 * The context a workflow command's handler, its data initializer and its phases get.
 * `flags` holds every flag of the workflow command (defaults included), updated with
 * what was given to the invoked command, so `kubeadm init phase certs ca` and
 * `kubeadm init` read their options the same way; `changed()` tells what was set.
 */
export interface WorkflowContext extends CommandContext {
  readonly workflow: WorkflowControl;
}

/** A module registered in data-registry.ts. */
export interface WorkflowDataModule<D = unknown> {
  initData(ctx: WorkflowContext): Promise<D>;
}

/** What a phase implementation receives besides the shared data. */
export interface PhaseContext extends WorkflowContext {
  /** Full phase name, e.g. "certs/apiserver-etcd-client". */
  readonly phaseName: string;
}

/** A module registered in phase-registry.ts. */
export interface PhaseModule<D = any> {
  /** Upstream RunIf: false skips the phase silently. */
  runIf?(data: D, ctx: PhaseContext): Promise<boolean>;
  run?(data: D, ctx: PhaseContext): Promise<void>;
}
