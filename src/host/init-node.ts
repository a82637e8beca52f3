/**
 * The node-side effects of `kubeadm init` that are not plain file writes: the etcd data
 * directory, stopping/starting the kubelet service, pointing kubelet.conf at the rotating
 * client certificate, and showing what was written when dry-running. Two implementations
 * with one interface: the real node, and the dry-run twin that only prints what would happen
 * (upstream's wording). Phases call these and never branch on dry-run themselves.
 */
import { promises as fs } from "node:fs";
import { DEFAULT_MANIFESTS_DIR, KUBELET_CONFIG_FILE, KUBELET_ENV_FILE, KUBELET_RUN_DIR, MODE_KUBECONFIG } from "../constants.js";
import { loadYamlModule, toKubernetesYaml } from "../config/yaml.js";
import { KubeadmError } from "../util/errors.js";
import { fileToPrint, printDryRunFiles, type TextSink } from "./dry-run-files.js";
import { writeFileAtomic } from "./files.js";
import { hostInitSystem, type InitSystem } from "./initsystem.js";
import { tryRestartKubelet, tryStartKubelet, tryStopKubelet } from "./kubelet-service.js";

const CONTROL_PLANE_COMPONENTS = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;

export interface InitNode {
  /** Before the local etcd manifest: the data directory (mode 0700). */
  ensureEtcdDataDir(dir: string): Promise<void>;
  /** After the local etcd manifest was written (dry-run prints it at once, as upstream does). */
  etcdManifestWritten(manifestDir: string): Promise<void>;
  /** kubelet-start: stop the kubelet while its files are rewritten. */
  stopKubelet(): Promise<void>;
  /** kubelet-start: (re)start the kubelet. */
  startKubelet(): Promise<void>;
  /** wait-control-plane, before waiting: dry-run prints the manifests and kubelet files. */
  showWrittenFiles(dir: string): Promise<void>;
  /** kubelet-finalize: kubelet.conf's client credentials become the rotating PEM; the kubelet restarts. */
  useRotatingKubeletClientCert(kubeconfigPath: string, pemPath: string, nodeName: string): Promise<void>;
}

export interface InitNodeDeps {
  out: TextSink;
  /** klog-style warning on stderr. */
  warn(msg: string): void;
  /** The init system (default: detected from PATH). */
  initSystem?: () => InitSystem | null;
}

/** kubelet.conf with the current user's client certificate and key replaced by a file path. */
export async function kubeconfigWithClientCertFile(text: string, file: string, pemPath: string, nodeName: string): Promise<string> {
  const { parse } = await loadYamlModule();
  const kc = parse(text) as Record<string, unknown>;
  const current = typeof kc["current-context"] === "string" ? (kc["current-context"] as string) : "";
  if (current === "") throw new KubeadmError(`the file ${JSON.stringify(file)} does not have current context set`);
  const contexts = (kc.contexts ?? []) as Array<{ name: string; context?: { user?: string } }>;
  const ctx = contexts.find((c) => c.name === current);
  if (!ctx) throw new KubeadmError(`the file ${JSON.stringify(file)} is not a valid kubeconfig: ${JSON.stringify(current)} set as current-context, but not found in context list`);
  const userName = ctx.context?.user ?? "";
  if (userName === "") throw new KubeadmError(`the file ${JSON.stringify(file)} is not a valid kubeconfig: empty username for current context`);
  const users = (kc.users ?? []) as Array<{ name: string; user?: Record<string, unknown> }>;
  const u = users.find((x) => x.name === userName);
  if (!u) throw new KubeadmError(`the file ${JSON.stringify(file)} does not contain authentication for user ${JSON.stringify(nodeName)}`);
  const user = { ...(u.user ?? {}) };
  delete user["client-certificate-data"];
  delete user["client-key-data"];
  user["client-certificate"] = pemPath;
  user["client-key"] = pemPath;
  u.user = user;
  return toKubernetesYaml(kc);
}

/** The real node. */
export function realInitNode(deps: InitNodeDeps): InitNode {
  const init = deps.initSystem ?? (() => hostInitSystem());
  const svcOut = { print: (l: string) => void deps.out.write(`${l}\n`), warn: (l: string) => deps.warn(l) };
  return {
    async ensureEtcdDataDir(dir) {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    },
    async etcdManifestWritten() {},
    stopKubelet: () => tryStopKubelet(init(), svcOut),
    async startKubelet() {
      deps.out.write("[kubelet-start] Starting the kubelet\n");
      await tryStartKubelet(init(), svcOut);
    },
    async showWrittenFiles() {},
    async useRotatingKubeletClientCert(kubeconfigPath, pemPath, nodeName) {
      let text: string;
      try {
        text = await fs.readFile(kubeconfigPath, "utf8");
      } catch (err) {
        throw new KubeadmError(`could not load ${JSON.stringify(kubeconfigPath)}: ${(err as Error).message}`);
      }
      const updated = await kubeconfigWithClientCertFile(text, kubeconfigPath, pemPath, nodeName);
      try {
        await writeFileAtomic(kubeconfigPath, updated, MODE_KUBECONFIG);
      } catch (err) {
        throw new KubeadmError(`failed to serialize ${JSON.stringify(kubeconfigPath)}: ${(err as Error).message}`);
      }
      await tryRestartKubelet(init(), svcOut);
    },
  };
}

/** The dry-run twin: nothing on the node changes; upstream's "[dryrun]"/"Would" lines instead. */
export function dryRunInitNode(deps: Pick<InitNodeDeps, "out">): InitNode {
  return {
    async ensureEtcdDataDir(dir) {
      deps.out.write(`[etcd] Would ensure that ${JSON.stringify(dir)} directory is present\n`);
    },
    async etcdManifestWritten(manifestDir) {
      await printDryRunFiles([fileToPrint("etcd.yaml", manifestDir, DEFAULT_MANIFESTS_DIR)], deps.out);
    },
    async stopKubelet() {},
    async startKubelet() {},
    async showWrittenFiles(dir) {
      deps.out.write(`[dryrun] Wrote certificates, kubeconfig files and control plane manifests to the ${JSON.stringify(dir)} directory\n`);
      deps.out.write("[dryrun] The certificates or kubeconfig files would not be printed due to their sensitive nature\n");
      deps.out.write(`[dryrun] Please examine the ${JSON.stringify(dir)} directory for details about what would be written\n`);
      await printDryRunFiles(
        [
          ...CONTROL_PLANE_COMPONENTS.map((c) => fileToPrint(`${c}.yaml`, dir, DEFAULT_MANIFESTS_DIR)),
          fileToPrint(KUBELET_CONFIG_FILE, dir, KUBELET_RUN_DIR),
          fileToPrint(KUBELET_ENV_FILE, dir, KUBELET_RUN_DIR),
        ],
        deps.out,
      );
    },
    async useRotatingKubeletClientCert() {},
  };
}
