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
  const line = (sev: "W" | "I", msg: string, origin: string): void => {
    const text = msg.endsWith("\n") ? msg : `${msg}\n`;
    stream.write(klogHeader(sev, origin) + text);
  };
  return {
    warn: (msg, origin = "config.go:0") => line("W", msg, origin),
    info: (msg, origin = "config.go:0") => line("I", msg, origin),
  };
}

/** A logger that remembers lines (tests, and callers that print later). */
export function memoryLogger(): ConfigLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (msg) => lines.push(`W ${msg}`),
    info: (msg) => lines.push(`I ${msg}`),
  };
}

/** Strips the klog header of each line (for comparing with upstream output). */
export function stripKlogHeaders(text: string): string {
  return text.replace(/^([WIE])\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ [^\]]+\] /gm, "$1 ");
}
