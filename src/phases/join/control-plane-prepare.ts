/** join phase control-plane-prepare: prepares the machine to serve a control plane: downloads the shared certificates (with --certificate-key), then the node's own certificates, kubeconfig files and static Pod manifests. Not implemented yet in kubeadm-ts: its help and flags are upstream's. */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";
import type { JoinData } from "./data.js";

export const controlPlanePreparePhase: Phase<JoinData> = {
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
      inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "certificate-key", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "node-name", "patches", "tls-bootstrap-token", "token"],
    },
    {
      name: "download-certs [api-server-endpoint]",
      short: "Download certificates shared among control-plane nodes from the kubeadm-certs Secret",
      inheritFlags: ["certificate-key", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "tls-bootstrap-token", "token"],
      run: notImplementedYet("join/control-plane-prepare/download-certs"),
    },
    {
      name: "certs [api-server-endpoint]",
      short: "Generate the certificates for the new control plane components",
      inheritFlags: ["apiserver-advertise-address", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "node-name", "tls-bootstrap-token", "token"],
      run: notImplementedYet("join/control-plane-prepare/certs"),
    },
    {
      name: "kubeconfig [api-server-endpoint]",
      short: "Generate the kubeconfig for the new control plane components",
      inheritFlags: ["certificate-key", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "tls-bootstrap-token", "token"],
      run: notImplementedYet("join/control-plane-prepare/kubeconfig"),
    },
    {
      name: "control-plane",
      short: "Generate the manifests for the new control plane components",
      inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "config", "control-plane", "dry-run", "patches"],
      args: { kind: "none" },
      run: notImplementedYet("join/control-plane-prepare/control-plane"),
    },
  ],
};
