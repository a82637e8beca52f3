/**
 * init phase bootstrap-token: the bootstrap token Secrets, the RBAC that lets nodes join
 * with them, and the cluster-info ConfigMap in kube-public (from the admin kubeconfig as written).
 */
import { promises as fs } from "node:fs";
import { KubeadmError } from "../../util/errors.js";
import type { InitData } from "./data.js";

export async function run(data: InitData): Promise<void> {
  const client = await data.client();
  let text: string;
  try {
    text = await fs.readFile(data.kubeConfigPath, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new KubeadmError(`open ${data.kubeConfigPath}: ${e.code === "ENOENT" ? "no such file or directory" : e.message}`);
  }
  const { clusterInfoClusterFromKubeconfig, runBootstrapTokenPhase } = await import("../../cluster/index.js");
  const cluster = await clusterInfoClusterFromKubeconfig(text, data.kubeConfigPath);
  await runBootstrapTokenPhase(client, { tokens: data.cfg.bootstrapTokens, skipTokenPrint: data.skipTokenPrint, cluster }, data.out);
}
