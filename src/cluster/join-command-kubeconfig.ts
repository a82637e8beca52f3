/** Join-command inputs from a kubeconfig (cmdutil.getJoinCommand): server and CA pins of the current cluster. */
import { readTextFile } from "../host/files.js";
import { parseKubeconfig } from "../kubeconfig/read.js";
import { publicKeyPinsFromPem } from "../pki/pin.js";
import { KubeadmError } from "../util/errors.js";
import { goErrnoText } from "../util/go-errno.js";

export interface JoinTarget {
  server: string;
  caCertHashes: string[];
}

export async function joinTargetFromKubeconfig(path: string): Promise<JoinTarget> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (err) {
    throw new KubeadmError(`failed to load kubeconfig: open ${path}: ${goErrnoText(err)}`);
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
      pem = await readTextFile(cluster.certificateAuthority);
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
