// The kubeadm reset phase workflow: phases in execution order with upstream's names, texts and flags.
import type { WorkflowSpec } from "../types.js";

export const resetWorkflow: WorkflowSpec = {
  id: "reset",
  phases: [
    {
      name: "preflight",
      aliases: ["pre-flight"],
      short: "Run reset pre-flight checks",
      long: "Run pre-flight checks for kubeadm reset.",
      inheritFlags: ["dry-run","force","ignore-preflight-errors"],
      run: true,
    },
    {
      name: "remove-etcd-member",
      short: "Remove a local etcd member.",
      long: "Remove a local etcd member for a control plane node.",
      inheritFlags: ["dry-run","kubeconfig"],
      run: true,
    },
    {
      name: "cleanup-node",
      aliases: ["cleanupnode"],
      short: "Run cleanup node.",
      inheritFlags: ["cert-dir","cleanup-tmp-dir","cri-socket","dry-run"],
      run: true,
    },
  ],
};
