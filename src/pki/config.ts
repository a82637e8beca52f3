import * as C from "../constants.js";
import { dedupeAltNames } from "./altnames.js";
import type { CertificateTemplate } from "./certificate.js";
import { isCA, type CertDefinition } from "./certlist.js";
import type { PkiInput } from "./input.js";

const startTimes = new WeakMap<PkiInput, Date>();

/** kubeadm's start time for this input: given, or fixed at first use so all certificates share it. */
export function startTimeOf(input: PkiInput): Date {
  if (input.startTime) return input.startTime;
  let t = startTimes.get(input);
  if (!t) {
    t = new Date();
    startTimes.set(input, t);
  }
  return t;
}

/**
 * The certificate template for a definition and an input (upstream's GetConfig): CN, O,
 * de-duplicated SANs, usages, NotBefore = start − 5 min, NotAfter = start + validity period.
 */
export function certificateTemplate(def: CertDefinition, input: PkiInput, warn: (msg: string) => void = () => {}): CertificateTemplate {
  const start = startTimeOf(input).getTime();
  const ca = isCA(def);
  const commonName = def.commonName ?? input.nodeName;
  const alt = ca ? { dnsNames: [commonName], ips: [] } : dedupeAltNames(def.altNames ? def.altNames(input, warn) : { dnsNames: [], ips: [] });
  const period = ca
    ? (input.caCertificateValidityPeriodMs ?? C.CA_CERTIFICATE_VALIDITY_MS)
    : (input.certificateValidityPeriodMs ?? C.CERTIFICATE_VALIDITY_MS);
  return {
    commonName,
    organization: def.organization,
    dnsNames: alt.dnsNames,
    ips: alt.ips,
    usages: def.usages,
    isCA: ca,
    notBefore: new Date(start - C.CERTIFICATE_BACKDATE_MS),
    notAfter: new Date(start + period),
  };
}
