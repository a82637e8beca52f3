/**
 * init phase upload-config: the ClusterConfiguration into the kubeadm-config ConfigMap
 * (`kubeadm`) and the kubelet's component config into kubelet-config (`kubelet`), each
 * with its RBAC.
 */
import type { PhaseModule } from "../../workflow/types.js";
import { KubeadmError, wrapError } from "../../util/errors.js";
import type { InitData } from "./data.js";

export const kubeadm: PhaseModule<InitData> = {
  async run(data) {
    const client = await data.client();
    const { marshalClusterConfiguration } = await import("../../config/encode.js");
    const { uploadKubeadmConfig } = await import("../../cluster/upload-config.js");
    try {
      await uploadKubeadmConfig(client, marshalClusterConfiguration(data.cfg.clusterConfiguration), data.out);
    } catch (err) {
      throw wrapError(err, "error uploading the kubeadm ClusterConfiguration");
    }
  },
};

export const kubelet: PhaseModule<InitData> = {
  async run(data) {
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
  },
};
