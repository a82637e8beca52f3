/**
 * init phase kubelet-start: stop the kubelet, write kubeadm-flags.env, instance-config.yaml
 * and config.yaml, then (re)start it. The node twin decides what stopping and starting mean
 * (nothing when dry-running). The patches are read only when config.yaml is built, so their
 * "[patches]" lines come after the first two files, as upstream prints them.
 */
import * as path from "node:path";
import { KUBELET_CONFIG_FILE, KUBELET_ENV_FILE, KUBELET_INSTANCE_CONFIG_FILE, MODE_KUBELET_FILE, MODE_PRIVATE_DIR } from "../../constants.js";
import { wrapError } from "../../util/errors.js";
import { println } from "./common.js";
import type { InitData } from "./data.js";
import type { Phase } from "../../workflow/types.js";
import { patchManager } from "./patches.js";

/** Whether systemd-resolved runs here (the kubelet then reads its resolv.conf). */
async function systemdResolvedActive(data: InitData): Promise<boolean> {
  const host = await import("../../host/initsystem.js");
  return host.systemdResolvedActive(data.env.PATH ?? "", (msg, origin) => data.log.warn(msg, origin));
}

export const kubeletStartPhase: Phase<InitData> = {
  name: "kubelet-start",
  short: "Write kubelet settings and (re)start the kubelet",
  long: "Write a file with KubeletConfiguration and an environment file with node specific kubelet settings, and then (re)start kubelet.",
  example: [
    "  # Writes a dynamic environment file with kubelet flags from a InitConfiguration file.",
    "  kubeadm init phase kubelet-start --config config.yaml",
  ].join("\n"),
  inheritFlags: ["config", "cri-socket", "dry-run", "image-repository", "node-name", "patches"],
  run,
};

async function run(data: InitData): Promise<void> {
  await data.node.stopKubelet();
  const m = await import("../../manifests/index.js");
  const { ensureDir, writeFileAtomic } = await import("../../host/files.js");
  const cfg = data.cfg;
  const dir = data.kubeletDir;

  const envFile = path.join(dir, KUBELET_ENV_FILE);
  println(data, `[kubelet-start] Writing kubelet environment file with flags to file ${JSON.stringify(envFile)}`);
  try {
    await ensureDir(dir, MODE_PRIVATE_DIR);
    const { hostSystemFacts } = await import("../../host/system-facts.js");
    await writeFileAtomic(envFile, m.kubeletFlagsEnvFile(cfg.nodeRegistration, hostSystemFacts.hostname()), MODE_KUBELET_FILE);
  } catch (err) {
    throw wrapError(err, "error writing a dynamic environment file for the kubelet");
  }

  const instFile = path.join(dir, KUBELET_INSTANCE_CONFIG_FILE);
  println(data, `[kubelet-start] Writing kubelet configuration to file ${JSON.stringify(instFile)}`);
  try {
    await writeFileAtomic(instFile, m.kubeletInstanceConfigFile(cfg.nodeRegistration.criSocket), MODE_KUBELET_FILE);
  } catch (err) {
    throw wrapError(err, "error writing instance kubelet configuration to disk");
  }

  try {
    const content = m.kubeletConfigFile({
      cluster: cfg.clusterConfiguration,
      criSocket: cfg.nodeRegistration.criSocket,
      systemdResolvedActive: await systemdResolvedActive(data),
      patches: await patchManager(data),
      output: data.out,
      warn: (w) => data.log.warn(w, "kubelet.go:0"),
    });
    const cfgFile = path.join(dir, KUBELET_CONFIG_FILE);
    println(data, `[kubelet-start] Writing kubelet configuration to file ${JSON.stringify(cfgFile)}`);
    await writeFileAtomic(cfgFile, content, MODE_KUBELET_FILE);
  } catch (err) {
    throw wrapError(err, "error writing kubelet configuration to disk");
  }

  await data.node.startKubelet();
}
