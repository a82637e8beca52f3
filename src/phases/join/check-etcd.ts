/** join phase check-etcd: checks that the stacked etcd cluster is healthy before a control-plane node joins it (hidden). Not implemented yet in kubeadm-ts: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";
import type { JoinData } from "./data.js";

export const checkEtcdPhase: Phase<JoinData> = {
  name: "check-etcd",
  hidden: true,
  run: notImplementedYet("join/check-etcd"),
};
