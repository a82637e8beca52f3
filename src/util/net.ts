/**
 * IP and CIDR arithmetic with the semantics of Go's net package as Kubernetes
 * uses it (k8s.io/utils/net "sloppy" parsing: IPv4 octets may carry leading
 * zeros and are read as decimal). Addresses are 16-byte arrays like Go's
 * net.IP; IPv4 and IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are the same
 * thing and print in dotted form, as Go prints them.
 */

/** 16 bytes, IPv4 stored as ::ffff:a.b.c.d (Go's net.IP after ParseIP). */
export type IP = Uint8Array;

/** A parsed network: `ip` is the masked network address; `bits` is 32 or 128. */
export interface IPNet {
  ip: IP;
  prefix: number;
  bits: 32 | 128;
}

export type IPFamily = "IPv4" | "IPv6";

const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Thrown for malformed CIDR text; message as Go's ParseError: `invalid CIDR address: <s>`. */
export class ParseError extends Error {
  constructor(kind: string, text: string) {
    super(`invalid ${kind}: ${text}`);
    this.name = "ParseError";
  }
}

function ipv4Bytes(a: number, b: number, c: number, d: number): IP {
  const ip = new Uint8Array(16);
  ip[10] = 0xff;
  ip[11] = 0xff;
  ip[12] = a;
  ip[13] = b;
  ip[14] = c;
  ip[15] = d;
  return ip;
}

/** Reads leading decimal digits; Go's dtoi (fails past 0xFFFFFF or with no digit). */
function readDecimal(s: string, from: number): [value: number, end: number] | null {
  let n = 0;
  let i = from;
  for (; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= 0xffffff) return null;
  }
  return i === from ? null : [n, i];
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Reads leading hex digits; Go's xtoi. */
function readHex(s: string, from: number): [value: number, end: number] | null {
  let n = 0;
  let i = from;
  for (; i < s.length; i++) {
    const d = hexDigit(s.charCodeAt(i));
    if (d < 0) break;
    n = n * 16 + d;
    if (n >= 0xffffff) return null;
  }
  return i === from ? null : [n, i];
}

function parseIPv4(s: string): IP | null {
  const octets: number[] = [];
  let pos = 0;
  for (let i = 0; i < 4; i++) {
    if (pos >= s.length) return null;
    if (i > 0) {
      if (s[pos] !== ".") return null;
      pos++;
    }
    const r = readDecimal(s, pos);
    if (!r || r[0] > 0xff) return null;
    octets.push(r[0]);
    pos = r[1];
  }
  if (pos !== s.length) return null;
  return ipv4Bytes(octets[0]!, octets[1]!, octets[2]!, octets[3]!);
}

function parseIPv6(input: string): IP | null {
  const ip = new Uint8Array(16);
  let s = input;
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ":" && s[1] === ":") {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const r = readHex(s, 0);
    if (!r || r[0] > 0xffff) return null;
    const [n, c] = r;
    if (c < s.length && s[c] === ".") {
      // Embedded IPv4 in the last 4 bytes.
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const v4 = parseIPv4(s);
      if (!v4) return null;
      ip.set(v4.subarray(12), i);
      s = "";
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ":" || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

/** Parses an IPv4 or IPv6 address; null when it is not one (Go: ParseIPSloppy). */
export function parseIP(s: string): IP | null {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === ".") return parseIPv4(s);
    if (s[i] === ":") return parseIPv6(s);
  }
  return null;
}

/** The 4-byte form of an IPv4 (or IPv4-mapped) address, else null (Go: To4; a 4-byte IP is its own). */
export function to4(ip: IP): Uint8Array | null {
  if (ip.length === 4) return ip;
  if (ip.length !== 16) return null;
  for (let i = 0; i < 12; i++) if (ip[i] !== V4_IN_V6_PREFIX[i]) return null;
  return ip.subarray(12);
}

export function isIPv4(ip: IP): boolean {
  return to4(ip) !== null;
}

export function isIPv6(ip: IP): boolean {
  return to4(ip) === null;
}

export function ipFamily(ip: IP): IPFamily {
  return isIPv4(ip) ? "IPv4" : "IPv6";
}

/** True if `s` is exactly one IPv6 address. */
export function isIPv6String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== null && isIPv6(ip);
}

export function isIPv4String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== null && isIPv4(ip);
}

/** Text form as Go prints net.IP: dotted IPv4; RFC 5952 IPv6 (longest zero run of ≥2 groups → "::"). */
export function formatIP(ip: IP): string {
  const v4 = to4(ip);
  if (v4) return `${v4[0]}.${v4[1]}.${v4[2]}.${v4[3]}`;
  let bestStart = -1;
  let bestEnd = -1;
  for (let i = 0; i < 16; i += 2) {
    let j = i;
    while (j < 16 && ip[j] === 0 && ip[j + 1] === 0) j += 2;
    if (j > i && j - i > bestEnd - bestStart) {
      bestStart = i;
      bestEnd = j;
    }
    if (j > i) i = j - 2;
  }
  if (bestEnd - bestStart <= 2) {
    bestStart = -1;
    bestEnd = -1;
  }
  let out = "";
  for (let i = 0; i < 16; i += 2) {
    if (i === bestStart) {
      out += "::";
      i = bestEnd - 2;
      continue;
    }
    if (i > 0 && !out.endsWith(":")) out += ":";
    out += ((ip[i]! << 8) | ip[i + 1]!).toString(16);
  }
  return out;
}

/** The address as an unsigned integer over all 16 bytes (Go: BigForIP). */
export function ipToBigInt(ip: IP): bigint {
  let v = 0n;
  for (const b of ip) v = (v << 8n) | BigInt(b);
  return v;
}

/** 16-byte address from an integer (wraps modulo 2^128). */
export function bigIntToIP(v: bigint): IP {
  const ip = new Uint8Array(16);
  let x = BigInt.asUintN(128, v);
  for (let i = 15; i >= 0; i--) {
    ip[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return ip;
}

function maskNetwork(ip: IP, prefix: number, bits: 32 | 128): IP {
  const out = new Uint8Array(ip);
  const offset = bits === 32 ? 12 : 0;
  for (let byte = offset; byte < 16; byte++) {
    const bitIndex = (byte - offset) * 8;
    const keep = Math.max(0, Math.min(8, prefix - bitIndex));
    out[byte] = out[byte]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/**
 * Parses "addr/prefix" (Go: ParseCIDRSloppy). Throws ParseError
 * `invalid CIDR address: <s>` on malformed input.
 */
export function parseCIDR(s: string): { ip: IP; net: IPNet } {
  const slash = s.indexOf("/");
  if (slash < 0) throw new ParseError("CIDR address", s);
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bits: 32 | 128 = 32;
  let ip = parseIPv4(addr);
  if (!ip) {
    bits = 128;
    ip = parseIPv6(addr);
  }
  const r = readDecimal(mask, 0);
  if (!ip || !r || r[1] !== mask.length || r[0] > bits) throw new ParseError("CIDR address", s);
  return { ip, net: { ip: maskNetwork(ip, r[0], bits), prefix: r[0], bits } };
}

/** Like parseCIDR, null instead of throwing. */
export function tryParseCIDR(s: string): IPNet | null {
  try {
    return parseCIDR(s).net;
  } catch {
    return null;
  }
}

/** Text form as Go prints *net.IPNet ("10.96.0.0/12"). */
export function formatCIDR(n: IPNet): string {
  return `${formatIP(n.ip)}/${n.prefix}`;
}

/** The family of a CIDR follows its address (an IPv4-mapped network counts as IPv4, as in Go). */
export function cidrFamily(n: IPNet): IPFamily {
  return ipFamily(n.ip);
}

export function isIPv6CIDR(n: IPNet): boolean {
  return cidrFamily(n) === "IPv6";
}

export function isIPv6CIDRString(s: string): boolean {
  const n = tryParseCIDR(s);
  return n !== null && isIPv6CIDR(n);
}

/** [ones, bits] of the mask (Go: IPMask.Size). */
export function maskSize(n: IPNet): [number, number] {
  return [n.prefix, n.bits];
}

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * Number of usable addresses as k8s.io/utils/net RangeSize counts them:
 * 0 for /31-/32 (IPv4) and /127-/128 (IPv6), capped at MaxInt64.
 */
export function rangeSize(n: IPNet): bigint {
  const host = n.bits - n.prefix;
  if ((n.bits === 32 && host >= 31) || (n.bits === 128 && host >= 127)) return 0n;
  if (host >= 63) return MAX_INT64;
  return 1n << BigInt(host);
}

/** Total addresses of the network (2^hostbits), no special cases. */
export function cidrAddressCount(n: IPNet): bigint {
  return 1n << BigInt(n.bits - n.prefix);
}

export function cidrContains(n: IPNet, ip: IP): boolean {
  const a = to4(ip);
  const netV4 = to4(n.ip);
  if (n.bits === 32) {
    if (!a) return false;
  } else if (netV4 && !a) {
    return false;
  }
  const masked = maskNetwork(ip, n.prefix, n.bits);
  for (let i = 0; i < 16; i++) if (masked[i] !== n.ip[i]) return false;
  return true;
}

/**
 * The address `index` steps after the network address (Go: GetIndexedIP).
 * Throws `can't generate IP with index <i> from subnet. subnet too small. subnet: "<cidr>"`.
 */
export function indexedIP(n: IPNet, index: number): IP {
  const ip = bigIntToIP(ipToBigInt(n.ip) + BigInt(index));
  if (!cidrContains(n, ip)) {
    throw new Error(`can't generate IP with index ${index} from subnet. subnet too small. subnet: "${formatCIDR(n)}"`);
  }
  return ip;
}

/** Splits a dual-stack list ("a,b") as kubeadm does: on "," with no trimming. */
export function splitDualStack(s: string): string[] {
  return s.split(",");
}

/**
 * Parses every CIDR of a list (Go: netutils.ParseCIDRs). Throws
 * `invalid CIDR[<i>]: <nil> (invalid CIDR address: <s>)`.
 */
export function parseCIDRs(list: string[]): IPNet[] {
  return list.map((s, i) => {
    try {
      return parseCIDR(s).net;
    } catch (err) {
      throw new Error(`invalid CIDR[${i}]: <nil> (${(err as Error).message})`);
    }
  });
}

/** True when the list holds at least one IPv4 and one IPv6 CIDR. */
export function isDualStackCIDRs(cidrs: IPNet[]): boolean {
  let v4 = false;
  let v6 = false;
  for (const c of cidrs) {
    if (isIPv6CIDR(c)) v6 = true;
    else v4 = true;
  }
  return v4 && v6;
}

/** The first CIDR of a service subnet list (Go: GetKubernetesServiceCIDR). */
export function kubernetesServiceCIDR(serviceSubnet: string): IPNet {
  let cidrs: IPNet[];
  try {
    cidrs = parseCIDRs(splitDualStack(serviceSubnet));
  } catch (err) {
    throw new Error(`unable to parse ServiceSubnet ${serviceSubnet}: ${(err as Error).message}`);
  }
  if (cidrs.length === 0) throw new Error("received empty ServiceSubnet");
  return cidrs[0]!;
}

/** 1st address of the first service CIDR: the `kubernetes` Service VIP (e.g. 10.96.0.1). */
export function apiServerVirtualIP(serviceSubnet: string): IP {
  let cidr: IPNet;
  try {
    cidr = kubernetesServiceCIDR(serviceSubnet);
  } catch (err) {
    throw new Error(`unable to get internal Kubernetes Service IP from the given service CIDR: ${(err as Error).message}`);
  }
  try {
    return indexedIP(cidr, 1);
  } catch (err) {
    throw new Error(`unable to get the first IP address from the given CIDR: ${formatCIDR(cidr)}: ${(err as Error).message}`);
  }
}

/** 10th address of the first service CIDR: the cluster DNS Service IP (e.g. 10.96.0.10). */
export function dnsIP(serviceSubnet: string): IP {
  let cidr: IPNet;
  try {
    cidr = kubernetesServiceCIDR(serviceSubnet);
  } catch (err) {
    throw new Error(
      `unable to get internal Kubernetes Service IP from the given service CIDR (${serviceSubnet}): ${(err as Error).message}`,
    );
  }
  try {
    return indexedIP(cidr, 10);
  } catch (err) {
    throw new Error(`unable to get internal Kubernetes Service IP from the given service CIDR: ${(err as Error).message}`);
  }
}

export function isUnspecified(ip: IP): boolean {
  const v4 = to4(ip);
  if (v4) return v4.every((b) => b === 0);
  return ip.every((b) => b === 0);
}

export function isLoopback(ip: IP): boolean {
  const v4 = to4(ip);
  if (v4) return v4[0] === 127;
  return ip.every((b, i) => (i === 15 ? b === 1 : b === 0));
}

export function isMulticast(ip: IP): boolean {
  const v4 = to4(ip);
  if (v4) return (v4[0]! & 0xf0) === 0xe0;
  return ip[0] === 0xff;
}

export function isLinkLocalUnicast(ip: IP): boolean {
  const v4 = to4(ip);
  if (v4) return v4[0] === 169 && v4[1] === 254;
  return ip[0] === 0xfe && (ip[1]! & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: IP): boolean {
  const v4 = to4(ip);
  if (v4) return v4[0] === 224 && v4[1] === 0 && v4[2] === 0;
  return ip[0] === 0xff && (ip[1]! & 0x0f) === 0x02;
}

/** Go's IP.IsGlobalUnicast: not unspecified, loopback, multicast, link-local, or IPv4 broadcast. */
export function isGlobalUnicast(ip: IP): boolean {
  const v4 = to4(ip);
  if (v4 && v4.every((b) => b === 0xff)) return false;
  return !isUnspecified(ip) && !isLoopback(ip) && !isMulticast(ip) && !isLinkLocalUnicast(ip);
}

/** Go's IP.Equal: a 4-byte IPv4 address equals its 16-byte IPv4-mapped form. */
export function ipEqual(a: IP, b: IP): boolean {
  if (a.length !== b.length) {
    const x = to4(a);
    const y = to4(b);
    return x !== null && y !== null && x.every((v, i) => v === y[i]);
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Go's net.AddrError text: `address <addr>: <why>`. */
export class AddrError extends Error {
  constructor(why: string, addr: string) {
    super(`address ${addr}: ${why}`);
    this.name = "AddrError";
  }
}

/**
 * Splits "host:port", "[v6]:port" (Go: net.SplitHostPort, same error texts).
 * Throws AddrError.
 */
export function splitHostPort(hostport: string): { host: string; port: string } {
  const missingPort = "missing port in address";
  const tooManyColons = "too many colons in address";
  const last = hostport.lastIndexOf(":");
  if (last < 0) throw new AddrError(missingPort, hostport);
  let host: string;
  let openFrom = 0;
  let closeFrom = 0;
  if (hostport[0] === "[") {
    const end = hostport.indexOf("]");
    if (end < 0) throw new AddrError("missing ']' in address", hostport);
    if (end + 1 === hostport.length) throw new AddrError(missingPort, hostport);
    if (end + 1 !== last) {
      if (hostport[end + 1] === ":") throw new AddrError(tooManyColons, hostport);
      throw new AddrError(missingPort, hostport);
    }
    host = hostport.slice(1, end);
    openFrom = 1;
    closeFrom = end + 1;
  } else {
    host = hostport.slice(0, last);
    if (host.includes(":")) throw new AddrError(tooManyColons, hostport);
  }
  if (hostport.slice(openFrom).includes("[")) throw new AddrError("unexpected '[' in address", hostport);
  if (hostport.slice(closeFrom).includes("]")) throw new AddrError("unexpected ']' in address", hostport);
  return { host, port: hostport.slice(last + 1) };
}

/** "host:port", with brackets around hosts containing ':' (Go: net.JoinHostPort). */
export function joinHostPort(host: string, port: string | number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
