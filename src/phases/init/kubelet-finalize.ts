/**
 * init phase kubelet-finalize enable-client-cert-rotation: when the kubelet has a rotating
 * client certificate (kubelet-client-current.pem), point kubelet.conf at it and restart the
 * kubelet (the node twin does nothing of that when dry-running).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { KUBELET_KUBECONFIG, KUBERNETES_DIR } from "../../constants.js";
import { lastArgValue } from "../../manifests/args.js";
import { println } from "./common.js";
import type { InitData } from "./data.js";

export async function run(data: InitData): Promise<void> {
  const pkiPath = lastArgValue(data.cfg.nodeRegistration.kubeletExtraArgs, "cert-dir") ?? path.join(data.kubeletDir, "pki");
  const pemPath = path.join(pkiPath, "kubelet-client-current.pem");
  try {
    await fs.stat(pemPath);
  } catch {
    return; // rotation is not enabled
  }
  const kubeconfigPath = path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG);
  println(data, `[kubelet-finalize] Updating ${JSON.stringify(kubeconfigPath)} to point to a rotatable kubelet client certificate and key`);
  await data.node.useRotatingKubeletClientCert(kubeconfigPath, pemPath, data.cfg.nodeRegistration.name);
}
