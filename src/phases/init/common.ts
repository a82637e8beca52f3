/** Small helpers the init phases share: printing, and inputs for the builders taken from InitData. */
import { featureEnabled, PUBLIC_KEYS_ECDSA } from "../../config/features.js";
import type { EncryptionAlgorithm } from "../../config/types.js";
import type { PkiInput, PkiOutput } from "../../pki/input.js";
import type { InitData } from "./data.js";

/** One stdout line. */
export function println(data: Pick<InitData, "out">, line: string): void {
  data.out.write(`${line}\n`);
}

/** Upstream EncryptionAlgorithmType: the PublicKeysECDSA gate forces ECDSA-P256. */
export function encryptionAlgorithm(data: Pick<InitData, "cfg">): EncryptionAlgorithm {
  const c = data.cfg.clusterConfiguration;
  return featureEnabled(c.featureGates, PUBLIC_KEYS_ECDSA) ? "ECDSA-P256" : c.encryptionAlgorithm;
}

/** What the certificate builders need, with dry-run's write directory. */
export function pkiInput(data: InitData): PkiInput {
  const cfg = data.cfg;
  const c = cfg.clusterConfiguration;
  return {
    certificatesDir: data.certificateDir,
    certificateWriteDir: data.certificateWriteDir,
    nodeName: cfg.nodeRegistration.name,
    advertiseAddress: cfg.localAPIEndpoint.advertiseAddress,
    controlPlaneEndpoint: c.controlPlaneEndpoint,
    serviceSubnet: c.networking.serviceSubnet,
    dnsDomain: c.networking.dnsDomain,
    apiServerCertSANs: c.apiServer.certSANs,
    etcdServerCertSANs: c.etcd.local?.serverCertSANs ?? [],
    etcdPeerCertSANs: c.etcd.local?.peerCertSANs ?? [],
    externalEtcd: c.etcd.external !== undefined,
    encryptionAlgorithm: encryptionAlgorithm(data),
    certificateValidityPeriodMs: c.certificateValidityPeriod,
    caCertificateValidityPeriodMs: c.caCertificateValidityPeriod,
    startTime: data.startTime,
  };
}

/** stdout lines and klog warnings for the pki library. */
export function pkiOutput(data: InitData): PkiOutput {
  return {
    print: (line) => println(data, line),
    warn: (m) => data.log.warn(m, "certs.go:0"),
  };
}
