/**
 * init phase kubelet-start: stop the kubelet, write kubeadm-flags.env, instance-config.yaml
 * and config.yaml, then (re)start it. The node twin decides what stopping and starting mean
 * (nothing when dry-running).
 */
import * as os from "node:os";
import { wrapError } from "../../util/errors.js";
import type { InitData } from "./data.js";
import { patchManager } from "./patches.js";

/** Whether systemd-resolved runs here (the kubelet then reads its resolv.conf). */
async function systemdResolvedActive(data: InitData): Promise<boolean> {
  const { detectInitSystem } = await import("../../host/kubelet-service.js");
  const init = detectInitSystem(data.env.PATH ?? "");
  if (!init) {
    data.log.warn("cannot determine if systemd-resolved is active: no supported init system detected", "kubelet_unix.go:41");
    return false;
  }
  return init.serviceIsActive("systemd-resolved");
}

export async function run(data: InitData): Promise<void> {
  await data.node.stopKubelet();
  const m = await import("../../manifests/index.js");
  const cfg = data.cfg;
  try {
    await m.writeKubeletStartFiles({
      cluster: cfg.clusterConfiguration,
      criSocket: cfg.nodeRegistration.criSocket,
      systemdResolvedActive: await systemdResolvedActive(data),
      patches: await patchManager(data),
      output: data.out,
      warn: (w) => data.log.warn(w, "kubelet.go:0"),
      nodeRegistration: cfg.nodeRegistration,
      hostname: os.hostname(),
      kubeletDir: data.kubeletDir,
    });
  } catch (err) {
    throw wrapError(err, "error writing kubelet configuration to disk");
  }
  await data.node.startKubelet();
}
