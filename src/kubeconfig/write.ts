// A parsed Kubeconfig (read.ts) back to the text client-go's clientcmd.Write produces: the v1
// Config with clusters, contexts and users as lists sorted by name, empty optional fields left
// out, byte fields base64-encoded, keys sorted (sigs.k8s.io/yaml), no `preferences` key (v1.36+).
// join's kubelet-start writes bootstrap-kubelet.conf with it.
import { toKubernetesYaml } from "../config/yaml.js";
import type { Kubeconfig, KubeconfigCluster, KubeconfigContext, KubeconfigUser } from "./read.js";

type Obj = Record<string, unknown>;

const b64 = (b: Buffer | undefined): string | undefined => (b && b.length > 0 ? b.toString("base64") : undefined);
const nonEmpty = (s: string | undefined): string | undefined => (s ? s : undefined);

function clusterObject(c: KubeconfigCluster): Obj {
  return {
    // `server` has no omitempty in clientcmd's v1 Cluster
    server: c.server ?? "",
    "tls-server-name": nonEmpty(c.tlsServerName),
    "insecure-skip-tls-verify": c.insecureSkipTLSVerify ? true : undefined,
    "certificate-authority": nonEmpty(c.certificateAuthority),
    "certificate-authority-data": b64(c.certificateAuthorityData),
    "proxy-url": nonEmpty(c.proxyURL),
  };
}

function userObject(u: KubeconfigUser): Obj {
  return {
    "client-certificate": nonEmpty(u.clientCertificate),
    "client-certificate-data": b64(u.clientCertificateData),
    "client-key": nonEmpty(u.clientKey),
    "client-key-data": b64(u.clientKeyData),
    token: nonEmpty(u.token),
    tokenFile: nonEmpty(u.tokenFile),
    username: nonEmpty(u.username),
    password: nonEmpty(u.password),
  };
}

function contextObject(c: KubeconfigContext): Obj {
  return { cluster: c.cluster, user: c.user, namespace: nonEmpty(c.namespace) };
}

function named<T>(m: Map<string, T>, key: string, f: (v: T) => Obj): Obj[] {
  return [...m.keys()].sort().map((name) => ({ name, [key]: f(m.get(name)!) }));
}

/** The kubeconfig file's text, as clientcmd.WriteToFile writes it. */
export function kubeconfigText(kc: Kubeconfig): string {
  return toKubernetesYaml({
    apiVersion: "v1",
    kind: "Config",
    clusters: named(kc.clusters, "cluster", clusterObject),
    contexts: named(kc.contexts, "context", contextObject),
    "current-context": kc.currentContext,
    users: named(kc.users, "user", userObject),
  });
}
