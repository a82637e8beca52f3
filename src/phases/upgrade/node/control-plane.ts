/** upgrade node phase control-plane: the static Pod upgrade of this node when it is a control-plane node. */
import type { Phase } from "../../../workflow/types.js";
import type { UpgradeData } from "../data.js";

export const controlPlanePhase: Phase<UpgradeData> = {
  name: "control-plane",
  short: "Upgrade the control plane instance deployed on this node, if any",
  inheritFlags: ["certificate-renewal", "config", "dry-run", "etcd-upgrade", "kubeconfig", "patches"],
  async run(data) {
    if (!data.isControlPlaneNode) {
      data.out.write("[upgrade/control-plane] Skipping phase. Not a control plane node.\n");
      return;
    }
    await data.controlPlane.upgrade("node");
  },
};
