import { KubeadmError } from "../util/errors.js";

/** ClusterConfiguration.encryptionAlgorithm values. */
export type EncryptionAlgorithm = "RSA-2048" | "RSA-3072" | "RSA-4096" | "ECDSA-P256" | "ECDSA-P384";

export const ENCRYPTION_ALGORITHMS: readonly EncryptionAlgorithm[] = ["RSA-2048", "RSA-3072", "RSA-4096", "ECDSA-P256", "ECDSA-P384"];

export const DEFAULT_ENCRYPTION_ALGORITHM: EncryptionAlgorithm = "RSA-2048";

export type KeySpec = { kind: "rsa"; modulusLength: 2048 | 3072 | 4096 } | { kind: "ec"; namedCurve: "P-256" | "P-384" };

/** Key parameters for an encryptionAlgorithm value; empty means the default (RSA-2048), as upstream. */
export function keySpecFor(algorithm: string | undefined): KeySpec {
  switch (algorithm ?? "") {
    case "":
    case "RSA-2048":
      return { kind: "rsa", modulusLength: 2048 };
    case "RSA-3072":
      return { kind: "rsa", modulusLength: 3072 };
    case "RSA-4096":
      return { kind: "rsa", modulusLength: 4096 };
    case "ECDSA-P256":
      return { kind: "ec", namedCurve: "P-256" };
    case "ECDSA-P384":
      return { kind: "ec", namedCurve: "P-384" };
    default:
      throw new KubeadmError(`cannot obtain key size from unknown RSA algorithm: "${algorithm}"`);
  }
}
