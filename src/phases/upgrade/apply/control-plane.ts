/** upgrade apply phase control-plane: the static Pod upgrade of this node (or its dry-run twin). */
import type { Phase } from "../../../workflow/types.js";
import type { UpgradeData } from "../data.js";

export const controlPlanePhase: Phase<UpgradeData> = {
  name: "control-plane",
  short: "Upgrade the control plane",
  inheritFlags: ["certificate-renewal", "config", "dry-run", "etcd-upgrade", "kubeconfig", "patches"],
  run: (data) => data.controlPlane.upgrade("apply"),
};
