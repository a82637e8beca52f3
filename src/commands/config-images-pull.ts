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
import { newContainerRuntime, type ContainerRuntime } from "../host/cri/index.js";
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
  // The CRI client logs failed pulls (klog error lines) to stderr through `log`, as cri-client does.
  const runtime = newContainerRuntime(cfg.nodeRegistration.criSocket, { logger: log });
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
