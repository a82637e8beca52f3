// The kubeadm upgrade node phase workflow: phases in execution order with upstream's names, texts and flags.
import type { WorkflowSpec } from "../types.js";

export const upgradeNodeWorkflow: WorkflowSpec = {
  id: "upgrade-node",
  phases: [
    {
      name: "preflight",
      short: "Run upgrade node pre-flight checks",
      long: "Run pre-flight checks for kubeadm upgrade node.",
      inheritFlags: ["config","ignore-preflight-errors"],
      run: true,
    },
    {
      name: "control-plane",
      short: "Upgrade the control plane instance deployed on this node, if any",
      inheritFlags: ["certificate-renewal","config","dry-run","etcd-upgrade","kubeconfig","patches"],
      run: true,
    },
    {
      name: "kubeconfig",
      short: "Upgrade kubeconfig files for this node",
      hidden: true,
      run: true,
    },
    {
      name: "kubelet-config",
      short: "Upgrade the kubelet configuration for this node",
      long: "Upgrade the kubelet configuration for this node by downloading it from the kubelet-config ConfigMap stored in the cluster",
      inheritFlags: ["config","dry-run","kubeconfig","patches"],
      run: true,
    },
    {
      name: "addon",
      short: "Upgrade the default kubeadm addons",
      phases: [
        {
          name: "all",
          short: "Upgrade all the addons",
          runAllSiblings: true,
          inheritFlags: ["config","dry-run","kubeconfig","patches"],
        },
        {
          name: "coredns",
          short: "Upgrade the CoreDNS addon",
          inheritFlags: ["config","dry-run","kubeconfig","patches"],
          run: true,
        },
        {
          name: "kube-proxy",
          short: "Upgrade the kube-proxy addon",
          inheritFlags: ["config","dry-run","kubeconfig"],
          run: true,
        },
      ],
    },
    {
      name: "post-upgrade",
      short: "Run post upgrade tasks",
      inheritFlags: ["config","dry-run","kubeconfig"],
      run: true,
    },
  ],
};
