/**
 * init phase upload-config: the ClusterConfiguration into the kubeadm-config ConfigMap
 * (`kubeadm`) and the kubelet's component config into kubelet-config (`kubelet`), each
 * with its RBAC.
 */
import type { Phase } from "../../workflow/types.js";
import type { InitData } from "./data.js";

export const uploadConfigPhase: Phase<InitData> = {
  name: "upload-config",
  aliases: ["uploadconfig"],
  short: "Upload the kubeadm and kubelet configuration to a ConfigMap",
  phases: [
    {
      name: "all",
      short: "Upload all configuration to a config map",
      runAllSiblings: true,
      inheritFlags: ["config", "cri-socket", "dry-run", "kubeconfig"],
    },
    {
      name: "kubeadm",
      short: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
      long: [
        "Upload the kubeadm ClusterConfiguration to a ConfigMap called kubeadm-config in the kube-system namespace. This enables correct configuration of system components and a seamless user experience when upgrading.",
        "",
        "Alternatively, you can use kubeadm config.",
      ].join("\n"),
      example: [
        "  # upload the configuration of your cluster",
        "  kubeadm init phase upload-config kubeadm --config=myConfig.yaml",
      ].join("\n"),
      inheritFlags: ["config", "cri-socket", "dry-run", "kubeconfig"],
      run: uploadKubeadm,
    },
    {
      name: "kubelet",
      short: "Upload the kubelet component config to a ConfigMap",
      long: "Upload the kubelet configuration extracted from the kubeadm InitConfiguration object to a kubelet-config ConfigMap in the cluster",
      example: [
        "  # Upload the kubelet configuration from the kubeadm Config file to a ConfigMap in the cluster.",
        "  kubeadm init phase upload-config kubelet --config kubeadm.yaml",
      ].join("\n"),
      inheritFlags: ["config", "cri-socket", "dry-run", "kubeconfig"],
      run: uploadKubelet,
    },
  ],
};

async function uploadKubeadm(data: InitData): Promise<void> {
  const client = await data.client();
  const { uploadClusterConfiguration } = await import("../../cluster/upload-config.js");
  await uploadClusterConfiguration(client, data.cfg.clusterConfiguration, data.out);
}

async function uploadKubelet(data: InitData): Promise<void> {
  const client = await data.client();
  const { uploadClusterKubeletConfig } = await import("../../cluster/upload-config.js");
  await uploadClusterKubeletConfig(client, data.cfg.clusterConfiguration, data.out);
}
