/**
 * Warnings in klog's format, as upstream prints them on stderr:
 * `W1122 20:24:44.485521   16433 version.go:108] <message>`.
 * The file:line names upstream's source location, so output lines up with
 * upstream's logs.
 */
import type { Writable } from "node:stream";

export interface ConfigLogger {
  /** A klog warning; `origin` is upstream's "file.go:line". */
  warn(msg: string, origin?: string): void;
  /** A klog info line (verbosity 0). */
  info(msg: string, origin?: string): void;
  /** A klog error line; `msg` is the whole text after the header (see klogStructured). */
  error?(msg: string, origin?: string): void;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** The klog header for a severity letter at `now`. */
export function klogHeader(severity: "W" | "I" | "E", origin: string, now = new Date(), pid = process.pid): string {
  const micros = pad(now.getMilliseconds(), 3) + "000";
  const ts = `${pad(now.getMonth() + 1)}${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${micros}`;
  return `${severity}${ts} ${String(pid).padStart(7, " ")} ${origin}] `;
}

/** A logger writing klog lines to a stream. */
export function streamLogger(stream: Writable): ConfigLogger {
  const line = (sev: "W" | "I" | "E", msg: string, origin: string): void => {
    const text = msg.endsWith("\n") ? msg : `${msg}\n`;
    stream.write(klogHeader(sev, origin) + text);
  };
  return {
    warn: (msg, origin = "config.go:0") => line("W", msg, origin),
    info: (msg, origin = "config.go:0") => line("I", msg, origin),
    error: (msg, origin = "config.go:0") => line("E", msg, origin),
  };
}

/** A logger that remembers lines (tests, and callers that print later). */
export function memoryLogger(): ConfigLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (msg) => lines.push(`W ${msg}`),
    info: (msg) => lines.push(`I ${msg}`),
    error: (msg) => lines.push(`E ${msg}`),
  };
}

/** Go's strconv.Quote: printable text kept; quotes, backslashes and non-printable characters escaped. */
export function strconvQuote(s: string): string {
  const named: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (named[ch]) out += named[ch];
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (ch !== " " && !/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) {
      out += cp > 0xffff ? "\\U" + cp.toString(16).padStart(8, "0") : "\\u" + cp.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

/** klog's text for a string value: `="…"`, or for multi-line text `=<` then each line tab-indented and ` >`. */
function klogValue(v: string): string {
  if (!v.includes("\n")) return "=" + strconvQuote(v);
  const lines = v.split("\n");
  const last = lines.pop()!;
  let out = "=<\n" + lines.map((l) => `\t${l}\n`).join("");
  out += last === "" ? " >" : `\t${last}\n >`;
  return out;
}

/**
 * klog's structured text (logger.Error(err, msg, k, v, ...)): the quoted message, then `err=` and
 * each key with its string value, as klog's text serializer writes them.
 */
export function klogStructured(msg: string, err: string | null, kvs: ReadonlyArray<readonly [string, string]> = []): string {
  let out = strconvQuote(msg);
  if (err !== null) out += " err" + klogValue(err);
  for (const [k, v] of kvs) out += ` ${k}${klogValue(v)}`;
  return out;
}

/** Strips the klog header of each line (for comparing with upstream output). */
export function stripKlogHeaders(text: string): string {
  return text.replace(/^([WIE])\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ [^\]]+\] /gm, "$1 ");
}
