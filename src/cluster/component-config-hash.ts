/**
 * The component-config signature kubeadm puts on ConfigMaps it generated
 * (kubelet-config, kube-proxy): SHA-256 over the data values in ascending key
 * order, then the binaryData values in key order; keys are not hashed.
 */
import { createHash } from "node:crypto";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { ANNOTATION_COMPONENT_CONFIG_HASH } from "../constants.js";

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "sha256:<hex>" of a ConfigMap's contents. */
export function configMapHash(cm: Pick<ConfigMap, "data" | "binaryData">): string {
  const h = createHash("sha256");
  const data = cm.data ?? {};
  for (const k of Object.keys(data).sort(byteOrder)) h.update(data[k]!, "utf8");
  const bin = cm.binaryData ?? {};
  for (const k of Object.keys(bin).sort(byteOrder)) h.update(Buffer.from(bin[k]!, "base64"));
  return `sha256:${h.digest("hex")}`;
}

/** Adds the hash annotation (returns the same object). */
export function signConfigMap(cm: ConfigMap): ConfigMap {
  const metadata = (cm.metadata ??= {});
  metadata.annotations = { ...(metadata.annotations ?? {}), [ANNOTATION_COMPONENT_CONFIG_HASH]: configMapHash(cm) };
  return cm;
}

/** True when the ConfigMap carries a hash annotation that matches its contents. */
export function verifyConfigMapSignature(cm: ConfigMap): boolean {
  const want = cm.metadata?.annotations?.[ANNOTATION_COMPONENT_CONFIG_HASH];
  return want !== undefined && want === configMapHash(cm);
}
