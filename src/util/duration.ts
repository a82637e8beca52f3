/**
 * Go `time.Duration` parsing and formatting, so that flags such as `--token-ttl`
 * accept and print exactly what upstream kubeadm does (`24h0m0s`, `1.5s`, `0s`),
 * and reject bad input with Go's error text (`time: unknown unit "d" in duration "1d"`).
 * Durations are nanoseconds held in a bigint: `8760h` does not fit a double exactly.
 */

export const NANOSECOND = 1n;
export const MICROSECOND = 1000n;
export const MILLISECOND = 1_000_000n;
export const SECOND = 1_000_000_000n;
export const MINUTE = 60n * SECOND;
export const HOUR = 60n * MINUTE;

const MAX_INT64 = (1n << 63n) - 1n;

const UNITS: Record<string, bigint> = {
  ns: NANOSECOND,
  us: MICROSECOND,
  "\u00b5s": MICROSECOND, // micro sign
  "\u03bcs": MICROSECOND, // Greek mu
  ms: MILLISECOND,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};

/** Error thrown for unparsable durations; the message is Go's, word for word. */
export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DurationError";
  }
}

/** Go's time.quote: double quotes, `\` and `"` escaped, bytes outside printable ASCII as \xNN. */
function goTimeQuote(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s, "utf8")) {
    if (byte >= 0x80 || byte < 0x20) {
      out += "\\x" + byte.toString(16).padStart(2, "0");
    } else {
      const c = String.fromCharCode(byte);
      if (c === '"' || c === "\\") out += "\\";
      out += c;
    }
  }
  return out + '"';
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

/** Parses a Go duration string ("1h30m", "90s", "-1.5h", "0") into nanoseconds. */
export function parseDuration(input: string): bigint {
  const invalid = () => new DurationError("time: invalid duration " + goTimeQuote(input));
  let s = input;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw invalid();
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) throw invalid();
    // integer part
    let i = 0;
    let v = 0n;
    while (isDigit(s[i])) {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > 1n << 63n) throw invalid();
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    // fraction part
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const next = f * 10n + BigInt(s.charCodeAt(j) - 48);
          if (next > 1n << 63n) {
            overflow = true;
          } else {
            f = next;
            scale *= 10;
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    // unit
    let k = 0;
    while (k < s.length && !(s[k] === "." || isDigit(s[k]))) k++;
    if (k === 0) throw new DurationError("time: missing unit in duration " + goTimeQuote(input));
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = UNITS[u];
    if (unit === undefined) {
      throw new DurationError("time: unknown unit " + goTimeQuote(u) + " in duration " + goTimeQuote(input));
    }
    if (v > (1n << 63n) / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go computes this in float64: uint64(float64(f) * (float64(unit) / scale))
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > 1n << 63n) throw invalid();
    }
    total += v;
    if (total > 1n << 63n) throw invalid();
  }
  if (neg) return -total;
  if (total > MAX_INT64) throw invalid();
  return total;
}

/** Writes the fraction of v/10^prec without trailing zeros; returns [text, v/10^prec]. */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let digits = "";
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) digits = digit.toString() + digits;
    v /= 10n;
  }
  return [print ? "." + digits : "", v];
}

/** Formats nanoseconds the way Go's Duration.String does: "24h0m0s", "1.5s", "300ms", "0s". */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return "0s";
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < SECOND) {
    let unit: string;
    let prec: number;
    if (u < MICROSECOND) {
      prec = 0;
      unit = "ns";
    } else if (u < MILLISECOND) {
      prec = 3;
      unit = "\u00b5s";
    } else {
      prec = 6;
      unit = "ms";
    }
    const [frac, whole] = fmtFrac(u, prec);
    out = whole.toString() + frac + unit;
  } else {
    const [frac, whole] = fmtFrac(u, 9);
    u = whole;
    out = (u % 60n).toString() + frac + "s";
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + "m" + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

/** Nanoseconds to milliseconds (the unit flag values carry), truncating toward zero. */
export function nanosToMillis(ns: bigint): number {
  return Number(ns / MILLISECOND);
}

/** Milliseconds to nanoseconds. */
export function millisToNanos(ms: number): bigint {
  return BigInt(Math.trunc(ms)) * MILLISECOND;
}

/**
 * Go duration text → milliseconds, the unit the internal configuration uses
 * (sub-millisecond parts kept as a fraction).
 */
export function parseDurationMs(input: string): number {
  const ns = parseDuration(input);
  return Number(ns / MILLISECOND) + Number(ns % MILLISECOND) / 1e6;
}

/** Milliseconds (fractions allowed) → Go duration text, e.g. 86400000 → "24h0m0s". */
export function formatDurationMs(ms: number): string {
  const whole = Math.trunc(ms);
  return formatDuration(BigInt(whole) * MILLISECOND + BigInt(Math.round((ms - whole) * 1e6)));
}

/**
 * apimachinery's duration.ShortHumanDuration for a duration in milliseconds: "59s", "59m",
 * "23h", "364d", "9y"; "0s" just below zero, "<invalid>" further below.
 */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / 3_600_000 / 24 / 365)}y`;
}
