/** Upstream ClusterConfiguration.EncryptionAlgorithmType: the PublicKeysECDSA gate forces ECDSA-P256. */
import { featureEnabled, PUBLIC_KEYS_ECDSA } from "./features.js";
import type { ClusterConfiguration, EncryptionAlgorithm } from "./types.js";

export function encryptionAlgorithmType(c: Pick<ClusterConfiguration, "featureGates" | "encryptionAlgorithm">): EncryptionAlgorithm {
  return featureEnabled(c.featureGates, PUBLIC_KEYS_ECDSA) ? "ECDSA-P256" : c.encryptionAlgorithm;
}
