/**
 * reset phase cleanup-node: stop the kubelet, unmount what is mounted below /var/lib/kubelet,
 * remove the pod sandboxes through the CRI, then empty kubeadm's directories and delete its
 * kubeconfig files. Each step goes through the node twin (data.node): dry-run only says what it would do.
 */
import * as path from "node:path";
import {
  ADMIN_KUBECONFIG,
  CONTROLLER_MANAGER_KUBECONFIG,
  DEFAULT_CERTIFICATES_DIR,
  DEFAULT_MANIFESTS_DIR,
  KUBELET_BOOTSTRAP_KUBECONFIG,
  KUBELET_KUBECONFIG,
  KUBELET_RUN_DIR,
  KUBERNETES_DIR,
  SCHEDULER_KUBECONFIG,
  SUPER_ADMIN_KUBECONFIG,
  TEMP_SUBDIR,
} from "../../constants.js";
import { goQuote } from "../../util/go-quote.js";
import { featureEnabled, ROOTLESS_CONTROL_PLANE } from "../../config/features.js";
import type { ResetData } from "./data.js";
import type { Phase } from "../../workflow/types.js";

/** The kubeconfig files reset deletes, in upstream's order. */
export const RESET_FILES = [
  ADMIN_KUBECONFIG,
  SUPER_ADMIN_KUBECONFIG,
  KUBELET_KUBECONFIG,
  KUBELET_BOOTSTRAP_KUBECONFIG,
  CONTROLLER_MANAGER_KUBECONFIG,
  SCHEDULER_KUBECONFIG,
].map((f) => path.join(KUBERNETES_DIR, f));

export const cleanupNodePhase: Phase<ResetData> = {
  name: "cleanup-node",
  aliases: ["cleanupnode"],
  short: "Run cleanup node.",
  inheritFlags: ["cert-dir", "cleanup-tmp-dir", "cri-socket", "dry-run"],
  run,
};

async function run(data: ResetData): Promise<void> {
  const { out, log, node } = data;
  const dirs = [DEFAULT_MANIFESTS_DIR];

  if (data.verbosity >= 1) log.info("[reset] Getting init system", "cleanupnode.go:65");
  const { hostInitSystem } = await import("../../host/initsystem.js");
  const init = hostInitSystem();
  if (!init) {
    log.warn("[reset] The kubelet service could not be stopped by kubeadm. Unable to detect a supported init system!", "cleanupnode.go:69");
    log.warn("[reset] Please ensure kubelet is stopped manually", "cleanupnode.go:69");
  } else {
    await node.stopKubelet(
      () => init.serviceStop("kubelet"),
      (why) => {
        log.warn(`[reset] The kubelet service could not be stopped by kubeadm: [${why}]`, "cleanupnode.go:75");
        log.warn("[reset] Please ensure kubelet is stopped manually", "cleanupnode.go:75");
      },
    );
  }

  const kubeletDir = await node.unmountKubeletDir(KUBELET_RUN_DIR, data.resetCfg.unmountFlags, (m) =>
    log.warn(m, m.startsWith("[reset] Skipping") ? "cleanupnode.go:87" : "unmount_linux.go:61"),
  );
  if (kubeletDir !== null) dirs.push(kubeletDir);

  await node.removeContainers(() => removeContainers(data.criSocket), (m) => log.warn(m, "cleanupnode.go:105"));

  if (data.certificatesDir !== DEFAULT_CERTIFICATES_DIR) {
    log.warn(`[reset] WARNING: Cleaning a non-default certificates directory: ${goQuote(data.certificatesDir)}`, "cleanupnode.go:113");
  }
  dirs.push(data.certificatesDir);
  if (data.cleanupTmpDir) dirs.push(path.join(KUBERNETES_DIR, TEMP_SUBDIR));

  await node.deleteDirectoryContents(dirs, (dir, err) =>
    log.warn(`[reset] Failed to delete contents of ${goQuote(dir)} directory: ${(err as Error).message}`, "cleanupnode.go:157"),
  );
  await node.deleteFiles(RESET_FILES, (file, err) => log.warn(`[reset] Failed to remove file: ${goQuote(file)} [${(err as Error).message}]`, "cleanupnode.go:177"));

  // RootlessControlPlane (alpha, off by default): kubeadm-ts's init never creates its users and
  // groups; a node set up by upstream with it gets told to remove them by hand
  if (data.cfg && featureEnabled(data.cfg.clusterConfiguration.featureGates, ROOTLESS_CONTROL_PLANE)) {
    await node.removeRootlessUsers(() =>
      log.warn(
        "[reset] Failed to remove users and groups: kubeadm-ts does not remove the users and groups of a rootless control plane; remove the kubeadm-* users and groups by hand",
        "cleanupnode.go:127",
      ),
    );
  }
}

async function removeContainers(criSocket: string): Promise<void> {
  const { newContainerRuntime } = await import("../../host/cri/index.js");
  const runtime = newContainerRuntime(criSocket);
  try {
    await runtime.connect();
    await runtime.removeContainers(await runtime.listKubeContainers());
  } finally {
    runtime.close();
  }
}
