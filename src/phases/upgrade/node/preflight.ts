/**
 * upgrade node phase preflight (upstream phases/upgrade/node runPreflight): the root check and
 * the node's upgrade checks; a control-plane node then pulls its images with the node section's
 * pull policy (dry-run: says it would), a worker says it skips that.
 */
import { KubeadmError } from "../../../util/errors.js";
import type { Phase } from "../../../workflow/types.js";
import type { UpgradeData } from "../data.js";

export const preflightPhase: Phase<UpgradeData> = {
  name: "preflight",
  short: "Run upgrade node pre-flight checks",
  long: "Run pre-flight checks for kubeadm upgrade node.",
  inheritFlags: ["config", "ignore-preflight-errors"],
  run,
};

async function run(data: UpgradeData): Promise<void> {
  data.out.write("[upgrade/preflight] Running pre-flight checks\n");
  const initCfg = await data.initCfg();
  const pf = await import("../../../preflight/run.js");
  const o = { ignore: data.ignorePreflightErrors, stdout: data.out, stderr: data.stderr, logger: data.log };
  try {
    await pf.runRootCheckOnly(o);
    await pf.runUpgradeChecks(initCfg, o);
    if (!data.isControlPlaneNode) {
      data.out.write("[upgrade/preflight] Skipping prepull. Not a control plane node.\n");
      return;
    }
    initCfg.nodeRegistration.imagePullPolicy = data.cfg.node.imagePullPolicy;
    initCfg.nodeRegistration.imagePullSerial = data.cfg.node.imagePullSerial ?? true;
    if (data.dryRun) {
      data.out.write(pf.wouldPullImagesLine("upgrade/preflight"));
      return;
    }
    data.out.write(pf.pullImagesIntro("upgrade/preflight"));
    const { controlPlaneImages } = await import("../../../config/images.js");
    const { pauseImage } = await import("../../../manifests/index.js");
    await pf.runPullImagesCheck(initCfg, { ...o, images: controlPlaneImages(initCfg.clusterConfiguration), pauseImage: pauseImage(initCfg.clusterConfiguration) });
  } catch (err) {
    if (err instanceof KubeadmError || !(err instanceof Error)) throw err;
    throw new KubeadmError(err.message, 1, { cause: err });
  }
}
