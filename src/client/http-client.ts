import * as https from "node:https";
import * as http from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import * as tls from "node:tls";
import { KUBERNETES_API_CALL_TIMEOUT_MS } from "../constants.js";
import {
  GoWordedError,
  type TunnelOptions,
  MAX_LIST_BODY_BYTES,
  MAX_OBJECT_BODY_BYTES,
  MAX_SMALL_BODY_BYTES,
  ResponseTooLargeError,
  assertProxyScheme,
  connectThroughTunnel,
  openTunnel,
  proxyAuthorization,
  readBodyBounded,
} from "../host/http-transport.js";
import { proxyForURL } from "../util/proxy-env.js";
import { formatDurationMs } from "../util/duration.js";
import { apiErrorFromResponse } from "./api-error.js";
import { describeTransportError } from "../util/go-net-error.js";
import { goLookup } from "../host/resolver.js";
import { RESOURCES, apiVersionOf, resourcePath, type ResourceDescriptor, type ResourceName, type ResourceTypes } from "./resources.js";
import type { RestConfig } from "./rest-config.js";
import { defaultUserAgent } from "./user-agent.js";
import {
  PATCH_CONTENT_TYPE,
  type DeleteOptions,
  type KubeClient,
  type KubeList,
  type KubeObject,
  type ListOptions,
  type PatchType,
  type RawResponse,
  type VersionInfo,
} from "./types.js";

/** Go's net/http names the method like this in transport errors: `Get "https://…": …`. */
const GO_METHOD: Readonly<Record<string, string>> = { GET: "Get", POST: "Post", PUT: "Put", PATCH: "Patch", DELETE: "Delete" };

type Env = Readonly<Record<string, string | undefined>>;

/** Raised when a request outlives RestConfig.timeoutMs. */
export class RequestTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RequestTimeoutError";
  }
}

/**
 * The proxy client-go would use for `server`: the kubeconfig cluster's proxy-url when set (for
 * every host, loopback included: http.ProxyURL), else the environment's by Go's
 * ProxyFromEnvironment rules (HTTPS_PROXY/HTTP_PROXY/NO_PROXY, never for localhost or loopback).
 * Throws, Go-worded, for a proxy kubeadm-ts cannot speak (socks5).
 */
export function proxyForServer(server: URL, config: Pick<RestConfig, "proxyURL">, env: Env): URL | null {
  let proxy: URL | null;
  if (config.proxyURL) proxy = new URL(config.proxyURL);
  else proxy = proxyForURL(server, env);
  if (proxy) assertProxyScheme(proxy);
  return proxy;
}

/**
 * An https Agent whose connections go through a CONNECT tunnel (src/host/http-transport.ts), TLS
 * to the API server inside it with the client's settings; kept alive and reused like any other.
 */
class TunnelingAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    private readonly proxyTls: TunnelOptions["tls"],
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: http.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const o = options as tls.ConnectionOptions & { host?: string; port?: number };
    const host = (o.host ?? "").replace(/^\[|\]$/g, "");
    const authority = host.includes(":") ? `[${host}]:${o.port}` : `${host}:${o.port}`;
    connectThroughTunnel(
      openTunnel(this.proxy, authority, { tls: this.proxyTls }),
      (socket: Socket) => tls.connect({ ...o, socket }),
      (err, stream) => callback?.(err, stream as Duplex),
    );
    return undefined;
  }
}

/**
 * The real KubeClient: JSON over node:https with one keep-alive agent per client, client
 * certificates or a bearer token, the kubeconfig's CA (or the system roots), through the proxy
 * client-go would use (proxyForServer), with a per-request deadline covering the whole exchange
 * and bounded response bodies (src/host/http-transport.ts: lists 64 MiB, one object 8 MiB, small
 * answers 1 MiB; RestConfig.maxResponseBytes lowers them).
 */
export class HttpKubeClient implements KubeClient {
  private readonly base: URL;
  private readonly agent: https.Agent | http.Agent;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly secure: boolean;
  /** Plain http through a proxy: requests go to the proxy with the absolute URL as target. */
  private readonly httpProxy: URL | null = null;
  private readonly setupError: Error | undefined;

  constructor(
    private readonly config: RestConfig,
    options: { env?: Env } = {},
  ) {
    this.base = new URL(config.server);
    this.secure = this.base.protocol === "https:";
    this.timeoutMs = config.timeoutMs ?? KUBERNETES_API_CALL_TIMEOUT_MS;
    let proxy: URL | null = null;
    try {
      proxy = proxyForServer(this.base, config, options.env ?? process.env);
    } catch (err) {
      // reported by every request, as Go's transport reports a bad proxy
      this.setupError = err as Error;
    }
    if (this.secure) {
      const opts: https.AgentOptions = { keepAlive: true, maxSockets: 8 };
      if (config.caData) opts.ca = config.caData;
      if (config.certData) opts.cert = config.certData;
      if (config.keyData) opts.key = config.keyData;
      if (config.insecureSkipTLSVerify) opts.rejectUnauthorized = false;
      if (config.tlsServerName) opts.servername = config.tlsServerName;
      if (config.checkServerIdentity) opts.checkServerIdentity = config.checkServerIdentity;
      this.agent = proxy
        ? new TunnelingAgent(proxy, { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized }, opts)
        : new https.Agent(opts);
    } else if (proxy?.protocol === "https:") {
      this.httpProxy = proxy;
      this.agent = new https.Agent({ keepAlive: true, maxSockets: 8 });
    } else {
      this.httpProxy = proxy;
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    }
    this.headers = { "User-Agent": config.userAgent ?? defaultUserAgent(), Accept: "application/json, */*" };
    if (config.bearerToken) this.headers.Authorization = `Bearer ${config.bearerToken}`;
    else if (config.username !== undefined && config.password !== undefined) {
      this.headers.Authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString("base64")}`;
    }
  }

  /**
   * Sends one request; resolves with status and body whatever the status. The deadline
   * (RestConfig.timeoutMs) covers connecting, the headers and the body; a body longer than
   * `maxBytes` (default: one object's bound) fails the request.
   */
  async request(method: string, pathAndQuery: string, body?: string, contentType?: string, maxBytes = MAX_OBJECT_BODY_BYTES): Promise<RawResponse> {
    const { statusCode, body: text } = await this.exchange(method, pathAndQuery, body, contentType, maxBytes);
    return { statusCode, body: text };
  }

  /** request(), with the answer's headers client-go reads when it decodes an error. */
  private exchange(
    method: string,
    pathAndQuery: string,
    body?: string,
    contentType?: string,
    maxBytes = MAX_OBJECT_BODY_BYTES,
    timeoutParam = true,
  ): Promise<RawResponse & { contentType?: string; retryAfter?: string }> {
    const prefix = this.base.pathname.replace(/\/+$/, "");
    const url = new URL(prefix + pathAndQuery, this.base);
    if (timeoutParam && this.config.timeoutMs !== undefined && this.config.timeoutMs > 0) {
      // client-go: a client with a Timeout sends it as ?timeout=<duration>, parameters sorted by key
      const items = url.search.replace(/^\?/, "").split("&").filter((x) => x !== "");
      items.push(`timeout=${formatDurationMs(this.config.timeoutMs)}`);
      const key = (x: string): string => x.split("=")[0]!;
      url.search = items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).join("&");
    }
    const headers: Record<string, string> = { ...this.headers };
    if (body !== undefined) {
      headers["Content-Type"] = contentType ?? "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(body));
    }
    const urlText = url.toString();
    const goMethod = GO_METHOD[method] ?? method;
    if (this.setupError) return Promise.reject(new Error(`${goMethod} ${JSON.stringify(urlText)}: ${this.setupError.message}`, { cause: this.setupError }));
    const limit = Math.min(maxBytes, this.config.maxResponseBytes ?? Infinity);
    return new Promise<RawResponse & { contentType?: string; retryAfter?: string }>((resolve, reject) => {
      let settled = false;
      let headersSeen = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        let text: string;
        if (err instanceof RequestTimeoutError || err instanceof GoWordedError || err instanceof ResponseTooLargeError) text = err.message;
        else text = describeTransportError(err as NodeJS.ErrnoException);
        reject(new Error(`${goMethod} ${JSON.stringify(urlText)}: ${text}`, { cause: err }));
      };
      const onResponse = (res: http.IncomingMessage): void => {
        headersSeen = true;
        readBodyBounded(res, limit).then((buf) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const header = (h: string): string | undefined => (typeof res.headers[h] === "string" ? (res.headers[h] as string) : undefined);
          resolve({ statusCode: res.statusCode ?? 0, body: buf.toString("utf8"), contentType: header("content-type"), retryAfter: header("retry-after") });
        }, fail);
      };
      let req: http.ClientRequest;
      if (this.httpProxy) {
        // plain http through a proxy: the absolute URL as the request target
        const p = this.httpProxy;
        const auth = proxyAuthorization(p);
        const mod = p.protocol === "https:" ? https : http;
        req = mod.request(
          {
            host: p.hostname.replace(/^\[|\]$/g, ""),
            port: Number(p.port || (p.protocol === "https:" ? 443 : 80)),
            method,
            path: urlText,
            headers: { ...headers, Host: url.host, ...(auth ? { "Proxy-Authorization": auth } : {}) },
            agent: this.agent,
            lookup: goLookup,
          },
          onResponse,
        );
      } else {
        req = (this.secure ? https : http).request(url, { method, headers, agent: this.agent, lookup: goLookup }, onResponse);
      }
      // one deadline for the whole exchange, as Go's http.Client.Timeout
      const timer =
        this.timeoutMs > 0
          ? setTimeout(
              () =>
                fail(
                  new RequestTimeoutError(
                    headersSeen
                      ? "net/http: request canceled (Client.Timeout or context cancellation while reading body)"
                      : "net/http: request canceled (Client.Timeout exceeded while awaiting headers)",
                  ),
                ),
              this.timeoutMs,
            )
          : undefined;
      req.on("error", (err: NodeJS.ErrnoException) => fail(err));
      const certError = this.secure ? this.config.clientCertError : undefined;
      if (certError !== undefined) {
        // client-go loads certificate and key files at the handshake: once the server is trusted
        req.once("socket", (socket) => socket.once("secureConnect", () => fail(new GoWordedError(certError))));
      }
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /**
   * A request whose non-2xx answer becomes an ApiError (decoded with what client-go knows of the
   * request: its resource and name) and whose 2xx body is JSON.
   */
  private async call<T>(
    method: string,
    pathAndQuery: string,
    body?: unknown,
    contentType?: string,
    maxBytes = MAX_OBJECT_BODY_BYTES,
    target: { resource?: ResourceDescriptor; name?: string; noTimeoutParam?: boolean } = {},
  ): Promise<T> {
    const res = await this.exchange(method, pathAndQuery, body === undefined ? undefined : JSON.stringify(body), contentType, maxBytes, !target.noTimeoutParam);
    if (res.statusCode < 200 || res.statusCode > 299) {
      throw apiErrorFromResponse(res.statusCode, res.body, {
        method,
        group: target.resource?.group ?? "",
        resource: target.resource?.plural ?? "",
        name: target.name ?? "",
        ...(res.contentType !== undefined ? { contentType: res.contentType } : {}),
        ...(res.retryAfter !== undefined ? { retryAfter: res.retryAfter } : {}),
      });
    }
    if (res.body === "") return undefined as T;
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new Error(`${GO_METHOD[method] ?? method} ${JSON.stringify(pathAndQuery)}: the server returned a body that is not JSON`);
    }
  }

  private namespaceFor(resource: ResourceName, object: KubeObject | undefined, namespace: string | undefined): string | undefined {
    const r = RESOURCES[resource];
    if (!r.namespaced) return undefined;
    const ns = namespace || object?.metadata?.namespace;
    if (!ns) throw new Error(`a namespace is required for ${r.plural}`);
    return ns;
  }

  /** Sets apiVersion and kind when the caller left them out (the server requires them). */
  private typed<T>(resource: ResourceName, object: T): T {
    const r = RESOURCES[resource];
    const o = object as KubeObject;
    return { ...o, apiVersion: o.apiVersion || apiVersionOf(r), kind: o.kind || r.kind } as T;
  }

  get<R extends ResourceName>(resource: R, name: string, namespace?: string): Promise<ResourceTypes[R]> {
    const ns = this.namespaceFor(resource, undefined, namespace);
    return this.call("GET", resourcePath(RESOURCES[resource], ns, name), undefined, undefined, undefined, { resource: RESOURCES[resource], name });
  }

  list<R extends ResourceName>(resource: R, options: ListOptions = {}): Promise<KubeList<ResourceTypes[R]>> {
    const q = new URLSearchParams();
    // in key order, as url.Values.Encode writes them
    if (options.fieldSelector) q.set("fieldSelector", options.fieldSelector);
    if (options.labelSelector) q.set("labelSelector", options.labelSelector);
    if (options.limit) q.set("limit", String(options.limit));
    const query = q.toString();
    const p = resourcePath(RESOURCES[resource], options.namespace);
    // client-go's typed List sets the request's timeout from ListOptions.TimeoutSeconds (unset: none),
    // so a list never carries the client's ?timeout= (the client's deadline still applies)
    return this.call("GET", query ? `${p}?${query}` : p, undefined, undefined, MAX_LIST_BODY_BYTES, { resource: RESOURCES[resource], noTimeoutParam: true });
  }

  create<R extends ResourceName>(resource: R, object: ResourceTypes[R], namespace?: string): Promise<ResourceTypes[R]> {
    const ns = this.namespaceFor(resource, object as KubeObject, namespace);
    return this.call("POST", resourcePath(RESOURCES[resource], ns), this.typed(resource, object), undefined, undefined, { resource: RESOURCES[resource] });
  }

  update<R extends ResourceName>(resource: R, object: ResourceTypes[R], namespace?: string): Promise<ResourceTypes[R]> {
    const ns = this.namespaceFor(resource, object as KubeObject, namespace);
    const name = (object as KubeObject).metadata?.name;
    if (!name) throw new Error(`resource name may not be empty`);
    return this.call("PUT", resourcePath(RESOURCES[resource], ns, name), this.typed(resource, object), undefined, undefined, { resource: RESOURCES[resource], name });
  }

  patch<R extends ResourceName>(resource: R, name: string, type: PatchType, patch: unknown, namespace?: string): Promise<ResourceTypes[R]> {
    const ns = this.namespaceFor(resource, undefined, namespace);
    return this.call("PATCH", resourcePath(RESOURCES[resource], ns, name), patch, PATCH_CONTENT_TYPE[type], undefined, { resource: RESOURCES[resource], name });
  }

  async delete<R extends ResourceName>(resource: R, name: string, namespace?: string, options?: DeleteOptions): Promise<void> {
    const ns = this.namespaceFor(resource, undefined, namespace);
    const body = options?.propagationPolicy ? { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: options.propagationPolicy } : undefined;
    await this.call("DELETE", resourcePath(RESOURCES[resource], ns, name), body, undefined, undefined, { resource: RESOURCES[resource], name });
  }

  getRaw(path: string): Promise<RawResponse> {
    return this.request("GET", path.startsWith("/") ? path : `/${path}`, undefined, undefined, MAX_SMALL_BODY_BYTES);
  }

  serverVersion(): Promise<VersionInfo> {
    return this.call("GET", "/version", undefined, undefined, MAX_SMALL_BODY_BYTES);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The real client for a RestConfig. */
export function newKubeClient(config: RestConfig): KubeClient {
  return new HttpKubeClient(config);
}
