/**
 * Go time.Duration text <-> milliseconds. kubeadm-ts keeps durations as
 * millisecond numbers (fractions for sub-millisecond parts); these two
 * functions reproduce Go's `Duration.String()` and `time.ParseDuration`.
 */

const NS_PER: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n, // micro sign
  "\u03bcs": 1_000n, // Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Milliseconds → integer nanoseconds. */
export function msToNs(ms: number): bigint {
  return BigInt(Math.round(ms * 1e6));
}

/** Integer nanoseconds → milliseconds. */
export function nsToMs(ns: bigint): number {
  return Number(ns) / 1e6;
}

function fracString(v: bigint, digits: number): string {
  // v is the fractional part scaled by 10^digits; print without trailing zeros.
  let s = v.toString().padStart(digits, "0");
  s = s.replace(/0+$/, "");
  return s ? `.${s}` : "";
}

/** Go's Duration.String of a nanosecond count: "0s", "1.5ms", "4m0s", "8760h0m0s", "-1m30s". */
export function formatDurationNs(nsIn: bigint): string {
  if (nsIn === 0n) return "0s";
  const neg = nsIn < 0n;
  let ns = neg ? -nsIn : nsIn;
  let out: string;
  if (ns < 1_000_000_000n) {
    if (ns < 1_000n) out = `${ns}ns`;
    else if (ns < 1_000_000n) out = `${ns / 1_000n}${fracString(ns % 1_000n, 3)}\u00b5s`;
    else out = `${ns / 1_000_000n}${fracString(ns % 1_000_000n, 6)}ms`;
  } else {
    const frac = ns % 1_000_000_000n;
    ns /= 1_000_000_000n;
    const secs = ns % 60n;
    ns /= 60n;
    const mins = ns % 60n;
    const hours = ns / 60n;
    out = `${secs}${fracString(frac, 9)}s`;
    if (mins > 0n || hours > 0n) out = `${mins}m${out}`;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return neg ? `-${out}` : out;
}

/** Go's Duration.String of a millisecond value. */
export function formatDuration(ms: number): string {
  return formatDurationNs(msToNs(ms));
}

const quote = (s: string): string => JSON.stringify(s);

/**
 * Go's time.ParseDuration into nanoseconds. Throws with Go's messages:
 * `time: invalid duration "x"`, `time: missing unit in duration "1"`,
 * `time: unknown unit "x" in duration "1x"`.
 */
export function parseDurationNs(orig: string): bigint {
  let s = orig;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw new Error(`time: invalid duration ${quote(orig)}`);
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || (s[0]! >= "0" && s[0]! <= "9"))) throw new Error(`time: invalid duration ${quote(orig)}`);
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const intPart = m[1] ?? "";
    const fracPart = m[2];
    if (intPart === "" && (fracPart === undefined || fracPart === "")) {
      throw new Error(`time: invalid duration ${quote(orig)}`);
    }
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && s[i] !== "." && !(s[i]! >= "0" && s[i]! <= "9")) i++;
    if (i === 0) throw new Error(`time: missing unit in duration ${quote(orig)}`);
    const unitName = s.slice(0, i);
    s = s.slice(i);
    const unit = NS_PER[unitName];
    if (unit === undefined) throw new Error(`time: unknown unit ${quote(unitName)} in duration ${quote(orig)}`);
    let v = (intPart === "" ? 0n : BigInt(intPart)) * unit;
    if (fracPart) {
      const scale = 10n ** BigInt(fracPart.length);
      v += (BigInt(fracPart) * unit) / scale;
    }
    total += v;
    if (total > (1n << 63n) - 1n) throw new Error(`time: invalid duration ${quote(orig)}`);
  }
  return neg ? -total : total;
}

/** time.ParseDuration into milliseconds. */
export function parseDuration(s: string): number {
  return nsToMs(parseDurationNs(s));
}
