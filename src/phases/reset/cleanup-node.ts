/**
 * reset phase cleanup-node: stop the kubelet, unmount what is mounted below /var/lib/kubelet,
 * remove the pod sandboxes through the CRI, then empty kubeadm's directories and delete its
 * kubeconfig files. Dry-run only says what it would do.
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
import { cleanDir, evalSymlinks, hostUnmountDeps, removeAll, unmountBelow } from "../../host/reset-node.js";
import { goQuote } from "../../util/go-quote.js";
import { featureEnabled, ROOTLESS_CONTROL_PLANE } from "../../config/features.js";
import type { ResetData } from "./data.js";

/** The kubeconfig files reset deletes, in upstream's order. */
export const RESET_FILES = [
  ADMIN_KUBECONFIG,
  SUPER_ADMIN_KUBECONFIG,
  KUBELET_KUBECONFIG,
  KUBELET_BOOTSTRAP_KUBECONFIG,
  CONTROLLER_MANAGER_KUBECONFIG,
  SCHEDULER_KUBECONFIG,
].map((f) => path.join(KUBERNETES_DIR, f));

const list = (xs: string[]): string => `[${xs.join(" ")}]`;

export async function run(data: ResetData): Promise<void> {
  const { out, log, dryRun } = data;
  const dirs = [DEFAULT_MANIFESTS_DIR];

  if (data.verbosity >= 1) log.info("[reset] Getting init system", "cleanupnode.go:64");
  const { hostInitSystem } = await import("../../host/initsystem.js");
  const init = hostInitSystem();
  if (!init) {
    log.warn("[reset] The kubelet service could not be stopped by kubeadm. Unable to detect a supported init system!", "cleanupnode.go:67");
    log.warn("[reset] Please ensure kubelet is stopped manually", "cleanupnode.go:68");
  } else if (!dryRun) {
    out.write("[reset] Stopping the kubelet service\n");
    try {
      await init.serviceStop("kubelet");
    } catch (err) {
      log.warn(`[reset] The kubelet service could not be stopped by kubeadm: [${(err as Error).message}]`, "cleanupnode.go:73");
      log.warn("[reset] Please ensure kubelet is stopped manually", "cleanupnode.go:74");
    }
  } else {
    out.write("[dryrun] Would stop the kubelet service\n");
  }

  if (!dryRun) {
    let kubeletDir: string | null = null;
    try {
      kubeletDir = await evalSymlinks(KUBELET_RUN_DIR);
    } catch (err) {
      log.warn(`[reset] Skipping unmount of directories in ${goQuote(KUBELET_RUN_DIR)}: ${(err as Error).message}`, "cleanupnode.go:86");
    }
    if (kubeletDir !== null) {
      out.write(`[reset] Unmounting mounted directories in ${goQuote(KUBELET_RUN_DIR)}\n`);
      await unmountBelow(kubeletDir, data.resetCfg.unmountFlags, hostUnmountDeps((m) => log.warn(m, "unmount_linux.go:61")));
      dirs.push(kubeletDir);
    }
  } else {
    out.write(`[dryrun] Would unmount mounted directories in ${goQuote(KUBELET_RUN_DIR)}\n`);
  }

  if (!dryRun) {
    if (data.verbosity >= 1) log.info("[reset] Removing Kubernetes-managed containers", "cleanupnode.go:101");
    try {
      await removeContainers(data.criSocket);
    } catch (err) {
      log.warn(`[reset] Failed to remove containers: ${(err as Error).message}`, "cleanupnode.go:105");
    }
  } else {
    out.write("[dryrun] Would remove Kubernetes-managed containers\n");
  }

  if (data.certificatesDir !== DEFAULT_CERTIFICATES_DIR) {
    log.warn(`[reset] WARNING: Cleaning a non-default certificates directory: ${goQuote(data.certificatesDir)}`, "cleanupnode.go:113");
  }
  dirs.push(data.certificatesDir);
  if (data.cleanupTmpDir) dirs.push(path.join(KUBERNETES_DIR, TEMP_SUBDIR));

  if (!dryRun) {
    out.write(`[reset] Deleting contents of directories: ${list(dirs)}\n`);
    for (const dir of dirs) {
      try {
        await cleanDir(dir);
      } catch (err) {
        log.warn(`[reset] Failed to delete contents of ${goQuote(dir)} directory: ${(err as Error).message}`, "cleanupnode.go:152");
      }
    }
    out.write(`[reset] Deleting files: ${list(RESET_FILES)}\n`);
    for (const file of RESET_FILES) {
      try {
        await removeAll(file);
      } catch (err) {
        log.warn(`[reset] Failed to remove file: ${goQuote(file)} [${(err as Error).message}]`, "cleanupnode.go:171");
      }
    }
  } else {
    out.write(`[dryrun] Would delete contents of directories: ${list(dirs)}\n`);
    out.write(`[dryrun] Would delete files: ${list(RESET_FILES)}\n`);
  }

  // RootlessControlPlane (alpha, off by default): kubeadm-ts's init never creates its users and
  // groups; a node set up by upstream with it gets told to remove them by hand
  if (data.cfg && featureEnabled(data.cfg.clusterConfiguration.featureGates, ROOTLESS_CONTROL_PLANE)) {
    if (!dryRun) {
      log.warn(
        "[reset] Failed to remove users and groups: kubeadm-ts does not remove the users and groups of a rootless control plane; remove the kubeadm-* users and groups by hand",
        "cleanupnode.go:124",
      );
    } else {
      out.write("[dryrun] Would remove users and groups created for rootless control-plane\n");
    }
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
