// IP helpers with Go net semantics where certificates need them: "sloppy" IPv4 parsing
// (leading zeros read as decimal, as k8s.io/utils/net.ParseIPSloppy does), 4-byte
// encoding of IPv4 and IPv4-mapped addresses, and Go's IP.String() text form.
// TODO(pki): switch to src/util/net.ts once it is committed.

/** Parses an IPv4 or IPv6 literal; returns 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6, or null. */
export function parseIPSloppy(s: string): Uint8Array | null {
  if (s.includes(":")) return parseIPv6(s);
  return parseIPv4(s);
}

function parseIPv4(s: string): Uint8Array | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^[0-9]{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    out[i] = v;
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | null {
  if (s.includes("%")) return null;
  const out = new Uint8Array(16);
  let head = s;
  let tail = "";
  const dbl = s.indexOf("::");
  if (dbl >= 0) {
    if (s.indexOf("::", dbl + 1) >= 0) return null;
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
  }
  const groups = (part: string): number[] | null => {
    if (part === "") return [];
    const res: number[] = [];
    const items = part.split(":");
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (i === items.length - 1 && it.includes(".")) {
        const v4 = parseIPv4(it);
        if (!v4) return null;
        res.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(it)) return null;
      res.push(parseInt(it, 16));
    }
    return res;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return null;
  if (dbl >= 0 ? h.length + t.length > 7 : h.length !== 8) return null;
  if (dbl < 0 && head.split(":").some((x, i, a) => x.includes(".") && i !== a.length - 1)) return null;
  const all = dbl >= 0 ? [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t] : h;
  for (let i = 0; i < 8; i++) {
    out[2 * i] = all[i]! >> 8;
    out[2 * i + 1] = all[i]! & 0xff;
  }
  return to4(out) ?? out;
}

/** The 4-byte form of an IPv4 or IPv4-mapped IPv6 address, else null. */
export function to4(ip: Uint8Array): Uint8Array | null {
  if (ip.length === 4) return ip;
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return null;
  if (ip[10] !== 0xff || ip[11] !== 0xff) return null;
  return ip.slice(12);
}

/** Go's net.IP.String(). */
export function formatIP(ip: Uint8Array): string {
  const v4 = to4(ip);
  if (v4) return Array.from(v4).join(".");
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((ip[2 * i]! << 8) | ip[2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(":");
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

export function ipEqual(a: Uint8Array, b: Uint8Array): boolean {
  const x = to4(a) ?? a;
  const y = to4(b) ?? b;
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The first usable address (network + 1) of the first CIDR of a comma-separated list. */
export function firstServiceIP(serviceSubnet: string): Uint8Array {
  const first = serviceSubnet.split(",")[0]!.trim();
  const slash = first.indexOf("/");
  const ip = slash > 0 ? parseIPSloppy(first.slice(0, slash)) : null;
  const bits = slash > 0 && /^[0-9]+$/.test(first.slice(slash + 1)) ? Number(first.slice(slash + 1)) : NaN;
  if (!ip || !(bits >= 0 && bits <= ip.length * 8)) {
    throw new Error(`invalid CIDR address: ${first}`);
  }
  const out = new Uint8Array(ip);
  for (let i = 0; i < out.length * 8; i++) {
    if (i >= bits) out[i >> 3]! &= ~(0x80 >> (i & 7));
  }
  // network + 1; a single-address network has no "first IP"
  if (bits === ip.length * 8) throw new Error(`the CIDR ${first} has no usable address`);
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = (out[i]! + 1) & 0xff;
    if (out[i] !== 0) break;
  }
  return out;
}

/** Go's net.SplitHostPort: "host:port" or "[v6]:port"; null where Go returns an error. */
function splitHostPort(hostport: string): { host: string; port: string } | null {
  const i = hostport.lastIndexOf(":");
  if (i < 0) return null;
  if (hostport.startsWith("[")) {
    const end = hostport.indexOf("]");
    if (end < 0 || end + 1 !== i) return null;
    const host = hostport.slice(1, end);
    if (host.includes("[") || host.includes("]")) return null;
    return { host, port: hostport.slice(i + 1) };
  }
  const host = hostport.slice(0, i);
  if (host.includes(":") || host.includes("[") || host.includes("]")) return null;
  return { host, port: hostport.slice(i + 1) };
}

/** kubeadm's ParseHostPort: the port is optional; the host must be an IP or an RFC-1123 subdomain. */
export function parseHostPort(hostport: string): { host: string; port: string } {
  const split = splitHostPort(hostport) ?? { host: hostport, port: "" };
  const { host, port } = split;
  if (port !== "" && !(/^[0-9]+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw new Error(`hostport ${hostport}: port ${port} must be a valid number between 1 and 65535, inclusive`);
  }
  if (parseIPSloppy(host) !== null || isDNS1123Subdomain(host)) return { host, port };
  throw new Error(`hostport ${hostport}: host '${host}' must be a valid IP address or a valid RFC-1123 DNS subdomain`);
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDNS1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

export function isWildcardDNS1123Subdomain(s: string): boolean {
  return s.startsWith("*.") && s.length <= 253 && DNS1123_SUBDOMAIN.test(s.slice(2));
}
