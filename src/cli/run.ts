/**
 * Runs one kubeadm command line the way cobra's ExecuteC does for upstream
 * kubeadm (SilenceErrors/SilenceUsage set): find the command, parse its flags,
 * show help when asked, validate positionals, apply --rootfs, run the handler.
 * Every error is printed once, by formatError, and gives exit status 1.
 */
import type { Writable } from "node:stream";
import { buildTree, findCommand, validateArgs, type Command, type CommandSpec, type Invocation } from "./command.js";
import { helpString, usageString } from "./help.js";
import { formatError, ERROR_EXIT_CODE } from "./print-error.js";
import { goQuote } from "../util/go-quote.js";
import { goBackquoteList } from "./go-strconv.js";
import { KubeadmError } from "../util/errors.js";

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
}

/** kubeadm's error for a parent that needs a sub-command (printed after its help). */
export const SUBCOMMAND_REQUIRED = "\nerror: subcommand is required";

/** What a command line needs from its host before the command runs (--rootfs: chroot). */
export interface CliHooks {
  applyRootfs(rootfs: string): Promise<void>;
}

/**
 * Runs argv (without the program name) against the command tree of `rootSpec`; returns the exit
 * status. `state.verbosity` gets the -v the command line asked for as soon as its flags are parsed
 * (src/main.ts hands in the state its crash handler reads).
 */
export async function runCommandLine(rootSpec: CommandSpec, argv: string[], io: Partial<CliIO> = {}, hooks?: CliHooks, state: { verbosity: number } = { verbosity: 0 }): Promise<number> {
  const full: CliIO = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, env: io.env ?? process.env };
  try {
    const root = buildTree(rootSpec);
    await execute(root, argv, full, state, hooks);
    return 0;
  } catch (err) {
    full.stderr.write(formatError(err, state.verbosity));
    return ERROR_EXIT_CODE;
  }
}

async function execute(root: Command, argv: string[], io: CliIO, state: { verbosity: number }, hooks: CliHooks | undefined): Promise<void> {
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
  const rootfs = String(flags.value("rootfs") ?? "");
  if (rootfs !== "" && hooks) await hooks.applyRootfs(rootfs);
  const inv: Invocation = { command: cmd, flags, args: flags.args, stdout: io.stdout, stderr: io.stderr, env: io.env };
  if (cmd.isHelpCommand) return runHelpCommand(root, inv);
  const run = cmd.run!;
  switch (run.kind) {
    case "requireSubcommand":
      return helpAndFail(inv);
    case "run":
      return run.run(inv);
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
