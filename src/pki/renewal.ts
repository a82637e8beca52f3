// `kubeadm certs check-expiration` and `kubeadm certs renew`: the certificates kubeadm manages,
// their expiry, external-CA detection and renewal with the local CA.
import * as path from "node:path";
import { fileExists, readTextFile } from "../host/files.js";
import * as C from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { signCertificate, type CertificateTemplate } from "./certificate.js";
import { caOf, certList, isCA, type CertDefinition } from "./certlist.js";
import type { ExtKeyUsage } from "./extensions.js";
import type { PkiOutput } from "./input.js";
import { readKubeconfigClientCert, writeKubeconfigClientCert } from "./kubeconfig-cert.js";
import { generatePrivateKey } from "./keys.js";
import type { ParsedCertificate } from "./parse.js";
import { loadCertificateAuthority } from "./store.js";
import * as store from "./store.js";
import { verifyCertChain } from "./verify.js";

/** What renewal and expiration checks need from the cluster configuration. */
export interface RenewalInput {
  certificatesDir: string;
  /** Where kubeconfig files live (fixed to /etc/kubernetes for the commands). */
  kubernetesDir?: string;
  externalEtcd?: boolean;
  encryptionAlgorithm?: string;
  certificateValidityPeriodMs?: number;
}

/** One renewable certificate (upstream's CertificateRenewHandler). */
export interface RenewHandler {
  name: string;
  longName: string;
  /** Base name under the certificates dir, or the kubeconfig file name. */
  fileName: string;
  caName: string;
  caBaseName: string;
  kind: "pki" | "kubeconfig";
}

export interface CAHandler {
  name: string;
  longName: string;
  fileName: string;
}

const KUBECONFIG_CERTS: ReadonlyArray<{ fileName: string; longName: string }> = [
  { fileName: C.ADMIN_KUBECONFIG, longName: "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself" },
  { fileName: C.SUPER_ADMIN_KUBECONFIG, longName: "certificate embedded in the kubeconfig file for the super-admin" },
  { fileName: C.CONTROLLER_MANAGER_KUBECONFIG, longName: "certificate embedded in the kubeconfig file for the controller manager to use" },
  { fileName: C.SCHEDULER_KUBECONFIG, longName: "certificate embedded in the kubeconfig file for the scheduler manager to use" },
];

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every certificate `certs renew` knows for this configuration, sorted by name. */
export function renewHandlers(input: { externalEtcd?: boolean }): RenewHandler[] {
  const list = certList(input.externalEtcd);
  const pki: RenewHandler[] = list
    .filter((c) => !isCA(c))
    .map((c) => {
      const ca = caOf(c);
      return { name: c.name, longName: c.longName, fileName: c.baseName, caName: ca.name, caBaseName: ca.baseName, kind: "pki" as const };
    });
  const kc: RenewHandler[] = KUBECONFIG_CERTS.map((k) => ({
    name: k.fileName,
    longName: k.longName,
    fileName: k.fileName,
    caName: "ca",
    caBaseName: C.CA_BASENAME,
    kind: "kubeconfig" as const,
  }));
  return [...pki, ...kc].sort(byName);
}

/** The CAs of this configuration, sorted by name. */
export function caHandlers(input: { externalEtcd?: boolean }): CAHandler[] {
  return certList(input.externalEtcd)
    .filter(isCA)
    .map((c) => ({ name: c.name, longName: c.longName, fileName: c.baseName }))
    .sort(byName);
}

const kubernetesDirOf = (input: RenewalInput): string => input.kubernetesDir ?? C.KUBERNETES_DIR;

function handlerFile(input: RenewalInput, h: RenewHandler): string {
  return h.kind === "pki" ? store.certPath(input.certificatesDir, h.fileName) : path.join(kubernetesDirOf(input), h.fileName);
}

/** Whether the certificate's file exists (a kubeconfig, or the .crt). */
export async function certificateExists(input: RenewalInput, h: RenewHandler | CAHandler): Promise<boolean> {
  const file = "kind" in h ? handlerFile(input, h) : store.certPath(input.certificatesDir, h.fileName);
  return fileExists(file);
}

export async function readCertificate(input: RenewalInput, h: RenewHandler): Promise<ParsedCertificate> {
  if (h.kind === "kubeconfig") return readKubeconfigClientCert(handlerFile(input, h));
  return store.loadCert(input.certificatesDir, h.fileName);
}

const SIGNED_BY: Record<string, Array<[string, string]>> = {
  [C.CA_BASENAME]: [
    [C.APISERVER_BASENAME, "API server"],
    [C.APISERVER_KUBELET_CLIENT_BASENAME, "API server kubelet client"],
  ],
  [C.FRONT_PROXY_CA_BASENAME]: [[C.FRONT_PROXY_CLIENT_BASENAME, "front-proxy client"]],
  [C.ETCD_CA_BASENAME]: [
    [C.APISERVER_ETCD_CLIENT_BASENAME, "apiserver etcd client"],
    [C.ETCD_SERVER_BASENAME, "etcd server"],
    [C.ETCD_PEER_BASENAME, "etcd peer"],
    [C.ETCD_HEALTHCHECK_CLIENT_BASENAME, "etcd health-check client"],
  ],
};

const CA_UX_NAME: Record<string, string> = {
  [C.CA_BASENAME]: "CA",
  [C.FRONT_PROXY_CA_BASENAME]: "front-proxy CA",
  [C.ETCD_CA_BASENAME]: "etcd CA",
};

/**
 * External-CA detection for one CA: its certificate must load and be a CA; without its key
 * file the CA is external, and then the certificates it signs must exist and verify.
 */
export async function isExternallyManaged(certificatesDir: string, caBaseName: string): Promise<boolean> {
  const ux = CA_UX_NAME[caBaseName];
  if (!ux) throw new KubeadmError(`unknown certificate authority ${caBaseName}`);
  const wrap = (m: string) => new KubeadmError(`Error checking external CA condition for ${caBaseName} certificate authority: ${m}`);
  let caCert: ParsedCertificate;
  try {
    caCert = await store.loadCert(certificatesDir, caBaseName);
  } catch (err) {
    throw wrap(`failure loading certificate for ${ux}: ${(err as Error).message}`);
  }
  if (!caCert.isCA) throw wrap(`certificate ${ux} is not a CA`);
  if (await store.pathExists(store.keyPath(certificatesDir, caBaseName))) return false;
  for (const [base, uxName] of SIGNED_BY[caBaseName]!) {
    try {
      await store.loadKey(certificatesDir, base);
    } catch (err) {
      throw wrap(`failure loading key for ${base}: ${(err as Error).message}`);
    }
    let chain;
    try {
      chain = await store.loadCertChain(certificatesDir, base);
    } catch (err) {
      throw wrap(`failure loading certificate for ${uxName}: ${(err as Error).message}`);
    }
    try {
      verifyCertChain(chain.cert, chain.intermediates, caCert);
    } catch (err) {
      throw wrap(`certificate ${uxName} is not signed by corresponding CA: ${(err as Error).message}`);
    }
  }
  return true;
}

/** One row of `certs check-expiration` (the output API's Certificate). */
export interface ExpirationEntry {
  name: string;
  expirationDate: Date | null;
  /** Whole seconds until expiry (negative once expired), 0 when missing. */
  residualTimeSeconds: number;
  residualTimeMs: number;
  externallyManaged: boolean;
  /** "" for CAs and for missing entries. */
  caName: string;
  missing: boolean;
}

export interface ExpirationReport {
  certificates: ExpirationEntry[];
  certificateAuthorities: ExpirationEntry[];
}

function entry(name: string, cert: ParsedCertificate, externallyManaged: boolean, caName: string, now: Date): ExpirationEntry {
  const residualTimeMs = cert.notAfter.getTime() - now.getTime();
  return { name, expirationDate: cert.notAfter, residualTimeSeconds: Math.trunc(residualTimeMs / 1000), residualTimeMs, externallyManaged, caName, missing: false };
}

const missingEntry = (name: string): ExpirationEntry => ({
  name, expirationDate: null, residualTimeSeconds: 0, residualTimeMs: 0, externallyManaged: false, caName: "", missing: true,
});

/** The data of `certs check-expiration`. Any read error aborts, as upstream. */
export async function checkExpiration(input: RenewalInput, now = new Date()): Promise<ExpirationReport> {
  const certificates: ExpirationEntry[] = [];
  for (const h of renewHandlers(input)) {
    if (!(await certificateExists(input, h))) {
      certificates.push(missingEntry(h.name));
      continue;
    }
    const external = await isExternallyManaged(input.certificatesDir, h.caBaseName);
    certificates.push(entry(h.name, await readCertificate(input, h), external, h.caName, now));
  }
  const certificateAuthorities: ExpirationEntry[] = [];
  for (const ca of caHandlers(input)) {
    if (!(await certificateExists(input, ca))) {
      certificateAuthorities.push(missingEntry(ca.name));
      continue;
    }
    const external = await isExternallyManaged(input.certificatesDir, ca.fileName);
    certificateAuthorities.push(entry(ca.name, await store.loadCert(input.certificatesDir, ca.fileName), external, "", now));
  }
  return { certificates, certificateAuthorities };
}

/** The renewal template: CN, O, SANs and usages copied from the existing certificate. */
export function renewalTemplate(cert: ParsedCertificate, input: RenewalInput, now = new Date()): CertificateTemplate {
  const seen = new Set<string>();
  return {
    commonName: cert.commonName,
    organization: cert.organization,
    dnsNames: [...new Set(cert.dnsNames)].sort(),
    ips: cert.ips.filter((ip) => {
      const k = Buffer.from(ip).toString("hex");
      return seen.has(k) ? false : (seen.add(k), true);
    }),
    usages: cert.extKeyUsages.filter((u): u is ExtKeyUsage => u === "serverAuth" || u === "clientAuth"),
    isCA: false,
    notBefore: new Date(now.getTime() - C.CERTIFICATE_BACKDATE_MS),
    notAfter: new Date(now.getTime() + (input.certificateValidityPeriodMs ?? C.CERTIFICATE_VALIDITY_MS)),
  };
}

export type RenewResult = "renewed" | "missing" | "external";

/**
 * Renews one certificate with the local CA: a new key of the configured algorithm, the same
 * subject, SANs and usages, signed by the CA on disk. Prints upstream's result line.
 */
export async function renewCertificate(input: RenewalInput, h: RenewHandler, out: PkiOutput, now = new Date()): Promise<RenewResult> {
  if (!(await certificateExists(input, h))) {
    out.print(`MISSING! ${h.longName}`);
    return "missing";
  }
  if (await isExternallyManaged(input.certificatesDir, h.caBaseName)) {
    out.print(`Detected external ${h.caBaseName}, ${h.longName} can't be renewed`);
    return "external";
  }
  const cert = await readCertificate(input, h);
  const template = renewalTemplate(cert, input, now);
  const ca = await loadCertificateAuthority(input.certificatesDir, h.caBaseName, out);
  const key = await generatePrivateKey(input.encryptionAlgorithm);
  let der: Uint8Array;
  try {
    der = await signCertificate(template, key.publicKey, { subject: ca.cert.rawSubject, subjectKeyId: ca.cert.subjectKeyId, key: ca.key });
  } catch (err) {
    throw new KubeadmError(`failed to renew certificate ${h.name}: ${(err as Error).message}`);
  }
  if (h.kind === "pki") {
    await store.writeCertAndKey(input.certificatesDir, h.fileName, der, key);
  } else {
    const caPem = await readTextFile(store.certPath(input.certificatesDir, C.CA_BASENAME));
    await writeKubeconfigClientCert(handlerFile(input, h), der, key, caPem);
  }
  out.print(`${h.longName} renewed`);
  return "renewed";
}

/** `certs renew all`: every certificate in order; the first error aborts. */
export async function renewAll(input: RenewalInput, out: PkiOutput, now = new Date()): Promise<void> {
  for (const h of renewHandlers(input)) await renewCertificate(input, h, out, now);
  out.print("");
  out.print(
    "Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.",
  );
}

export type { CertDefinition };
