/** join phase control-plane-join: marks the joined node as a control-plane node. Not implemented yet in kubeadm-ts: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";
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
      run: notImplementedYet("join/control-plane-join/mark-control-plane"),
    },
  ],
};
