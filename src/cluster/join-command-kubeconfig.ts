/** Join-command inputs from a kubeconfig (cmdutil.getJoinCommand): server and CA pins of the current cluster. */
import { readFile } from "node:fs/promises";
import { parseKubeconfig } from "../kubeconfig/read.js";
import { publicKeyPinsFromPem } from "../pki/pin.js";
import { KubeadmError } from "../util/errors.js";

export interface JoinTarget {
  server: string;
  caCertHashes: string[];
}

export async function joinTargetFromKubeconfig(path: string): Promise<JoinTarget> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KubeadmError(`failed to load kubeconfig: open ${path}: ${code === "ENOENT" ? "no such file or directory" : (err as Error).message}`);
  }
  const kc = parseKubeconfig(text, path);
  const ctx = kc.contexts.get(kc.currentContext);
  if (!ctx) throw new KubeadmError(`malformed kubeconfig file: ${path}: context ${JSON.stringify(kc.currentContext)} not found`);
  const cluster = kc.clusters.get(ctx.cluster);
  if (!cluster) throw new KubeadmError(`malformed kubeconfig file: ${path}: cluster ${JSON.stringify(ctx.cluster)} not found`);
  let pem: string;
  if (cluster.certificateAuthorityData && cluster.certificateAuthorityData.length > 0) {
    pem = cluster.certificateAuthorityData.toString("utf8");
  } else if (cluster.certificateAuthority) {
    try {
      pem = await readFile(cluster.certificateAuthority, "utf8");
    } catch {
      throw new KubeadmError("failed to load CA certificate referenced by kubeconfig");
    }
  } else {
    throw new KubeadmError("no CA certificates found in kubeconfig");
  }
  let pins: string[];
  try {
    pins = publicKeyPinsFromPem(pem);
  } catch {
    throw new KubeadmError("failed to parse CA certificate from kubeconfig");
  }
  if (pins.length === 0) throw new KubeadmError("no CA certificates found in kubeconfig");
  return { server: cluster.server ?? "", caCertHashes: pins };
}
