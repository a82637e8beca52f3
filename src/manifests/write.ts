// Serialising static Pods as upstream writes them, applying --patches, and writing the files.
import * as path from "node:path";
import { ETCD, KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, MODE_MANIFEST, MODE_PRIVATE_DIR } from "../constants.js";
import { toKubernetesYaml } from "../config/yaml.js";
import { ensureDir, writeFileAtomic } from "../host/files.js";
import { POD_SCHEMA, type PatchManager } from "../patches/index.js";
import type { Json } from "./pod.js";

/** The YAML bytes of a static Pod (keys sorted, as sigs.k8s.io/yaml writes a v1.Pod). */
export function staticPodYaml(pod: Json): string {
  return toKubernetesYaml(pod);
}

/** Applies the patches for `component` (a patch target name) to a Pod object; unchanged without patches. */
export function patchStaticPod(component: string, pod: Json, patches: PatchManager | undefined): Json {
  if (!patches) return pod;
  const patched = patches.applyToTarget(component, pod, POD_SCHEMA) as Json;
  // the patched Pod is decoded into a v1.Pod and encoded again: status is always present
  if (patched.status === undefined || patched.status === null) patched.status = {};
  return patched;
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

export const STATIC_POD_COMPONENTS = [KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, ETCD] as const;
