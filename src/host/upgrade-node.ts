/**
 * What `kubeadm upgrade apply|node` does to the node outside the static Pods, as two twins: the
 * real one acts, the dry-run one prints upstream's "[dryrun] Would ..." line instead.
 */
import { MODE_KUBECONFIG } from "../constants.js";
import { writeFileAtomic } from "./files.js";
import { hostInitSystem } from "./initsystem.js";
import { tryRestartKubelet } from "./kubelet-service.js";

export interface UpgradeNode {
  /**
   * The last step of upstream's UpdateKubeletKubeconfigServer: kubelet.conf rewritten with the
   * local API endpoint as its server (`content`), then the kubelet restarted.
   */
  changeKubeletServer(file: string, from: string, to: string, content: string): Promise<void>;
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
  };
}

export function dryRunUpgradeNode(o: UpgradeNodeOutput): UpgradeNode {
  return {
    async changeKubeletServer(file, from, to) {
      o.out.write(`[dryrun] Would change the Server URL from ${JSON.stringify(from)} to ${JSON.stringify(to)} in ${file} and try to restart kubelet\n`);
    },
  };
}
