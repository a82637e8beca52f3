/**
 * Flag definitions with pflag's value types. A definition is data; its parsed
 * value lives in a FlagSet (flagset.ts). `defValue` is pflag's DefValue: the
 * text help shows in `(default …)` and the source of the typed default.
 */
import type { FlagValue } from "./context.js";
import { parseDuration, formatDuration, nanosToMillis } from "../util/duration.js";
import { parseGoBool, parseGoInt, readCsvRecord, writeCsvRecord } from "./go-strconv.js";

/**
 * string     plain string
 * bool       pflag bool (NoOptDefVal "true")
 * int/int32  pflag ints, Go base-0 syntax (0x10, 010)
 * duration   Go duration; the value handed to commands is milliseconds
 * strings    pflag StringSlice: one CSV record per occurrence, accumulating
 * level      klog verbosity (base-10 int32), help type "Level"
 * moduleSpec klog --vmodule list (pattern=N,...)
 * argSlice   kubeadm's key=value,... list for the *-extra-args flags: [{name, value}]
 */
export type FlagKind = "string" | "bool" | "int" | "int32" | "duration" | "strings" | "level" | "moduleSpec" | "argSlice";

export interface FlagDef {
  readonly name: string;
  readonly shorthand?: string;
  readonly kind: FlagKind;
  readonly usage: string;
  /** pflag DefValue; omitted = the kind's zero value. */
  readonly defValue?: string;
  /** Not shown in help (pflag MarkHidden). */
  readonly hidden?: boolean;
  /** pflag MarkDeprecated message: hidden from help, warns when used. */
  readonly deprecated?: string;
}

/** The type word pflag prints after the flag name in help ("" for bool). */
export function flagTypeName(def: FlagDef): string {
  switch (def.kind) {
    case "bool": return "";
    case "strings": return "strings";
    case "level": return "Level";
    case "moduleSpec": return "moduleSpec";
    case "argSlice": return "[]kubeadmapiv1.Arg";
    default: return def.kind;
  }
}

export function zeroDefValue(kind: FlagKind): string {
  switch (kind) {
    case "bool": return "false";
    case "int": case "int32": case "level": return "0";
    case "duration": return "0s";
    case "strings": return "[]";
    default: return "";
  }
}

export function defValueOf(def: FlagDef): string {
  return def.defValue ?? zeroDefValue(def.kind);
}

/** pflag's defaultIsZeroValue: decides whether help prints `(default …)`. */
export function defaultIsZero(def: FlagDef): boolean {
  const d = defValueOf(def);
  switch (def.kind) {
    case "bool": return d === "false";
    case "duration": return d === "0" || d === "0s";
    case "int": case "int32": return d === "0";
    case "string": return d === "";
    case "strings": return d === "[]";
    default: return d === "false" || d === "<nil>" || d === "" || d === "0";
  }
}

/** A flag's value while one command line is parsed. */
export interface FlagState {
  value: FlagValue;
  changed: boolean;
}

export function initialValue(def: FlagDef): FlagValue {
  const d = defValueOf(def);
  switch (def.kind) {
    case "bool": return d === "true";
    case "int": case "int32": case "level": return Number(d);
    case "duration": return nanosToMillis(parseDuration(d));
    case "strings": {
      const inner = d.slice(1, -1);
      return inner === "" ? [] : readCsvRecord(inner);
    }
    case "argSlice": return [];
    default: return d;
  }
}

const vmoduleSyntax = "syntax error: expect comma-separated list of filename=N";

/** klog's --vmodule syntax check (pattern=N, comma separated). */
function parseModuleSpec(value: string): string {
  for (const pat of value.split(",")) {
    if (pat.length === 0) continue;
    const parts = pat.split("=");
    if (parts.length !== 2 || parts[0]!.length === 0 || parts[1]!.length === 0) throw new Error(vmoduleSyntax);
    let level: bigint;
    try {
      level = parseGoInt(parts[1]!, 10, 32);
    } catch {
      throw new Error(vmoduleSyntax);
    }
    if (level < 0n) throw new Error("negative value for vmodule level");
  }
  return value;
}

/**
 * Applies one occurrence of a flag to its state, as pflag Value.Set does.
 * Throws an Error whose message is the Value's own error text (the caller wraps it).
 */
export function applyFlagValue(def: FlagDef, state: FlagState, raw: string): void {
  switch (def.kind) {
    case "string":
      state.value = raw;
      break;
    case "bool":
      state.value = parseGoBool(raw);
      break;
    case "int":
      state.value = Number(parseGoInt(raw, 0, 64));
      break;
    case "int32":
      state.value = Number(parseGoInt(raw, 0, 32));
      break;
    case "level":
      state.value = Number(parseGoInt(raw, 10, 32));
      break;
    case "duration":
      state.value = nanosToMillis(parseDuration(raw));
      break;
    case "moduleSpec":
      state.value = parseModuleSpec(raw);
      break;
    case "strings": {
      const items = raw === "" ? [] : readCsvRecord(raw);
      state.value = state.changed ? [...(state.value as string[]), ...items] : items;
      break;
    }
    case "argSlice": {
      const list = [...(state.value as Array<{ name: string; value: string }>)];
      for (const pair of raw.split(",")) {
        const kv = pair.split("=");
        if (kv.length !== 2) throw new Error(`malformed key=value pair in flag value: ${raw}`);
        list.push({ name: kv[0]!, value: kv[1]! });
      }
      state.value = list;
      break;
    }
  }
  state.changed = true;
}

/** pflag's String() of a current value (used by completion and debugging). */
export function formatFlagValue(def: FlagDef, value: FlagValue): string {
  switch (def.kind) {
    case "strings": return "[" + writeCsvRecord(value as string[]) + "]";
    case "duration": return formatDuration(BigInt(value as number) * 1_000_000n);
    case "argSlice": return (value as Array<{ name: string; value: string }>).map((a) => `${a.name}=${a.value}`).join(",");
    default: return String(value);
  }
}

// Small constructors keep command definitions one line per flag.
type Extra = Partial<Pick<FlagDef, "shorthand" | "defValue" | "hidden" | "deprecated">>;
export const stringFlag = (name: string, usage: string, defValue = "", extra: Extra = {}): FlagDef => ({ name, kind: "string", usage, defValue, ...extra });
export const boolFlag = (name: string, usage: string, defValue = false, extra: Extra = {}): FlagDef => ({ name, kind: "bool", usage, defValue: String(defValue), ...extra });
export const intFlag = (name: string, usage: string, defValue = 0, extra: Extra = {}): FlagDef => ({ name, kind: "int", usage, defValue: String(defValue), ...extra });
export const int32Flag = (name: string, usage: string, defValue = 0, extra: Extra = {}): FlagDef => ({ name, kind: "int32", usage, defValue: String(defValue), ...extra });
export const durationFlag = (name: string, usage: string, defValue = "0s", extra: Extra = {}): FlagDef => ({ name, kind: "duration", usage, defValue, ...extra });
export const stringsFlag = (name: string, usage: string, defValue: string[] = [], extra: Extra = {}): FlagDef => ({ name, kind: "strings", usage, defValue: "[" + writeCsvRecord(defValue) + "]", ...extra });
export const argSliceFlag = (name: string, usage: string, extra: Extra = {}): FlagDef => ({ name, kind: "argSlice", usage, defValue: "", ...extra });
