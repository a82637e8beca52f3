/**
 * The kubeconfig a joining node uses for the TLS bootstrap (upstream's discovery.For): discovery by
 * file, HTTPS URL or bootstrap token establishes which API server and CA to trust; the credentials
 * are then the TLS bootstrap token when one is given (as with `--token`), else those of the
 * discovery file. Errors are wrapped as upstream wraps them.
 */
import { X509Certificate } from "node:crypto";
import { publicKeyPin } from "../pki/pin.js";
import { goTimeString } from "../pki/verify.js";
import type { Kubeconfig } from "../kubeconfig/read.js";
import { KubeadmError } from "../util/errors.js";
import { hasAuthenticationCredentials, retrieveValidatedConfigInfoFromFile, retrieveValidatedConfigInfoFromURL, type FileDiscoveryOptions } from "./file.js";
import { parseCertsPEM } from "./pubkeypin.js";
import { clusterFromKubeconfig, retrieveValidatedConfigInfo, type TokenDiscoveryOptions } from "./token.js";

/** The user of the TLS bootstrap kubeconfig built from a token. */
export const TLS_BOOTSTRAP_TOKEN_USER = "tls-bootstrap-token-user";
/** The cluster name of discovery kubeconfigs (DefaultClusterName); join renames it to the cluster's name later. */
export const DISCOVERY_CLUSTER_NAME = "kubernetes";

/** JoinConfiguration.discovery, the parts discovery reads. */
export interface JoinDiscovery {
  bootstrapToken?: { apiServerEndpoint: string; token: string; caCertHashes?: string[] };
  file?: { kubeConfigPath: string };
  tlsBootstrapToken?: string;
}

export type DiscoveryOptions = Omit<FileDiscoveryOptions, "getClusterInfo"> & Pick<TokenDiscoveryOptions, "getClusterInfo" | "dryRun">;

const isHTTPSURL = (s: string): boolean => {
  try {
    return new URL(s).protocol === "https:";
  } catch {
    return false;
  }
};

/** The validated discovery kubeconfig (upstream's DiscoverValidatedKubeConfig). */
export async function discoverValidatedKubeconfig(d: JoinDiscovery, o: DiscoveryOptions): Promise<Kubeconfig> {
  if (d.file) {
    const p = d.file.kubeConfigPath;
    return isHTTPSURL(p) ? retrieveValidatedConfigInfoFromURL(p, o) : retrieveValidatedConfigInfoFromFile(p, o);
  }
  if (d.bootstrapToken) {
    const r = await retrieveValidatedConfigInfo({ ...o, apiServerEndpoint: d.bootstrapToken.apiServerEndpoint, token: d.bootstrapToken.token, caCertHashes: d.bootstrapToken.caCertHashes ?? [] });
    return r.kubeconfig;
  }
  throw new KubeadmError("couldn't find a valid discovery configuration");
}

/** A kubeconfig with one cluster, one token user and their context. */
export function kubeconfigWithToken(server: string, clusterName: string, userName: string, caData: Buffer, token: string): Kubeconfig {
  const context = `${userName}@${clusterName}`;
  return {
    path: "",
    currentContext: context,
    clusters: new Map([[clusterName, { server, certificateAuthorityData: caData }]]),
    users: new Map([[userName, { token }]]),
    contexts: new Map([[context, { cluster: clusterName, user: userName }]]),
  };
}

/** Go's x509 names for the algorithms kubeadm's CAs use. */
function algorithms(cert: X509Certificate): { signature: string; publicKey: string } {
  const type = cert.publicKey.asymmetricKeyType;
  const publicKey = type === "rsa" ? "RSA" : type === "ec" ? "ECDSA" : type === "ed25519" ? "Ed25519" : String(type);
  const size = type === "ec" ? (cert.publicKey.asymmetricKeyDetails?.namedCurve === "secp384r1" ? "384" : "256") : "256";
  return { signature: type === "ec" ? `ECDSA-SHA${size}` : type === "rsa" ? "SHA256-RSA" : publicKey, publicKey };
}

/** The V=1 summary of the CA certificate (upstream's formatCACertInfo). */
export function formatCACertInfo(der: Uint8Array): string {
  const cert = new X509Certificate(Buffer.from(der));
  const name = (s: string) => s.split("\n").filter(Boolean).reverse().join(",");
  const { signature, publicKey } = algorithms(cert);
  return [
    "CA Certificate:",
    `\tSubject: ${name(cert.subject)}`,
    `\tIssuer: ${name(cert.issuer)}`,
    `\tSerialNumber: ${BigInt(`0x${cert.serialNumber}`).toString(10)}`,
    `\tNotBefore: ${goTimeString(new Date(cert.validFrom))}`,
    `\tNotAfter: ${goTimeString(new Date(cert.validTo))}`,
    `\tSignatureAlgorithm: ${signature}`,
    `\tPublicKeyAlgorithm: ${publicKey}`,
    `\tHash: ${publicKeyPin(der)}`,
  ].join("\n");
}

/** The TLS bootstrap kubeconfig for this join (upstream's discovery.For). */
export async function discoverTLSBootstrapKubeconfig(d: JoinDiscovery, o: DiscoveryOptions): Promise<Kubeconfig> {
  let config: Kubeconfig;
  try {
    config = await discoverValidatedKubeconfig(d, o);
  } catch (err) {
    throw new KubeadmError(`couldn't validate the identity of the API Server: ${(err as Error).message}`);
  }
  if (d.tlsBootstrapToken) {
    o.log?.("[discovery] Using provided TLSBootstrapToken as authentication credentials for the join process");
    let cluster;
    try {
      cluster = clusterFromKubeconfig(config).cluster;
    } catch (err) {
      throw new KubeadmError(`malformed kubeconfig in the cluster-info ConfigMap: ${(err as Error).message}`);
    }
    config = kubeconfigWithToken(cluster.server ?? "", DISCOVERY_CLUSTER_NAME, TLS_BOOTSTRAP_TOKEN_USER, cluster.certificateAuthorityData ?? Buffer.alloc(0), d.tlsBootstrapToken);
  } else if (!hasAuthenticationCredentials(config)) {
    throw new KubeadmError(
      "could not find authentication credentials for the TLS bootstrap process. Please use Token discovery, a discovery file with embedded authentication credentials or a discovery file without authentication credentials but with the TLSBootstrapToken flag",
    );
  }
  let der: Uint8Array;
  try {
    const cluster = clusterFromKubeconfig(config).cluster;
    const certs = parseCertsPEM(cluster.certificateAuthorityData ?? Buffer.alloc(0));
    if (certs.length === 0) throw new KubeadmError("no CA certificate found in CertificateAuthorityData");
    der = certs[0]!;
  } catch (err) {
    throw new KubeadmError(`could not get CA certificate from discovery kubeconfig: ${(err as Error).message}`);
  }
  o.log?.(`[discovery] Using CA certificate from discovery kubeconfig:\n${formatCACertInfo(der)}`);
  return config;
}
