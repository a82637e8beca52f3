/**
 * init phase kubeconfig: the parent prints the folder; each sub-phase writes (or reuses)
 * one kubeconfig file with a client certificate signed by the cluster CA. In external CA
 * mode the user's files are used as they are.
 */
import * as path from "node:path";
import { KUBELET_KUBECONFIG, MODE_KUBECONFIG } from "../../constants.js";
import type { Phase } from "../../workflow/types.js";
import { wrapError } from "../../util/errors.js";
import { println } from "./common.js";
import type { InitData } from "./data.js";

/** Flags of the kubeconfig phases; "all" and "kubelet" add node-name (upstream's getKubeConfigPhaseFlags). */
const KUBECONFIG_PHASE_FLAGS = ["apiserver-advertise-address", "apiserver-bind-port", "cert-dir", "config", "control-plane-endpoint", "dry-run", "kubeconfig-dir", "kubernetes-version"];

/** One kubeconfig sub-phase: `<name>.conf`. */
function kubeconfigSubPhase(name: string, short: string, long: string, inheritFlags = KUBECONFIG_PHASE_FLAGS): Phase<InitData> {
  return { name, short, long, inheritFlags, run: (data) => runKubeconfigFile(data, `${name}.conf`) };
}

export const kubeconfigPhase: Phase<InitData> = {
  name: "kubeconfig",
  short: "Generate all kubeconfig files necessary to establish the control plane and the admin kubeconfig file",
  async run(data) {
    println(data, `[kubeconfig] Using kubeconfig folder ${JSON.stringify(data.kubeConfigDir)}`);
  },
  phases: [
    { name: "all", short: "Generate all kubeconfig files", runAllSiblings: true, inheritFlags: [...KUBECONFIG_PHASE_FLAGS, "node-name"] },
    kubeconfigSubPhase("admin", "Generate a kubeconfig file for the admin to use and for kubeadm itself", "Generate the kubeconfig file for the admin and for kubeadm itself, and save it to admin.conf file."),
    kubeconfigSubPhase("super-admin", "Generate a kubeconfig file for the super-admin", "Generate a kubeconfig file for the super-admin, and save it to super-admin.conf file."),
    kubeconfigSubPhase(
      "kubelet",
      "Generate a kubeconfig file for the kubelet to use *only* for cluster bootstrapping purposes",
      [
        "Generate the kubeconfig file for the kubelet to use and save it to kubelet.conf file.",
        "",
        "Please note that this should *only* be used for cluster bootstrapping purposes. After your control plane is up, you should request all kubelet credentials from the CSR API.",
      ].join("\n"),
      [...KUBECONFIG_PHASE_FLAGS, "node-name"],
    ),
    kubeconfigSubPhase("controller-manager", "Generate a kubeconfig file for the controller manager to use", "Generate the kubeconfig file for the controller manager to use and save it to controller-manager.conf file"),
    kubeconfigSubPhase("scheduler", "Generate a kubeconfig file for the scheduler to use", "Generate the kubeconfig file for the scheduler to use and save it to scheduler.conf file."),
  ],
};

async function runKubeconfigFile(data: InitData, fileName: string): Promise<void> {
  if (data.externalCA) {
    println(data, `[kubeconfig] External CA mode: Using user provided ${fileName}`);
    const from = path.join(data.userKubeconfigDir, fileName);
    const to = path.join(data.kubeConfigDir, fileName);
    if (from !== to) {
      try {
        const { copyFileWithMode } = await import("../../host/files.js");
        await copyFileWithMode(from, to, MODE_KUBECONFIG);
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
  const ca = await kc.loadKubeconfigCA(data.certificatesDir.writeDir, data.cfg.clusterConfiguration.encryptionAlgorithm, data.keys);
  const notAfter = new Date(data.startTime.getTime() + cfg.clusterConfiguration.certificateValidityPeriod);
  await kc.createKubeconfigFile(data.kubeConfigDir, spec, ca, notAfter, data.out, (m) => data.log.warn(m, "kubeconfig.go:0"));
}

