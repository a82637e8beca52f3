/**
 * A CRI v1 client over gRPC (the runtime and image services on one Unix socket),
 * as k8s.io/cri-client connects: a new connection validated with Version (runtime
 * service) and ImageFsInfo (image service), 16 MiB replies, per-call deadlines.
 * Errors carry Go's gRPC status text ("rpc error: code = Unavailable desc = ...")
 * so that preflight prints what upstream prints. Like cri-client, every failing call (other than
 * the connection validation) is logged as a klog error line, with the message, keys and
 * file:line of k8s.io/cri-client v0.37.2 (see CRI_LOG). @grpc/grpc-js is loaded lazily.
 */
import { klogStructured, streamLogger, strconvQuote, type ConfigLogger } from "../../util/log.js";
import { KubeadmError } from "../../util/errors.js";
import { errnoText } from "../../util/go-errno.js";
import { CRI_V1_DESCRIPTOR } from "./proto.js";
import { ProtoPackage } from "../../util/protobuf.js";
import { grpcErrorText, GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE, GRPC_UNKNOWN } from "../../util/grpc-status.js";
export { GRPC_UNKNOWN, GRPC_DEADLINE_EXCEEDED, GRPC_UNIMPLEMENTED, GRPC_UNAVAILABLE } from "../../util/grpc-status.js";

export const CRI_MAX_MSG_SIZE = 16 * 1024 * 1024;
/** cri-client's connection timeout as kubeadm sets it (crictl's default). */
export const CRI_DEFAULT_TIMEOUT_MS = 2_000;


/** An error from a CRI call: the gRPC code and Go's text for it. */
export class CriRpcError extends KubeadmError {
  readonly code: number;
  readonly details: string;
  constructor(code: number, details: string) {
    super(grpcErrorText(code, details));
    this.name = "CriRpcError";
    this.code = code;
    this.details = details;
  }
}

/** Rewrites grpc-js connection failure text the way grpc-go words it. */
function goDetails(code: number, details: string, socketPath: string): string {
  if (code === GRPC_DEADLINE_EXCEEDED) return "context deadline exceeded";
  if (code === GRPC_UNAVAILABLE) {
    const m = /connect (E[A-Z]+)\b/.exec(details);
    if (m) {
      return `connection error: desc = "transport: Error while dialing: dial unix ${socketPath}: connect: ${errnoText(m[1])}"`;
    }
  }
  return details;
}

export interface CriVersion {
  version: string;
  runtime_name: string;
  runtime_version: string;
  runtime_api_version: string;
}
export interface CriRuntimeCondition {
  type: string;
  status: boolean;
  reason: string;
  message: string;
}
export interface CriStatus {
  status: { conditions: CriRuntimeCondition[] } | null;
  info: Record<string, string>;
}
export interface CriPodSandbox {
  id: string;
  metadata: { name: string; uid: string; namespace: string; attempt: number } | null;
  state: "SANDBOX_READY" | "SANDBOX_NOTREADY";
  created_at: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtime_handler: string;
}
export interface CriContainer {
  id: string;
  pod_sandbox_id: string;
  metadata: { name: string; attempt: number } | null;
  image: { image: string } | null;
  image_ref: string;
  state: "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN";
  created_at: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
export interface CriImage {
  id: string;
  repo_tags: string[];
  repo_digests: string[];
  size: string;
  username: string;
  pinned: boolean;
}
export interface CriRuntimeConfig {
  linux: { cgroup_driver: "SYSTEMD" | "CGROUPFS" } | null;
}

/**
 * Where cri-client v0.37.2 logs each failing call (logger.Error(err, msg, keys...)):
 * upstream's file:line and message, by our method.
 */
export const CRI_LOG = {
  version: ["remote_runtime.go:280", "Version from runtime service failed"],
  stopPodSandbox: ["remote_runtime.go:355", "StopPodSandbox from runtime service failed"],
  removePodSandbox: ["remote_runtime.go:375", "RemovePodSandbox from runtime service failed"],
  listPodSandbox: ["remote_runtime.go:435", "ListPodSandbox with filter from runtime service failed"],
  listContainers: ["remote_runtime.go:594", "ListContainers with filter from runtime service failed"],
  status: ["remote_runtime.go:889", "Status from runtime service failed"],
  statusConditions: ["remote_runtime.go:898", "Status failed"],
  runtimeConfig: ["remote_runtime.go:1359", "RuntimeConfig from runtime service failed"],
  listImages: ["remote_image.go:245", "ListImages with filter from image service failed"],
  imageStatus: ["remote_image.go:301", "Get ImageStatus from image service failed"],
  imageStatusFields: ["remote_image.go:310", "ImageStatus failed"],
  pullImage: ["remote_image.go:334", "PullImage from image service failed"],
  pullImageRef: ["remote_image.go:351", "ImageRef of image is not set"],
} as const satisfies Record<string, readonly [string, string]>;

/**
 * A filter as klog prints a CRI request message (its String(), protobuf text format on one line):
 * "<nil>" for none, which is what kubeadm passes.
 */
export function criFilterText(filter: Record<string, unknown> | null | undefined): string {
  if (filter === null || filter === undefined) return "<nil>";
  const fields = (o: Record<string, unknown>): string =>
    Object.entries(o)
      .flatMap(([k, v]): string[] => {
        if (v === null || v === undefined || v === "") return [];
        if (k === "state" && typeof v === "string") return [`${k}:${v}`];
        if (typeof v === "string") return [`${k}:${strconvQuote(v)}`];
        if (k === "label_selector" && typeof v === "object") {
          return Object.entries(v as Record<string, string>).map(([mk, mv]) => `${k}:{key:${strconvQuote(mk)} value:${strconvQuote(mv)}}`);
        }
        if (typeof v === "object") return [`${k}:{${fields(v as Record<string, unknown>)}}`];
        return [`${k}:${String(v)}`];
      })
      .join(" ");
  return fields(filter);
}

type Callback = (err: (Error & { code?: number; details?: string }) | null, res: any) => void;
type GrpcStub = Record<string, (req: unknown, opts: { deadline?: Date }, cb: Callback) => void> & { close(): void };

/** "unix:///run/x.sock" (or a bare path) → "/run/x.sock"; only unix endpoints, as cri-client on Linux. */
export function criSocketPath(endpoint: string): string {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw new KubeadmError(`using "${endpoint}" as endpoint is deprecated, please consider using full url format`);
  }
  if (u.protocol !== "unix:") {
    const scheme = u.protocol.replace(/:$/, "");
    if (scheme === "tcp") throw new KubeadmError("only support unix socket endpoint");
    throw new KubeadmError(`protocol "${scheme}" not supported`);
  }
  return decodeURIComponent(u.pathname);
}

let grpcModules: Promise<{ grpc: typeof import("@grpc/grpc-js"); ctor: { runtime: any; image: any } }> | undefined;

async function loadGrpc() {
  grpcModules ??= (async () => {
    const grpcMod: any = await import("@grpc/grpc-js");
    const grpc = (grpcMod.default ?? grpcMod) as typeof import("@grpc/grpc-js");
    // messages encoded by interpreting the descriptor (src/util/protobuf.ts): no code generated
    // from strings, as protobuf.js would
    const pkg = new ProtoPackage(CRI_V1_DESCRIPTOR, "runtime.v1");
    const ctor = (name: string): any => grpc.makeGenericClientConstructor(pkg.service(name) as any, name);
    return { grpc, ctor: { runtime: ctor("RuntimeService"), image: ctor("ImageService") } };
  })();
  return grpcModules;
}

/** The package definition, for servers (tests) implementing the same trimmed API. */
export async function criServiceDefinitions(): Promise<{ runtime: any; image: any }> {
  const { ctor } = await loadGrpc();
  return { runtime: ctor.runtime.service, image: ctor.image.service };
}

export interface CriClientOptions {
  /** Deadline of each call and of the connection validation (default 2 s). */
  timeoutMs?: number;
  /** Receives cri-client's klog error lines (its `error`); default klog lines on process.stderr. */
  logger?: ConfigLogger;
}

type LogKey = keyof typeof CRI_LOG;

export class CriClient {
  private constructor(
    readonly endpoint: string,
    private readonly socketPath: string,
    private readonly runtime: GrpcStub,
    private readonly image: GrpcStub,
    private readonly timeoutMs: number,
    private readonly logger: ConfigLogger,
  ) {}

  /** cri-client's logger.Error(err, msg, keys...) for a failed call. */
  private logError(key: LogKey, err: string, kvs: ReadonlyArray<readonly [string, string]> = []): void {
    const [origin, msg] = CRI_LOG[key];
    this.logger.error?.(klogStructured(msg, err, kvs), origin);
  }

  /** Runs a call, logging its failure as cri-client does before passing the error on. */
  private async logged<T>(key: LogKey, p: Promise<T>, kvs: ReadonlyArray<readonly [string, string]> = []): Promise<T> {
    try {
      return await p;
    } catch (err) {
      this.logError(key, (err as Error).message, kvs);
      throw err;
    }
  }

  /**
   * Connects and validates both services, failing as cri-client does:
   * "failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint ...".
   */
  static async connect(endpoint: string, opts: CriClientOptions = {}): Promise<CriClient> {
    const timeoutMs = opts.timeoutMs ?? CRI_DEFAULT_TIMEOUT_MS;
    let socketPath: string;
    try {
      socketPath = criSocketPath(endpoint);
    } catch (err) {
      throw new KubeadmError(`failed to create new CRI runtime service: ${(err as Error).message}`);
    }
    const { grpc, ctor } = await loadGrpc();
    const channelOptions = {
      "grpc.max_receive_message_length": CRI_MAX_MSG_SIZE,
      "grpc.default_authority": "localhost",
      "grpc.initial_reconnect_backoff_ms": 100,
      "grpc.max_reconnect_backoff_ms": 3_000,
    };
    const target = `unix://${socketPath}`;
    const runtime = new ctor.runtime(target, grpc.credentials.createInsecure(), channelOptions) as GrpcStub;
    const image = new ctor.image(target, grpc.credentials.createInsecure(), channelOptions) as GrpcStub;
    const logger = opts.logger?.error ? opts.logger : streamLogger(process.stderr);
    const client = new CriClient(endpoint, socketPath, runtime, image, timeoutMs, logger);
    try {
      await client.call(runtime, "Version", {}, timeoutMs);
    } catch (err) {
      client.close();
      throw new KubeadmError(
        `failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "${endpoint}": ${(err as Error).message}`,
      );
    }
    try {
      await client.call(image, "ImageFsInfo", {}, timeoutMs);
    } catch (err) {
      client.close();
      throw new KubeadmError(
        `failed to create new CRI image service: validate service connection: validate CRI v1 image API for endpoint "${endpoint}": ${(err as Error).message}`,
      );
    }
    return client;
  }

  private call<T>(stub: GrpcStub, method: string, req: unknown, timeoutMs: number | null): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const opts = timeoutMs === null ? {} : { deadline: new Date(Date.now() + timeoutMs) };
      stub[method]!(req, opts, (err, res) => {
        if (err) {
          const code = typeof err.code === "number" ? err.code : GRPC_UNKNOWN;
          reject(new CriRpcError(code, goDetails(code, err.details ?? err.message, this.socketPath)));
        } else resolve(res as T);
      });
    });
  }

  close(): void {
    this.runtime.close();
    this.image.close();
  }

  version(): Promise<CriVersion> {
    return this.logged("version", this.call(this.runtime, "Version", {}, this.timeoutMs));
  }

  /** Status; like cri-client, a reply without at least two conditions is an error. */
  async status(verbose = false): Promise<CriStatus> {
    const res = await this.logged("status", this.call<CriStatus>(this.runtime, "Status", { verbose }, this.timeoutMs));
    if (!res.status || (res.status.conditions ?? []).length < 2) {
      const text = "RuntimeReady or NetworkReady condition are not set";
      this.logError("statusConditions", text);
      throw new KubeadmError(text);
    }
    return res;
  }

  runtimeConfig(): Promise<CriRuntimeConfig> {
    return this.logged("runtimeConfig", this.call(this.runtime, "RuntimeConfig", {}, this.timeoutMs));
  }

  async listPodSandbox(filter: { id?: string; state?: CriPodSandbox["state"]; label_selector?: Record<string, string> } | null = null): Promise<CriPodSandbox[]> {
    const f = filter === null ? null : { ...filter, state: filter.state ? { state: filter.state } : null };
    const res = await this.logged("listPodSandbox", this.call<{ items: CriPodSandbox[] }>(this.runtime, "ListPodSandbox", { filter: f }, this.timeoutMs), [
      ["filter", criFilterText(f)],
    ]);
    return res.items ?? [];
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    await this.logged("stopPodSandbox", this.call(this.runtime, "StopPodSandbox", { pod_sandbox_id: podSandboxId }, this.timeoutMs), [
      ["podSandboxID", podSandboxId],
    ]);
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    await this.logged("removePodSandbox", this.call(this.runtime, "RemovePodSandbox", { pod_sandbox_id: podSandboxId }, this.timeoutMs), [
      ["podSandboxID", podSandboxId],
    ]);
  }

  async listContainers(filter: { id?: string; pod_sandbox_id?: string; label_selector?: Record<string, string> } | null = null): Promise<CriContainer[]> {
    const res = await this.logged("listContainers", this.call<{ containers: CriContainer[] }>(this.runtime, "ListContainers", { filter }, this.timeoutMs), [
      ["filter", criFilterText(filter)],
    ]);
    return res.containers ?? [];
  }

  async listImages(image?: string): Promise<CriImage[]> {
    const filter = image === undefined ? null : { image: { image } };
    const res = await this.logged("listImages", this.call<{ images: CriImage[] }>(this.image, "ListImages", { filter }, this.timeoutMs), [
      ["filter", criFilterText(filter)],
    ]);
    return res.images ?? [];
  }

  /** The image's status; `image` is null when the runtime does not have it. Like cri-client, an image without id or size is an error. */
  async imageStatus(image: string, verbose = false): Promise<{ image: CriImage | null; info: Record<string, string> }> {
    const res = await this.logged(
      "imageStatus",
      this.call<{ image: CriImage | null; info: Record<string, string> }>(this.image, "ImageStatus", { image: { image }, verbose }, this.timeoutMs),
      [["image", image]],
    );
    if (res.image && (!res.image.id || !res.image.size || res.image.size === "0")) {
      const text = `Id or size of image ${strconvQuote(image)} is not set`;
      this.logError("imageStatusFields", text, [["image", image]]);
      throw new KubeadmError(text);
    }
    return { image: res.image ?? null, info: res.info ?? {} };
  }

  /** Pulls without a deadline, as cri-client does; returns the image ref. */
  async pullImage(image: string): Promise<string> {
    let res: { image_ref: string };
    try {
      res = await this.call<{ image_ref: string }>(this.image, "PullImage", { image: { image } }, null);
    } catch (err) {
      this.logError("pullImage", (err as Error).message, [["image", image]]);
      // cri-client strips the code from Unknown errors (after logging them with it).
      if (err instanceof CriRpcError && err.code === GRPC_UNKNOWN) throw new KubeadmError(err.details);
      throw err;
    }
    if (!res.image_ref) {
      this.logError("pullImageRef", "PullImage failed", [["image", image]]);
      throw new KubeadmError(`imageRef of image ${strconvQuote(image)} is not set`);
    }
    return res.image_ref;
  }
}
