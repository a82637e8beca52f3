/**
 * Which proxy a request goes through, from the environment, by the rules of Go's
 * http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy), which upstream kubeadm's HTTP
 * clients use (apimachinery's SetOldTransportDefaults):
 *
 * - HTTPS_PROXY (or https_proxy) for https URLs, HTTP_PROXY (or http_proxy) for http URLs; the
 *   upper-case name wins. A value without a scheme means http://. In a CGI environment
 *   (REQUEST_METHOD set) HTTP_PROXY is refused.
 * - Never for localhost or a loopback address.
 * - NO_PROXY (or no_proxy): comma-separated; "*" matches everything; an IP address or CIDR
 *   matches addresses; "example.com" matches it and its subdomains, ".example.com" and
 *   "*.example.com" only subdomains; an entry may carry a port (":8080", "[::1]:8080").
 */
import { cidrContains, ipEqual, isLoopback, parseIP, tryParseCIDR, type IP, type IPNet } from "./net.js";

type Env = Readonly<Record<string, string | undefined>>;

const getEnvAny = (env: Env, ...names: string[]): string => {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== "") return v;
  }
  return "";
};

function parseProxy(value: string): URL | null {
  if (value === "") return null;
  let u: URL | null = null;
  try {
    u = new URL(value);
  } catch {
    u = null;
  }
  if (u === null || u.host === "") {
    try {
      return new URL(`http://${value}`);
    } catch {
      // as Go: a bogus proxy value is ignored
      return null;
    }
  }
  return u;
}

interface Matchers {
  all: boolean;
  ips: { ip?: IP; cidr?: IPNet; port: string }[];
  domains: { host: string; port: string; matchHost: boolean }[];
}

function splitHostPort(p: string): { host: string; port: string } | null {
  const m = /^\[([^\]]*)\]:(\d*)$/.exec(p) ?? /^([^:]*):(\d*)$/.exec(p);
  return m ? { host: m[1]!, port: m[2]! } : null;
}

function noProxyMatchers(noProxy: string): Matchers {
  const out: Matchers = { all: false, ips: [], domains: [] };
  for (let p of noProxy.split(",")) {
    p = p.trim().toLowerCase();
    if (p === "") continue;
    if (p === "*") return { all: true, ips: [], domains: [] };
    const cidr = p.includes("/") ? tryParseCIDR(p) : null;
    if (cidr) {
      out.ips.push({ cidr, port: "" });
      continue;
    }
    let host = p;
    let port = "";
    const hp = splitHostPort(p);
    if (hp) {
      if (hp.host === "") continue;
      host = hp.host;
      port = hp.port;
    }
    const ip = parseIP(host);
    if (ip) {
      out.ips.push({ ip, port });
      continue;
    }
    if (host.startsWith("*.")) host = host.slice(1);
    let matchHost = false;
    if (!host.startsWith(".")) {
      matchHost = true;
      host = `.${host}`;
    }
    out.domains.push({ host, port, matchHost });
  }
  return out;
}

/**
 * The proxy setting (the environment's text) that applies to `url`, or "" for a direct connection.
 * Throws for HTTP_PROXY under CGI, as Go does.
 */
export function proxyValueForURL(url: URL, env: Env): string {
  let value = "";
  if (url.protocol === "https:") value = getEnvAny(env, "HTTPS_PROXY", "https_proxy");
  else if (url.protocol === "http:") {
    value = getEnvAny(env, "HTTP_PROXY", "http_proxy");
    if (value !== "" && (env["REQUEST_METHOD"] ?? "") !== "") {
      throw new Error("refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy");
    }
  }
  if (value === "") return "";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  if (host === "localhost") return "";
  const ip = parseIP(host);
  if (ip && isLoopback(ip)) return "";
  const m = noProxyMatchers(getEnvAny(env, "NO_PROXY", "no_proxy"));
  if (m.all) return "";
  if (ip) {
    for (const x of m.ips) {
      if (x.cidr ? cidrContains(x.cidr, ip) : ipEqual(x.ip!, ip) && (x.port === "" || x.port === port)) return "";
    }
  }
  for (const d of m.domains) {
    if ((host.endsWith(d.host) || (d.matchHost && host === d.host.slice(1))) && (d.port === "" || d.port === port)) return "";
  }
  return value;
}

/** The proxy for `url` under `env`, or null for a direct connection (or a proxy value Go would ignore). */
export function proxyForURL(url: URL, env: Env): URL | null {
  return parseProxy(proxyValueForURL(url, env));
}

/**
 * The proxy for `rawUrl` as preflight's HTTPProxy checks print it ("http://" added to a bare
 * host:port), or null: none, not a URL, or HTTP_PROXY under CGI.
 */
export function proxyTextForURL(rawUrl: string, env: Env): string | null {
  let value: string;
  try {
    value = proxyValueForURL(new URL(rawUrl), env);
  } catch {
    return null;
  }
  if (value === "") return null;
  return /^(https?|socks5h?):\/\//i.test(value) ? value : `http://${value}`;
}

/**
 * A kubeconfig cluster's proxy-url as client-go's clientcmd parses it: http, https or socks5,
 * else "unsupported scheme …" (or "could not parse: …"). Throws an Error with client-go's text.
 */
export function parseKubeconfigProxyURL(value: string): URL {
  // Go's url.Parse takes nearly anything; the scheme is what precedes the first ":" when it looks like one
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1] ?? "";
  if (!["http", "https", "socks5"].includes(scheme.toLowerCase())) {
    throw new Error(`unsupported scheme ${JSON.stringify(scheme)}, must be http, https, or socks5`);
  }
  try {
    return new URL(value);
  } catch {
    throw new Error(`could not parse: ${value}`);
  }
}
