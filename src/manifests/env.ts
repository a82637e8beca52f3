// Container environment: proxy variables of kubeadm's own environment merged with extraEnvs.
import type { EnvVar } from "../config/types.js";

/**
 * Every variable whose name ends in "_proxy" (any case) and whose value is not empty,
 * in the order of `environ` (entries "NAME=value", as Go's os.Environ returns them).
 */
export function proxyEnvVars(environ: readonly string[]): EnvVar[] {
  const out: EnvVar[] = [];
  for (const e of environ) {
    const eq = e.indexOf("=");
    if (eq < 0) continue;
    const name = e.slice(0, eq);
    const value = e.slice(eq + 1);
    if (name.toLowerCase().endsWith("_proxy") && value !== "") out.push({ name, value });
  }
  return out;
}

/** Go-style environ list from a Node env object. */
export function environList(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`);
}

/** A copy of an EnvVar in the shape the Pod API serialises (fieldRef gets apiVersion v1). */
function apiEnvVar(e: EnvVar): Record<string, unknown> {
  const out: Record<string, unknown> = { name: e.name };
  if (e.value !== undefined && e.value !== "") out.value = e.value;
  if (e.valueFrom) {
    const vf: Record<string, unknown> = {};
    const src = e.valueFrom;
    if (src.fieldRef) vf.fieldRef = { apiVersion: src.fieldRef.apiVersion || "v1", fieldPath: src.fieldRef.fieldPath };
    if (src.resourceFieldRef) vf.resourceFieldRef = { ...src.resourceFieldRef };
    if (src.configMapKeyRef) vf.configMapKeyRef = { ...src.configMapKeyRef };
    if (src.secretKeyRef) vf.secretKeyRef = { ...src.secretKeyRef };
    if (src.fileKeyRef) vf.fileKeyRef = { ...src.fileKeyRef };
    out.valueFrom = vf;
  }
  return out;
}

/**
 * Upstream's merge of base variables and extraEnvs: one entry per name (an extra
 * variable replaces a base one of the same name), sorted by name byte-wise.
 */
export function mergeEnv(base: readonly EnvVar[], extra: readonly EnvVar[]): Record<string, unknown>[] {
  const byName = new Map<string, EnvVar>();
  for (const e of base) byName.set(e.name, e);
  for (const e of extra) byName.set(e.name, e);
  return [...byName.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => apiEnvVar(byName.get(k)!));
}
