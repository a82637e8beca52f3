/**
 * The command tree: cobra's command model (names, aliases, local and persistent
 * flags, positional-argument rules, sub-commands) as plain data plus the few
 * lookups cobra performs on it. kubeadm's commands live in src/commands/, one module each.
 */
import type { Writable } from "node:stream";
import type { FlagDef } from "./flag.js";
import { FlagSet } from "./flagset.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";
import type { CommandContext, FlagValue } from "./context.js";

/** What a command does when it is the one invoked. */
export type RunSpec =
  /** kubeadm's RequireSubcommand: print help, then fail with "subcommand is required". */
  | { kind: "requireSubcommand" }
  /** Runs with the parsed invocation (see `handler` for the usual form). */
  | { kind: "run"; run: (inv: Invocation) => Promise<void> };

/**
 * The usual RunSpec: `run` gets the CommandContext of the invocation. Keep a command module's
 * static imports light and import heavy code inside `run`: every command module loads at start-up.
 */
export function handler(run: (ctx: CommandContext) => Promise<void>): RunSpec {
  return { kind: "run", run: (inv) => run(commandContext(inv)) };
}

/** The CommandContext of an invocation; `flagsOverride` supplies values for flags the command lacks. */
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
    stdout: inv.stdout,
    stderr: inv.stderr,
    env: inv.env,
  };
}

/** cobra positional-argument validators; undefined = cobra's nil Args (legacy checks). */
export type ArgsRule =
  | { kind: "none" }
  | { kind: "arbitrary" }
  | { kind: "max"; n: number }
  | { kind: "min"; n: number }
  | { kind: "exact"; n: number }
  | { kind: "range"; min: number; max: number };

export interface CommandSpec {
  /** cobra Use: the name, then an argument synopsis ("join [api-server-endpoint]"). */
  use: string;
  aliases?: string[];
  short?: string;
  long?: string;
  example?: string;
  /** Local flags (cobra Flags()). */
  flags?: FlagDef[];
  /** Flags inherited by every sub-command (cobra PersistentFlags()). */
  persistentFlags?: FlagDef[];
  args?: ArgsRule;
  /** Omitted = not runnable (invoking it prints help, exit 0). */
  run?: RunSpec;
  commands?: CommandSpec[];
  hidden?: boolean;
  deprecated?: string;
  disableFlagsInUseLine?: boolean;
}

/** What a runner gets: the invoked command, its parsed flags and positionals. */
export interface Invocation {
  readonly command: Command;
  readonly flags: FlagSet;
  readonly args: string[];
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export class Command {
  readonly name: string;
  readonly children: Command[] = [];
  /** Mutable so the workflow binding can append the phase table, as upstream does. */
  long: string;
  flagDefs: FlagDef[];
  readonly persistentFlagDefs: FlagDef[];
  run: RunSpec | undefined;
  args: ArgsRule | undefined;
  /** The help command cobra adds to the root. */
  isHelpCommand = false;

  constructor(
    readonly spec: CommandSpec,
    readonly parent: Command | undefined,
  ) {
    this.name = spec.use.split(" ")[0]!;
    this.long = spec.long ?? "";
    this.flagDefs = [...(spec.flags ?? [])];
    this.persistentFlagDefs = [...(spec.persistentFlags ?? [])];
    this.run = spec.run;
    // kubeadm's RequireSubcommand also sets cobra.NoArgs
    this.args = spec.args ?? (spec.run?.kind === "requireSubcommand" ? { kind: "none" } : undefined);
  }

  get use(): string { return this.spec.use; }
  get aliases(): string[] { return this.spec.aliases ?? []; }
  get short(): string { return this.spec.short ?? ""; }
  get example(): string { return this.spec.example ?? ""; }
  get hidden(): boolean { return this.spec.hidden ?? false; }
  get deprecated(): string { return this.spec.deprecated ?? ""; }

  addChild(spec: CommandSpec): Command {
    const c = new Command(spec, this);
    this.children.push(c);
    for (const sub of spec.commands ?? []) c.addChild(sub);
    return c;
  }

  /** Sub-commands sorted by name (cobra EnableCommandSorting). */
  commands(): Command[] {
    return [...this.children].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  path(): string {
    return this.parent ? `${this.parent.path()} ${this.name}` : this.name;
  }

  root(): Command {
    return this.parent ? this.parent.root() : this;
  }

  runnable(): boolean {
    return this.run !== undefined;
  }

  isAvailable(): boolean {
    if (this.deprecated || this.hidden) return false;
    if (this.isHelpCommand) return false;
    return this.runnable() || this.hasAvailableSubCommands();
  }

  hasAvailableSubCommands(): boolean {
    return this.children.some((c) => c.isAvailable());
  }

  isAdditionalHelpTopic(): boolean {
    if (this.runnable() || this.deprecated || this.hidden) return false;
    return this.children.every((c) => c.isAdditionalHelpTopic());
  }

  hasHelpSubCommands(): boolean {
    return this.children.some((c) => c.isAdditionalHelpTopic());
  }

  findChild(word: string): Command | undefined {
    return this.children.find((c) => c.name === word || c.aliases.includes(word));
  }

  /** The help flag cobra adds to every command. */
  helpFlag(): FlagDef {
    return { name: "help", shorthand: "h", kind: "bool", usage: `help for ${this.name}`, defValue: "false" };
  }

  /**
   * Flags defined on this command itself (cobra LocalFlags): own flags, own persistent
   * flags and, unless withHelp is false, the help flag cobra adds when a command runs.
   */
  localFlagDefs(withHelp = true): FlagDef[] {
    const out = new Map<string, FlagDef>();
    for (const d of [...this.flagDefs, ...this.persistentFlagDefs]) if (!out.has(d.name)) out.set(d.name, d);
    if (withHelp && !out.has("help") && !this.inheritedFlagDefs().some((d) => d.name === "help")) out.set("help", this.helpFlag());
    return [...out.values()];
  }

  /** Persistent flags of the parents not shadowed locally (cobra InheritedFlags). */
  inheritedFlagDefs(): FlagDef[] {
    const local = new Set([...this.flagDefs, ...this.persistentFlagDefs].map((d) => d.name));
    const out = new Map<string, FlagDef>();
    for (let p = this.parent; p; p = p.parent) {
      for (const d of p.persistentFlagDefs) if (!local.has(d.name) && !out.has(d.name)) out.set(d.name, d);
    }
    return [...out.values()];
  }

  /**
   * The full flag set used to parse this command's command line. cobra adds the
   * help flag only when a command executes, so command lookup runs without it
   * (`kubeadm --help init` shows the root's help, as upstream does).
   */
  newFlagSet(withHelp = true): FlagSet {
    const fs = new FlagSet();
    for (const d of this.flagDefs) fs.add(d);
    for (const d of this.persistentFlagDefs) fs.add(d);
    for (const d of this.inheritedFlagDefs()) fs.add(d);
    if (withHelp && !fs.has("help")) fs.add(this.helpFlag());
    return fs;
  }

  /** cobra UseLine: the command path with the synopsis, plus " [flags]" when flags exist. */
  useLine(): string {
    let line = this.parent ? `${this.parent.path()} ${this.use}` : this.use;
    if (this.spec.disableFlagsInUseLine) return line;
    const hasFlags = this.newFlagSet().defs().some((d) => !d.hidden && !d.deprecated);
    if (hasFlags && !line.includes("[flags]")) line += " [flags]";
    return line;
  }

  nameAndAliases(): string {
    return [this.name, ...this.aliases].join(", ");
  }

  /** cobra NamePadding: the longest sibling name, at least 11. */
  namePadding(): number {
    if (!this.parent) return 11;
    return Math.max(11, ...this.parent.children.map((c) => c.name.length));
  }

  /** cobra CommandPathPadding: the longest sibling command path, at least 11. */
  commandPathPadding(): number {
    if (!this.parent) return 11;
    return Math.max(11, ...this.parent.children.map((c) => c.path().length));
  }
}

/** Builds the tree from its root definition and adds cobra's help command. */
export function buildTree(rootSpec: CommandSpec): Command {
  const root = new Command(rootSpec, undefined);
  for (const sub of rootSpec.commands ?? []) root.addChild(sub);
  const help = root.addChild({
    use: "help [command]",
    short: "Help about any command",
    long: `Help provides help for any command in the application.\nSimply type ${root.name} help [path to command] for full details.`,
    // runCommandLine answers the help command itself
    run: { kind: "run", run: async () => undefined },
  });
  help.isHelpCommand = true;
  return root;
}

/** cobra's stripFlags: the words of args that are not flags or flag values. */
export function stripFlags(args: readonly string[], cmd: Command): string[] {
  const flags = cmd.newFlagSet(false);
  const commands: string[] = [];
  const rest = [...args];
  while (rest.length > 0) {
    const s = rest.shift()!;
    if (s === "--") break;
    if (s.startsWith("--") && !s.includes("=") && !isBoolFlag(flags.lookup(s.slice(2)))) {
      if (rest.length <= 1) break;
      rest.shift();
      continue;
    }
    if (s.startsWith("-") && !s.includes("=") && s.length === 2 && !isBoolShorthand(flags, s[1]!)) {
      if (rest.length <= 1) break;
      rest.shift();
      continue;
    }
    if (s !== "" && !s.startsWith("-")) commands.push(s);
  }
  return commands;
}

function isBoolFlag(def: FlagDef | undefined): boolean {
  return def !== undefined && def.kind === "bool";
}

function isBoolShorthand(flags: FlagSet, c: string): boolean {
  return flags.defs().some((d) => d.shorthand === c && d.kind === "bool");
}

/** cobra's argsMinusFirstX: removes the first positional equal to x (not a flag value). */
function argsMinusFirst(args: readonly string[], x: string, cmd: Command): string[] {
  const flags = cmd.newFlagSet(false);
  for (let pos = 0; pos < args.length; pos++) {
    const s = args[pos]!;
    if (s === "--") break;
    if (s.startsWith("--") && !s.includes("=") && !isBoolFlag(flags.lookup(s.slice(2)))) {
      pos++;
      continue;
    }
    if (s.startsWith("-") && !s.includes("=") && s.length === 2 && !isBoolShorthand(flags, s[1]!)) {
      pos++;
      continue;
    }
    if (!s.startsWith("-") && s === x) return [...args.slice(0, pos), ...args.slice(pos + 1)];
  }
  return [...args];
}

/** cobra Find: walks sub-command words; returns the command and the args left for it. */
export function findCommand(root: Command, args: readonly string[]): { command: Command; args: string[]; error?: KubeadmError } {
  let cmd = root;
  let rest = [...args];
  for (;;) {
    const words = stripFlags(rest, cmd);
    if (words.length === 0) break;
    const next = cmd.findChild(words[0]!);
    if (!next) break;
    rest = argsMinusFirst(rest, words[0]!, cmd);
    cmd = next;
  }
  if (cmd.args === undefined) {
    // cobra legacyArgs: only the root with sub-commands rejects unknown words here
    const words = stripFlags(rest, cmd);
    if (cmd.children.length > 0 && !cmd.parent && words.length > 0) {
      return { command: cmd, args: rest, error: new KubeadmError(`unknown command ${goQuote(words[0]!)} for ${goQuote(cmd.path())}${suggestions(cmd, words[0]!)}`) };
    }
  }
  return { command: cmd, args: rest };
}

/** cobra's "Did you mean this?" block (Levenshtein distance <= 2 or prefix). */
function suggestions(cmd: Command, typed: string): string {
  const found: string[] = [];
  for (const c of cmd.commands()) {
    if (!c.isAvailable()) continue;
    if (levenshtein(typed.toLowerCase(), c.name.toLowerCase()) <= 2 || c.name.toLowerCase().startsWith(typed.toLowerCase())) found.push(c.name);
  }
  return found.length > 0 ? "\n\nDid you mean this?\n" + found.map((s) => `\t${s}\n`).join("") : "";
}

function levenshtein(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
    }
  }
  return d[a.length]![b.length]!;
}

/** cobra ValidateArgs with the command's rule (nil = arbitrary). */
export function validateArgs(cmd: Command, args: string[]): void {
  const rule = cmd.args ?? { kind: "arbitrary" as const };
  const n = args.length;
  switch (rule.kind) {
    case "arbitrary":
      return;
    case "none":
      if (n > 0) throw new KubeadmError(`unknown command ${goQuote(args[0]!)} for ${goQuote(cmd.path())}`);
      return;
    case "max":
      if (n > rule.n) throw new KubeadmError(`accepts at most ${rule.n} arg(s), received ${n}`);
      return;
    case "min":
      if (n < rule.n) throw new KubeadmError(`requires at least ${rule.n} arg(s), only received ${n}`);
      return;
    case "exact":
      if (n !== rule.n) throw new KubeadmError(`accepts ${rule.n} arg(s), received ${n}`);
      return;
    case "range":
      if (n < rule.min || n > rule.max) throw new KubeadmError(`accepts between ${rule.min} and ${rule.max} arg(s), received ${n}`);
      return;
  }
}
