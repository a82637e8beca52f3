/** `kubeadm config images list`: the images kubeadm will use, as text or an output API `Images` object. */
import type { CommandContext } from "../cli/context.js";
import { parseFeatureGates } from "../config/features.js";
import { controlPlaneImages } from "../config/images.js";
import { loadInitConfiguration } from "../config/load.js";
import { outputObject, outputPrinter } from "../config/output.js";
import { KubeadmError } from "../util/errors.js";
import { commandLogger, flagString } from "./config-context.js";

export async function run(ctx: CommandContext): Promise<void> {
  const log = commandLogger(ctx);
  const featureGates = parseFeatureGates(flagString(ctx, "feature-gates"), (m) => log.warn(m, "features.go:183"));
  const format = flagString(ctx, "output") || "text";
  // fail on a bad -o before loading anything, as upstream builds its printer first
  const print = outputPrinter(format, { allowMissingTemplateKeys: ctx.flags["allow-missing-template-keys"] !== false });
  const cluster: Record<string, unknown> = {
    kubernetesVersion: flagString(ctx, "kubernetes-version"),
    imageRepository: flagString(ctx, "image-repository"),
    featureGates,
  };
  let cfg;
  try {
    cfg = await loadInitConfiguration({
      configPath: flagString(ctx, "config"),
      fromFlags: { cluster },
      log,
      skipCRIDetect: true,
    });
  } catch (err) {
    throw new KubeadmError(`could not convert cfg to an internal cfg: ${(err as Error).message}`);
  }
  const images = controlPlaneImages(cfg.clusterConfiguration);
  let out: string;
  try {
    out = print(outputObject("Images", { images }), () => `${images.join("\n")}\n`);
  } catch (err) {
    throw new KubeadmError(`unable to print images: ${(err as Error).message}`);
  }
  ctx.stdout.write(out);
}
