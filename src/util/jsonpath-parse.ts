/**
 * The JSONPath template language of kubectl and kubeadm (`-o jsonpath=...`, client-go's
 * util/jsonpath): text and `{...}` actions parsed into nodes, with upstream's error messages.
 * Evaluation is in jsonpath.ts.
 */
import { isGoPrint as isPrint } from "./go-quote.js";
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
