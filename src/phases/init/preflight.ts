/** init phase preflight: root check, the init node checks, then pulling images (dry-run: only says it would). */
import { KubeadmError } from "../../util/errors.js";
import type { InitData } from "./data.js";

export async function run(data: InitData): Promise<void> {
  const pf = await import("../../preflight/index.js");
  const { controlPlaneImages } = await import("../../config/images.js");
  const { pauseImage } = await import("../../manifests/index.js");
  const cluster = data.cfg.clusterConfiguration;
  try {
    await pf.runInitPreflight(data.cfg, {
      ignore: data.ignorePreflightErrors,
      dryRun: data.dryRun,
      images: controlPlaneImages(cluster),
      pauseImage: pauseImage(cluster),
      stdout: data.out as never,
      stderr: data.stderr as never,
      logger: data.log,
      isSecondaryControlPlane: false,
      downloadCerts: false,
    } as never);
  } catch (err) {
    if (err instanceof KubeadmError) throw err;
    throw new KubeadmError((err as Error).message, 1, { cause: err });
  }
}
