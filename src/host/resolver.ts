/**
 * Name lookups worded as Go's resolver words their failures. Upstream kubeadm is built without
 * cgo, so its pure-Go resolver names the DNS server it asked ("lookup dl.k8s.io on
 * 10.0.0.53:53: no such host") and, when that server cannot be reached at all, the dial error
 * ("… on 10.0.0.53:53: dial udp 10.0.0.53:53: connect: network is unreachable"). Node's
 * getaddrinfo only says ENOTFOUND or EAI_AGAIN; the server comes from the resolver's
 * configuration, and an EAI_AGAIN is told apart by connecting a UDP socket to the server (a
 * connect sends nothing; it fails at once when no route leads there).
 */
import * as dgram from "node:dgram";
import * as dns from "node:dns";
import * as net from "node:net";

/** The first configured DNS server as Go prints it (host:53, [v6]:53), or null. */
export function firstNameserver(): string | null {
  try {
    const s = dns.getServers()[0];
    if (!s) return null;
    return net.isIPv6(s) ? `[${s}]:53` : s.includes(":") ? s : `${s}:53`;
  } catch {
    return null;
  }
}

const NOT_FOUND = new Set(["ENOTFOUND", "EAI_NONAME", "ENODATA"]);
const PROBE_TIMEOUT_MS = 1000;

/** Why a UDP connect to the server fails ("connect: network is unreachable"), or null when it does not. */
function probeServer(server: string): Promise<string | null> {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(server);
  if (!m) return Promise.resolve(null);
  const [, host, port] = m as unknown as [string, string, string];
  return new Promise((resolve) => {
    const sock = dgram.createSocket(net.isIPv6(host) ? "udp6" : "udp4");
    const done = (why: string | null): void => {
      clearTimeout(timer);
      try {
        sock.close();
      } catch {
        // already closed
      }
      resolve(why);
    };
    const timer = setTimeout(() => done(null), PROBE_TIMEOUT_MS);
    const why = (e?: NodeJS.ErrnoException | null): string | null =>
      e?.code === "ENETUNREACH" ? "connect: network is unreachable" : e?.code === "EHOSTUNREACH" ? "connect: no route to host" : null;
    sock.on("error", (e: NodeJS.ErrnoException) => done(why(e)));
    // the callback gets connect(2)'s error, if any
    sock.connect(Number(port), host, (e?: Error) => done(why(e as NodeJS.ErrnoException | undefined)));
  });
}

/**
 * Go's text for a failed lookup of `host` ("lookup h on s:53: no such host"), from Node's error
 * code; without a configured server, Go's "lookup h: no such host".
 */
export async function lookupFailureText(host: string, code: string | undefined): Promise<string> {
  const server = firstNameserver();
  const on = server ? ` on ${server}` : "";
  if (code && NOT_FOUND.has(code)) return `lookup ${host}${on}: no such host`;
  if (server) {
    const why = await probeServer(server);
    if (why) return `lookup ${host}${on}: dial udp ${server}: ${why}`;
  }
  return `lookup ${host}${on}: server misbehaving`;
}

/** A lookup error carrying Go's wording in `goDetail` (read by util/go-net-error's describeTransportError). */
export type GoLookupError = NodeJS.ErrnoException & { hostname?: string; goDetail?: string };

/**
 * dns.lookup for http(s) requests and sockets (their `lookup` option): the same answers, and on
 * failure the same error with Go's wording attached.
 */
export const goLookup: typeof dns.lookup = ((hostname: string, options: unknown, callback?: unknown) => {
  const cb = (typeof options === "function" ? options : callback) as (err: GoLookupError | null, ...rest: unknown[]) => void;
  const opts = typeof options === "function" ? {} : (options as dns.LookupOptions | number);
  dns.lookup(hostname, opts as dns.LookupAllOptions, (err: GoLookupError | null, ...rest: unknown[]) => {
    if (!err) return cb(null, ...rest);
    lookupFailureText(hostname, err.code).then(
      (text) => {
        err.goDetail = text;
        cb(err);
      },
      () => cb(err),
    );
  });
}) as typeof dns.lookup;
