/**
 * The kubeadm join workflow: its phases in execution order (upstream's cmd/join.go), each
 * defined in its own module, and the data they share.
 */
import type { Workflow } from "../../workflow/types.js";
import type { JoinData } from "./data.js";
import { preflightPhase } from "./preflight.js";
import { controlPlanePreparePhase } from "./control-plane-prepare.js";
import { checkEtcdPhase } from "./check-etcd.js";
import { kubeletStartPhase } from "./kubelet-start.js";
import { etcdJoinPhase } from "./etcd-join.js";
import { kubeletWaitBootstrapPhase } from "./kubelet-wait-bootstrap.js";
import { controlPlaneJoinPhase } from "./control-plane-join.js";
import { waitControlPlanePhase } from "./wait-control-plane.js";

export const joinWorkflow: Workflow<JoinData> = {
  id: "join",
  phases: [
    preflightPhase,
    controlPlanePreparePhase,
    checkEtcdPhase,
    kubeletStartPhase,
    etcdJoinPhase,
    kubeletWaitBootstrapPhase,
    controlPlaneJoinPhase,
    waitControlPlanePhase,
  ],
  initData: async (ctx) => (await import("./data.js")).initData(ctx),
};
