/** init phase mark-control-plane: control-plane labels and taints on this node. */
import type { InitData } from "./data.js";
import type { Phase } from "../../workflow/types.js";

export const markControlPlanePhase: Phase<InitData> = {
  name: "mark-control-plane",
  short: "Mark a node as a control-plane",
  example: [
    "  # Applies control-plane label and taint to the current node, functionally equivalent to what executed by kubeadm init.",
    "  kubeadm init phase mark-control-plane --config config.yaml",
    "  ",
    "  # Applies control-plane label and taint to a specific node",
    "  kubeadm init phase mark-control-plane --node-name myNode",
  ].join("\n"),
  inheritFlags: ["config", "dry-run", "node-name"],
  run,
};

async function run(data: InitData): Promise<void> {
  const client = await data.client();
  const { markControlPlane } = await import("../../cluster/mark-control-plane.js");
  const nr = data.cfg.nodeRegistration;
  await markControlPlane(client, nr.name, nr.taints, data.out);
}
