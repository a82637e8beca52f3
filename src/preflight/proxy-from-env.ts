/**
 * Which proxy Go's http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy)
 * would use for a URL: HTTPS_PROXY/https_proxy for https, HTTP_PROXY/http_proxy
 * for http (not under CGI), never for localhost or loopback IPs, and not for
 * hosts matched by NO_PROXY/no_proxy ("*", CIDRs, IPs, domains, optional ports).
 */
import { cidrContains, ipEqual, isLoopback, parseIP, splitHostPort, tryParseCIDR } from "../util/net.js";

type Env = Readonly<Record<string, string | undefined>>;

const getEnv = (env: Env, upper: string, lower: string): string => env[upper] || env[lower] || "";

/** The proxy URL text as Go prints it, or null for a direct connection. */
export function proxyForURL(rawUrl: string, env: Env): string | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(rawUrl);
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const hostport = m[2]!;
  let proxy: string;
  if (scheme === "https") proxy = getEnv(env, "HTTPS_PROXY", "https_proxy");
  else if (scheme === "http") proxy = env.REQUEST_METHOD ? "" : getEnv(env, "HTTP_PROXY", "http_proxy");
  else return null;
  if (!proxy) return null;
  const defaultPort = scheme === "https" ? "443" : "80";
  let host: string;
  let port: string;
  try {
    ({ host, port } = splitHostPort(hostport));
  } catch {
    host = hostport.replace(/^\[(.*)\]$/, "$1");
    port = defaultPort;
  }
  if (!useProxy(host.toLowerCase(), port || defaultPort, getEnv(env, "NO_PROXY", "no_proxy"))) return null;
  return proxyText(proxy);
}

function proxyText(proxy: string): string {
  // Go re-parses values without a known scheme as "http://<value>".
  const known = /^(https?|socks5h?):\/\//i.test(proxy);
  return known ? proxy : `http://${proxy}`;
}

function useProxy(host: string, port: string, noProxy: string): boolean {
  if (host === "localhost") return false;
  const ip = parseIP(host);
  if (ip && isLoopback(ip)) return false;
  for (let entry of noProxy.split(",")) {
    entry = entry.trim().toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return false;
    const cidr = tryParseCIDR(entry);
    if (cidr) {
      if (ip && cidrContains(cidr, ip)) return false;
      continue;
    }
    let phost = entry;
    let pport = "";
    try {
      ({ host: phost, port: pport } = splitHostPort(entry));
    } catch {
      phost = entry;
    }
    const pip = parseIP(phost);
    if (pip) {
      if (ip && ipEqual(pip, ip) && (pport === "" || pport === port)) return false;
      continue;
    }
    if (phost.length === 0) continue;
    if (phost.startsWith("*.")) phost = phost.slice(1);
    let matchHost = false;
    if (!phost.startsWith(".")) {
      matchHost = true;
      phost = `.${phost}`;
    }
    if (host.endsWith(phost) || (matchHost && host === phost.slice(1))) {
      if (pport === "" || pport === port) return false;
    }
  }
  return true;
}
