/** join phase kubelet-wait-bootstrap: waits for the kubelet to finish its TLS bootstrap. Not implemented yet in kubeadm-ts: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";
import type { JoinData } from "./data.js";

export const kubeletWaitBootstrapPhase: Phase<JoinData> = {
  name: "kubelet-wait-bootstrap",
  short: "Wait for the kubelet to bootstrap itself",
  inheritFlags: ["config", "cri-socket", "dry-run"],
  run: notImplementedYet("join/kubelet-wait-bootstrap"),
};
