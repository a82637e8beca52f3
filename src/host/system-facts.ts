/**
 * Host facts the configuration defaults depend on (node name, the IP of the
 * default-route interface, which CRI sockets exist, systemd-resolved). Behind
 * an interface so that config loading is deterministic in tests.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import { formatIP, isGlobalUnicast, parseIP } from "../util/net.js";

export interface SystemFacts {
  /** os.Hostname() (untrimmed, any case). */
  hostname(): string;
  /**
   * The address of the interface holding the default route (IPv4 preferred),
   * as apimachinery's ChooseHostInterface picks it; null when there are no
   * default routes at all.
   */
  defaultRouteAddress(): Promise<string | null>;
  /**
   * The first global unicast address (IPv4 preferred) on the interface named "lo", as
   * apimachinery's ChooseBindAddressForInterface picks it; null when it has none (127.0.0.1 and
   * ::1 are not global unicast, so a plain loopback interface has none) or is down.
   */
  loopbackAddress(): Promise<string | null>;
  /** True if a Unix socket at the URL's path accepts connections. */
  isSocket(unixUrl: string): Promise<boolean>;
  /** True if systemd-resolved is running (its resolv.conf is then used by the kubelet). */
  systemdResolvedActive(): Promise<boolean>;
}

function hexToIPv4(hex: string): string {
  // /proc/net/route stores little-endian hex.
  const n = Number.parseInt(hex, 16);
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff].join(".");
}

async function defaultRouteInterfaces(): Promise<{ v4: string[]; v6: string[] }> {
  const v4: string[] = [];
  const v6: string[] = [];
  try {
    const text = await fs.readFile("/proc/net/route", "utf8");
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 8) continue;
      if (hexToIPv4(f[1]!) === "0.0.0.0" && f[7] && hexToIPv4(f[7]) === "0.0.0.0") v4.push(f[0]!);
    }
  } catch {
    /* no IPv4 routing table */
  }
  try {
    const text = await fs.readFile("/proc/net/ipv6_route", "utf8");
    for (const line of text.split("\n")) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      if (/^0{32}$/.test(f[0]!) && f[1] === "00000000") v6.push(f[9]!);
    }
  } catch {
    /* no IPv6 routing table */
  }
  return { v4, v6 };
}

function isGlobalUnicastV4(a: string): boolean {
  const [x, y] = a.split(".").map(Number);
  return !(x === 0 || x === 127 || (x! >= 224) || (x === 169 && y === 254));
}

/** The real host. */
export const hostSystemFacts: SystemFacts = {
  hostname: () => os.hostname(),
  async defaultRouteAddress() {
    const routes = await defaultRouteInterfaces();
    const ifaces = os.networkInterfaces();
    for (const name of routes.v4) {
      const a = (ifaces[name] ?? []).find((i) => i.family === "IPv4" && isGlobalUnicastV4(i.address));
      if (a) return a.address;
    }
    for (const name of routes.v6) {
      const a = (ifaces[name] ?? []).find((i) => i.family === "IPv6" && !i.address.startsWith("fe80") && i.address !== "::1");
      if (a) return a.address;
    }
    if (routes.v4.length === 0 && routes.v6.length === 0) return null;
    return null;
  },
  async loopbackAddress() {
    // os.networkInterfaces() lists the interfaces that are up, as ChooseBindAddressForInterface requires
    const lo = os.networkInterfaces().lo ?? [];
    for (const family of ["IPv4", "IPv6"]) {
      for (const i of lo) {
        const ip = i.family === family ? parseIP(i.address) : null;
        if (ip && isGlobalUnicast(ip)) return formatIP(ip);
      }
    }
    return null;
  },
  async isSocket(unixUrl: string) {
    let path: string;
    try {
      const u = new URL(unixUrl);
      if (u.protocol !== "unix:") return false;
      path = decodeURIComponent(u.pathname);
    } catch {
      return false;
    }
    const net = await import("node:net");
    return new Promise<boolean>((resolve) => {
      const s = net.connect(path);
      const done = (ok: boolean): void => {
        s.destroy();
        resolve(ok);
      };
      s.once("connect", () => done(true));
      s.once("error", () => done(false));
      s.setTimeout(1000, () => done(false));
    });
  },
  async systemdResolvedActive() {
    try {
      await fs.access("/run/systemd/resolve/resolv.conf");
      const pid1 = await fs.readFile("/proc/1/comm", "utf8");
      if (pid1.trim() !== "systemd") return false;
      const entries = await fs.readdir("/proc");
      for (const e of entries) {
        if (!/^\d+$/.test(e)) continue;
        try {
          if ((await fs.readFile(`/proc/${e}/comm`, "utf8")).trim() === "systemd-resolve") return true;
        } catch {
          /* process gone */
        }
      }
      return false;
    } catch {
      return false;
    }
  },
};

/** Fixed facts for tests and for `config print` style defaults. */
export function staticSystemFacts(overrides: Partial<{
  hostname: string;
  defaultRouteAddress: string | null;
  loopbackAddress: string | null;
  sockets: string[];
  systemdResolved: boolean;
}> = {}): SystemFacts {
  return {
    hostname: () => overrides.hostname ?? "node",
    defaultRouteAddress: async () => (overrides.defaultRouteAddress === undefined ? "10.0.0.1" : overrides.defaultRouteAddress),
    // a plain loopback interface (127.0.0.1, ::1) has no global unicast address
    loopbackAddress: async () => overrides.loopbackAddress ?? null,
    isSocket: async (u) => (overrides.sockets ?? []).includes(u),
    systemdResolvedActive: async () => overrides.systemdResolved ?? false,
  };
}
