/**
 * The kubeadm init workflow: its phases in execution order (upstream's cmd/init.go), each
 * defined in its own module with its texts, flags and run, and the data they share.
 */
import type { Workflow } from "../../workflow/types.js";
import { apiServerExtraArgs, controllerManagerExtraArgs, kubeconfig, kubeconfigDir, schedulerExtraArgs } from "../../cli/options.js";
import type { InitData } from "./data.js";
import { preflightPhase } from "./preflight.js";
import { certsPhase } from "./certs.js";
import { kubeconfigPhase } from "./kubeconfig.js";
import { etcdPhase } from "./etcd.js";
import { controlPlanePhase } from "./control-plane.js";
import { kubeletStartPhase } from "./kubelet-start.js";
import { waitControlPlanePhase } from "./wait-control-plane.js";
import { uploadConfigPhase } from "./upload-config.js";
import { uploadCertsPhase } from "./upload-certs.js";
import { markControlPlanePhase } from "./mark-control-plane.js";
import { bootstrapTokenPhase } from "./bootstrap-token.js";
import { kubeletFinalizePhase } from "./kubelet-finalize.js";
import { addonPhase } from "./addon.js";
import { showJoinCommandPhase } from "./show-join-command.js";

export const initWorkflow: Workflow<InitData> = {
  id: "init",
  additionalFlags: [kubeconfig, kubeconfigDir, apiServerExtraArgs, controllerManagerExtraArgs, schedulerExtraArgs],
  phases: [
    preflightPhase,
    certsPhase,
    kubeconfigPhase,
    etcdPhase,
    controlPlanePhase,
    kubeletStartPhase,
    waitControlPlanePhase,
    uploadConfigPhase,
    uploadCertsPhase,
    markControlPlanePhase,
    bootstrapTokenPhase,
    kubeletFinalizePhase,
    addonPhase,
    showJoinCommandPhase,
  ],
  initData: async (ctx) => (await import("./data.js")).initData(ctx),
};
