/** upgrade node phase control-plane: not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../../workflow/types.js";
import { notImplementedYet } from "../../../workflow/runner.js";

export const controlPlanePhase: Phase = {
  name: "control-plane",
  short: "Upgrade the control plane instance deployed on this node, if any",
  inheritFlags: ["certificate-renewal", "config", "dry-run", "etcd-upgrade", "kubeconfig", "patches"],
  run: notImplementedYet("upgrade-node/control-plane"),
};
