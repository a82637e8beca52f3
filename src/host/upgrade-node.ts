/**
 * What `kubeadm upgrade apply|node` does to the node outside the static Pods, as two twins: the
 * real one acts, the dry-run one prints upstream's "[dryrun] Would ..." line instead.
 */
import { KUBELET_RUN_DIR, MODE_KUBECONFIG } from "../constants.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { goPathError } from "../util/go-errno.js";
import { fileToPrint, printDryRunFiles } from "./dry-run-files.js";
import { copyFilePreservingMode, writeFileAtomic } from "./files.js";
import { hostInitSystem } from "./initsystem.js";
import { tryRestartKubelet } from "./kubelet-service.js";

export interface UpgradeNode {
  /**
   * The last step of upstream's UpdateKubeletKubeconfigServer: kubelet.conf rewritten with the
   * local API endpoint as its server (`content`), then the kubelet restarted.
   */
  changeKubeletServer(file: string, from: string, to: string, content: string): Promise<void>;
  /** The kubelet-config phase's backup of config.yaml (upstream's CopyFile, the source's mode kept). */
  backupKubeletConfig(src: string, dest: string): Promise<void>;
  /**
   * A file the kubelet-config phase wrote into the kubelet directory: shown as upstream's dry run
   * shows it, under /var/lib/kubelet (an unreadable one fails with `context`); nothing for real.
   */
  showKubeletFile(fileName: string, writtenDir: string, context: string): Promise<void>;
}

export interface UpgradeNodeOutput {
  out: { write(text: string): unknown };
  warn(line: string): void;
  v(level: number, msg: string, origin: string): void;
}

export function realUpgradeNode(o: UpgradeNodeOutput): UpgradeNode {
  return {
    async changeKubeletServer(file, from, to, content) {
      o.v(1, `Changing the Server URL from ${JSON.stringify(from)} to ${JSON.stringify(to)} in ${file}`, "postupgrade.go:263");
      await writeFileAtomic(file, content, MODE_KUBECONFIG);
      await tryRestartKubelet(hostInitSystem(), { print: (l) => void o.out.write(`${l}\n`), warn: o.warn });
    },
    async backupKubeletConfig(src, dest) {
      o.out.write(`[upgrade] Backing up kubelet config file to ${dest}\n`);
      try {
        await copyFilePreservingMode(src, dest);
      } catch (err) {
        throw new KubeadmError(`error backing up the kubelet config file: ${goPathError((err as { op?: string }).op ?? "open", (err as { file?: string }).file ?? src, err)}`, 1, { cause: err });
      }
    },
    async showKubeletFile() {},
  };
}

export function dryRunUpgradeNode(o: UpgradeNodeOutput): UpgradeNode {
  return {
    async changeKubeletServer(file, from, to) {
      o.out.write(`[dryrun] Would change the Server URL from ${JSON.stringify(from)} to ${JSON.stringify(to)} in ${file} and try to restart kubelet\n`);
    },
    async backupKubeletConfig(_src, dest) {
      o.out.write(`[dryrun] Would back up kubelet config file to ${dest}\n`);
    },
    async showKubeletFile(fileName, writtenDir, context) {
      try {
        await printDryRunFiles([fileToPrint(fileName, writtenDir, KUBELET_RUN_DIR)], o.out);
      } catch (err) {
        throw wrapError(err, context);
      }
    },
  };
}
