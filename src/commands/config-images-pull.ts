/**
 * `kubeadm config images pull`: pulls every control-plane image through the CRI, one at a time,
 * printing `[config/images] Pulled <image>` after each. Like upstream it always pulls (no
 * IfNotPresent) and stops at the first image that fails after the runtime's retries.
 */
import type { Writable } from "node:stream";
import type { CommandContext } from "../cli/context.js";
import { goQuote } from "../util/go-quote.js";
import { parseFeatureGates } from "../config/features.js";
import { controlPlaneImages } from "../config/images.js";
import { loadInitConfiguration, type LoadOptions } from "../config/load.js";
import { klogHeader } from "../config/log.js";
import { CriClient, CriRpcError, newContainerRuntime, type ContainerRuntime, type CriApi } from "../host/cri/index.js";
import { KubeadmError } from "../util/errors.js";
import { commandLogger, flagString } from "./config-context.js";

/** What tests substitute: the host facts behind CRI socket detection. */
export interface PullDeps {
  facts?: LoadOptions["facts"];
}

export async function run(ctx: CommandContext): Promise<void> {
  return runWith(ctx, {});
}

export async function runWith(ctx: CommandContext, deps: PullDeps): Promise<void> {
  const log = commandLogger(ctx);
  const featureGates = parseFeatureGates(flagString(ctx, "feature-gates"), (m) => log.warn(m, "features.go:183"));
  const criSocket = flagString(ctx, "cri-socket");
  const cfg = await loadInitConfiguration({
    configPath: flagString(ctx, "config"),
    fromFlags: {
      cluster: { kubernetesVersion: flagString(ctx, "kubernetes-version"), imageRepository: flagString(ctx, "image-repository"), featureGates },
      init: criSocket === "" ? {} : { nodeRegistration: { criSocket } },
    },
    log,
    ...(deps.facts ? { facts: deps.facts } : {}),
  });
  const runtime = newContainerRuntime(cfg.nodeRegistration.criSocket, {
    logger: log,
    connectClient: async (endpoint, opts) => withPullErrorLog(await CriClient.connect(endpoint, opts), ctx.stderr),
  });
  await runtime.connect();
  try {
    await pullControlPlaneImages(runtime, controlPlaneImages(cfg.clusterConfiguration), ctx.stdout);
  } finally {
    runtime.close();
  }
}

/** Pulls each image in order; the first failure ends the run. */
export async function pullControlPlaneImages(runtime: ContainerRuntime, images: string[], out: Writable): Promise<void> {
  for (const image of images) {
    try {
      await runtime.pullImage(image);
    } catch (err) {
      throw new KubeadmError(`failed to pull image ${goQuote(image)}: ${(err as Error).message}`);
    }
    out.write(`[config/images] Pulled ${image}\n`);
  }
}

/**
 * cri-client logs every failed PullImage call (klog error, structured) before returning the error,
 * with Unknown status codes stripped from the returned error but not from the log line.
 */
function withPullErrorLog(client: CriClient, stderr: Writable): CriApi {
  const logError = (origin: string, msg: string, err: string, image: string): void => {
    stderr.write(`${klogHeader("E", origin)}${goQuote(msg)} err=${goQuote(err)} image=${goQuote(image)}\n`);
  };
  const api: CriApi = {
    status: (verbose) => client.status(verbose),
    runtimeConfig: () => client.runtimeConfig(),
    listPodSandbox: (filter) => client.listPodSandbox(filter),
    stopPodSandbox: (id) => client.stopPodSandbox(id),
    removePodSandbox: (id) => client.removePodSandbox(id),
    imageStatus: (image, verbose) => client.imageStatus(image, verbose),
    close: () => client.close(),
    pullImage: async (image) => {
      try {
        return await client.pullImage(image);
      } catch (err) {
        const text = (err as Error).message;
        if (text === `imageRef of image ${goQuote(image)} is not set`) logError("remote_image.go:267", "ImageRef of image is not set", "PullImage failed", image);
        else logError("remote_image.go:250", "PullImage from image service failed", err instanceof CriRpcError ? text : `rpc error: code = Unknown desc = ${text}`, image);
        throw err;
      }
    },
  };
  return api;
}
