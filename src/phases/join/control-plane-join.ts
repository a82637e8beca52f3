/** join phase control-plane-join: marks the joined node as a control-plane node. Nothing on a worker; not implemented yet in kubeadm-ts for a control plane: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { controlPlaneOnlyNotImplementedYet } from "./common.js";
import type { JoinData } from "./data.js";

export const controlPlaneJoinPhase: Phase<JoinData> = {
  name: "control-plane-join",
  short: "Join a machine as a control plane instance",
  example: [
    "  # Joins a machine as a control plane instance",
    "  kubeadm join phase control-plane-join all",
  ].join("\n"),
  phases: [
    {
      name: "all",
      short: "Join a machine as a control plane instance",
      runAllSiblings: true,
      inheritFlags: ["apiserver-advertise-address", "config", "control-plane", "dry-run", "node-name", "patches"],
      args: { kind: "none" },
    },
    {
      name: "mark-control-plane",
      short: "Mark a node as a control-plane",
      inheritFlags: ["config", "control-plane", "dry-run", "node-name"],
      args: { kind: "none" },
      run: controlPlaneOnlyNotImplementedYet("join/control-plane-join/mark-control-plane"),
    },
  ],
};
