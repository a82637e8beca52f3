// Kubeconfig objects and their YAML, as client-go's clientcmd writes them (kubeconfig.md §2.1;
// v1.36 writes no `preferences` key).
import { toKubernetesYaml } from "../config/yaml.js";

export interface KubeconfigCredentials {
  /** PEM of the client certificate (embedded as client-certificate-data). */
  clientCertPem?: string;
  /** PEM of the client key (embedded as client-key-data). */
  clientKeyPem?: string;
  /** Bearer token, instead of a certificate. */
  token?: string;
}

export interface KubeconfigParams extends KubeconfigCredentials {
  clusterName: string;
  server: string;
  /** PEM of the CA certificate(s) (embedded as certificate-authority-data). */
  caCertPem: string;
  userName: string;
}

/** `<user>@<cluster>` */
export function contextName(userName: string, clusterName: string): string {
  return `${userName}@${clusterName}`;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** The kubeconfig as a JSON-shaped object (one cluster, context and user). */
export function kubeconfigObject(p: KubeconfigParams): Record<string, unknown> {
  const ctx = contextName(p.userName, p.clusterName);
  const user: Record<string, unknown> = {};
  if (p.clientCertPem) user["client-certificate-data"] = b64(p.clientCertPem);
  if (p.clientKeyPem) user["client-key-data"] = b64(p.clientKeyPem);
  if (p.token) user.token = p.token;
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: p.clusterName, cluster: { server: p.server, "certificate-authority-data": b64(p.caCertPem) } }],
    contexts: [{ name: ctx, context: { cluster: p.clusterName, user: p.userName } }],
    "current-context": ctx,
    users: [{ name: p.userName, user }],
  };
}

/** The file content. */
export function kubeconfigYaml(p: KubeconfigParams): string {
  return toKubernetesYaml(kubeconfigObject(p));
}
