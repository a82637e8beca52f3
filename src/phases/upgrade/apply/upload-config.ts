/**
 * upgrade apply phase upload-config: the cluster's ClusterConfiguration (at the new version) into
 * kubeadm-config and its KubeletConfiguration into kubelet-config, each with its RBAC, as init
 * uploads them. A dry run only says what it would do.
 */
import type { Phase } from "../../../workflow/types.js";
import type { UpgradeData } from "../data.js";

const FLAGS = ["config", "dry-run", "kubeconfig"];

export const uploadConfigPhase: Phase<UpgradeData> = {
  name: "upload-config",
  aliases: ["uploadconfig"],
  short: "Upload the kubeadm and kubelet configurations to ConfigMaps",
  phases: [
    { name: "all", short: "Upload all the configurations to ConfigMaps", runAllSiblings: true, inheritFlags: FLAGS },
    {
      name: "kubeadm",
      short: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
      long: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
      inheritFlags: FLAGS,
      run: uploadKubeadm,
    },
    { name: "kubelet", short: "Upload the kubelet configuration to a ConfigMap", inheritFlags: FLAGS, run: uploadKubelet },
  ],
};

async function uploadKubeadm(data: UpgradeData): Promise<void> {
  if (data.dryRun) {
    data.out.write("[dryrun] Would upload the kubeadm ClusterConfiguration to a ConfigMap\n");
    return;
  }
  data.v(1, "[upgrade/upload-config] Uploading the kubeadm ClusterConfiguration to a ConfigMap", "uploadconfig.go:83");
  const cfg = await data.initCfg();
  const { uploadClusterConfiguration } = await import("../../../cluster/upload-config.js");
  await uploadClusterConfiguration(await data.client(), cfg.clusterConfiguration, data.out);
}

async function uploadKubelet(data: UpgradeData): Promise<void> {
  if (data.dryRun) {
    data.out.write("[dryrun] Would upload the kubelet configuration to a ConfigMap\n");
    data.out.write("[dryrun] Would write the CRISocket annotation for the control-plane node\n");
    return;
  }
  data.v(1, "[upgrade/upload-config] Uploading the kubelet configuration to a ConfigMap", "uploadconfig.go:103");
  const cfg = await data.initCfg();
  const { uploadClusterKubeletConfig } = await import("../../../cluster/upload-config.js");
  await uploadClusterKubeletConfig(await data.client(), cfg.clusterConfiguration, data.out);
}
