/**
 * gRPC connections to etcd endpoints: one channel per endpoint (Cluster and Maintenance stubs),
 * TLS from PEM files as kubeadm's etcd client builds it, per-call deadlines, and errors worded as
 * grpc-go prints them ("rpc error: code = Unavailable desc = ..."). @grpc/grpc-js is loaded lazily.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { KubeadmError } from "../util/errors.js";
import { errnoText } from "../util/go-errno.js";
import { ETCD_DESCRIPTOR } from "./proto.js";
import { ProtoPackage } from "../util/protobuf.js";
import { grpcErrorText, GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE, GRPC_UNKNOWN } from "../util/grpc-status.js";
export { GRPC_UNKNOWN, GRPC_DEADLINE_EXCEEDED, GRPC_NOT_FOUND, GRPC_FAILED_PRECONDITION, GRPC_UNAVAILABLE } from "../util/grpc-status.js";

/** TLS material for etcd: CA bundle, client certificate and key (PEM files). */
export interface EtcdTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}


/** A failed etcd RPC: the gRPC code, etcd's (or the transport's) description and the endpoint asked. */
export class EtcdRpcError extends KubeadmError {
  readonly code: number;
  readonly details: string;
  readonly endpoint: string;
  constructor(code: number, details: string, endpoint: string) {
    super(grpcErrorText(code, details));
    this.name = "EtcdRpcError";
    this.code = code;
    this.details = details;
    this.endpoint = endpoint;
  }
}

/** The endpoint URL split for dialing: "https://10.0.0.1:2379" → target "10.0.0.1:2379". */
export interface ParsedEndpoint {
  url: string;
  target: string;
  secure: boolean;
}

export function parseEndpoint(endpoint: string): ParsedEndpoint {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch (err) {
    throw new KubeadmError(`invalid etcd endpoint "${endpoint}": ${(err as Error).message}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw new KubeadmError(`invalid etcd endpoint "${endpoint}": unsupported scheme "${u.protocol.replace(/:$/, "")}"`);
  }
  const port = u.port || "2379";
  return { url: endpoint, target: `${u.hostname}:${port}`, secure: u.protocol === "https:" };
}

/** The TLS files read once; construction fails naming the file that could not be read. */
export interface TlsMaterial {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export function readTlsFiles(tls: EtcdTlsFiles | null): TlsMaterial | null {
  if (!tls || (!tls.caFile && !tls.certFile && !tls.keyFile)) return null;
  const read = (path: string, what: string): Buffer => {
    if (!path) throw new KubeadmError(`could not load etcd TLS ${what}: no file given`);
    try {
      return readFileSync(path);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new KubeadmError(`open ${path}: ${errnoText(e.code)}`);
    }
  };
  const material = { ca: read(tls.caFile, "CA"), cert: read(tls.certFile, "certificate"), key: read(tls.keyFile, "key") };
  if (!material.ca.toString("utf8").includes("-----BEGIN CERTIFICATE-----")) {
    throw new KubeadmError(`failed to parse etcd CA certificate(s) from ${tls.caFile}: no PEM certificate found`);
  }
  if (!material.cert.toString("utf8").includes("-----BEGIN CERTIFICATE-----")) {
    throw new KubeadmError(`tls: failed to find any PEM data in certificate input (${tls.certFile})`);
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(material.key.toString("utf8"))) {
    throw new KubeadmError(`tls: failed to find any PEM data in key input (${tls.keyFile})`);
  }
  return material;
}

type Callback = (err: (Error & { code?: number; details?: string }) | null, res: any) => void;
type Stub = Record<string, (req: unknown, opts: { deadline: Date }, cb: Callback) => void> & {
  close(): void;
  getChannel(): { getConnectivityState(tryToConnect: boolean): number };
};

type Grpc = typeof import("@grpc/grpc-js");
let grpcModules: Promise<{ grpc: Grpc; Cluster: any; Maintenance: any }> | undefined;

async function loadGrpc() {
  grpcModules ??= (async () => {
    const grpcMod: any = await import("@grpc/grpc-js");
    const grpc = (grpcMod.default ?? grpcMod) as Grpc;
    // messages encoded by interpreting the descriptor (src/util/protobuf.ts): no code generated
    // from strings, as protobuf.js would
    const pkg = new ProtoPackage(ETCD_DESCRIPTOR, "etcdserverpb");
    const ctor = (name: string): any => grpc.makeGenericClientConstructor(pkg.service(name) as any, name);
    return { grpc, Cluster: ctor("Cluster"), Maintenance: ctor("Maintenance") };
  })();
  return grpcModules;
}

/** connectivityState.READY in grpc-js. */
const READY = 2;

/** Rewrites grpc-js connection failure text the way grpc-go words it, naming the address dialed. */
function goDetails(code: number, details: string, target: string): string {
  if (code === GRPC_DEADLINE_EXCEEDED) return "context deadline exceeded";
  if (code !== GRPC_UNAVAILABLE) return details;
  const errno = /\b(E[A-Z]{3,})\b/.exec(details);
  if (errno && /connect|getaddrinfo/.test(details)) {
    const op = errno[1] === "ENOTFOUND" || errno[1] === "EAI_AGAIN" ? "lookup" : "connect";
    const text = errno[1] === "ENOTFOUND" ? "no such host" : errnoText(errno[1]);
    return `connection error: desc = "transport: Error while dialing: dial tcp ${target}: ${op}: ${text}"`;
  }
  if (/certificate|self.signed|issuer|handshake|SSL|TLS|alert/i.test(details)) {
    const reason = details
      .replace(/^No connection established\. Last error: /, "")
      .replace(/^[A-Za-z]*Error(?: \[[A-Z0-9_]+\])?: /, "")
      .replace(/\s*\.?\s*Resolution note:.*$/s, "")
      .replace(/\s*\(\d{4}-\d\d-\d\dT[^)]*\)$/, "");
    return `connection error: desc = "transport: authentication handshake failed with ${target}: ${reason}"`;
  }
  return `${details} (dialing ${target})`;
}

/**
 * grpc-js sends the target host as TLS SNI even when it is an IP address, which Node flags with a
 * DEP0123 warning on stderr (kubeadm's etcd endpoints are IPs). Go sends no SNI for IPs; this drops
 * it the same way. The certificate is still checked against the host (IP SANs) as before.
 * Relies on grpc-js 1.14's secure connector keeping its tls.connect options in `connectionOptions`.
 */
function withoutIpServername<C extends object>(creds: C): C {
  const inner = creds as unknown as { _createSecureConnector?: (...args: unknown[]) => { connectionOptions?: { servername?: string } } };
  const original = inner._createSecureConnector;
  if (typeof original !== "function") return creds;
  inner._createSecureConnector = function (this: unknown, ...args: unknown[]) {
    const connector = original.apply(this, args);
    const o = connector.connectionOptions;
    if (o?.servername && isIP(o.servername)) delete o.servername;
    return connector;
  };
  return creds;
}

/** A channel to one etcd endpoint with the two services kubeadm calls. */
export class EtcdConnection {
  private constructor(
    readonly endpoint: ParsedEndpoint,
    private readonly cluster: Stub,
    private readonly maintenance: Stub,
  ) {}

  static async open(endpoint: string, tls: TlsMaterial | null): Promise<EtcdConnection> {
    const ep = parseEndpoint(endpoint);
    const { grpc, Cluster, Maintenance } = await loadGrpc();
    const creds = tls ? withoutIpServername(grpc.credentials.createSsl(tls.ca, tls.key, tls.cert)) : grpc.credentials.createInsecure();
    const options = {
      "grpc.initial_reconnect_backoff_ms": 100,
      "grpc.max_reconnect_backoff_ms": 1_000,
      "grpc.max_receive_message_length": 2 * 1024 * 1024,
    };
    const cluster = new Cluster(ep.target, creds, options) as Stub;
    const maintenance = new Maintenance(ep.target, creds, { ...options, channelOverride: cluster.getChannel() }) as Stub;
    return new EtcdConnection(ep, cluster, maintenance);
  }

  /** Whether the channel is connected (a new or failed one gets the dial timeout on top of the call's). */
  get ready(): boolean {
    return this.cluster.getChannel().getConnectivityState(false) === READY;
  }

  call<T>(service: "Cluster" | "Maintenance", method: string, req: unknown, timeoutMs: number): Promise<T> {
    const stub = service === "Cluster" ? this.cluster : this.maintenance;
    return new Promise<T>((resolve, reject) => {
      stub[method]!(req, { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
        if (err) {
          const code = typeof err.code === "number" ? err.code : GRPC_UNKNOWN;
          reject(new EtcdRpcError(code, goDetails(code, err.details ?? err.message, this.endpoint.target), this.endpoint.url));
        } else resolve(res as T);
      });
    });
  }

  /**
   * A server-streaming call: each message to `onMessage` (awaited: the stream pauses meanwhile);
   * resolves at the stream's end. `timeoutMs` bounds the whole stream.
   */
  stream<T>(service: "Cluster" | "Maintenance", method: string, req: unknown, timeoutMs: number, onMessage: (msg: T) => Promise<void>): Promise<void> {
    const stub = (service === "Cluster" ? this.cluster : this.maintenance) as unknown as Record<string, (req: unknown, opts: { deadline: Date }) => import("node:stream").Readable & { cancel(): void }>;
    return new Promise<void>((resolve, reject) => {
      const call = stub[method]!(req, { deadline: new Date(Date.now() + timeoutMs) });
      let failed = false;
      let chain = Promise.resolve();
      const fail = (err: unknown): void => {
        if (failed) return;
        failed = true;
        call.cancel();
        reject(err);
      };
      call.on("data", (msg: T) => {
        call.pause();
        chain = chain.then(() => onMessage(msg)).then(
          () => void call.resume(),
          (err) => fail(err),
        );
      });
      call.on("error", (err: Error & { code?: number; details?: string }) => {
        const code = typeof err.code === "number" ? err.code : GRPC_UNKNOWN;
        fail(new EtcdRpcError(code, goDetails(code, err.details ?? err.message, this.endpoint.target), this.endpoint.url));
      });
      call.on("end", () => {
        void chain.then(() => {
          if (!failed) resolve();
        });
      });
    });
  }

  close(): void {
    this.cluster.close();
  }
}
