/**
 * JSONPath templates as kubectl and kubeadm print them (`-o jsonpath=...`):
 * a parser for the `{...}` template language and an evaluator over JSON data
 * (the object after a JSON round trip: maps, arrays, strings, float64 numbers,
 * bools and null), with Go's formatting of the results and of the errors.
 *
 * Go-specific value kinds the evaluator can meet are modelled with GoInt:
 * integer literals of the template (`int`) and the bytes of a string that a
 * wildcard or recursive descent walks into (`uint8`).
 */

/** A Go integer value: a template literal (int) or a string's byte (uint8). */
export class GoInt {
  constructor(
    readonly value: number,
    readonly kind: "int" | "uint8",
  ) {}
}

/** A value during evaluation; undefined stands for Go's invalid (absent) value. */
export type JPValue = unknown;

export interface SliceParam {
  known: boolean;
  value: number;
  derived: boolean;
}

export type JPNode =
  | ListNode
  | { type: "text"; text: string }
  | { type: "field"; name: string }
  | { type: "array"; params: [SliceParam, SliceParam, SliceParam] }
  | { type: "filter"; left: ListNode; right: ListNode; op: string }
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "wildcard" }
  | { type: "recursive" }
  | { type: "union"; nodes: ListNode[] }
  | { type: "identifier"; name: string };

export interface ListNode {
  type: "list";
  nodes: JPNode[];
}

const EOF = -1;

function newList(): ListNode {
  return { type: "list", nodes: [] };
}

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09;
}
function isEndOfLine(r: number): boolean {
  return r === 0x0d || r === 0x0a;
}
function isDigit(r: number): boolean {
  return r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
}
function isAlphaNumeric(r: number): boolean {
  return r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));
}
function isTerminator(r: number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || ".,[]$@{}".includes(String.fromCodePoint(r));
}

/** Go's strconv.IsPrint, close enough: letters, marks, numbers, punctuation, symbols and ASCII space. */
function isPrint(r: number): boolean {
  return r === 0x20 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(r));
}

/** Go's `%#U`: U+0021 '!' (the quoted rune only when printable). */
function formatRune(r: number): string {
  const hex = `U+${r.toString(16).toUpperCase().padStart(4, "0")}`;
  return isPrint(r) ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

const SYNTAX = "invalid syntax";

/** strconv.UnquoteChar's escape handling, for one character at the start of s. */
function unquoteChar(s: string, quote: string): [string, string] {
  const c = s[0]!;
  if (c === quote) throw new Error(SYNTAX);
  if (c !== "\\") {
    const cp = s.codePointAt(0)!;
    const ch = String.fromCodePoint(cp);
    return [ch, s.slice(ch.length)];
  }
  if (s.length <= 1) throw new Error(SYNTAX);
  const e = s[1]!;
  const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };
  if (e in simple) return [simple[e]!, s.slice(2)];
  if (e === "x" || e === "u" || e === "U") {
    const n = e === "x" ? 2 : e === "u" ? 4 : 8;
    const hex = s.slice(2, 2 + n);
    if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) throw new Error(SYNTAX);
    const v = parseInt(hex, 16);
    if (e !== "x" && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) throw new Error(SYNTAX);
    return [e === "x" ? String.fromCharCode(v) : String.fromCodePoint(v), s.slice(2 + n)];
  }
  if (e >= "0" && e <= "7") {
    const oct = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(oct)) throw new Error(SYNTAX);
    const v = parseInt(oct, 8);
    if (v > 255) throw new Error(SYNTAX);
    return [String.fromCharCode(v), s.slice(4)];
  }
  if ((e === "'" || e === '"') && e === quote) return [e, s.slice(2)];
  throw new Error(SYNTAX);
}

/** Unquotes a "..." or '...' string with Go escapes; throws "invalid syntax". */
export function unquoteExtend(s: string): string {
  if (s.length < 2) throw new Error(SYNTAX);
  const quote = s[0]!;
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) throw new Error(SYNTAX);
  let rest = s.slice(1, -1);
  if (!rest.includes("\\") && !rest.includes(quote)) return rest;
  let out = "";
  while (rest.length > 0) {
    const [ch, r] = unquoteChar(rest, quote);
    out += ch;
    rest = r;
  }
  return out;
}

const DICT_KEY = /^'([^']*)'$/;
const SLICE_OP = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;
const FILTER_OP = /^([^!<>=]+)([!<>=]+)(.+?)$/;
const INT64_MAX = 9223372036854775807n;

/** Go's strconv.Atoi: an optionally signed decimal within int64. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const b = BigInt(s);
  if (b > INT64_MAX || b < -INT64_MAX - 1n) return undefined;
  return Number(b);
}

class Parser {
  root: ListNode = newList();
  private input = "";
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): ListNode {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.start = 0;
    this.parseText();
    return this.root;
  }

  private consume(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private at(prefix: string): boolean {
    return this.input.startsWith(prefix, this.pos);
  }

  private parseText(): void {
    for (;;) {
      if (this.at("{")) {
        if (this.pos > this.start) this.root.nodes.push({ type: "text", text: this.consume() });
        this.pos += 1;
        this.consume();
        const list = newList();
        this.root.nodes.push(list);
        this.parseInsideAction(list);
        continue;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) this.root.nodes.push({ type: "text", text: this.consume() });
  }

  /** Parses up to and including the closing brace of an action. */
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      if (this.at("}")) {
        this.pos += 1;
        this.consume();
        return;
      }
      if (this.at("[?(")) {
        this.parseFilter(cur);
        continue;
      }
      if (this.at("..")) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new Error("unclosed action");
      if (r === 0x20 || r === 0x40 /* @ */ || r === 0x24 /* $ */) {
        this.consume();
      } else if (r === 0x5b /* [ */) {
        this.parseArray(cur);
      } else if (r === 0x22 || r === 0x27) {
        this.parseQuote(cur, r);
      } else if (r === 0x2e /* . */) {
        this.parseField(cur);
      } else if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else {
        throw new Error(`unrecognized character in action: ${formatRune(r)}`);
      }
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      if (isTerminator(this.next())) {
        this.backup();
        break;
      }
    }
    const value = this.consume();
    if (value === "true" || value === "false") cur.nodes.push({ type: "bool", value: value === "true" });
    else cur.nodes.push({ type: "identifier", name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.length > 0 && cur.nodes[cur.nodes.length - 1]!.type === "recursive") {
      throw new Error("invalid multiple recursive descent");
    }
    this.pos += 2;
    this.consume();
    cur.nodes.push({ type: "recursive" });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === 0x2b || first === 0x2d) this.next();
    for (;;) {
      const r = this.next();
      if (r !== 0x2e && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consume();
    const i = atoi(value);
    if (i !== undefined) {
      cur.nodes.push({ type: "int", value: i });
      return;
    }
    if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) {
      cur.nodes.push({ type: "float", value: Number(value) });
      return;
    }
    throw new Error(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new Error("unterminated array");
      if (r === 0x5d /* ] */) break;
    }
    let text = this.consume().slice(1, -1);
    if (text === "*") text = ":";

    const parts = text.split(",");
    if (parts.length > 1) {
      const union: ListNode[] = [];
      for (const part of parts) union.push(parseAction(`[${trimSpaces(part)}]`));
      cur.nodes.push({ type: "union", nodes: union });
      return;
    }

    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }

    const m = SLICE_OP.exec(text);
    if (!m) throw new Error(`invalid array index ${text}`);
    const groups = [m[1] ?? "", m[2] ?? "", m[3] ?? ""];
    const params: SliceParam[] = [];
    for (let i = 0; i < 3; i++) {
      let g = groups[i]!;
      if (g !== "") {
        if (i > 0) g = g.slice(1);
        if (i > 0 && g === "") {
          params.push({ known: false, value: 0, derived: false });
        } else {
          const v = atoi(g);
          if (v === undefined) throw new Error(`array index ${g} is not a number`);
          params.push({ known: true, value: v, derived: false });
        }
      } else if (i === 1) {
        params.push({ known: true, value: params[0]!.value + 1, derived: true });
      } else {
        params.push({ known: false, value: 0, derived: false });
      }
    }
    cur.nodes.push({ type: "array", params: params as [SliceParam, SliceParam, SliceParam] });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new Error("unterminated filter");
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === 0x29 /* ) */ && begin === end) {
        break;
      }
    }
    if (this.next() !== 0x5d) throw new Error("unclosed array expect ]");
    const text = this.consume().slice(0, -2);
    const m = FILTER_OP.exec(text);
    if (!m) {
      cur.nodes.push({ type: "filter", left: parseAction(text), right: newList(), op: "exists" });
    } else {
      const left = parseAction(m[1]!);
      const right = parseAction(m[3]!);
      cur.nodes.push({ type: "filter", left, right, op: m[2]! });
    }
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new Error("unterminated quoted string");
      if (r === end && this.input[this.pos - 2] !== "\\") break;
    }
    const value = this.consume();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (err) {
      throw new Error(`unquote string ${value} error ${(err as Error).message}`);
    }
    cur.nodes.push({ type: "text", text: s });
  }

  private parseField(cur: ListNode): void {
    this.consume();
    while (this.advance()) {
      /* scan */
    }
    const value = this.consume();
    if (value === "*") cur.nodes.push({ type: "wildcard" });
    else cur.nodes.push({ type: "field", name: value.replace(/\\/g, "") });
  }

  private advance(): boolean {
    const r = this.next();
    if (r === 0x5c /* \ */) {
      this.next();
    } else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

function trimSpaces(s: string): string {
  return s.replace(/^ +| +$/g, "");
}

/** Parses the inside of one action (as if wrapped in braces) and returns its node list. */
function parseAction(text: string): ListNode {
  return new Parser().parse(`{${text}}`).nodes[0] as ListNode;
}

/** Parses a template; throws an Error with upstream's message on bad syntax. */
export function parseJSONPath(text: string): ListNode {
  return new Parser().parse(text);
}

// ---------------------------------------------------------------- formatting

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

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoInt);
}

function sortedKeys(m: Record<string, unknown>): string[] {
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

/** Go's strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (r === 0x07) out += "\\a";
    else if (r === 0x08) out += "\\b";
    else if (r === 0x0c) out += "\\f";
    else if (r === 0x0a) out += "\\n";
    else if (r === 0x0d) out += "\\r";
    else if (r === 0x09) out += "\\t";
    else if (r === 0x0b) out += "\\v";
    else if (isPrint(r)) out += ch;
    else if (r < 0x80) out += `\\x${r.toString(16).padStart(2, "0")}`;
    else if (r < 0x10000) out += `\\u${r.toString(16).padStart(4, "0")}`;
    else out += `\\U${r.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
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
function goTypeName(v: JPValue): string {
  if (v instanceof GoInt) return v.kind;
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  if (v === null) return "interface {}";
  return "map[string]interface {}";
}

// ---------------------------------------------------------------- evaluation

/** An evaluation error; `values` is what the failing step handed back (filters look at it). */
class EvalError extends Error {
  constructor(
    message: string,
    readonly values: JPValue[],
  ) {
    super(message);
  }
}

type Kind = "bool" | "int" | "uint" | "float" | "string";

function basicKind(v: JPValue): Kind {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float";
  if (typeof v === "string") return "string";
  if (v instanceof GoInt) return v.kind === "int" ? "int" : "uint";
  throw new Error("invalid type for comparison");
}

function numOf(v: JPValue): number {
  return v instanceof GoInt ? v.value : (v as number);
}

function goEqual(a: JPValue, b: JPValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) return numOf(a) === numOf(b);
    throw new Error("incompatible types for comparison");
  }
  if (k1 === "int" || k1 === "uint") return numOf(a) === numOf(b);
  return a === b;
}

function goLess(a: JPValue, b: JPValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int")) return numOf(a) < numOf(b);
    throw new Error("incompatible types for comparison");
  }
  if (k1 === "bool") throw new Error("invalid type for comparison");
  if (k1 === "string") return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0;
  return numOf(a) < numOf(b);
}

function compare(op: string, a: JPValue, b: JPValue): boolean {
  switch (op) {
    case "<":
      return goLess(a, b);
    case ">":
      return !(goLess(a, b) || goEqual(a, b));
    case "==":
      return goEqual(a, b);
    case "!=":
      return !goEqual(a, b);
    case "<=":
      return goLess(a, b) || goEqual(a, b);
    case ">=":
      return !goLess(a, b);
    default:
      throw new Error(`unrecognized filter operator ${op}`);
  }
}

/** The children a wildcard or recursive descent walks into. */
function children(v: JPValue): JPValue[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return [...Buffer.from(v, "utf8")].map((b) => new GoInt(b, "uint8"));
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]);
  return [];
}

/**
 * A parsed template with its evaluation state. Like upstream, evaluation keeps
 * range bookkeeping on the instance and narrows the root node list as ranges
 * are walked, so one instance behaves as upstream's printer does when reused.
 */
export class JSONPath {
  allowMissingKeys = true;
  outputJSON = false;
  private readonly root: ListNode;
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: JPNode | undefined;

  constructor(template: string) {
    this.root = parseJSONPath(template);
  }

  /** Evaluates the template on data; throws an Error with upstream's message. */
  execute(data: JPValue): string {
    return this.findResults(data)
      .map((r) => this.printResults(r))
      .join("");
  }

  private findResults(data: JPValue): JPValue[][] {
    const nodes = this.root.nodes;
    const full: JPValue[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const results = this.walk([data], node);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) {
            this.root.nodes = nodes.slice(i + 1);
            full.push(...this.findResults(value));
          }
        } else {
          this.root.nodes = nodes.slice(i + 1);
          this.findResults(undefined);
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private printResults(results: JPValue[]): string {
    if (this.outputJSON) return `${goJSON(results, "    ")}\n`;
    return results
      .map((r) => {
        if (Array.isArray(r) || isMap(r)) return goJSON(r);
        if (r === undefined) return "<no value>";
        if (r === null) return "null";
        if (typeof r === "number") return goFloat(r);
        if (r instanceof GoInt) return String(r.value);
        return String(r);
      })
      .join(" ");
  }

  private walk(input: JPValue[], node: JPNode): JPValue[] {
    switch (node.type) {
      case "list":
        return this.evalList(input, node);
      case "text":
        return [node.text];
      case "field":
        return this.evalField(input, node.name);
      case "array":
        return this.evalArray(input, node.params);
      case "filter":
        return this.evalFilter(input, node);
      case "int":
        return input.map(() => new GoInt(node.value, "int"));
      case "float":
      case "bool":
        return input.map(() => node.value);
      case "wildcard":
        return input.filter((v) => v !== null).flatMap(children);
      case "recursive":
        return this.evalRecursive(input);
      case "union": {
        const out: JPValue[] = [];
        for (const list of node.nodes) {
          try {
            out.push(...this.evalList(input, list));
          } catch (err) {
            throw new EvalError((err as Error).message, input);
          }
        }
        return out;
      }
      case "identifier":
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: JPValue[], list: ListNode): JPValue[] {
    let cur = input;
    for (const node of list.nodes) cur = this.walk(cur, node);
    return cur;
  }

  private evalIdentifier(input: JPValue[], name: string): JPValue[] {
    if (name === "range") {
      this.beginRange++;
      return input;
    }
    if (name === "end") {
      if (this.inRange > 0) {
        this.endRange++;
        return [];
      }
      throw new EvalError("not in range, nothing to end", []);
    }
    throw new EvalError(`unrecognized identifier ${name}`, input);
  }

  private evalField(input: JPValue[], name: string): JPValue[] {
    const results: JPValue[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (v === null) continue;
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name)) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new EvalError(`${name} is not found`, results);
    return results;
  }

  private evalArray(input: JPValue[], params: [SliceParam, SliceParam, SliceParam]): JPValue[] {
    const result: JPValue[] = [];
    for (const v of input) {
      if (v === null) continue;
      if (!Array.isArray(v)) throw new EvalError(`${goTypeName(v)} is not array or slice`, input);
      const len = v.length;
      let start = params[0].known ? params[0].value : 0;
      if (start < 0) start += len;
      let end = params[1].known ? params[1].value : len;
      if (end < 0 || (end === 0 && params[1].derived)) end += len;
      if (end === start) return result;
      if (start >= len || start < 0) throw new EvalError(`array index out of bounds: index ${start}, length ${len}`, input);
      if (end > len || end < 0) throw new EvalError(`array index out of bounds: index ${end - 1}, length ${len}`, input);
      if (start > end) throw new EvalError(`starting index ${start} is greater than ending index ${end}`, input);
      let step = 1;
      if (params[2].known) {
        if (params[2].value <= 0) throw new EvalError("step must be > 0", input);
        step = params[2].value;
      }
      const slice = v.slice(start, end);
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  private evalRecursive(input: JPValue[]): JPValue[] {
    const result: JPValue[] = [];
    for (const v of input) {
      if (v === null) continue;
      const kids = children(v);
      if (kids.length !== 0) {
        result.push(v);
        result.push(...this.evalRecursive(kids));
      }
    }
    return result;
  }

  private evalFilter(input: JPValue[], node: { left: ListNode; right: ListNode; op: string }): JPValue[] {
    const results: JPValue[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new EvalError(`${goV(v)} is not array or slice and cannot be filtered`, input);
      for (const elem of v) {
        let lefts: JPValue[];
        let leftErr: EvalError | undefined;
        try {
          lefts = this.evalList([elem], node.left);
        } catch (err) {
          leftErr = err instanceof EvalError ? err : new EvalError((err as Error).message, []);
          lefts = leftErr.values;
        }
        if (node.op === "exists") {
          if (lefts.length > 0) results.push(elem);
          continue;
        }
        if (leftErr) throw new EvalError(leftErr.message, input);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new EvalError("can only compare one element at a time", input);
        let rights: JPValue[];
        try {
          rights = this.evalList([elem], node.right);
        } catch (err) {
          throw new EvalError((err as Error).message, input);
        }
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new EvalError("can only compare one element at a time", input);
        let pass: boolean;
        try {
          pass = compare(node.op, lefts[0], rights[0]);
        } catch (err) {
          throw new EvalError((err as Error).message, results);
        }
        if (pass) results.push(elem);
      }
    }
    return results;
  }
}
