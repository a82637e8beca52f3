// The kubeadm upgrade apply phase workflow: phases in execution order with upstream's names, texts and flags.
import type { WorkflowSpec } from "../types.js";

export const upgradeApplyWorkflow: WorkflowSpec = {
  id: "upgrade-apply",
  phases: [
    {
      name: "preflight",
      short: "Run preflight checks before upgrade",
      inheritFlags: ["allow-experimental-upgrades","allow-release-candidate-upgrades","config","dry-run","force","ignore-preflight-errors","kubeconfig","yes"],
      run: true,
    },
    {
      name: "control-plane",
      short: "Upgrade the control plane",
      inheritFlags: ["certificate-renewal","config","dry-run","etcd-upgrade","kubeconfig","patches"],
      run: true,
    },
    {
      name: "upload-config",
      aliases: ["uploadconfig"],
      short: "Upload the kubeadm and kubelet configurations to ConfigMaps",
      phases: [
        {
          name: "all",
          short: "Upload all the configurations to ConfigMaps",
          runAllSiblings: true,
          inheritFlags: ["config","dry-run","kubeconfig"],
        },
        {
          name: "kubeadm",
          short: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
          long: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
          inheritFlags: ["config","dry-run","kubeconfig"],
          run: true,
        },
        {
          name: "kubelet",
          short: "Upload the kubelet configuration to a ConfigMap",
          inheritFlags: ["config","dry-run","kubeconfig"],
          run: true,
        },
      ],
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
      name: "bootstrap-token",
      short: "Configures bootstrap token and cluster-info RBAC rules",
      inheritFlags: ["config","dry-run","kubeconfig"],
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
