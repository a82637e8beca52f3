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

/** A YAML syntax or duplicate-key problem, with a 1-based line. */
export class YamlParseError extends Error {
  readonly line: number;
  readonly kind: "syntax" | "duplicate";
  readonly key?: string;
  constructor(message: string, line: number, kind: "syntax" | "duplicate", key?: string) {
    super(message);
    this.name = "YamlParseError";
    this.line = line;
    this.kind = kind;
    if (key !== undefined) this.key = key;
  }
}

export interface ParsedYaml {
  /** The value as go-yaml v2 + JSON would see it (maps as plain objects). */
  value: unknown;
  /** Duplicate keys found (last one wins in `value`), with their 1-based lines. */
  duplicates: Array<{ key: string; line: number }>;
}

type YamlModule = typeof import("yaml");
let yamlModule: Promise<YamlModule> | undefined;
/** Loads the `yaml` package on first use. */
export function loadYamlModule(): Promise<YamlModule> {
  // the bundle may hand back the CommonJS namespace under `default`
  yamlModule ??= import("yaml").then((m) => ((m as { default?: YamlModule }).default ?? m) as YamlModule);
  return yamlModule;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Parses one YAML (or JSON) document with YAML 1.1 rules. Duplicate keys are
 * collected (the last value wins) instead of failing, so callers can choose
 * between a strict error and a warning, as upstream does.
 */
export async function parseYamlDocument(text: string): Promise<ParsedYaml> {
  const Y = await loadYamlModule();
  const doc = Y.parseDocument(text, {
    version: "1.1",
    uniqueKeys: false,
    merge: true,
    intAsBigInt: false,
    prettyErrors: false,
    strict: false,
  });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? lineOf(text, err.pos[0]);
    throw new YamlParseError(`yaml: line ${line}: ${err.message.split("\n")[0]}`, line, "syntax");
  }
  const duplicates: Array<{ key: string; line: number }> = [];
  Y.visit(doc, {
    Map(_k, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const keyNode = pair.key as { value?: unknown; range?: [number, number, number] } | null;
        const key = keyNode && typeof keyNode === "object" && "value" in keyNode ? String(keyNode.value) : String(keyNode);
        if (seen.has(key)) duplicates.push({ key, line: keyNode?.range ? lineOf(text, keyNode.range[0]) : 0 });
        seen.add(key);
      }
    },
  });
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  return { value: normalizeParsed(value), duplicates };
}

/** Maps → plain objects with string keys (as YAMLToJSON does); Dates (timestamps) → RFC3339 text. */
function normalizeParsed(v: unknown): unknown {
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = normalizeParsed(x);
    return out;
  }
  if (v instanceof Date) return formatRFC3339(v);
  if (Array.isArray(v)) return v.map(normalizeParsed);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = normalizeParsed(x);
    return out;
  }
  return v;
}

/**
 * Splits a multi-document stream the way apimachinery's YAMLReader does: a line
 * starting with "---" ends a document (only spaces or a comment may follow);
 * empty documents are skipped. Throws `invalid Yaml document separator: <rest>`.
 */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let buf = "";
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  for (const line of lines) {
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
