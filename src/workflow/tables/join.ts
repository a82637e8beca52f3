// The kubeadm join phase workflow: phases in execution order with upstream's names, texts and flags.
import type { WorkflowSpec } from "../types.js";

export const joinWorkflow: WorkflowSpec = {
  id: "join",
  phases: [
    {
      name: "preflight [api-server-endpoint]",
      short: "Run join pre-flight checks",
      long: "Run pre-flight checks for kubeadm join.",
      example: [
        "  # Run join pre-flight checks using a config file.",
        "  kubeadm join phase preflight --config kubeadm-config.yaml",
      ].join("\n"),
      inheritFlags: ["apiserver-advertise-address","apiserver-bind-port","certificate-key","config","control-plane","cri-socket","discovery-file","discovery-token","discovery-token-ca-cert-hash","discovery-token-unsafe-skip-ca-verification","dry-run","ignore-preflight-errors","node-name","tls-bootstrap-token","token"],
      run: true,
    },
    {
      name: "control-plane-prepare",
      short: "Prepare the machine for serving a control plane",
      example: [
        "  # Prepares the machine for serving a control plane",
        "  kubeadm join phase control-plane-prepare all",
      ].join("\n"),
      phases: [
        {
          name: "all [api-server-endpoint]",
          short: "Prepare the machine for serving a control plane",
          runAllSiblings: true,
          inheritFlags: ["apiserver-advertise-address","apiserver-bind-port","certificate-key","config","control-plane","discovery-file","discovery-token","discovery-token-ca-cert-hash","discovery-token-unsafe-skip-ca-verification","dry-run","node-name","patches","tls-bootstrap-token","token"],
        },
        {
          name: "download-certs [api-server-endpoint]",
          short: "Download certificates shared among control-plane nodes from the kubeadm-certs Secret",
          inheritFlags: ["certificate-key","config","control-plane","discovery-file","discovery-token","discovery-token-ca-cert-hash","discovery-token-unsafe-skip-ca-verification","dry-run","tls-bootstrap-token","token"],
          run: true,
        },
        {
          name: "certs [api-server-endpoint]",
          short: "Generate the certificates for the new control plane components",
          inheritFlags: ["apiserver-advertise-address","config","control-plane","discovery-file","discovery-token","discovery-token-ca-cert-hash","discovery-token-unsafe-skip-ca-verification","dry-run","node-name","tls-bootstrap-token","token"],
          run: true,
        },
        {
          name: "kubeconfig [api-server-endpoint]",
          short: "Generate the kubeconfig for the new control plane components",
          inheritFlags: ["certificate-key","config","control-plane","discovery-file","discovery-token","discovery-token-ca-cert-hash","discovery-token-unsafe-skip-ca-verification","dry-run","tls-bootstrap-token","token"],
          run: true,
        },
        {
          name: "control-plane",
          short: "Generate the manifests for the new control plane components",
          inheritFlags: ["apiserver-advertise-address","apiserver-bind-port","config","control-plane","dry-run","patches"],
          args: { kind: "none" },
          run: true,
        },
      ],
    },
    {
      name: "check-etcd",
      hidden: true,
      run: true,
    },
    {
      name: "kubelet-start [api-server-endpoint]",
      short: "Write kubelet settings, certificates and (re)start the kubelet",
      long: "Write a file with KubeletConfiguration and an environment file with node specific kubelet settings, and then (re)start kubelet.",
      inheritFlags: ["config","cri-socket","discovery-file","discovery-token","discovery-token-ca-cert-hash","discovery-token-unsafe-skip-ca-verification","dry-run","node-name","patches","tls-bootstrap-token","token"],
      run: true,
    },
    {
      name: "etcd-join",
      short: "Join etcd for control plane nodes",
      example: [
        "  # Joins etcd for a control plane instance",
        "  kubeadm join phase control-plane-join-etcd all",
      ].join("\n"),
      inheritFlags: ["apiserver-advertise-address","config","control-plane","dry-run","node-name","patches"],
      args: { kind: "none" },
      run: true,
    },
    {
      name: "kubelet-wait-bootstrap",
      short: "Wait for the kubelet to bootstrap itself",
      inheritFlags: ["config","cri-socket","dry-run"],
      run: true,
    },
    {
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
          inheritFlags: ["apiserver-advertise-address","config","control-plane","dry-run","node-name","patches"],
          args: { kind: "none" },
        },
        {
          name: "mark-control-plane",
          short: "Mark a node as a control-plane",
          inheritFlags: ["config","control-plane","dry-run","node-name"],
          args: { kind: "none" },
          run: true,
        },
      ],
    },
    {
      name: "wait-control-plane",
      short: "Wait for the control plane to start",
      run: true,
    },
  ],
};
