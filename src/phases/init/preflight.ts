/** init phase preflight: root check, the init node checks, then pulling images (dry-run: only says it would). */
import { KubeadmError } from "../../util/errors.js";
import type { Phase } from "../../workflow/types.js";
import type { InitData } from "./data.js";

export const preflightPhase: Phase<InitData> = {
  name: "preflight",
  short: "Run pre-flight checks",
  long: "Run pre-flight checks for kubeadm init.",
  example: [
    "  # Run pre-flight checks for kubeadm init using a config file.",
    "  kubeadm init phase preflight --config kubeadm-config.yaml",
  ].join("\n"),
  inheritFlags: ["config", "cri-socket", "dry-run", "ignore-preflight-errors", "image-repository"],
  run,
};

async function run(data: InitData): Promise<void> {
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
