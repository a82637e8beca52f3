/**
 * init phase kubeconfig: the parent prints the folder; each sub-phase writes (or reuses)
 * one kubeconfig file with a client certificate signed by the cluster CA. In external CA
 * mode the user's files are used as they are.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { KUBELET_KUBECONFIG, KUBERNETES_DIR, MODE_KUBECONFIG } from "../../constants.js";
import type { PhaseModule } from "../../workflow/types.js";
import { wrapError } from "../../util/errors.js";
import { encryptionAlgorithmType } from "../../config/encryption-algorithm.js";
import { println } from "./common.js";
import type { InitData } from "./data.js";

export async function run(data: InitData): Promise<void> {
  println(data, `[kubeconfig] Using kubeconfig folder ${JSON.stringify(data.kubeConfigDir)}`);
}

async function runKubeconfigFile(data: InitData, fileName: string): Promise<void> {
  if (data.externalCA) {
    println(data, `[kubeconfig] External CA mode: Using user provided ${fileName}`);
    const from = path.join(KUBERNETES_DIR, fileName);
    const to = path.join(data.kubeConfigDir, fileName);
    if (from !== to) {
      try {
        await fs.mkdir(data.kubeConfigDir, { recursive: true });
        await fs.copyFile(from, to);
        await fs.chmod(to, MODE_KUBECONFIG);
      } catch (err) {
        throw wrapError(err, `could not copy ${fileName} to dry run directory ${data.kubeConfigDir}`);
      }
    }
    return;
  }
  const kc = await import("../../kubeconfig/index.js");
  const cfg = data.cfg;
  const cluster = fileName === KUBELET_KUBECONFIG ? { ...cfg.clusterConfiguration, controlPlaneEndpoint: "" } : cfg.clusterConfiguration;
  const specs = kc.kubeconfigSpecs({
    cluster,
    localAPIEndpoint: cfg.localAPIEndpoint,
    nodeName: cfg.nodeRegistration.name,
    warn: (m) => data.log.warn(m, "endpoint.go:0"),
  });
  const spec = specs[fileName]!;
  // in dry-run the CA is read from where the certs phase wrote it
  const ca = await kc.loadKubeconfigCA(data.certificateWriteDir, encryptionAlgorithmType(data.cfg.clusterConfiguration));
  const notAfter = new Date(data.startTime.getTime() + cfg.clusterConfiguration.certificateValidityPeriod);
  await kc.createKubeconfigFile(data.kubeConfigDir, spec, ca, notAfter, data.out, (m) => data.log.warn(m, "kubeconfig.go:0"));
}

/** The module of one kubeconfig sub-phase, by its name on the command line. */
export function subPhase(name: string): PhaseModule<InitData> {
  return { run: (data) => runKubeconfigFile(data, `${name}.conf`) };
}
