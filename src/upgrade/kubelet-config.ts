/** The kubelet-config step of `kubeadm upgrade` (upstream's WriteKubeletConfigFiles): names and lines. */
import { KUBELET_CONFIG_FILE } from "../constants.js";
import { timestampSuffix } from "./staticpod-decisions.js";

/** `<kubeConfigDir>/tmp/<this>/config.yaml` keeps the kubelet configuration from before the upgrade. */
export function kubeletConfigBackupDirName(now: Date): string {
  return `kubeadm-kubelet-config-${timestampSuffix(now)}`;
}

export const KUBELET_CONFIG_BACKUP_FILE = KUBELET_CONFIG_FILE;

export const usingBackupDirWarning = (dir: string): string =>
  `Using temporary directory ${dir} for kubelet config. To override it set the environment variable KUBEADM_UPGRADE_DRYRUN_DIR`;

export const instanceConfigMissingWarning = (file: string): string =>
  `The kubelet instance configuration file ${file} was not found. Creating a new one with defaults. Please verify its contents!`;

export const KUBELET_CONFIG_UPGRADED_LINE = "[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!\n";

export const writingKubeletConfigLine = (file: string): string => `[kubelet-start] Writing kubelet configuration to file ${JSON.stringify(file)}\n`;
