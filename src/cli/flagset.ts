/**
 * A pflag-compatible flag set: the flags one command accepts (its own, its
 * parents' persistent flags and the help flag) and the parse of one command line.
 * Error texts are pflag's, word for word.
 */
import type { FlagValue } from "./context.js";
import { applyFlagValue, initialValue, type FlagDef, type FlagState } from "./flag.js";
import { goQuote } from "../util/go-quote.js";
import { KubeadmError } from "../util/errors.js";

/** A command-line error (bad flag, bad argument); printed like any kubeadm error, exit 1. */
export class FlagError extends KubeadmError {
  constructor(message: string) {
    super(message, 1);
    this.name = "FlagError";
  }
}

export class FlagSet {
  private readonly formal = new Map<string, FlagDef>();
  private readonly shorthands = new Map<string, FlagDef>();
  private readonly states = new Map<string, FlagState>();
  /** Names in the order they were first set (pflag orderedActual). */
  private readonly setOrder: string[] = [];
  /** Positional arguments left after parsing. */
  readonly args: string[] = [];
  /** Index in args where `--` was seen, or -1. */
  argsLenAtDash = -1;
  /** Messages pflag writes while parsing (deprecation notices). */
  readonly warnings: string[] = [];

  constructor(defs: Iterable<FlagDef> = []) {
    for (const d of defs) this.add(d);
  }

  /** Adds a definition; a name already present is kept (pflag AddFlagSet semantics). */
  add(def: FlagDef): void {
    if (this.formal.has(def.name)) return;
    this.formal.set(def.name, def);
    if (def.shorthand && !this.shorthands.has(def.shorthand)) this.shorthands.set(def.shorthand, def);
    this.states.set(def.name, { value: initialValue(def), changed: false });
  }

  has(name: string): boolean {
    return this.formal.has(name);
  }

  lookup(name: string): FlagDef | undefined {
    return this.formal.get(name);
  }

  hasShorthand(c: string): boolean {
    return this.shorthands.has(c);
  }

  /** All definitions sorted by name (pflag VisitAll order). */
  defs(): FlagDef[] {
    return [...this.formal.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  value(name: string): FlagValue | undefined {
    return this.states.get(name)?.value;
  }

  changed(name: string): boolean {
    return this.states.get(name)?.changed ?? false;
  }

  /** Explicitly set flags in pflag Visit order (sorted by name). */
  changedNames(): string[] {
    return [...this.setOrder].sort();
  }

  values(): Record<string, FlagValue> {
    const out: Record<string, FlagValue> = {};
    for (const [name, st] of this.states) out[name] = st.value;
    return out;
  }

  /** pflag FlagSet.Set: applies a value and records the change. */
  set(def: FlagDef, raw: string): void {
    const state = this.states.get(def.name)!;
    const wasChanged = state.changed;
    try {
      applyFlagValue(def, state, raw);
    } catch (err) {
      const flagName = def.shorthand ? `-${def.shorthand}, --${def.name}` : `--${def.name}`;
      const cause = err instanceof Error ? err.message : String(err);
      throw new FlagError(`invalid argument ${goQuote(raw)} for ${goQuote(flagName)} flag: ${cause}`);
    }
    if (!wasChanged) this.setOrder.push(def.name);
    if (def.deprecated) this.warnings.push(`Flag --${def.name} has been deprecated, ${def.deprecated}\n`);
  }

  /** Parses a command line with pflag's rules (interspersed positionals, `--` terminator). */
  parse(argv: readonly string[]): void {
    let args = [...argv];
    while (args.length > 0) {
      const s = args.shift()!;
      if (s.length === 0 || s[0] !== "-" || s.length === 1) {
        this.args.push(s);
        continue;
      }
      if (s[1] === "-") {
        if (s.length === 2) {
          this.argsLenAtDash = this.args.length;
          this.args.push(...args);
          return;
        }
        args = this.parseLong(s, args);
      } else {
        args = this.parseShort(s, args);
      }
    }
  }

  private parseLong(s: string, args: string[]): string[] {
    const body = s.slice(2);
    if (body.length === 0 || body[0] === "-" || body[0] === "=") throw new FlagError(`bad flag syntax: ${s}`);
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const def = this.formal.get(name);
    if (!def) throw new FlagError(`unknown flag: --${name}`);
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (def.kind === "bool") value = "true";
    else if (args.length > 0) value = args.shift()!;
    else throw new FlagError(`flag needs an argument: --${name}`);
    this.set(def, value);
    return args;
  }

  private parseShort(s: string, args: string[]): string[] {
    // pflag hands every shorthand in a group the same remaining args (its own quirk, kept).
    let shorthands = s.slice(1);
    let out = args;
    while (shorthands.length > 0) {
      const c = shorthands[0]!;
      const def = this.shorthands.get(c);
      if (!def) throw new FlagError(`unknown shorthand flag: ${goQuote(c).replace(/^"|"$/g, "'")} in -${shorthands}`);
      let value: string;
      let rest = shorthands.slice(1);
      if (shorthands.length > 2 && shorthands[1] === "=") {
        value = shorthands.slice(2);
        rest = "";
      } else if (def.kind === "bool") {
        value = "true";
      } else if (shorthands.length > 1) {
        value = shorthands.slice(1);
        rest = "";
      } else if (args.length > 0) {
        value = args[0]!;
        out = args.slice(1);
      } else {
        throw new FlagError(`flag needs an argument: ${goQuote(c).replace(/^"|"$/g, "'")} in -${shorthands}`);
      }
      this.set(def, value);
      shorthands = rest;
    }
    return out;
  }
}

/** cobra's stripFlags helper: does a long flag take the next argument as its value? */
export function longTakesValue(flags: FlagSet, name: string): boolean {
  const def = flags.lookup(name);
  return !(def && def.kind === "bool");
}

/** cobra's stripFlags helper for a single shorthand. */
export function shortTakesValue(flags: FlagSet, c: string): boolean {
  const def = flags.lookup([...flagsByShorthand(flags, c)][0] ?? "");
  return !(def && def.kind === "bool");
}

function* flagsByShorthand(flags: FlagSet, c: string): Generator<string> {
  for (const d of flags.defs()) if (d.shorthand === c) yield d.name;
}
