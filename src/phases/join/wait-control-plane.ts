/** join phase wait-control-plane: waits for the control-plane components of the joined node to start. Not implemented yet in kubeadm-ts: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";
import type { JoinData } from "./data.js";

export const waitControlPlanePhase: Phase<JoinData> = {
  name: "wait-control-plane",
  short: "Wait for the control plane to start",
  run: notImplementedYet("join/wait-control-plane"),
};
