/**
 * kubeadm's view of the container runtime (upstream util/runtime): is it running,
 * which images it has, pulling with retries (serially or all at once), the
 * sandbox image it is configured with, and removing Kubernetes pod sandboxes.
 */
import { PULL_IMAGE_RETRY, REMOVE_CONTAINER_RETRY } from "../../constants.js";
import { aggregateMessage } from "../../util/aggregate.js";
import { streamLogger } from "../../util/log.js";
import { KubeadmError } from "../../util/errors.js";
import { CriClient, CriRpcError, GRPC_UNIMPLEMENTED, type CriClientOptions } from "./client.js";

export interface ContainerRuntime {
  readonly criSocket: string;
  /** Connects to the runtime and image services (validating both). */
  connect(): Promise<void>;
  close(): void;
  /** Resolves when the runtime answers Status with RuntimeReady true. */
  isRunning(): Promise<void>;
  /** Ids of all pod sandboxes. */
  listKubeContainers(): Promise<string[]>;
  /** Stops and removes each sandbox (retrying); all failures joined. */
  removeContainers(ids: string[]): Promise<void>;
  /** Pulls an image, retrying up to PULL_IMAGE_RETRY times. */
  pullImage(image: string): Promise<void>;
  /** Pulls all images concurrently (skipping present ones if `ifNotPresent`); all failures joined. */
  pullImagesInParallel(images: string[], ifNotPresent: boolean): Promise<void>;
  imageExists(image: string): Promise<boolean>;
  /** The runtime's configured sandbox (pause) image, from its verbose Status info. */
  sandboxImage(): Promise<string>;
  /** False when the runtime lacks the CRI RuntimeConfig call (gRPC Unimplemented). */
  isRuntimeConfigImplemented(): Promise<boolean>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The pieces of the CRI client the runtime uses; a CriClient or a test double. */
export type CriApi = Pick<
  CriClient,
  "status" | "runtimeConfig" | "listPodSandbox" | "stopPodSandbox" | "removePodSandbox" | "pullImage" | "imageStatus" | "close"
>;

export interface RuntimeOptions extends CriClientOptions {
  // `logger` (from CriClientOptions) also receives the image status warnings; default klog lines on stderr.
  /** Connects a client; default CriClient.connect. */
  connectClient?: (endpoint: string, opts: CriClientOptions) => Promise<CriApi>;
}

class CriRuntime implements ContainerRuntime {
  private client: CriApi | undefined;
  constructor(
    readonly criSocket: string,
    private readonly opts: RuntimeOptions,
  ) {}

  private get api(): CriApi {
    if (!this.client) throw new KubeadmError("container runtime client is not connected");
    return this.client;
  }

  async connect(): Promise<void> {
    const connect = this.opts.connectClient ?? ((e, o) => CriClient.connect(e, o));
    this.client = await connect(this.criSocket, this.opts);
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }

  async isRunning(): Promise<void> {
    let res;
    try {
      res = await this.api.status(false);
    } catch (err) {
      throw new KubeadmError(`container runtime is not running: ${message(err)}`);
    }
    for (const c of res.status?.conditions ?? []) {
      // NetworkReady is deliberately not required.
      if (c.type === "RuntimeReady" && !c.status) {
        throw new KubeadmError(`container runtime condition "${c.type}" is not true. reason: ${c.reason}, message: ${c.message}`);
      }
    }
  }

  async listKubeContainers(): Promise<string[]> {
    try {
      return (await this.api.listPodSandbox(null)).map((s) => s.id);
    } catch (err) {
      throw new KubeadmError(`failed to list pod sandboxes: ${message(err)}`);
    }
  }

  async removeContainers(ids: string[]): Promise<void> {
    const errs: string[] = [];
    for (const id of ids) {
      let last: string | null = null;
      for (let i = 0; i < REMOVE_CONTAINER_RETRY; i++) {
        try {
          await this.api.stopPodSandbox(id);
        } catch (err) {
          last = `failed to stop running pod ${id}: ${message(err)}`;
          continue;
        }
        try {
          await this.api.removePodSandbox(id);
        } catch (err) {
          last = `failed to remove pod ${id}: ${message(err)}`;
          continue;
        }
        last = null;
        break;
      }
      if (last) errs.push(last);
    }
    if (errs.length > 0) throw new KubeadmError(aggregateMessage(errs));
  }

  async pullImage(image: string): Promise<void> {
    let last: unknown;
    for (let i = 0; i < PULL_IMAGE_RETRY; i++) {
      try {
        await this.api.pullImage(image);
        return;
      } catch (err) {
        last = err;
      }
    }
    throw new KubeadmError(`failed to pull image ${image}: ${message(last)}`);
  }

  async pullImagesInParallel(images: string[], ifNotPresent: boolean): Promise<void> {
    const results = await Promise.all(
      images.map(async (image): Promise<string | null> => {
        if (ifNotPresent && (await this.imageExists(image))) return null;
        try {
          await this.pullImage(image);
          return null;
        } catch (err) {
          return `failed to pull image ${image}: ${message(err)}`;
        }
      }),
    );
    const errs = results.filter((e): e is string => e !== null);
    if (errs.length > 0) throw new KubeadmError(aggregateMessage(errs));
  }

  async imageExists(image: string): Promise<boolean> {
    try {
      return (await this.api.imageStatus(image, false)).image !== null;
    } catch (err) {
      (this.opts.logger ?? streamLogger(process.stderr)).warn(`Failed to get image status, image: "${image}", error: ${message(err)}`, "runtime.go:252");
      return false;
    }
  }

  async sandboxImage(): Promise<string> {
    let status;
    try {
      status = await this.api.status(true);
    } catch (err) {
      throw new KubeadmError(`failed to get runtime status: ${message(err)}`);
    }
    const config = status.info?.config;
    if (config === undefined) throw new KubeadmError("no 'config' field in CRI info");
    let parsed: { sandboxImage?: unknown };
    try {
      parsed = JSON.parse(config) as { sandboxImage?: unknown };
    } catch (err) {
      throw new KubeadmError(`failed to unmarshal CRI info config: ${message(err)}`);
    }
    if (typeof parsed?.sandboxImage !== "string" || parsed.sandboxImage === "") {
      throw new KubeadmError("no 'sandboxImage' field in CRI info config");
    }
    return parsed.sandboxImage;
  }

  async isRuntimeConfigImplemented(): Promise<boolean> {
    try {
      await this.api.runtimeConfig();
      return true;
    } catch (err) {
      if (err instanceof CriRpcError && err.code === GRPC_UNIMPLEMENTED) return false;
      throw new KubeadmError(`failed to call RuntimeConfig gRPC method: ${message(err)}`);
    }
  }
}

/** A runtime client for a CRI endpoint such as "unix:///var/run/containerd/containerd.sock"; call connect() first. */
export function newContainerRuntime(criSocket: string, opts: RuntimeOptions = {}): ContainerRuntime {
  return new CriRuntime(criSocket, opts);
}
