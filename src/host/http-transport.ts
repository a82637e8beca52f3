/**
 * What every HTTP client of kubeadm-ts shares (the API client, the internet fetch, the external
 * etcd check): bounded response bodies, and the proxy CONNECT tunnel Go's http.Transport opens
 * for https through a proxy. Errors are worded as Go words them.
 */
import type { IncomingMessage, RequestOptions } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { describeTransportError } from "../util/go-net-error.js";
import { formatBytes } from "./files.js";
import { goLookup } from "./resolver.js";

/**
 * Response-body bounds. Upstream reads bodies whole without a limit; a hostile or broken server
 * (or a proxy in between) must not be able to fill kubeadm-ts's memory.
 * - API lists: the API server caps one object near 1.5 MiB (etcd's default request size) but a
 *   list may hold thousands (token list reads every bootstrap-token Secret): 64 MiB.
 * - One API object (get, create, update, patch answers): 8 MiB, several times the largest object
 *   etcd stores.
 * - Small answers (/version, /healthz, /livez, /readyz, etcd /version): 1 MiB.
 * - cluster-info during join discovery, from a server not yet trusted: a ConfigMap holds at most
 *   1 MiB of data, plus metadata: 2 MiB.
 * - A version label (dl.k8s.io/release/stable-1.txt is ~10 bytes): 64 KiB.
 */
export const MAX_LIST_BODY_BYTES = 64 * 1024 * 1024;
export const MAX_OBJECT_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_SMALL_BODY_BYTES = 1024 * 1024;
export const MAX_CLUSTER_INFO_BODY_BYTES = 2 * 1024 * 1024;
export const MAX_VERSION_LABEL_BODY_BYTES = 64 * 1024;

/** A response body longer than the bound its reader set. */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response body is larger than ${formatBytes(maxBytes)}, the most kubeadm-ts reads for this request`);
    this.name = "ResponseTooLargeError";
  }
}

/**
 * The whole body of `res`, or a ResponseTooLargeError as soon as it is known to exceed `maxBytes`
 * (from Content-Length, or once maxBytes+1 bytes arrived); the response is then destroyed, so
 * no more is read.
 */
export function readBodyBounded(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      reject(new ResponseTooLargeError(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    res.on("data", (c: Buffer) => {
      if (done) return;
      total += c.length;
      if (total > maxBytes) {
        done = true;
        res.destroy();
        reject(new ResponseTooLargeError(maxBytes));
        return;
      }
      chunks.push(c);
    });
    res.on("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, total));
    });
    res.on("error", (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
    res.on("close", () => {
      if (done) return;
      done = true;
      // the connection went away before the body ended (Go: unexpected EOF)
      reject(Object.assign(new Error("unexpected EOF"), { code: "ECONNRESET" }));
    });
  });
}

/** An error whose message is already Go's text (proxy trouble), kept as is by the callers. */
export class GoWordedError extends Error {}

/** Go's Proxy-Authorization for a proxy URL with user info (basic auth), or undefined. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === "") return undefined;
  return `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`;
}

/** Only http:// and https:// proxies are spoken (client-go also takes socks5://; kubeadm-ts does not). */
export function assertProxyScheme(proxy: URL): void {
  if (proxy.protocol !== "http:" && proxy.protocol !== "https:") {
    throw new GoWordedError(`proxy scheme "${proxy.protocol.replace(/:$/, "")}" is not supported by kubeadm-ts (use an http:// or https:// proxy)`);
  }
}

export interface TunnelOptions {
  /** TLS settings for an https:// proxy (Go uses the transport's TLS config for it too). */
  tls?: Pick<RequestOptions & { ca?: unknown; cert?: unknown; key?: unknown; rejectUnauthorized?: boolean }, "ca" | "cert" | "key" | "rejectUnauthorized">;
  /** Called with the CONNECT request, so a caller's deadline can destroy it. */
  onRequest?: (req: { destroy(): void }) => void;
}

/**
 * Opens a CONNECT tunnel through `proxy` to `authority` ("host:port") and resolves with the raw
 * socket; TLS to the target is the caller's. Failures are GoWordedErrors: "proxyconnect tcp: …"
 * when the proxy cannot be reached, the proxy's status text when it refuses the tunnel.
 */
export async function openTunnel(proxy: URL, authority: string, options: TunnelOptions = {}): Promise<Socket> {
  assertProxyScheme(proxy);
  const mod = proxy.protocol === "https:" ? await import("node:https") : await import("node:http");
  const auth = proxyAuthorization(proxy);
  const port = Number(proxy.port || (proxy.protocol === "https:" ? 443 : 80));
  return new Promise((resolve, reject) => {
    const req = mod.request({
      host: proxy.hostname.replace(/^\[|\]$/g, ""),
      port,
      method: "CONNECT",
      path: authority,
      headers: { Host: authority, ...(auth ? { "Proxy-Authorization": auth } : {}) },
      agent: false,
      lookup: goLookup,
      ...(proxy.protocol === "https:" ? options.tls : {}),
    } as RequestOptions);
    options.onRequest?.(req);
    req.on("connect", (res: IncomingMessage, socket: Socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      // Go: the status line's text after the code ("Forbidden")
      reject(new GoWordedError(res.statusMessage ? res.statusMessage : "unknown status code"));
    });
    req.on("response", (res: IncomingMessage) => {
      res.destroy();
      reject(new GoWordedError(res.statusMessage ? res.statusMessage : "unknown status code"));
    });
    req.on("error", (err) => reject(new GoWordedError(`proxyconnect tcp: ${describeTransportError(err as NodeJS.ErrnoException)}`)));
    req.end();
  });
}

/**
 * An http(s) Agent's `createConnection` through a tunnel: once `tunnel` is open, `connect` starts
 * TLS over it and `callback` gets the stream. A TLS option Node refuses (a client key it cannot
 * read throws from tls.connect) fails the request through `callback`, as a failed tunnel does,
 * and closes the tunnel; thrown inside the promise's handler it would escape every caller.
 */
export function connectThroughTunnel(tunnel: Promise<Socket>, connect: (socket: Socket) => Duplex, callback: (err: Error | null, stream?: Duplex) => void): void {
  tunnel.then(
    (socket) => {
      let stream: Duplex;
      try {
        stream = connect(socket);
      } catch (err) {
        socket.destroy();
        callback(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      callback(null, stream);
    },
    (err: Error) => callback(err),
  );
}
