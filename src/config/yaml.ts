/**
 * Kubernetes-style YAML.
 *
 * Output (`toKubernetesYaml`): upstream writes YAML with sigs.k8s.io/yaml, i.e.
 * JSON first, then go-yaml v2's emitter. This is a small emitter for JSON-like
 * values that reproduces that output byte for byte: keys sorted in go-yaml's
 * "natural" order, block style, sequences not indented under their key, empty
 * maps/lists as `{}`/`[]`, strings double-quoted when they would read back as
 * another type ("true", "1.31", "", "null", "0755"), single-quoted when a plain
 * scalar is not allowed (": ", leading "*", ...), literal blocks for multi-line
 * text, and go-yaml's line folding of long strings at column 80.
 * (The `yaml` package's stringifier was not used for output: its quoting and
 * folding rules differ from libyaml's in many corners.)
 *
 * Input (`parseYamlDocument`): the `yaml` package with YAML 1.1 rules (yes/on
 * are booleans, 0755 is octal) as go-yaml v2 reads them; duplicate keys are
 * reported. It is loaded lazily so that `kubeadm version` stays fast.
 */

import { isUtf8 } from "node:buffer";
import { goQuote } from "../util/go-quote.js";
import { setOwn } from "../util/own-keys.js";

// ── output ─────────────────────────────────────────────────────────────────

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

type Style = "plain" | "single" | "double" | "literal";

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreakCh = (c: string | undefined): boolean =>
  c === "\r" || c === "\n" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isBlankCh = (c: string | undefined): boolean => c === " " || c === "\t";

/** libyaml's is_printable, per code point. */
function isPrintable(cp: number): boolean {
  if (cp === 0x0a) return true;
  if (cp >= 0x20 && cp <= 0x7e) return true;
  if (cp >= 0xa0 && cp <= 0xd7ff) return true;
  if (cp >= 0xe000 && cp <= 0xfffd) return cp !== 0xfeff;
  return false;
}

/** libyaml's yaml_emitter_analyze_scalar. */
function analyzeScalar(value: string): Analysis {
  if (value.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const chars = Array.from(value);
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;

  if (value.startsWith("---") || value.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWhitespace = i + 1 >= chars.length || isBlankCh(chars[i + 1]);
    if (i === 0) {
      switch (c) {
        case "#": case ",": case "[": case "]": case "{": case "}": case "&": case "*":
        case "!": case "|": case ">": case "'": case '"': case "%": case "@": case "`":
          flowIndicators = true;
          blockIndicators = true;
          break;
        case "?": case ":":
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case "-":
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case ",": case "?": case "[": case "]": case "{": case "}":
          flowIndicators = true;
          break;
        case ":":
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case "#":
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    const cp = c.codePointAt(0)!;
    if (!isPrintable(cp)) specialCharacters = true;
    if (c === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCh(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankCh(c) || isBreakCh(c) || c === "\u0000";
  }
  const a: Analysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

// go-yaml v2 resolve(): would this text, written plain, read back as something other than a string?
const RESOLVE_MAP = new Set([
  "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
  "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
  "", "~", "null", "Null", "NULL",
  ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
  // "<<" (merge) is not listed: go-yaml never looks it up for text starting with "<".
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** go-yaml v2 parseTimestamp: the four formats it tries with time.Parse. */
function looksLikeTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const m =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:([Tt])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?))?$/.exec(
      s,
    );
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  const h = m[5] ?? m[10];
  const mi = m[6] ?? m[11];
  const se = m[7] ?? m[12];
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59)) return false;
  const zone = m[9];
  if (zone && zone !== "Z") {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return false;
  }
  return true;
}

/** strconv.ParseInt/ParseUint(s, 0, 64) succeed? */
function goParsesAsInt(s: string): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const neg = m[1] === "-";
  const body = m[2]!;
  let v: bigint;
  if (/^0[oO]/.test(body)) v = BigInt(`0o${body.slice(2)}`);
  else if (/^0[0-7]+$/.test(body)) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  if (neg) v = -v;
  if (v >= INT64_MIN && v <= INT64_MAX) return true;
  return m[1] === "" && v <= UINT64_MAX;
}

/** Go strconv.ParseFloat accepts s (decimal or hex forms, inf/nan words)? */
function goParsesAsFloat(s: string): boolean {
  if (/^[+-]?(inf|infinity|nan)$/i.test(s)) return true;
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return true;
  return /^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/.test(s);
}

/** True if go-yaml v2 would read `s` (written plain) as a string and it is not a base-60 float. */
export function plainReadsAsString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return false;
  const c = s[0];
  if (c === undefined) return false;
  if (c === ".") {
    if (goParsesAsFloat(s)) return false;
  } else if (c === "+" || c === "-" || (c >= "0" && c <= "9")) {
    if (looksLikeTimestamp(s)) return false;
    const plain = s.replace(/_/g, "");
    if (goParsesAsInt(plain)) return false;
    if (YAML_STYLE_FLOAT.test(plain) && goParsesAsFloat(plain)) return false;
    if (plain.startsWith("-0b") && /^-0b[01]+$/.test(plain)) return false;
    if (BASE60_FLOAT.test(s)) return false;
  }
  return true;
}

/** Go strconv.FormatFloat(f, 'g', -1, 64), as go-yaml writes floats. */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (f === Infinity) return ".inf";
  if (f === -Infinity) return "-.inf";
  if (Number.isInteger(f) && Math.abs(f) < 1e21) {
    // JSON writes integral floats without a fraction; go-yaml then reads them as ints.
    return Object.is(f, -0) ? "-0" : BigInt(f).toString();
  }
  const exp = f.toExponential(); // shortest round-trip digits
  const m = /^(-?)([0-9])(?:\.([0-9]+))?e([+-][0-9]+)$/.exec(exp)!;
  const digits = m[2]! + (m[3] ?? "");
  const e = Number(m[4]);
  if (e < -4 || e >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const es = Math.abs(e) < 10 ? `0${Math.abs(e)}` : String(Math.abs(e));
    return `${m[1]}${mant}e${e < 0 ? "-" : "+"}${es}`;
  }
  return String(f);
}

/** go-yaml v2 key order ("natural": runs of digits compare as numbers, letters before other runes). */
export function compareYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b) ? -1 : 1;
}

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && /\p{Nd}/u.test(c);

function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

class Emitter {
  private out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;

  result(): string {
    return this.out.join("");
  }

  private put(s: string): void {
    this.out.push(s);
    this.column += 1;
  }
  private putStr(s: string): void {
    for (const c of s) this.put(c);
  }
  private putBreak(): void {
    this.out.push("\n");
    this.column = 0;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    this.putStr(ind);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): number {
    const saved = this.indent;
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
    return saved;
  }

  document(value: unknown): void {
    this.node(value, { mapping: false, simpleKey: false });
    // document end
    this.indent = -1;
    this.writeIndent();
  }

  private node(value: unknown, ctx: { mapping: boolean; simpleKey: boolean }): void {
    if (value === null || value === undefined) return this.scalar("null", "plain", ctx.simpleKey);
    if (typeof value === "boolean") return this.scalar(value ? "true" : "false", "plain", ctx.simpleKey);
    if (typeof value === "number") return this.scalar(formatGoFloat(value), "plain", ctx.simpleKey);
    if (typeof value === "bigint") return this.scalar(value.toString(), "plain", ctx.simpleKey);
    if (typeof value === "string") {
      let style: Style;
      if (value.includes("\n")) style = "literal";
      else if (plainReadsAsString(value)) style = "plain";
      else style = "double";
      return this.scalar(value, style, ctx.simpleKey);
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return this.emptyFlow("[", "]");
      return this.sequence(value, ctx.mapping);
    }
    if (typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return this.emptyFlow("{", "}");
      entries.sort((x, y) => compareYamlKeys(x[0], y[0]));
      return this.mapping(entries);
    }
    throw new Error(`cannot marshal a ${typeof value} to YAML`);
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    const saved = this.increaseIndent(true, false);
    this.indent = saved;
    this.writeIndicator(close, false, false, false);
  }

  private sequence(items: unknown[], mappingContext: boolean): void {
    const saved = this.increaseIndent(false, mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item === undefined ? null : item, { mapping: false, simpleKey: false });
    }
    this.indent = saved;
  }

  private mapping(entries: Array<[string, unknown]>): void {
    const saved = this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      const keyText = key;
      const simple = !keyText.includes("\n") && Buffer.byteLength(keyText, "utf8") <= 128;
      if (simple) {
        this.node(keyText, { mapping: true, simpleKey: true });
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.node(keyText, { mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(value, { mapping: true, simpleKey: false });
    }
    this.indent = saved;
  }

  private scalar(value: string, requested: Style, simpleKey: boolean): void {
    const a = analyzeScalar(value);
    let style = requested;
    if (simpleKey && a.multiline) style = "double";
    if (style === "plain") {
      if (!a.blockPlainAllowed) style = "single";
      if (value.length === 0 && simpleKey) style = "single";
    }
    if (style === "single" && !a.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";

    const saved = this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    switch (style) {
      case "plain":
        this.writePlain(value, allowBreaks);
        break;
      case "single":
        this.writeSingle(value, allowBreaks);
        break;
      case "double":
        this.writeDouble(value, allowBreaks);
        break;
      case "literal":
        this.writeLiteral(value);
        break;
    }
    this.indent = saved;
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== " ") {
          this.writeIndent();
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  /** A line break from the value: "\n" as the emitter's own break, any other break character as is (go-yaml's write_break). */
  private writeBreak(c: string): void {
    if (c === "\n") this.putBreak();
    else {
      this.out.push(c);
      this.column = 0;
    }
  }

  private writeSingle(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== " ") {
          this.writeIndent();
        } else {
          this.put(c);
        }
        spaces = true;
      } else if (isBreakCh(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || (i === 0 && cp === 0xfeff) || isBreakCh(c) || c === '"' || c === "\\") {
        this.put("\\");
        const named: Record<number, string> = {
          0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r",
          0x1b: "e", 0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
        };
        const n = named[cp];
        if (n !== undefined) this.put(n);
        else if (cp <= 0xff) this.putStr(`x${cp.toString(16).toUpperCase().padStart(2, "0")}`);
        else if (cp <= 0xffff) this.putStr(`u${cp.toString(16).toUpperCase().padStart(4, "0")}`);
        else this.putStr(`U${cp.toString(16).toUpperCase().padStart(8, "0")}`);
        spaces = false;
      } else if (c === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === " ") this.put("\\");
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator("|", true, false, false);
    const chars = Array.from(value);
    if (chars[0] === " " || isBreakCh(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = "";
    const last = chars.length - 1;
    if (!isBreakCh(chars[last])) chomp = "-";
    else if (last === 0) chomp = "+";
    else if (isBreakCh(chars[last - 1])) chomp = "+";
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreakCh(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** Date → RFC3339 in UTC without fractional seconds, as metav1.Time marshals. */
export function formatRFC3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Makes a value JSON-shaped the way encoding/json would (Dates → RFC3339, undefined dropped, toJSON honoured). */
function toJsonShape(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return formatRFC3339(v);
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : toJsonShape(x)));
  if (typeof v === "object") {
    const maybe = v as { toJSON?: () => unknown };
    if (typeof maybe.toJSON === "function") return toJsonShape(maybe.toJSON());
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined) out[k] = toJsonShape(x);
    }
    return out;
  }
  return v;
}

/**
 * Marshals a JSON-like value to YAML exactly as sigs.k8s.io/yaml.Marshal does
 * (the caller decides which fields exist: omit empty fields before calling).
 * The result ends with a newline.
 */
export function toKubernetesYaml(value: unknown): string {
  const e = new Emitter();
  e.document(toJsonShape(value));
  return e.result();
}

/** Joins already-marshalled documents with upstream's separator "---\n". */
export function joinYamlDocuments(docs: string[]): string {
  return docs.join("---\n");
}

// ── input ──────────────────────────────────────────────────────────────────

/** A YAML problem (syntax, duplicate key, too deep, too many aliases), with a 1-based line (0: none). */
export class YamlParseError extends Error {
  readonly line: number;
  readonly kind: "syntax" | "duplicate" | "depth" | "aliases";
  readonly key?: string;
  constructor(message: string, line: number, kind: "syntax" | "duplicate" | "depth" | "aliases", key?: string) {
    super(message);
    this.name = "YamlParseError";
    this.line = line;
    this.kind = kind;
    if (key !== undefined) this.key = key;
  }
}

export interface DuplicateKey {
  /** The key as text. */
  key: string;
  /** The key as go-yaml prints it in "key %#v already set in map": "a" quoted, 1, true, <nil>. */
  goKey: string;
  /** go-yaml's line: the line of the duplicate's value node (for `k: v` the key's own line). */
  line: number;
}

export interface ParsedYaml {
  /** The value as go-yaml v2 + JSON would see it (maps as plain objects). */
  value: unknown;
  /** Duplicate keys found (last one wins in `value`), in go-yaml v2's order, with their 1-based lines. */
  duplicates: DuplicateKey[];
}

type YamlModule = typeof import("yaml");
let yamlModule: Promise<YamlModule> | undefined;
/** Loads the `yaml` package on first use. */
export function loadYamlModule(): Promise<YamlModule> {
  // the bundle may hand back the CommonJS namespace under `default`
  yamlModule ??= import("yaml").then((m) => ((m as { default?: YamlModule }).default ?? m) as YamlModule);
  return yamlModule;
}

/**
 * 1-based line numbers of offsets in `text`: the newline offsets are collected once (on first
 * use), then each lookup is a binary search, so reporting many duplicate keys stays linear in the
 * size of the text (a scan per key was quadratic: 20 000 duplicates in 480 KB took 14 s).
 */
export class LineIndex {
  private newlines: Uint32Array | undefined;
  constructor(private readonly text: string) {}

  private build(): Uint32Array {
    const t = this.text;
    let count = 0;
    for (let i = t.indexOf("\n"); i !== -1; i = t.indexOf("\n", i + 1)) count++;
    const out = new Uint32Array(count);
    let k = 0;
    for (let i = t.indexOf("\n"); i !== -1; i = t.indexOf("\n", i + 1)) out[k++] = i;
    return out;
  }

  /** The line of `offset` (1 + the number of newlines before it). */
  lineOf(offset: number): number {
    const nl = (this.newlines ??= this.build());
    const end = Math.min(offset, this.text.length);
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (nl[mid]! < end) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}

/**
 * The deepest nesting of collections a YAML document may have. go-yaml stops at 10 000 levels;
 * the `yaml` package recurses once per level and runs out of stack near 800 (200 000 levels of
 * `[` took 2 s and 319 MB before failing with "Maximum call stack size exceeded"), so the bound
 * is lower, with room to spare for the caller's own stack. Real configurations nest < 20 deep.
 */
export const MAX_YAML_DEPTH = 500;

const SP = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const isBlank = (c: number): boolean => c === SP || c === TAB;
const isBreak = (c: number): boolean => c === LF || c === CR;
const isBlankOrBreak = (c: number): boolean => isBlank(c) || isBreak(c) || Number.isNaN(c);

/** End of a quoted scalar that starts at `i` ('…' with '' escapes, "…" with \ escapes); text.length when unterminated. */
function skipQuoted(text: string, i: number): number {
  const q = text.charCodeAt(i);
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (q === 0x22 && c === 0x5c) j += 2;
    else if (c === q) {
      if (q === 0x27 && text.charCodeAt(j + 1) === 0x27) j += 2;
      else return j + 1;
    } else j++;
  }
  return n;
}

function toLineEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n && !isBreak(text.charCodeAt(i))) i++;
  return i;
}

/**
 * A cheap scan (one pass, no allocation per character) for the nesting depth of a YAML
 * document, run before the parser: returns the offset where more than `max` collections are open,
 * or -1. It over-approximates (a plain scalar's continuation line may count as a level, an
 * indentless sequence as its own level) and never counts fewer levels than the parser builds:
 * block collections are counted by indentation columns and `- `/`? `/`: ` indicators,
 * flow collections by brackets outside quoted scalars and comments.
 */
export function yamlDepthExceededAt(text: string, max = MAX_YAML_DEPTH): number {
  const n = text.length;
  const cols: number[] = [];
  const dash: boolean[] = [];
  let blockScalarParent: number | undefined;
  let i = 0;
  const top = (): number => (cols.length > 0 ? cols[cols.length - 1]! : -1);

  /** A flow collection from `i` (at `[` or `{`) to its end; returns the offset after it or, when too deep, -(offset+1). */
  const flow = (start: number): number => {
    let level = 0;
    let j = start;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 0x5b || c === 0x7b) {
        level++;
        if (cols.length + level > max) return -(j + 1);
      } else if (c === 0x5d || c === 0x7d) {
        level--;
        if (level <= 0) return j + 1;
      } else if ((c === 0x22 || c === 0x27) && (j === start || "[{,:?".includes(text[j - 1]!) || isBlankOrBreak(text.charCodeAt(j - 1)))) {
        j = skipQuoted(text, j);
        continue;
      } else if (c === 0x23 && isBlankOrBreak(text.charCodeAt(j - 1))) {
        j = toLineEnd(text, j);
        continue;
      }
      j++;
    }
    return n;
  };

  while (i < n) {
    // a line in block context
    const ls = i;
    while (i < n && text.charCodeAt(i) === SP) i++;
    const col = i - ls;
    if (i >= n) break;
    let c = text.charCodeAt(i);
    if (isBreak(c)) {
      i++;
      continue;
    }
    if (blockScalarParent !== undefined) {
      if (col > blockScalarParent) {
        i = toLineEnd(text, i);
        continue;
      }
      blockScalarParent = undefined;
    }
    if (c === 0x23) {
      i = toLineEnd(text, i);
      continue;
    }
    let nodeStart = true;
    let keyCol = -1;
    if (col === 0 && (text.startsWith("---", i) || text.startsWith("...", i)) && isBlankOrBreak(text.charCodeAt(i + 3))) {
      cols.length = 0;
      dash.length = 0;
      i += 3;
      while (i < n && isBlank(text.charCodeAt(i))) i++;
    } else {
      while (cols.length > 0 && top() > col) {
        cols.pop();
        dash.pop();
      }
      // the indicators that open block collections on this line: "- - key: …", "? …", ": …"
      for (;;) {
        c = text.charCodeAt(i);
        const at = i - ls;
        const indicator = (c === 0x2d || c === 0x3f || c === 0x3a) && isBlankOrBreak(text.charCodeAt(i + 1));
        if (!indicator) {
          // a key opens a mapping once its ":" shows up on this line
          keyCol = at;
          break;
        }
        const isDash = c === 0x2d;
        if (at > top() || (isDash && at === top() && !dash[dash.length - 1])) {
          cols.push(at);
          dash.push(isDash);
          if (cols.length > max) return i;
        }
        i++;
        while (i < n && isBlank(text.charCodeAt(i))) i++;
        if (i >= n || isBreak(text.charCodeAt(i)) || text.charCodeAt(i) === 0x23) break;
      }
    }
    // the rest of the line: a key, a value, a flow collection, a quoted or block scalar
    while (i < n) {
      c = text.charCodeAt(i);
      if (isBreak(c)) break;
      if (c === 0x23 && (i === ls || isBlankOrBreak(text.charCodeAt(i - 1)))) {
        i = toLineEnd(text, i);
        break;
      }
      if (nodeStart) {
        if (c === 0x5b || c === 0x7b) {
          const end = flow(i);
          if (end < 0) return -end - 1;
          i = end;
          nodeStart = false;
          continue;
        }
        if (c === 0x22 || c === 0x27) {
          i = skipQuoted(text, i);
          nodeStart = false;
          continue;
        }
        if (c === 0x7c || c === 0x3e) {
          blockScalarParent = top();
          i = toLineEnd(text, i);
          break;
        }
        if (c === 0x26 || c === 0x21) {
          // an anchor or a tag: the node follows
          while (i < n && !isBlankOrBreak(text.charCodeAt(i))) i++;
          while (i < n && isBlank(text.charCodeAt(i))) i++;
          continue;
        }
        if (isBlank(c)) {
          i++;
          continue;
        }
        nodeStart = false;
      }
      if (c === 0x3a && isBlankOrBreak(text.charCodeAt(i + 1))) {
        if (keyCol > top()) {
          cols.push(keyCol);
          dash.push(false);
          if (cols.length > max) return i;
        }
        keyCol = -1;
        nodeStart = true;
        i++;
        continue;
      }
      i++;
    }
  }
  return -1;
}

/** Throws go-yaml's "exceeded max depth" (with our bound) for a document nested deeper than MAX_YAML_DEPTH. */
export function assertYamlDepth(text: string): void {
  const deep = yamlDepthExceededAt(text);
  if (deep >= 0) {
    const line = new LineIndex(text).lineOf(deep);
    throw new YamlParseError(`yaml: line ${line}: exceeded max depth of ${MAX_YAML_DEPTH}`, line, "depth");
  }
}

/**
 * One line for an error the `yaml` package threw from parse() (its messages carry a multi-line
 * excerpt of the input): "yaml: line N: <problem>", or go-yaml's words for an alias bomb.
 */
export function yamlErrorLine(err: unknown, text: string): string {
  const e = err as { message?: string; linePos?: Array<{ line: number }>; pos?: [number, number] };
  const first = String(e.message ?? err).split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  if (/Excessive alias count/.test(first)) return "yaml: document contains excessive aliasing";
  if (/Maximum call stack size exceeded/.test(first)) return `yaml: exceeded max depth of ${MAX_YAML_DEPTH}`;
  const line = e.linePos?.[0]?.line ?? (e.pos ? new LineIndex(text).lineOf(e.pos[0]) : undefined);
  return line ? `yaml: line ${line}: ${first}` : `yaml: ${first}`;
}

/** Go's %#v of a value decoded into interface{} (go-yaml v2: maps are map[interface {}]interface {}). */
function goSharpV(v: unknown, nested = false): string {
  if (typeof v === "string") return goQuote(v);
  if (v === null || v === undefined) return nested ? "interface {}(nil)" : "<nil>";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatGoFloat(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x, true)).join(", ")}}`;
  if (v instanceof Map) {
    const entries = [...v.entries()].map(([k, x]) => [goSharpV(k, true), goSharpV(x, true)] as const);
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return `map[interface {}]interface {}{${entries.map(([k, x]) => `${k}:${x}`).join(", ")}}`;
  }
  return String(v);
}

interface KeyedNode {
  value?: unknown;
  range?: [number, number, number];
  items?: unknown[];
  source?: string;
}

/**
 * Duplicate keys in go-yaml v2's strict order: a map's values are decoded before the key is set,
 * so duplicates inside a value come before the value's own key; a merge (`<<`) sets the merged
 * keys in the map, so a later key that overrides one is a duplicate too. The line is the line of
 * the value node (go-yaml reports n.line of the value): for an empty value, the next token's line.
 * Aliases are not expanded again (go-yaml would report a duplicate inside an anchored map once per
 * use). Linear in the size of the document.
 */
function findDuplicates(Y: YamlModule, doc: import("yaml").Document, text: string): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const lines = new LineIndex(text);
  const n = text.length;

  /** The offset of the first token after a key's end (past ":", blanks, breaks and comments). */
  const valueStart = (from: number): number => {
    let i = from;
    let colonSeen = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isBlank(c) || isBreak(c)) i++;
      else if (c === 0x23) i = toLineEnd(text, i);
      else if (c === 0x3a && !colonSeen) {
        colonSeen = true;
        i++;
      } else break;
    }
    return i;
  };

  const keyIdentity = (v: unknown): string => `${v === null ? "null" : typeof v}:${String(v)}`;

  const lineOfValue = (pair: { key: unknown; value: unknown }): number => {
    const k = pair.key as KeyedNode | null;
    if (k && k.range) return lines.lineOf(valueStart(k.range[1]));
    const v = pair.value as KeyedNode | null;
    return v && v.range ? lines.lineOf(v.range[0]) : 0;
  };

  const resolve = (node: unknown): unknown => (Y.isAlias(node) ? node.resolve(doc) : node);

  /** The keys a merge value sets, in go-yaml's order (a sequence of maps: last first). */
  // merges re-read maps that aliases name: a budget keeps merge chains (`<<: [*a, *a]` nested) linear
  let mergeBudget = 4 * text.length + 10_000;
  const mergeInto = (value: unknown, seen: Set<string>): void => {
    const v = resolve(value);
    if (--mergeBudget < 0) throw new YamlParseError("yaml: document contains excessive aliasing", 0, "aliases");
    const maps = Y.isSeq(v) ? [...v.items].reverse().map(resolve) : [v];
    for (const m of maps) {
      if (!Y.isMap(m)) continue;
      for (const pair of m.items) {
        if (--mergeBudget < 0) throw new YamlParseError("yaml: document contains excessive aliasing", 0, "aliases");
        if (isMergeKey(pair.key)) {
          mergeInto(pair.value, seen);
          continue;
        }
        const kv = Y.isScalar(pair.key) ? pair.key.value : pair.key;
        const id = keyIdentity(kv);
        if (seen.has(id)) out.push({ key: String(kv), goKey: goSharpV(kv), line: lineOfValue(pair) });
        seen.add(id);
      }
    }
  };

  // the package reads a plain `<<` as a merge key whose value is Symbol("<<")
  const isMergeKey = (key: unknown): boolean =>
    Y.isScalar(key) && ((typeof key.value === "symbol" && key.value.description === "<<") || (key.value === "<<" && (!key.type || key.type === "PLAIN")));

  const walk = (node: unknown): void => {
    if (Y.isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (isMergeKey(pair.key)) {
          mergeInto(pair.value, seen);
          continue;
        }
        walk(pair.key);
        if (Y.isMap(resolve(pair.key)) || Y.isSeq(resolve(pair.key))) {
          const k = pair.key as { toJS(doc: import("yaml").Document, o: object): unknown };
          throw new YamlParseError(`yaml: invalid map key: ${goSharpV(k.toJS(doc, { mapAsMap: true, maxAliasCount: 100 }))}`, 0, "syntax");
        }
        walk(pair.value);
        const kv = Y.isScalar(pair.key) ? pair.key.value : pair.key;
        const id = keyIdentity(kv);
        if (seen.has(id)) out.push({ key: String(kv), goKey: goSharpV(kv), line: lineOfValue(pair) });
        seen.add(id);
      }
    } else if (Y.isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  return out;
}

/**
 * Parses one YAML (or JSON) document with YAML 1.1 rules. Duplicate keys are
 * collected (the last value wins) instead of failing, so callers can choose
 * between a strict error and a warning, as upstream does. Documents nested deeper than
 * MAX_YAML_DEPTH and alias bombs fail with go-yaml's words ("exceeded max depth of N",
 * "document contains excessive aliasing").
 */
export async function parseYamlDocument(text: string): Promise<ParsedYaml> {
  assertYamlReadable(text);
  assertYamlDepth(text);
  const Y = await loadYamlModule();
  const doc = Y.parseDocument(text, {
    version: "1.1",
    uniqueKeys: false,
    merge: true,
    intAsBigInt: false,
    prettyErrors: false,
    strict: false,
    // the package's own warnings (e.g. collection keys) must not reach stderr
    logLevel: "error",
  });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? new LineIndex(text).lineOf(err.pos[0]);
    const message = err.message.split("\n")[0]!;
    // the scan above should keep the parser within its stack; should it not, say what happened
    if (/Maximum call stack size exceeded/.test(message)) {
      throw new YamlParseError(`yaml: line ${line}: exceeded max depth of ${MAX_YAML_DEPTH}`, line, "depth");
    }
    throw new YamlParseError(`yaml: line ${line}: ${message}`, line, "syntax");
  }
  assertAnchorsSound(Y, doc);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    if (e instanceof Error && /Excessive alias count/.test(e.message)) {
      throw new YamlParseError("yaml: document contains excessive aliasing", 0, "aliases");
    }
    const unresolved = e instanceof Error ? /^Unresolved alias \(the anchor must be set before the alias\): (.*)$/.exec(e.message) : null;
    if (unresolved) throw new YamlParseError(`yaml: unknown anchor '${unresolved[1]}' referenced`, 0, "aliases");
    if (e instanceof RangeError) throw new YamlParseError(`yaml: exceeded max depth of ${MAX_YAML_DEPTH}`, 0, "depth");
    throw e;
  }
  const duplicates = findDuplicates(Y, doc, text);
  const out = normalizeParsed(value);
  const bad = firstNonFinite(out);
  // YAMLToJSON marshals with encoding/json, which has no text for these
  if (bad !== undefined) throw new YamlParseError(`json: unsupported value: ${bad}`, 0, "syntax");
  return { value: out, duplicates };
}

/** go-yaml: an alias inside the node its anchor names ("&a [*a]") is refused before decoding. */
function assertAnchorsSound(Y: YamlModule, doc: import("yaml").Document): void {
  const open = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (Y.isAlias(node)) {
      const target = node.resolve(doc);
      if (target !== undefined && open.has(target)) throw new YamlParseError(`yaml: anchor '${node.source}' value contains itself`, 0, "aliases");
      return;
    }
    const anchored = Y.isNode(node) && node.anchor ? node : undefined;
    if (anchored) open.add(anchored);
    if (Y.isMap(node)) {
      for (const pair of node.items) {
        walk(pair.key);
        walk(pair.value);
      }
    } else if (Y.isSeq(node)) {
      for (const item of node.items) walk(item);
    }
    if (anchored) open.delete(anchored);
  };
  walk(doc.contents);
}

/** The first float JSON cannot hold (+Inf, -Inf, NaN) in encoding/json's order (map keys sorted), as Go prints it. */
function firstNonFinite(v: unknown): string | undefined {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
    return undefined;
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const r = firstNonFinite(x);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o).sort()) {
      const r = firstNonFinite(o[k]);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

/**
 * Bytes → text for the YAML readers, keeping what go-yaml's reader would refuse: valid UTF-8 is
 * decoded as usual; each byte of an invalid sequence becomes U+DC80..U+DCFF (as Python's
 * "surrogateescape" does), so assertYamlReadable can report it, in its document, with go-yaml's words.
 */
export function decodeYamlBytes(buf: Uint8Array): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (isUtf8(b)) return b.toString("utf8");
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    let w = 0;
    if (c < 0x80) w = 1;
    else if (c >= 0xc2 && c <= 0xdf) w = 2;
    else if (c >= 0xe0 && c <= 0xef) w = 3;
    else if (c >= 0xf0 && c <= 0xf4) w = 4;
    let ok = w > 0 && i + w <= n;
    for (let k = 1; ok && k < w; k++) if ((b[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok && w > 1) {
      // overlong, surrogate and out-of-range forms are invalid too
      const c1 = b[i + 1]!;
      if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) ok = false;
    }
    if (ok) {
      i += w;
      continue;
    }
    if (i > start) out.push(b.toString("utf8", start, i));
    out.push(String.fromCharCode(0xdc00 + c));
    i++;
    start = i;
  }
  if (start < n) out.push(b.toString("utf8", start, n));
  return out.join("");
}

/** What go-yaml's reader says about the first escaped byte (see decodeYamlBytes) at `i` in `text`. */
function utf8Problem(text: string, i: number): string {
  const byteAt = (j: number): number | undefined => {
    const u = text.charCodeAt(j);
    return u >= 0xdc80 && u <= 0xdcff ? u - 0xdc00 : undefined;
  };
  const c = byteAt(i)!;
  let w: number;
  if ((c & 0xe0) === 0xc0) w = 2;
  else if ((c & 0xf0) === 0xe0) w = 3;
  else if ((c & 0xf8) === 0xf0) w = 4;
  else return "invalid leading UTF-8 octet";
  if (i + w > text.length) return "incomplete UTF-8 octet sequence";
  let value = c & (w === 2 ? 0x1f : w === 3 ? 0x0f : 0x07);
  for (let k = 1; k < w; k++) {
    const t = byteAt(i + k);
    if (t === undefined || (t & 0xc0) !== 0x80) return "invalid trailing UTF-8 octet";
    value = (value << 6) | (t & 0x3f);
  }
  if (!((w === 2 && value >= 0x80) || (w === 3 && value >= 0x800) || (w === 4 && value >= 0x10000))) return "invalid length of a UTF-8 sequence";
  return "invalid Unicode character";
}

// everything go-yaml's reader accepts (yaml_parser_update_buffer's check), as code points
const UNREADABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * go-yaml's reader: invalid UTF-8 (escaped by decodeYamlBytes) and control characters are refused
 * before anything is parsed: "yaml: invalid leading UTF-8 octet", "yaml: control characters are
 * not allowed", ...
 */
export function assertYamlReadable(text: string): void {
  const m = UNREADABLE.exec(text);
  if (!m) return;
  const u = text.charCodeAt(m.index);
  if (u >= 0xdc80 && u <= 0xdcff) throw new YamlParseError(`yaml: ${utf8Problem(text, m.index)}`, 0, "syntax");
  if (u >= 0xd800 && u <= 0xdfff) throw new YamlParseError("yaml: invalid Unicode character", 0, "syntax");
  throw new YamlParseError("yaml: control characters are not allowed", 0, "syntax");
}

/** Maps → plain objects with string keys (as YAMLToJSON does); Dates (timestamps) → RFC3339 text. */
function normalizeParsed(v: unknown): unknown {
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    // setOwn: a "__proto__" key is data, as in Go, not the object's prototype
    for (const [k, x] of v) setOwn(out, String(k), normalizeParsed(x));
    return out;
  }
  if (v instanceof Date) return formatRFC3339(v);
  if (Array.isArray(v)) return v.map(normalizeParsed);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) setOwn(out, k, normalizeParsed(x));
    return out;
  }
  return v;
}

/**
 * Splits a multi-document stream the way apimachinery's YAMLReader does: a line
 * starting with "---" ends a document (only spaces or a comment may follow);
 * empty documents are skipped. Throws `invalid Yaml document separator: <rest>`.
 * Its LineReader hands every line over ending in "\n" (bufio's ReadLine drops "\r\n" or
 * "\n", then "\n" is added), so a last line gets one and CRLF becomes LF.
 */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let buf = "";
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  for (const raw of lines) {
    const line = raw.endsWith("\r\n") ? `${raw.slice(0, -2)}\n` : raw.endsWith("\n") ? raw : `${raw}\n`;
    if (line.startsWith("---")) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && trimmed[0] !== "#") {
        throw new Error(`invalid Yaml document separator: ${trimmed}`);
      }
      if (buf.length !== 0) {
        docs.push(buf);
        buf = "";
      }
      continue;
    }
    buf += line;
  }
  if (buf.length !== 0) docs.push(buf);
  return docs;
}
