/** join phase etcd-join: adds this control-plane node's etcd member to the stacked etcd cluster. Nothing on a worker; not implemented yet in kubeadm-ts for a control plane: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { controlPlaneOnlyNotImplementedYet } from "./common.js";
import type { JoinData } from "./data.js";

export const etcdJoinPhase: Phase<JoinData> = {
  name: "etcd-join",
  short: "Join etcd for control plane nodes",
  example: [
    "  # Joins etcd for a control plane instance",
    "  kubeadm join phase control-plane-join-etcd all",
  ].join("\n"),
  inheritFlags: ["apiserver-advertise-address", "config", "control-plane", "dry-run", "node-name", "patches"],
  args: { kind: "none" },
  run: controlPlaneOnlyNotImplementedYet("join/etcd-join"),
};
