// The kubeadm-ts library API: the same operations as the CLI, as typed functions.
export * as constants from "./constants.js";
export { KubeadmError } from "./util/errors.js";
export * as pki from "./pki/index.js";
