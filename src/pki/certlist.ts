import * as C from "../constants.js";
import { apiServerAltNames, etcdPeerAltNames, etcdServerAltNames, type AltNames } from "./altnames.js";
import type { ExtKeyUsage } from "./extensions.js";
import type { PkiInput } from "./input.js";

/** One certificate kubeadm creates for the control plane (upstream's KubeadmCert). */
export interface CertDefinition {
  /** Phase and renew name: "ca", "apiserver", "etcd-server", ... */
  name: string;
  /** Used in help ("Generate the " + longName) and in renew messages. */
  longName: string;
  /** File base name relative to the certificates dir, e.g. "etcd/server". */
  baseName: string;
  /** Name of the signing CA's definition; "" for CAs. */
  caName: string;
  /** Fixed CN; null means the node name. */
  commonName: string | null;
  organization: readonly string[];
  usages: readonly ExtKeyUsage[];
  /** SANs that depend on the configuration (CAs always get DNS:<CN>). */
  altNames?: (input: PkiInput, warn: (msg: string) => void) => AltNames;
}

export const CERT_CA: CertDefinition = {
  name: "ca",
  longName: "self-signed Kubernetes CA to provision identities for other Kubernetes components",
  baseName: C.CA_BASENAME,
  caName: "",
  commonName: C.CA_COMMON_NAME,
  organization: [],
  usages: [],
};

export const CERT_APISERVER: CertDefinition = {
  name: "apiserver",
  longName: "certificate for serving the Kubernetes API",
  baseName: C.APISERVER_BASENAME,
  caName: "ca",
  commonName: C.APISERVER_COMMON_NAME,
  organization: [],
  usages: ["serverAuth"],
  altNames: apiServerAltNames,
};

// No Organization since v1.36.1 (upstream PR #138957): the kubelet authorizes this client by name.
export const CERT_APISERVER_KUBELET_CLIENT: CertDefinition = {
  name: "apiserver-kubelet-client",
  longName: "certificate for the API server to connect to kubelet",
  baseName: C.APISERVER_KUBELET_CLIENT_BASENAME,
  caName: "ca",
  commonName: C.APISERVER_KUBELET_CLIENT_COMMON_NAME,
  organization: [],
  usages: ["clientAuth"],
};

export const CERT_FRONT_PROXY_CA: CertDefinition = {
  name: "front-proxy-ca",
  longName: "self-signed CA to provision identities for front proxy",
  baseName: C.FRONT_PROXY_CA_BASENAME,
  caName: "",
  commonName: C.FRONT_PROXY_CA_COMMON_NAME,
  organization: [],
  usages: [],
};

export const CERT_FRONT_PROXY_CLIENT: CertDefinition = {
  name: "front-proxy-client",
  longName: "certificate for the front proxy client",
  baseName: C.FRONT_PROXY_CLIENT_BASENAME,
  caName: "front-proxy-ca",
  commonName: C.FRONT_PROXY_CLIENT_COMMON_NAME,
  organization: [],
  usages: ["clientAuth"],
};

export const CERT_ETCD_CA: CertDefinition = {
  name: "etcd-ca",
  longName: "self-signed CA to provision identities for etcd",
  baseName: C.ETCD_CA_BASENAME,
  caName: "",
  commonName: C.ETCD_CA_COMMON_NAME,
  organization: [],
  usages: [],
};

export const CERT_ETCD_SERVER: CertDefinition = {
  name: "etcd-server",
  longName: "certificate for serving etcd",
  baseName: C.ETCD_SERVER_BASENAME,
  caName: "etcd-ca",
  commonName: null,
  organization: [],
  // etcd also uses its serving certificate as a client (etcd-io/etcd#9785).
  usages: ["serverAuth", "clientAuth"],
  altNames: etcdServerAltNames,
};

export const CERT_ETCD_PEER: CertDefinition = {
  name: "etcd-peer",
  longName: "certificate for etcd nodes to communicate with each other",
  baseName: C.ETCD_PEER_BASENAME,
  caName: "etcd-ca",
  commonName: null,
  organization: [],
  usages: ["serverAuth", "clientAuth"],
  altNames: etcdPeerAltNames,
};

export const CERT_ETCD_HEALTHCHECK_CLIENT: CertDefinition = {
  name: "etcd-healthcheck-client",
  longName: "certificate for liveness probes to healthcheck etcd",
  baseName: C.ETCD_HEALTHCHECK_CLIENT_BASENAME,
  caName: "etcd-ca",
  commonName: C.ETCD_HEALTHCHECK_CLIENT_COMMON_NAME,
  organization: [],
  usages: ["clientAuth"],
};

export const CERT_APISERVER_ETCD_CLIENT: CertDefinition = {
  name: "apiserver-etcd-client",
  longName: "certificate the apiserver uses to access etcd",
  baseName: C.APISERVER_ETCD_CLIENT_BASENAME,
  caName: "etcd-ca",
  commonName: C.APISERVER_ETCD_CLIENT_COMMON_NAME,
  organization: [],
  usages: ["clientAuth"],
};

/** Every certificate, each CA followed by the certificates it signs (the phase and log order). */
export const DEFAULT_CERT_LIST: readonly CertDefinition[] = [
  CERT_CA,
  CERT_APISERVER,
  CERT_APISERVER_KUBELET_CLIENT,
  CERT_FRONT_PROXY_CA,
  CERT_FRONT_PROXY_CLIENT,
  CERT_ETCD_CA,
  CERT_ETCD_SERVER,
  CERT_ETCD_PEER,
  CERT_ETCD_HEALTHCHECK_CLIENT,
  CERT_APISERVER_ETCD_CLIENT,
];

/** The list without the etcd CA and the certificates it signs (external etcd). */
export const CERTS_WITHOUT_ETCD: readonly CertDefinition[] = DEFAULT_CERT_LIST.slice(0, 5);

export function certList(externalEtcd: boolean | undefined): readonly CertDefinition[] {
  return externalEtcd ? CERTS_WITHOUT_ETCD : DEFAULT_CERT_LIST;
}

export function certByName(name: string): CertDefinition | undefined {
  return DEFAULT_CERT_LIST.find((c) => c.name === name);
}

export function caOf(cert: CertDefinition): CertDefinition {
  const ca = certByName(cert.caName);
  if (!ca || ca.caName !== "") throw new Error(`certificate "${cert.name}" references unknown CA "${cert.caName}"`);
  return ca;
}

export const isCA = (cert: CertDefinition): boolean => cert.caName === "";
