/** join phase wait-control-plane: waits for the control-plane components of the joined node to start. Nothing on a worker; not implemented yet in kubeadm-ts for a control plane: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { controlPlaneOnlyNotImplementedYet } from "./common.js";
import type { JoinData } from "./data.js";

export const waitControlPlanePhase: Phase<JoinData> = {
  name: "wait-control-plane",
  short: "Wait for the control plane to start",
  run: controlPlaneOnlyNotImplementedYet("join/wait-control-plane"),
};
