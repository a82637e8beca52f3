/**
 * Go's printing of JSON data held in interface{} values, as the JSONPath printer shows results
 * and errors: %v, %#v, encoding/json (keys sorted, HTML escaped), float64 formatting.
 */
import { goQuote } from "./go-quote.js";
import { GoInt, type JPValue } from "./jsonpath-parse.js";

/** Go's `%v` of a float64: the shortest digits, in exponent form below 1e-4 and from 1e+6 on. */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const sign = n < 0 ? "-" : "";
  const [mant, expStr] = Math.abs(n).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const x = Number(expStr);
  if (x < -4 || x >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ax = Math.abs(x);
    return `${sign}${m}e${x < 0 ? "-" : "+"}${ax < 10 ? `0${ax}` : ax}`;
  }
  if (x < 0) return `${sign}0.${"0".repeat(-x - 1)}${digits}`;
  const intPart = digits.slice(0, x + 1).padEnd(x + 1, "0");
  const frac = digits.slice(x + 1);
  return `${sign}${intPart}${frac ? `.${frac}` : ""}`;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoInt);
}

export function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort((a, b) => {
    const x = Buffer.from(a, "utf8");
    const y = Buffer.from(b, "utf8");
    return Buffer.compare(x, y);
  });
}

function goJSONString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Go's encoding/json output: keys sorted, HTML characters escaped; indented by `indent` when given. */
export function goJSON(v: JPValue, indent = "", prefix = ""): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof GoInt) return String(v.value);
  if (typeof v === "string") return goJSONString(v);
  if (typeof v === "number") return JSON.stringify(v);
  if (typeof v === "boolean") return String(v);
  const inner = prefix + indent;
  const nl = indent ? "\n" : "";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${nl}${v.map((x) => `${indent ? inner : ""}${goJSON(x, indent, inner)}`).join(`,${nl}`)}${nl}${indent ? prefix : ""}]`;
  }
  const m = v as Record<string, unknown>;
  const keys = sortedKeys(m);
  if (keys.length === 0) return "{}";
  const sep = indent ? ": " : ":";
  return `{${nl}${keys.map((k) => `${indent ? inner : ""}${goJSONString(k)}${sep}${goJSON(m[k], indent, inner)}`).join(`,${nl}`)}${nl}${indent ? prefix : ""}}`;
}


/** Go's `%#v` of JSON data held in interface{} values. */
export function goSharpV(v: JPValue): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (v instanceof GoInt) return v.kind === "int" ? String(v.value) : `0x${v.value.toString(16)}`;
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number") return goFloat(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(", ")}}`;
  const m = v as Record<string, unknown>;
  return `map[string]interface {}{${sortedKeys(m)
    .map((k) => `${goQuote(k)}:${goSharpV(m[k])}`)
    .join(", ")}}`;
}

/** Go's `%v` of JSON data. */
export function goV(v: JPValue): string {
  if (v === null || v === undefined) return "<nil>";
  if (v instanceof GoInt) return String(v.value);
  if (typeof v === "string") return v;
  if (typeof v === "number") return goFloat(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(" ")}]`;
  const m = v as Record<string, unknown>;
  return `map[${sortedKeys(m)
    .map((k) => `${k}:${goV(m[k])}`)
    .join(" ")}]`;
}

/** The Go type name of a value, as errors print it. */
export function goTypeName(v: JPValue): string {
  if (v instanceof GoInt) return v.kind;
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  if (v === null) return "interface {}";
  return "map[string]interface {}";
}
