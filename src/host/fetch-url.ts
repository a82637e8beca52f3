/**
 * One GET to the internet with a timeout (resolving version labels on dl.k8s.io), as upstream
 * kubeadm's Go client makes it: the operating system's CA store as trust (src/host/trust-roots.ts),
 * the proxy the environment names (HTTPS_PROXY, HTTP_PROXY, NO_PROXY: src/util/proxy-env.ts; https
 * through a CONNECT tunnel), and error messages shaped like Go's http.Client ones.
 */
import type { IncomingMessage, RequestOptions } from "node:http";
import type { Socket } from "node:net";
import { isIP } from "node:net";
import { trustRoots } from "./trust-roots.js";
import { proxyForURL } from "../util/proxy-env.js";
import { describeTransportError } from "../util/go-net-error.js";
import { goLookup } from "./resolver.js";
import { GoWordedError, MAX_VERSION_LABEL_BODY_BYTES, assertProxyScheme, connectThroughTunnel, openTunnel, proxyAuthorization, readBodyBounded } from "./http-transport.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface FetchResult {
  status: number;
  /** Go's resp.Status: "404 Not Found". */
  statusText: string;
  body: string;
}

function goError(err: NodeJS.ErrnoException, url: URL): string {
  if (err instanceof GoWordedError) return err.message;
  if (err.code === "ERR_TLS_CERT_ALTNAME_INVALID") return `tls: failed to verify certificate: x509: certificate is valid for ${(err as { reason?: string }).reason ?? "other names"}, not ${url.hostname}`;
  return describeTransportError(err);
}

/**
 * GETs `url`; resolves with status and body for any HTTP answer, rejects with
 * `Get "<url>": <Go-style cause>` when no answer came (DNS, connection, TLS, timeout) or its body
 * is longer than `maxBytes` (default: a version label's bound, src/host/http-transport.ts).
 * `timeoutMs` <= 0 waits as long as it takes; otherwise it bounds the whole exchange, body included.
 */
export async function fetchURL(url: string, timeoutMs: number, env: Env = process.env, maxBytes = MAX_VERSION_LABEL_BODY_BYTES): Promise<FetchResult> {
  const u = new URL(url);
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error(`Get "${url}": unsupported protocol scheme "${u.protocol.replace(/:$/, "")}"`);
  let proxy: URL | null;
  try {
    proxy = proxyForURL(u, env);
    if (proxy) assertProxyScheme(proxy);
  } catch (err) {
    throw new Error(`Get "${url}": ${(err as Error).message}`);
  }
  let ca: string[] | undefined;
  if (u.protocol === "https:" || proxy?.protocol === "https:") {
    const roots = trustRoots(env);
    if (roots.certificates.length === 0 && roots.error) {
      throw new Error(`Get "${url}": tls: failed to verify certificate: x509: failed to load system roots and no roots provided; ${roots.error}`);
    }
    ca = roots.certificates;
  }
  const http = await import("node:http");
  const https = await import("node:https");
  const tls = await import("node:tls");
  const proxyAuth = proxy ? proxyAuthorization(proxy) : undefined;
  const proxyPort = proxy ? Number(proxy.port || (proxy.protocol === "https:" ? 443 : 80)) : 0;
  const targetPort = u.port || (u.protocol === "https:" ? "443" : "80");
  const host = u.hostname.replace(/^\[|\]$/g, "");
  let tunnelReq: { destroy(): void } | undefined;

  let options: RequestOptions & { ca?: string[] };
  let get: typeof http.get;
  if (!proxy) {
    get = u.protocol === "https:" ? https.get : http.get;
    options = { ca, lookup: goLookup };
  } else if (u.protocol === "http:") {
    // plain http through a proxy: the whole URL as the request target
    get = proxy.protocol === "https:" ? https.get : http.get;
    options = { host: proxy.hostname.replace(/^\[|\]$/g, ""), port: proxyPort, path: u.href, headers: { Host: u.host, ...(proxyAuth ? { "Proxy-Authorization": proxyAuth } : {}) }, ca, lookup: goLookup };
  } else {
    const p = proxy;
    get = https.get;
    options = {
      ca,
      // no agent: with createConnection given, the request uses the tunnel (src/host/http-transport.ts)
      createConnection: ((_opts: unknown, cb: (err: Error | null, socket?: Socket) => void) => {
        connectThroughTunnel(
          openTunnel(p, `${u.hostname}:${targetPort}`, { tls: { ca }, onRequest: (r) => (tunnelReq = r) }),
          (socket) => tls.connect({ socket, host, servername: isIP(host) ? undefined : host, ca }),
          (err, stream) => (err ? cb(err) : cb(null, stream as Socket)),
        );
        return undefined;
      }) as unknown as RequestOptions["createConnection"],
    };
  }
  return new Promise<FetchResult>((resolve, reject) => {
    let settled = false;
    let headersSeen = false;
    const fail = (msg: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      tunnelReq?.destroy();
      reject(new Error(`Get "${url}": ${msg}`));
    };
    const req = proxy && u.protocol === "http:" ? get(options) : get(u, options);
    req.on("response", (res: IncomingMessage) => {
      headersSeen = true;
      readBodyBounded(res, maxBytes).then(
        (body) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          resolve({ status, statusText: `${status} ${res.statusMessage ?? ""}`.trimEnd(), body: body.toString("utf8") });
        },
        (err: Error) => fail(err.message),
      );
    });
    req.on("error", (err) => fail(goError(err as NodeJS.ErrnoException, u)));
    // timeoutMs <= 0: no deadline (Go's http.Client without a Timeout)
    const timer =
      timeoutMs > 0
        ? setTimeout(
            () =>
              fail(
                headersSeen
                  ? "context deadline exceeded (Client.Timeout or context cancellation while reading body)"
                  : "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
              ),
            timeoutMs,
          )
        : undefined;
  });
}
