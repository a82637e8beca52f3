import * as https from "node:https";
import * as http from "node:http";
import { KUBERNETES_API_CALL_TIMEOUT_MS } from "../constants.js";
import { apiErrorFromResponse } from "./api-error.js";
import { describeTransportError } from "../util/go-net-error.js";
import { RESOURCES, apiVersionOf, resourcePath, type ResourceName, type ResourceTypes } from "./resources.js";
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


/** Raised when a request outlives RestConfig.timeoutMs. */
export class RequestTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RequestTimeoutError";
  }
}

/**
 * The real KubeClient: JSON over node:https with one keep-alive agent per client, client
 * certificates or a bearer token, the kubeconfig's CA (or the system roots), and an optional
 * per-request timeout.
 */
export class HttpKubeClient implements KubeClient {
  private readonly base: URL;
  private readonly agent: https.Agent | http.Agent;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly secure: boolean;

  constructor(private readonly config: RestConfig) {
    this.base = new URL(config.server);
    this.secure = this.base.protocol === "https:";
    this.timeoutMs = config.timeoutMs ?? KUBERNETES_API_CALL_TIMEOUT_MS;
    if (this.secure) {
      const opts: https.AgentOptions = { keepAlive: true, maxSockets: 8 };
      if (config.caData) opts.ca = config.caData;
      if (config.certData) opts.cert = config.certData;
      if (config.keyData) opts.key = config.keyData;
      if (config.insecureSkipTLSVerify) opts.rejectUnauthorized = false;
      if (config.tlsServerName) opts.servername = config.tlsServerName;
      if (config.checkServerIdentity) opts.checkServerIdentity = config.checkServerIdentity;
      this.agent = new https.Agent(opts);
    } else {
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    }
    this.headers = { "User-Agent": config.userAgent ?? defaultUserAgent(), Accept: "application/json, */*" };
    if (config.bearerToken) this.headers.Authorization = `Bearer ${config.bearerToken}`;
    else if (config.username !== undefined && config.password !== undefined) {
      this.headers.Authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString("base64")}`;
    }
  }

  /** Sends one request; resolves with status and body whatever the status. */
  request(method: string, pathAndQuery: string, body?: string, contentType?: string): Promise<RawResponse> {
    const prefix = this.base.pathname.replace(/\/+$/, "");
    const url = new URL(prefix + pathAndQuery, this.base);
    const headers: Record<string, string> = { ...this.headers };
    if (body !== undefined) {
      headers["Content-Type"] = contentType ?? "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(body));
    }
    const mod = this.secure ? https : http;
    const urlText = url.toString();
    const goMethod = GO_METHOD[method] ?? method;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = mod.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (err) => reject(new Error(`${goMethod} ${JSON.stringify(urlText)}: ${describeTransportError(err)}`, { cause: err })));
      });
      if (this.timeoutMs > 0) {
        req.setTimeout(this.timeoutMs, () => {
          req.destroy(new RequestTimeoutError("net/http: request canceled (Client.Timeout exceeded while awaiting headers)"));
        });
      }
      req.on("error", (err: NodeJS.ErrnoException) => {
        const text = err instanceof RequestTimeoutError ? err.message : describeTransportError(err);
        reject(new Error(`${goMethod} ${JSON.stringify(urlText)}: ${text}`, { cause: err }));
      });
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** A request whose non-2xx answer becomes an ApiError and whose 2xx body is JSON. */
  private async call<T>(method: string, pathAndQuery: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.request(method, pathAndQuery, body === undefined ? undefined : JSON.stringify(body), contentType);
    if (res.statusCode < 200 || res.statusCode > 299) throw apiErrorFromResponse(res.statusCode, res.body);
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
    return this.call("GET", resourcePath(RESOURCES[resource], ns, name));
  }

  list<R extends ResourceName>(resource: R, options: ListOptions = {}): Promise<KubeList<ResourceTypes[R]>> {
    const q = new URLSearchParams();
    if (options.labelSelector) q.set("labelSelector", options.labelSelector);
    if (options.fieldSelector) q.set("fieldSelector", options.fieldSelector);
    const query = q.toString();
    const p = resourcePath(RESOURCES[resource], options.namespace);
    return this.call("GET", query ? `${p}?${query}` : p);
  }

  create<R extends ResourceName>(resource: R, object: ResourceTypes[R], namespace?: string): Promise<ResourceTypes[R]> {
    const ns = this.namespaceFor(resource, object as KubeObject, namespace);
    return this.call("POST", resourcePath(RESOURCES[resource], ns), this.typed(resource, object));
  }

  update<R extends ResourceName>(resource: R, object: ResourceTypes[R], namespace?: string): Promise<ResourceTypes[R]> {
    const ns = this.namespaceFor(resource, object as KubeObject, namespace);
    const name = (object as KubeObject).metadata?.name;
    if (!name) throw new Error(`resource name may not be empty`);
    return this.call("PUT", resourcePath(RESOURCES[resource], ns, name), this.typed(resource, object));
  }

  patch<R extends ResourceName>(resource: R, name: string, type: PatchType, patch: unknown, namespace?: string): Promise<ResourceTypes[R]> {
    const ns = this.namespaceFor(resource, undefined, namespace);
    return this.call("PATCH", resourcePath(RESOURCES[resource], ns, name), patch, PATCH_CONTENT_TYPE[type]);
  }

  async delete<R extends ResourceName>(resource: R, name: string, namespace?: string, options?: DeleteOptions): Promise<void> {
    const ns = this.namespaceFor(resource, undefined, namespace);
    const body = options?.propagationPolicy ? { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: options.propagationPolicy } : undefined;
    await this.call("DELETE", resourcePath(RESOURCES[resource], ns, name), body);
  }

  getRaw(path: string): Promise<RawResponse> {
    return this.request("GET", path.startsWith("/") ? path : `/${path}`);
  }

  serverVersion(): Promise<VersionInfo> {
    return this.call("GET", "/version");
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The real client for a RestConfig. */
export function newKubeClient(config: RestConfig): KubeClient {
  return new HttpKubeClient(config);
}
