// kubeadm-ts PKI: certificate list, keys, certificates, CSRs, the file store, expiration and
// renewal, CA pins. Certificates, CSRs and keys are built with node:crypto and our own DER code.
export * from "./algorithm.js";
export * from "./input.js";
export * from "./certlist.js";
export { apiServerAltNames, etcdServerAltNames, etcdPeerAltNames, dedupeAltNames, describeAltNames, type AltNames } from "./altnames.js";
export { certificateTemplate, startTimeOf } from "./config.js";
export { signCertificate, encodeCertificatePem, type CertificateTemplate, type Issuer } from "./certificate.js";
export { createCsr } from "./csr.js";
export { generatePrivateKey, generatePrivateKeys, encodePrivateKeyPem, encodePublicKeyPem, parsePrivateKeyPem, type PrivateKey } from "./keys.js";
export { parseCertificateDer, parseCertificatesPem, type ParsedCertificate } from "./parse.js";
export { verifyCertChain, verifyHostname } from "./verify.js";
export { publicKeyPin, publicKeyPinsFromPem } from "./pin.js";
export { checkCertificatePeriod, loadCertificateAuthority } from "./store.js";
export { prefetchedKeys, onDemandKeys, type KeySource } from "./keypool.js";
export { createKeyAndCsr, createDefaultKeysAndCsrFiles, runLeafPhaseCsrOnly } from "./generate-csr.js";
export {
  renewHandlers,
  caHandlers,
  checkExpiration,
  renewCertificate,
  renewAll,
  isExternallyManaged,
  type RenewalInput,
  type RenewHandler,
  type ExpirationEntry,
  type ExpirationReport,
} from "./renewal.js";
export { formatExpirationText, formatExpirationJson, expirationInfoObject, formatExpiry } from "./expiration-output.js";
export { shortHumanDuration } from "../util/duration.js";
export * as pkiStore from "./store.js";
