/** join phase kubelet-start: writes the kubelet's settings and runs the TLS bootstrap with the bootstrap token. Not implemented yet in kubeadm-ts: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";
import type { JoinData } from "./data.js";

export const kubeletStartPhase: Phase<JoinData> = {
  name: "kubelet-start [api-server-endpoint]",
  short: "Write kubelet settings, certificates and (re)start the kubelet",
  long: "Write a file with KubeletConfiguration and an environment file with node specific kubelet settings, and then (re)start kubelet.",
  inheritFlags: ["config", "cri-socket", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "node-name", "patches", "tls-bootstrap-token", "token"],
  run: notImplementedYet("join/kubelet-start"),
};
