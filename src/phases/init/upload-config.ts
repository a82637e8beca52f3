/**
 * init phase upload-config: the ClusterConfiguration into the kubeadm-config ConfigMap
 * (`kubeadm`) and the kubelet's component config into kubelet-config (`kubelet`), each
 * with its RBAC.
 */
import type { Phase } from "../../workflow/types.js";
import { KubeadmError, wrapError } from "../../util/errors.js";
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
  const { marshalClusterConfiguration } = await import("../../config/encode.js");
  const { uploadKubeadmConfig } = await import("../../cluster/upload-config.js");
  try {
    await uploadKubeadmConfig(client, marshalClusterConfiguration(data.cfg.clusterConfiguration), data.out);
  } catch (err) {
    throw wrapError(err, "error uploading the kubeadm ClusterConfiguration");
  }
}

async function uploadKubelet(data: InitData): Promise<void> {
  const client = await data.client();
  const { toKubernetesYaml } = await import("../../config/yaml.js");
  const { componentConfigForPrint, userSuppliedComponentConfigs } = await import("../../config/componentconfigs.js");
  const { uploadKubeletConfig, UPLOAD_KUBELET_CONFIG_LINE } = await import("../../cluster/upload-config.js");
  const kc = data.cfg.clusterConfiguration.componentConfigs.kubelet;
  try {
    if (!kc) {
      data.out.write(UPLOAD_KUBELET_CONFIG_LINE);
      throw new KubeadmError("no kubelet component config found in the active component config set");
    }
    await uploadKubeletConfig(client, toKubernetesYaml(componentConfigForPrint(kc)), userSuppliedComponentConfigs.has(kc), data.out);
  } catch (err) {
    throw wrapError(err, "error creating kubelet configuration ConfigMap");
  }
}
