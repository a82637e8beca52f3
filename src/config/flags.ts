/**
 * Flags vs `--config` (ValidateMixedArguments): with --config, only an
 * allow-list of flags may be set on the command line; they override the file.
 */
import { KubeadmError } from "../util/errors.js";

const ALLOWED_WITH_CONFIG = new Set([
  "config",
  "ignore-preflight-errors",
  "dry-run",
  "kubeconfig",
  "node-name",
  "kubeconfig-dir",
  "upload-certs",
  "print-manifest",
  "allow-missing-template-keys",
  "output",
  "show-managed-fields",
  "print-join-command",
  "rootfs",
  "v",
  "log-file",
  "yes",
]);

export function isAllowedWithConfig(flag: string): boolean {
  return ALLOWED_WITH_CONFIG.has(flag) || flag.startsWith("skip-");
}

/**
 * Throws `can not mix '--config' with arguments [a b]` when --config is set
 * together with other flags. `changedFlags` in pflag Visit order (sorted).
 */
export function validateMixedArguments(changedFlags: string[]): void {
  if (!changedFlags.includes("config")) return;
  const bad = changedFlags.filter((f) => !isAllowedWithConfig(f));
  if (bad.length > 0) throw new KubeadmError(`can not mix '--config' with arguments [${bad.join(" ")}]`);
}
