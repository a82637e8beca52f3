/** join phase control-plane-join: marks the joined node as a control-plane node (labels and taints through admin.conf; the dry-run twin prints what it would do). Nothing on a worker. */
import type { Phase } from "../../workflow/types.js";
import type { JoinData } from "./data.js";
import { KubeadmError } from "../../util/errors.js";

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
      run: markControlPlane,
    },
  ],
};

async function markControlPlane(data: JoinData): Promise<void> {
  if (!data.cfg.controlPlane) return;
  // upstream gets the client first (its error comes before the configuration's)
  await data.client().catch((err: Error) => {
    throw new KubeadmError(`couldn't create Kubernetes client: ${err.message}`, 1, { cause: err });
  });
  const init = await data.initCfg();
  await data.markControlPlane(init.nodeRegistration.name, init.nodeRegistration.taints);
}
