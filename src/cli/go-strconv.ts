/**
 * The few Go strconv behaviours the flag parser must reproduce, with Go's
 * error wording (`strconv.ParseInt: parsing "abc": invalid syntax`).
 */
import { goQuote } from "../util/go-quote.js";

/** Go's `%#q` of a []string, as cobra prints unknown help topics: [`a` `b`]. */
export function goBackquoteList(items: string[]): string {
  return "[" + items.map((s) => (s.includes("`") ? goQuote(s) : "`" + s + "`")).join(" ") + "]";
}

export class NumError extends Error {
  constructor(fn: string, input: string, reason: "invalid syntax" | "value out of range") {
    super(`strconv.${fn}: parsing ${goQuote(input)}: ${reason}`);
    this.name = "NumError";
  }
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  switch (s) {
    case "1": case "t": case "T": case "TRUE": case "true": case "True":
      return true;
    case "0": case "f": case "F": case "FALSE": case "false": case "False":
      return false;
  }
  throw new NumError("ParseBool", s, "invalid syntax");
}

function digitValue(c: string): number {
  const code = c.toLowerCase().charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 97 + 10;
  return 99;
}

/** Go's rule for `_` in base-prefixed literals: only between digits or right after the prefix. */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1]!)) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/** strconv.ParseInt(s, base, bitSize) for base 0 (pflag ints) or 10 (klog levels). */
export function parseGoInt(input: string, base: 0 | 10, bitSize: 32 | 64): bigint {
  const syntax = () => new NumError("ParseInt", input, "invalid syntax");
  if (input === "") throw syntax();
  let s = input;
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  let b: number = base;
  let allowUnderscore = false;
  if (base === 0) {
    b = 10;
    if (s[0] === "0") {
      if (s.length >= 3 && "bB".includes(s[1]!)) { b = 2; s = s.slice(2); }
      else if (s.length >= 3 && "oO".includes(s[1]!)) { b = 8; s = s.slice(2); }
      else if (s.length >= 3 && "xX".includes(s[1]!)) { b = 16; s = s.slice(2); }
      else { b = 8; s = s.slice(1); }
      allowUnderscore = true;
    } else {
      allowUnderscore = true;
    }
  }
  if (s === "" && !(base === 0 && b === 8)) throw syntax();
  let sawUnderscore = false;
  let n = 0n;
  for (const c of s) {
    if (c === "_" && allowUnderscore) {
      sawUnderscore = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= b) throw syntax();
    n = n * BigInt(b) + BigInt(d);
  }
  if (sawUnderscore && !underscoreOK(input)) throw syntax();
  const limit = 1n << BigInt(bitSize - 1);
  if (!neg && n >= limit) throw new NumError("ParseInt", input, "value out of range");
  if (neg && n > limit) throw new NumError("ParseInt", input, "value out of range");
  return neg ? -n : n;
}

/**
 * Reads one record with Go's encoding/csv rules (comma separator, `"` quoting,
 * `""` as an escaped quote), as pflag does for each occurrence of a string-slice flag.
 */
export function readCsvRecord(input: string): string[] {
  const fields: string[] = [];
  let line = 1;
  // encoding/csv skips empty lines before the first record
  let pos = 0;
  while (pos < input.length && (input[pos] === "\n" || (input[pos] === "\r" && input[pos + 1] === "\n"))) {
    if (input[pos] === "\r") pos++;
    pos++;
    line++;
  }
  if (pos >= input.length) throw new Error("EOF");
  const startLine = line;
  let lineStart = pos;
  const err = (col: number, msg: string) => {
    const where = startLine !== line ? `record on line ${startLine}; parse error on line ${line}, column ${col}` : `parse error on line ${line}, column ${col}`;
    return new Error(`${where}: ${msg}`);
  };
  for (;;) {
    if (input[pos] !== '"') {
      // unquoted field
      let end = pos;
      while (end < input.length && input[end] !== "," && input[end] !== "\n") end++;
      let field = input.slice(pos, end);
      if (end < input.length && input[end] === "\n" && field.endsWith("\r")) field = field.slice(0, -1);
      const q = field.indexOf('"');
      if (q >= 0) throw err(pos - lineStart + q + 1, 'bare " in non-quoted-field');
      fields.push(field);
      if (end < input.length && input[end] === ",") {
        pos = end + 1;
        continue;
      }
      return fields;
    }
    // quoted field
    pos++;
    let field = "";
    for (;;) {
      const q = input.indexOf('"', pos);
      if (q < 0) {
        // no closing quote: Go reports an extraneous/missing quote at end of input
        const rest = input.slice(pos);
        const nl = rest.lastIndexOf("\n");
        if (nl >= 0) {
          line += rest.split("\n").length - 1;
          lineStart = pos + nl + 1;
        }
        throw err(input.length - lineStart + 1, 'extraneous or missing " in quoted-field');
      }
      const chunk = input.slice(pos, q);
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === "\n") {
          line++;
          lineStart = pos + i + 1;
        }
      }
      field += chunk;
      pos = q + 1;
      const next = input[pos];
      if (next === '"') {
        field += '"';
        pos++;
        continue;
      }
      if (next === ",") {
        fields.push(field);
        pos++;
        break;
      }
      if (next === undefined || next === "\n" || (next === "\r" && input[pos + 1] === "\n")) {
        fields.push(field);
        return fields;
      }
      throw err(pos - lineStart, 'extraneous or missing " in quoted-field');
    }
  }
}

/** Go's csv.Writer output of one record without the trailing newline (pflag's slice String()). */
export function writeCsvRecord(fields: string[]): string {
  return fields
    .map((f) => {
      const needs = f === "" ? false : /[",\r\n]/.test(f) || f[0] === " " || f[0] === "\t";
      return needs ? '"' + f.replaceAll('"', '""') + '"' : f;
    })
    .join(",");
}
