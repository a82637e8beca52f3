// kubeadm's --patches engine: file discovery and naming, strategic merge, JSON merge and JSON patches.
export * from "./filename.js";
export * from "./manager.js";
export { POD_SCHEMA, DEPLOYMENT_SCHEMA, DAEMONSET_SCHEMA, KUBELET_CONFIGURATION_SCHEMA, type Schema } from "./schema.js";
export { applyStrategicMergePatch, StrategicMergeError } from "./strategic-merge.js";
export { applyMergePatch } from "./merge-patch.js";
export { applyJsonPatch } from "./json-patch.js";
export { goJson, cloneJson } from "./json.js";
