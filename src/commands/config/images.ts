// `kubeadm config images list|pull`: the control-plane images kubeadm uses, printed (as text or an
// output API `Images` object) or pulled through the CRI.
import type { Writable } from "node:stream";
import { handler, type CommandSpec } from "../../cli/command.js";
import { commandLogger, flagString, type CommandContext } from "../../cli/context.js";
import { allowMissingTemplateKeys, cfgPath, criSocket, featureGates, imageRepository, kubernetesVersion, output, showManagedFields } from "../../cli/options.js";
import type { LoadOptions } from "../../config/load.js";
import type { ContainerRuntime } from "../../host/cri/index.js";
import { KubeadmError } from "../../util/errors.js";
import { goQuote } from "../../util/go-quote.js";

export const imagesListCommand: CommandSpec = {
  use: "list",
  short: "Print a list of images kubeadm will use. The configuration file is used in case any images or image repositories are customized",
  flags: [allowMissingTemplateKeys, cfgPath, featureGates, imageRepository, kubernetesVersion, output, showManagedFields],
  args: { kind: "none" },
  run: handler(async (ctx) => {
    const log = commandLogger(ctx);
    const { parseFeatureGates } = await import("../../config/features.js");
    const gates = parseFeatureGates(flagString(ctx, "feature-gates"), (m) => log.warn(m, "features.go:141"));
    const format = flagString(ctx, "output") || "text";
    const { outputObject, outputPrinter } = await import("../../config/output.js");
    // fail on a bad -o before loading anything, as upstream builds its printer first
    const print = outputPrinter(format, { allowMissingTemplateKeys: ctx.flags["allow-missing-template-keys"] !== false });
    const cluster: Record<string, unknown> = {
      kubernetesVersion: flagString(ctx, "kubernetes-version"),
      imageRepository: flagString(ctx, "image-repository"),
      featureGates: gates,
    };
    const { loadInitConfiguration } = await import("../../config/load.js");
    let cfg;
    try {
      cfg = await loadInitConfiguration({
        configPath: flagString(ctx, "config"),
        fromFlags: { cluster },
        log,
        skipCRIDetect: true,
        verbosity: verbosityOf(ctx),
      });
    } catch (err) {
      throw new KubeadmError(`could not convert cfg to an internal cfg: ${(err as Error).message}`);
    }
    const { controlPlaneImages } = await import("../../config/images.js");
    const images = controlPlaneImages(cfg.clusterConfiguration, etcdWarning(ctx, log));
    let out: string;
    try {
      out = print(outputObject("Images", { images }), () => `${images.join("\n")}\n`);
    } catch (err) {
      throw new KubeadmError(`unable to print images: ${(err as Error).message}`);
    }
    ctx.stdout.write(out);
  }),
};

/**
 * `kubeadm config images pull`: pulls every control-plane image through the CRI, one at a time,
 * printing `[config/images] Pulled <image>` after each. Like upstream it always pulls (no
 * IfNotPresent) and stops at the first image that fails after the runtime's retries.
 */
export const imagesPullCommand: CommandSpec = {
  use: "pull",
  short: "Pull images used by kubeadm",
  flags: [cfgPath, criSocket, featureGates, imageRepository, kubernetesVersion],
  args: { kind: "none" },
  run: handler((ctx) => runWith(ctx, {})),
};

export const imagesCommand: CommandSpec = {
  use: "images",
  short: "Interact with container images used by kubeadm",
  run: { kind: "requireSubcommand" },
  commands: [imagesListCommand, imagesPullCommand],
};

/** klog's -v of the command line. */
function verbosityOf(ctx: CommandContext): number {
  return Number(ctx.flags["v"] ?? 0) || 0;
}

/** The etcd version fallback warning (upstream logs it at V(1) from images.go). */
function etcdWarning(ctx: CommandContext, log: ReturnType<typeof commandLogger>): ((m: string) => void) | undefined {
  return verbosityOf(ctx) >= 1 ? (m) => log.info(m, "images.go:86") : undefined;
}

/** What tests substitute: the host facts behind CRI socket detection. */
export interface PullDeps {
  facts?: LoadOptions["facts"];
}

/** The run of `config images pull`, with substitutable host facts. */
export async function runWith(ctx: CommandContext, deps: PullDeps): Promise<void> {
  const log = commandLogger(ctx);
  const { parseFeatureGates } = await import("../../config/features.js");
  const gates = parseFeatureGates(flagString(ctx, "feature-gates"), (m) => log.warn(m, "features.go:141"));
  const socket = flagString(ctx, "cri-socket");
  const { loadInitConfiguration } = await import("../../config/load.js");
  const cfg = await loadInitConfiguration({
    configPath: flagString(ctx, "config"),
    fromFlags: {
      cluster: { kubernetesVersion: flagString(ctx, "kubernetes-version"), imageRepository: flagString(ctx, "image-repository"), featureGates: gates },
      init: socket === "" ? {} : { nodeRegistration: { criSocket: socket } },
    },
    log,
    verbosity: verbosityOf(ctx),
    ...(deps.facts ? { facts: deps.facts } : {}),
  });
  const { controlPlaneImages } = await import("../../config/images.js");
  const { newContainerRuntime } = await import("../../host/cri/index.js");
  // The CRI client logs failed pulls (klog error lines) to stderr through `log`, as cri-client does.
  const runtime = newContainerRuntime(cfg.nodeRegistration.criSocket, { logger: log });
  await runtime.connect();
  try {
    await pullControlPlaneImages(runtime, controlPlaneImages(cfg.clusterConfiguration, etcdWarning(ctx, log)), ctx.stdout);
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
