/**
 * upgrade apply/node phase kubelet-config: /var/lib/kubelet/config.yaml rewritten from the
 * cluster's kubelet configuration (mutated, --patches, then instance-config.yaml applied over it),
 * after a backup to /etc/kubernetes/tmp/kubeadm-kubelet-config-<timestamp>/config.yaml. A missing
 * instance-config.yaml is created with the node's CRI socket. kubeadm-flags.env is not touched
 * (post-upgrade's business). Dry run: files go to the dry-run directory and are printed; the
 * backup is only announced (the data's node twin). Shared by both workflows.
 */
import * as path from "node:path";
import type { Phase } from "../../workflow/types.js";
import type { UpgradeData } from "./data.js";

export function kubeletConfigPhase(_workflow: "upgrade-apply" | "upgrade-node"): Phase<UpgradeData> {
  return {
    name: "kubelet-config",
    short: "Upgrade the kubelet configuration for this node",
    long: "Upgrade the kubelet configuration for this node by downloading it from the kubelet-config ConfigMap stored in the cluster",
    inheritFlags: ["config", "dry-run", "kubeconfig", "patches"],
    run: runKubeletConfig,
  };
}

async function runKubeletConfig(data: UpgradeData): Promise<void> {
  const k = await import("../../upgrade/kubelet-config.js");
  const files = await import("../../host/files.js");
  const { createNamedTempDir } = await import("../../host/upgrade-files.js");
  const { KUBELET_CONFIG_FILE, KUBELET_INSTANCE_CONFIG_FILE, MODE_KUBELET_FILE, MODE_PRIVATE_DIR } = await import("../../constants.js");
  const { KubeadmError, wrapError } = await import("../../util/errors.js");
  const { goPathError } = await import("../../util/go-errno.js");
  const m = await import("../../manifests/kubelet.js");
  const cfg = await data.initCfg();
  const dir = data.kubeletDir;

  const backupDir = await createNamedTempDir(data.kubeConfigDir, k.kubeletConfigBackupDirName(new Date()));
  data.log.warn(k.usingBackupDirWarning(backupDir), "postupgrade.go:105");
  await data.node.backupKubeletConfig(path.join(dir, KUBELET_CONFIG_FILE), path.join(backupDir, k.KUBELET_CONFIG_BACKUP_FILE));

  const writeKubeletFile = async (file: string, content: string): Promise<void> => {
    data.out.write(k.writingKubeletConfigLine(file));
    try {
      await files.ensureDir(dir, MODE_PRIVATE_DIR);
    } catch (err) {
      throw new KubeadmError(`failed to create directory ${JSON.stringify(dir)}: ${goPathError("mkdir", dir, err)}`, 1, { cause: err });
    }
    try {
      // os.WriteFile: an existing file keeps its mode
      await files.writeFileAtomic(file, content, (await files.fileMode(file)) ?? MODE_KUBELET_FILE);
    } catch (err) {
      throw new KubeadmError(`failed to write kubelet configuration file ${JSON.stringify(file)}: ${goPathError("open", file, err)}`, 1, { cause: err });
    }
  };

  const instanceFile = path.join(dir, KUBELET_INSTANCE_CONFIG_FILE);
  const statErr = await files.statError(instanceFile);
  if (statErr) {
    if (statErr.code !== "ENOENT") throw new KubeadmError(`stat error for the kubelet instance configuration file ${instanceFile}: ${goPathError("stat", instanceFile, statErr)}`);
    data.log.warn(k.instanceConfigMissingWarning(instanceFile), "postupgrade.go:128");
    try {
      await writeKubeletFile(instanceFile, m.kubeletInstanceConfigFile(cfg.nodeRegistration.criSocket));
    } catch (err) {
      throw wrapError(err, "error writing kubelet instance configuration");
    }
  }
  await data.node.showKubeletFile(KUBELET_INSTANCE_CONFIG_FILE, dir, "error printing kubelet instance configuration file on dryrun");

  try {
    let patches;
    if (data.patchesDir) {
      const { patchManagerForPath } = await import("../../patches/index.js");
      try {
        patches = await patchManagerForPath(data.patchesDir, data.out);
      } catch (err) {
        throw wrapError(err, "could not apply patches to the KubeletConfiguration");
      }
    }
    let instanceConfig: unknown;
    try {
      const { parseYamlDocument } = await import("../../config/yaml.js");
      instanceConfig = (await parseYamlDocument(await files.readTextFile(instanceFile))).value ?? {};
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ? `could not read patch file ${JSON.stringify(instanceFile)}: ${goPathError("open", instanceFile, err)}` : (err as Error).message;
      throw new KubeadmError(`could not apply kubelet instance configuration as a patch from ${JSON.stringify(instanceFile)}: ${why}`, 1, { cause: err });
    }
    const host = await import("../../host/initsystem.js");
    const content = m.kubeletConfigFile({
      cluster: cfg.clusterConfiguration,
      criSocket: cfg.nodeRegistration.criSocket,
      systemdResolvedActive: await host.systemdResolvedActive(data.env.PATH ?? "", (msg, origin) => data.log.warn(msg, origin)),
      ...(patches ? { patches } : {}),
      output: data.out,
      warn: (w) => data.log.warn(w, "kubelet.go:0"),
      instanceConfig,
    });
    await writeKubeletFile(path.join(dir, KUBELET_CONFIG_FILE), content);
  } catch (err) {
    throw wrapError(err, "error writing kubelet configuration to file");
  }
  await data.node.showKubeletFile(KUBELET_CONFIG_FILE, dir, "error printing kubelet configuration file on dryrun");
  data.out.write(k.KUBELET_CONFIG_UPGRADED_LINE);
}
