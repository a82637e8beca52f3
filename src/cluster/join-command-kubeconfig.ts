/** Join-command inputs from a kubeconfig (cmdutil.getJoinCommand): server and CA pins of the current cluster. */
import { readTextFile } from "../host/files.js";
import { clusterFromKubeconfig } from "../kubeconfig/read.js";
import { parseCertificatesPem } from "../pki/parse.js";
import { publicKeyPin } from "../pki/pin.js";
import { goOpenError } from "../util/go-errno.js";
import { KubeadmError } from "../util/errors.js";

export interface JoinTarget {
  server: string;
  caCertHashes: string[];
}

export async function joinTargetFromKubeconfig(path: string): Promise<JoinTarget> {
  const { readKubeconfigFile } = await import("../kubeconfig/load.js");
  let kc;
  try {
    kc = await readKubeconfigFile(path);
  } catch (err) {
    throw new KubeadmError(`failed to load kubeconfig: ${(err as Error).message}`);
  }
  let cluster;
  try {
    cluster = clusterFromKubeconfig(kc).cluster;
  } catch (err) {
    throw new KubeadmError(`malformed kubeconfig file: ${path}: ${(err as Error).message}`);
  }
  // the CA certificates from PEM data or a file (read from the current directory), as certutil parses them
  const pins = (pem: string): string[] => parseCertificatesPem(pem).map((c) => publicKeyPin(c.der));
  let caCertHashes: string[];
  if (cluster.certificateAuthorityData && cluster.certificateAuthorityData.length > 0) {
    try {
      caCertHashes = pins(cluster.certificateAuthorityData.toString("latin1"));
    } catch (err) {
      throw new KubeadmError(`failed to parse CA certificate from kubeconfig: ${(err as Error).message}`);
    }
  } else if (cluster.certificateAuthority) {
    const file = cluster.certificateAuthority;
    let text: string;
    try {
      text = await readTextFile(file);
    } catch (err) {
      throw new KubeadmError(`failed to load CA certificate referenced by kubeconfig: ${goOpenError(err, file)}`);
    }
    try {
      caCertHashes = pins(text);
    } catch (err) {
      throw new KubeadmError(`failed to load CA certificate referenced by kubeconfig: error reading ${file}: ${(err as Error).message}`);
    }
  } else {
    throw new KubeadmError("no CA certificates found in kubeconfig");
  }
  return { server: cluster.server ?? "", caCertHashes };
}
