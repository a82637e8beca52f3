/**
 * upgrade apply/node phase kubeconfig (hidden, as upstream's): points the kubelet of a
 * control-plane node at its local API server (upstream's UpdateKubeletKubeconfigServer); on
 * `upgrade node` only on control-plane nodes.
 */
import type { Phase } from "../../workflow/types.js";
import type { UpgradeData } from "./data.js";

export function kubeconfigPhase(workflow: "upgrade-apply" | "upgrade-node"): Phase<UpgradeData> {
  return {
    name: "kubeconfig",
    short: "Upgrade kubeconfig files for this node",
    hidden: true,
    async run(data) {
      if (workflow === "upgrade-node" && !data.isControlPlaneNode) {
        data.out.write("[upgrade/kubeconfig] Skipping phase. Not a control plane node.\n");
        return;
      }
      const path = await import("node:path");
      const { KUBERNETES_DIR, KUBELET_KUBECONFIG } = await import("../../constants.js");
      const { updateKubeletKubeconfigServer } = await import("../../upgrade/kubelet-kubeconfig.js");
      const { KubeadmError } = await import("../../util/errors.js");
      try {
        await updateKubeletKubeconfigServer(await data.initCfg(), path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG), data.node, data.v);
      } catch (err) {
        throw new KubeadmError(`failed to update kubelet local mode: ${(err as Error).message}`, 1, { cause: err });
      }
      data.out.write("[upgrade/kubeconfig] The kubeconfig files for this node were successfully upgraded!\n");
    },
  };
}
