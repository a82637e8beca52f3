/** join phase check-etcd: checks that the stacked etcd cluster is healthy before a control-plane node joins it (hidden). Nothing on a worker; not implemented yet in kubeadm-ts for a control plane: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { controlPlaneOnlyNotImplementedYet } from "./common.js";
import type { JoinData } from "./data.js";

export const checkEtcdPhase: Phase<JoinData> = {
  name: "check-etcd",
  hidden: true,
  run: controlPlaneOnlyNotImplementedYet("join/check-etcd"),
};
