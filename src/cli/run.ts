/**
 * Runs one kubeadm command line the way cobra's ExecuteC does for upstream
 * kubeadm (SilenceErrors/SilenceUsage set): find the command, parse its flags,
 * show help when asked, validate positionals, apply --rootfs, run the handler.
 * Every error is printed once, by formatError, and gives exit status 1.
 */
import type { Writable } from "node:stream";
import { findCommand, validateArgs, type Command, type Invocation } from "./command.js";
import type { CommandContext, FlagValue } from "./context.js";
import { helpString, usageString } from "./help.js";
import { handlerLoaders } from "./handlers.js";
import { buildKubeadmTree } from "./tree.js";
import { formatError, ERROR_EXIT_CODE } from "./print-error.js";
import { applyRootfs } from "./rootfs.js";
import { goQuote } from "../util/go-quote.js";
import { goBackquoteList } from "./go-strconv.js";
import { FlagSet } from "./flagset.js";
import { KubeadmError, NotImplementedError } from "../util/errors.js";
import { SUBCOMMAND_REQUIRED } from "../workflow/bind.js";
import type { WorkflowSpec } from "../workflow/types.js";
import { warmUpKeyGeneration } from "../workflow/key-warmup.js";
import { configText } from "./prestart.js";

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
}

/** Runs argv (without the program name); returns the exit status. */
export async function runCli(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const full: CliIO = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, env: io.env ?? process.env };
  const state = { verbosity: 0 };
  try {
    const root = buildKubeadmTree({ invokePhase, helpAndFail });
    await execute(root, argv, full, state);
    return 0;
  } catch (err) {
    full.stderr.write(formatError(err, state.verbosity));
    return ERROR_EXIT_CODE;
  }
}

async function execute(root: Command, argv: string[], io: CliIO, state: { verbosity: number }): Promise<void> {
  const found = findCommand(root, argv);
  if (found.error) throw found.error;
  const cmd = found.command;
  if (cmd.deprecated) io.stderr.write(`Command ${goQuote(cmd.name)} is deprecated, ${cmd.deprecated}\n`);
  const flags = cmd.newFlagSet();
  try {
    flags.parse(found.args);
  } finally {
    state.verbosity = Number(flags.value("v") ?? 0);
  }
  if (flags.warnings.length > 0) io.stderr.write(flags.warnings.join(""));
  if (flags.value("help") === true || !cmd.runnable()) {
    io.stdout.write(helpString(cmd));
    return;
  }
  validateArgs(cmd, flags.args);
  await applyRootfs(String(flags.value("rootfs") ?? ""));
  const inv: Invocation = { command: cmd, flags, args: flags.args, stdout: io.stdout, stderr: io.stderr, env: io.env };
  if (cmd.isHelpCommand) return runHelpCommand(root, inv);
  const run = cmd.run!;
  switch (run.kind) {
    case "requireSubcommand":
      return helpAndFail(inv);
    case "custom":
      return run.run(inv);
    case "handler":
      return runHandler(inv);
  }
}

/** cobra's help command: `kubeadm help [command...]`. */
async function runHelpCommand(root: Command, inv: Invocation): Promise<void> {
  const found = findCommand(root, inv.args);
  if (found.error) {
    inv.stderr.write(`Unknown help topic ${goBackquoteList(inv.args)}\n`);
    inv.stderr.write(usageString(root, false));
    return;
  }
  inv.stdout.write(helpString(found.command));
}

/** kubeadm's RequireSubcommand: the help screen, then "subcommand is required". */
async function helpAndFail(inv: Invocation): Promise<void> {
  inv.stdout.write(helpString(inv.command));
  throw new KubeadmError(SUBCOMMAND_REQUIRED);
}

export function commandContext(inv: Invocation, flagsOverride?: Record<string, FlagValue>): CommandContext {
  const flags = inv.flags;
  const values = { ...(flagsOverride ?? {}), ...flags.values() };
  delete (values as Record<string, unknown>)["help"];
  return {
    commandPath: inv.command.path(),
    args: [...inv.args],
    flags: values,
    changed: (name: string) => flags.changed(name),
    changedFlags: () => flags.changedNames().filter((n) => n !== "help"),
    stdout: inv.stdout as Writable,
    stderr: inv.stderr as Writable,
    env: inv.env,
  };
}

async function runHandler(inv: Invocation): Promise<void> {
  const path = inv.command.path();
  const loader = handlerLoaders[path];
  const wf = inv.command.spec.workflow;
  if (wf) {
    const skip = (inv.flags.value("skip-phases") as string[]) ?? [];
    warmUpKeyGeneration(wf, [], skip, configText(inv.flags.value("config") as string | undefined));
    const { createWorkflowContext } = await import("../workflow/control.js");
    const ctx = createWorkflowContext(commandContext(inv), wf, { filter: [], skip });
    if (loader) return (await loader()).run(ctx);
    await ctx.workflow.initData();
    return ctx.workflow.run();
  }
  if (!loader) throw new NotImplementedError(path);
  return (await loader()).run(commandContext(inv));
}

/** `<cmd> phase <name>`: the workflow, restricted to one phase (and its children). */
async function invokePhase(inv: Invocation, wf: WorkflowSpec, workflowCommand: Command, filter: string): Promise<void> {
  warmUpKeyGeneration(wf, [filter], [], configText(inv.flags.value("config") as string | undefined));
  const { createWorkflowContext } = await import("../workflow/control.js");
  // Options the phase does not inherit keep the workflow command's defaults, as upstream's shared option structs do.
  const defaults = new FlagSet([...workflowCommand.newFlagSet().defs(), ...(wf.additionalFlags ?? [])]).values();
  const ctx = createWorkflowContext(commandContext(inv, defaults), wf, { filter: [filter], skip: [] });
  return ctx.workflow.run();
}
