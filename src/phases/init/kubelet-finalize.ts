/**
 * init phase kubelet-finalize enable-client-cert-rotation: when the kubelet has a rotating
 * client certificate (kubelet-client-current.pem), point kubelet.conf at it and restart the
 * kubelet (the node twin does nothing of that when dry-running).
 */
import * as path from "node:path";
import { KUBELET_KUBECONFIG, KUBERNETES_DIR } from "../../constants.js";
import { lastArgValue } from "../../manifests/args.js";
import { println } from "./common.js";
import type { InitData } from "./data.js";
import type { Phase } from "../../workflow/types.js";

export const kubeletFinalizePhase: Phase<InitData> = {
  name: "kubelet-finalize",
  short: "Updates settings relevant to the kubelet after TLS bootstrap",
  example: [
    "  # Updates settings relevant to the kubelet after TLS bootstrap",
    "  kubeadm init phase kubelet-finalize all --config",
  ].join("\n"),
  phases: [
    {
      name: "all",
      short: "Run all kubelet-finalize phases",
      example: [
        "  # Updates settings relevant to the kubelet after TLS bootstrap",
        "  kubeadm init phase kubelet-finalize all --config",
      ].join("\n"),
      runAllSiblings: true,
      inheritFlags: ["cert-dir", "config", "dry-run"],
    },
    {
      name: "enable-client-cert-rotation",
      short: "Enable kubelet client certificate rotation",
      inheritFlags: ["cert-dir", "config", "dry-run"],
      run: enableClientCertRotation,
    },
  ],
};

async function enableClientCertRotation(data: InitData): Promise<void> {
  const pkiPath = lastArgValue(data.cfg.nodeRegistration.kubeletExtraArgs, "cert-dir") ?? path.join(data.kubeletDir, "pki");
  const pemPath = path.join(pkiPath, "kubelet-client-current.pem");
  const { fileExists } = await import("../../host/files.js");
  if (!(await fileExists(pemPath))) return; // rotation is not enabled
  const kubeconfigPath = path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG);
  println(data, `[kubelet-finalize] Updating ${JSON.stringify(kubeconfigPath)} to point to a rotatable kubelet client certificate and key`);
  await data.node.useRotatingKubeletClientCert(kubeconfigPath, pemPath, data.cfg.nodeRegistration.name);
}
