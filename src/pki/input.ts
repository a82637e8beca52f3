import type { InitConfiguration } from "../config/types.js";
import type { EncryptionAlgorithm } from "./algorithm.js";

/**
 * Everything the control-plane certificates depend on, taken from the (defaulted) kubeadm
 * configuration by the caller. Builders in src/pki read nothing else.
 */
export interface PkiInput {
  /** ClusterConfiguration.certificatesDir: where existing files are looked for. */
  certificatesDir: string;
  /** Where new files go; differs from certificatesDir only in dry-run. Defaults to certificatesDir. */
  certificateWriteDir?: string;
  /** nodeRegistration.name (already lower-cased by defaulting). */
  nodeName: string;
  /** localAPIEndpoint.advertiseAddress. */
  advertiseAddress: string;
  /** ClusterConfiguration.controlPlaneEndpoint ("" when unset). */
  controlPlaneEndpoint?: string;
  /** networking.serviceSubnet, possibly a comma-separated dual-stack pair. */
  serviceSubnet: string;
  /** networking.dnsDomain. */
  dnsDomain: string;
  /** apiServer.certSANs. */
  apiServerCertSANs?: readonly string[];
  /** etcd.local.serverCertSANs. */
  etcdServerCertSANs?: readonly string[];
  /** etcd.local.peerCertSANs. */
  etcdPeerCertSANs?: readonly string[];
  /** True when etcd.external is set: no etcd CA or etcd certificates. */
  externalEtcd?: boolean;
  /** ClusterConfiguration.encryptionAlgorithm (empty/undefined = RSA-2048). */
  encryptionAlgorithm?: EncryptionAlgorithm | "";
  /** certificateValidityPeriod in milliseconds (default 8760h). */
  certificateValidityPeriodMs?: number;
  /** caCertificateValidityPeriod in milliseconds (default 87600h). */
  caCertificateValidityPeriodMs?: number;
  /** kubeadm's start time: every certificate of one run shares it. Defaults to the first use. */
  startTime?: Date;
}

/** What the certificate builders need from a (defaulted) configuration. */
export function pkiInputOf(cfg: InitConfiguration): PkiInput {
  const c = cfg.clusterConfiguration;
  return {
    certificatesDir: c.certificatesDir,
    nodeName: cfg.nodeRegistration.name,
    advertiseAddress: cfg.localAPIEndpoint.advertiseAddress,
    controlPlaneEndpoint: c.controlPlaneEndpoint,
    serviceSubnet: c.networking.serviceSubnet,
    dnsDomain: c.networking.dnsDomain,
    apiServerCertSANs: c.apiServer.certSANs,
    etcdServerCertSANs: c.etcd.local?.serverCertSANs ?? [],
    etcdPeerCertSANs: c.etcd.local?.peerCertSANs ?? [],
    externalEtcd: c.etcd.external !== undefined,
    encryptionAlgorithm: c.encryptionAlgorithm,
    certificateValidityPeriodMs: c.certificateValidityPeriod,
    caCertificateValidityPeriodMs: c.caCertificateValidityPeriod,
  };
}

/** Where the certs phase writes: stdout lines and klog-style warnings (stderr). */
export interface PkiOutput {
  print(line: string): void;
  warn(message: string): void;
}

/** An output that collects lines (tests, dry-run summaries). */
export function collectingOutput(): PkiOutput & { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return { lines, warnings, print: (l) => void lines.push(l), warn: (w) => void warnings.push(w) };
}
