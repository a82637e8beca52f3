// Serialising static Pods as upstream writes them, applying --patches, and writing the files.
import * as path from "node:path";
import { ETCD, KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, MODE_MANIFEST, MODE_PRIVATE_DIR } from "../constants.js";
import { toKubernetesYaml } from "../config/yaml.js";
import { ensureDir, writeFileAtomic } from "../host/files.js";
import { goJson, POD_SCHEMA, type PatchManager } from "../patches/index.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import type { Json } from "./pod.js";

/** The YAML bytes of a static Pod (keys sorted, as sigs.k8s.io/yaml writes a v1.Pod). */
export function staticPodYaml(pod: Json): string {
  return toKubernetesYaml(pod);
}

/** Applies the patches for `component` (a patch target name) to a Pod object; unchanged without patches. */
export function patchStaticPod(component: string, pod: Json, patches: PatchManager | undefined): Json {
  if (!patches) return pod;
  const result = patches.applyToTarget(component, pod, POD_SCHEMA);
  if (result === null || typeof result !== "object" || Array.isArray(result)) {
    const kind = Array.isArray(result) ? "array" : typeof result === "boolean" ? "bool" : typeof result;
    throw new KubeadmError(
      `failed to unmarshal patched manifest: failed to decode ${goJson(result)} into runtime.Object: couldn't get version/kind; json parse error: json: cannot unmarshal ${kind} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  // decoding into a typed v1.Pod drops what no field holds: directive keys left in appended list
  // items ("$patch", ...) and null members
  const patched = dropUntyped(result) as Json;
  // the patched Pod is decoded into a v1.Pod and encoded again: status, and each container's
  // resources (struct fields, never omitted), are always present
  if (patched.status === undefined || patched.status === null) patched.status = {};
  const spec = patched.spec as Record<string, unknown> | undefined;
  for (const list of ["initContainers", "containers", "ephemeralContainers"]) {
    const items = spec?.[list];
    if (!Array.isArray(items)) continue;
    for (const c of items) if (c && typeof c === "object" && (c.resources === undefined || c.resources === null)) c.resources = {};
  }
  return patched;
}

function dropUntyped(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropUntyped);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && !k.startsWith("$")) out[k] = dropUntyped(x);
  return out;
}

export function staticPodFilePath(component: string, manifestDir: string): string {
  return path.join(manifestDir, `${component}.yaml`);
}

/** Writes `<manifestDir>/<component>.yaml` (0600; the directory is created 0700 if missing). */
export async function writeStaticPodManifest(component: string, manifestDir: string, pod: Json): Promise<string> {
  await ensureDir(manifestDir, MODE_PRIVATE_DIR);
  const file = staticPodFilePath(component, manifestDir);
  await writeFileAtomic(file, staticPodYaml(pod), MODE_MANIFEST);
  return file;
}

/**
 * A control-plane component's static Pod with its patches applied, written to the manifest
 * folder, failing with upstream's words for each step (CreateStaticPodFiles: init's and join's
 * control-plane phases).
 */
export async function writePatchedStaticPod(component: string, pod: Json | undefined, patches: PatchManager | undefined, manifestDir: string): Promise<void> {
  if (!pod) throw new KubeadmError(`couldn't retrieve StaticPodSpec for ${JSON.stringify(component)}`);
  let patched: Json;
  try {
    patched = patchStaticPod(component, pod, patches);
  } catch (err) {
    throw wrapError(err, `failed to patch static Pod manifest file for ${JSON.stringify(component)}`);
  }
  try {
    await writeStaticPodManifest(component, manifestDir, patched);
  } catch (err) {
    throw wrapError(err, `failed to create static pod manifest file for ${JSON.stringify(component)}`);
  }
}

export const STATIC_POD_COMPONENTS = [KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, ETCD] as const;
