// Patch file names: target[suffix][+patchtype].{json,yaml} (cli.md §2.8).
import { KubeadmError } from "../util/errors.js";

export type PatchType = "application/json-patch+json" | "application/merge-patch+json" | "application/strategic-merge-patch+json";

/** The --patches targets of kubeadm v1.37, in upstream's order. */
export const KNOWN_PATCH_TARGETS = [
  "etcd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kubeletconfiguration",
  "corednsdeployment",
  "kubeproxydaemonset",
] as const;
export type PatchTarget = (typeof KNOWN_PATCH_TARGETS)[number];

export const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  "": "application/strategic-merge-patch+json",
};
const PATCH_TYPE_LIST = ["json", "merge", "strategic"];
const KNOWN_EXTENSIONS = ["json", "yaml"];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export type ParsedFileName = { target: string; patchType: PatchType } | { ignore: string };

/**
 * Target and patch type of a file name; `{ignore}` carries the reason printed for skipped files.
 * Throws for a "+" not followed by a known patch type.
 */
export function parsePatchFileName(fileName: string, knownTargets: readonly string[] = KNOWN_PATCH_TARGETS): ParsedFileName {
  if (!new RegExp(`.+\\.(${KNOWN_EXTENSIONS.join("|")})$`).test(fileName)) {
    return { ignore: `the file extension must be one of [${KNOWN_EXTENSIONS.join(" ")}]` };
  }
  const re = new RegExp(`^(${knownTargets.map(escapeRe).join("|")})([^.+\\n]*)?(\\+)?(${PATCH_TYPE_LIST.join("|")})?`);
  const m = re.exec(fileName);
  if (!m) return { ignore: `unknown target, must be one of [${knownTargets.join(" ")}]` };
  if (m[3] && !m[4]) {
    throw new KubeadmError(`unknown or missing patch type after '+', must be one of [${PATCH_TYPE_LIST.join(" ")}]`);
  }
  return { target: m[1]!, patchType: PATCH_TYPES[m[4] ?? ""]! };
}
