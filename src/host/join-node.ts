/**
 * The node-side effects of `kubeadm join` that are not plain file writes: stopping and starting
 * the kubelet around kubelet-start's files, showing what was written when dry-running, and
 * waiting for the kubelet's TLS bootstrap (kubelet.conf usable), then removing
 * bootstrap-kubelet.conf; beyond upstream, what a failed join left on the node (the kubeadm
 * folders before and after, and whether it started the kubelet). Two implementations with one
 * interface: the real node, and the dry-run twin that prints upstream's "Would ..." lines and
 * leaves nothing (phases never branch on dry-run).
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import { promises as fs } from "node:fs";
import { DEFAULT_ETCD_DATA_DIR, DEFAULT_MANIFESTS_DIR, KUBELET_CONFIG_FILE, KUBELET_ENV_FILE, KUBELET_RUN_DIR, KUBERNETES_DIR } from "../constants.js";
import { changedPaths, snapshotTree, type TreeSnapshot } from "./node-changes.js";
import { fileToPrint, printDryRunFiles, type FileToPrint, type TextSink } from "./dry-run-files.js";
import { hostInitSystem, type InitSystem } from "./initsystem.js";
import { tryStartKubelet, tryStopKubelet } from "./kubelet-service.js";
import { pollUntilTimeout, type Clock } from "../client/poll.js";
import { readKubeconfigFile } from "../client/from-kubeconfig.js";
import { restConfigFromKubeconfig } from "../client/rest-config.js";

const CONTROL_PLANE_COMPONENTS = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;

export interface JoinNode {
  /** kubelet-start: stop the kubelet while its files are rewritten. */
  stopKubelet(): Promise<void>;
  /**
   * kubelet-start, after the kubelet's files: (re)start the kubelet; the dry-run twin prints the
   * files instead (and the static Pod manifests too when the node joins the control plane).
   */
  startKubelet(controlPlane: boolean, writtenDir: string): Promise<void>;
  /** etcd-join, after the etcd manifest: the dry-run twin prints it. */
  etcdManifestWritten(manifestDir: string): Promise<void>;
  /**
   * kubelet-wait-bootstrap: runs `wait` (the kubelet's health, then its TLS bootstrap), then
   * removes bootstrap-kubelet.conf whatever the outcome; the twin only says it would wait.
   */
  waitForKubeletBootstrap(bootstrapKubeconfig: string, wait: () => Promise<void>): Promise<void>;
  /** Before the phases: notes what the node's kubeadm folders hold (beyond upstream; the twin notes nothing). */
  recordBefore(): Promise<void>;
  /**
   * After a failed join (beyond upstream): the paths under the node's kubeadm folders it added or
   * changed (a new folder stands for its contents) and whether it started the kubelet; the twin
   * changed nothing.
   */
  leftovers(): Promise<JoinLeftovers>;
}

/** What a failed join left on the node for `kubeadm reset`. */
export interface JoinLeftovers {
  paths: string[];
  kubeletStarted: boolean;
}

/** The folders a join writes into and `kubeadm reset` empties (the kubelet's and etcd's included). */
export const JOIN_FOLDERS = [KUBERNETES_DIR, KUBELET_RUN_DIR, DEFAULT_ETCD_DATA_DIR] as const;

export interface JoinNodeDeps {
  out: TextSink;
  /** klog-style warning on stderr. */
  warn(msg: string): void;
  /** klog V(1) line on stderr (printed only at -v=1 and above). */
  v1(msg: string): void;
  initSystem?: () => InitSystem | null;
  /** The folders whose changes a failed join reports (default JOIN_FOLDERS). */
  folders?: readonly string[];
}

/**
 * Whether a client can be made from the kubeconfig file (upstream's ClientSetFromFile succeeding):
 * it parses, its current context resolves, the files it names are readable, and a client
 * certificate matches its key.
 */
export async function kubeconfigUsable(file: string): Promise<boolean> {
  try {
    const cfg = await restConfigFromKubeconfig(await readKubeconfigFile(file));
    // certificate and key files that do not load as a pair (client-go would fail at the handshake)
    if (cfg.clientCertError !== undefined) return false;
    if (cfg.certData && cfg.keyData) {
      const cert = new X509Certificate(cfg.certData);
      if (!cert.checkPrivateKey(createPrivateKey(cfg.keyData))) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The real node. */
export function realJoinNode(deps: JoinNodeDeps): JoinNode {
  const init = deps.initSystem ?? (() => hostInitSystem());
  const svcOut = { print: (l: string) => void deps.out.write(`${l}\n`), warn: (l: string) => deps.warn(l) };
  const folders = deps.folders ?? JOIN_FOLDERS;
  let before: TreeSnapshot | undefined;
  let kubeletStarted = false;
  return {
    async stopKubelet() {
      deps.v1("[kubelet-start] Stopping the kubelet");
      await tryStopKubelet(init(), svcOut);
    },
    async etcdManifestWritten() {},
    async startKubelet() {
      deps.out.write("[kubelet-start] Starting the kubelet\n");
      kubeletStarted = true;
      await tryStartKubelet(init(), svcOut);
    },
    async waitForKubeletBootstrap(bootstrapKubeconfig, wait) {
      try {
        await wait();
      } finally {
        await fs.rm(bootstrapKubeconfig, { force: true }).catch(() => undefined);
      }
    },
    async recordBefore() {
      before = await snapshotTree(folders);
    },
    async leftovers() {
      const paths = before ? changedPaths(before, await snapshotTree(folders)) : [];
      return { paths, kubeletStarted };
    },
  };
}

/**
 * Upstream's waitForTLSBootstrappedClient: polls (at once, then every interval) until a client
 * can be made from kubelet.conf; rejects with WaitTimeoutError ("context deadline exceeded").
 */
export async function waitForTLSBootstrappedClient(kubeletKubeconfig: string, timeoutMs: number, intervalMs: number, out: TextSink, clock?: Clock): Promise<void> {
  out.write("[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n");
  await pollUntilTimeout({ intervalMs, timeoutMs, clock, immediate: true }, () => kubeconfigUsable(kubeletKubeconfig));
}

/** The files upstream's PrintFilesIfDryRunning shows after kubelet-start. */
export function joinDryRunFiles(controlPlane: boolean, dir: string): FileToPrint[] {
  return [
    ...(controlPlane ? CONTROL_PLANE_COMPONENTS.map((c) => fileToPrint(`${c}.yaml`, dir, DEFAULT_MANIFESTS_DIR)) : []),
    fileToPrint(KUBELET_CONFIG_FILE, dir, KUBELET_RUN_DIR),
    fileToPrint(KUBELET_ENV_FILE, dir, KUBELET_RUN_DIR),
  ];
}

/** The dry-run twin: nothing on the node changes. */
export function dryRunJoinNode(deps: Pick<JoinNodeDeps, "out">): JoinNode {
  return {
    async stopKubelet() {
      deps.out.write("[kubelet-start] Would stop the kubelet\n");
    },
    async startKubelet(controlPlane, dir) {
      deps.out.write("[kubelet-start] Would start the kubelet\n");
      if (controlPlane) deps.out.write(`[dryrun] Wrote certificates, kubeconfig files and control plane manifests to the ${JSON.stringify(dir)} directory\n`);
      else deps.out.write(`[dryrun] Wrote certificates and kubeconfig files to the ${JSON.stringify(dir)} directory\n`);
      deps.out.write("[dryrun] The certificates or kubeconfig files would not be printed due to their sensitive nature\n");
      deps.out.write(`[dryrun] Please examine the ${JSON.stringify(dir)} directory for details about what would be written\n`);
      await printDryRunFiles(joinDryRunFiles(controlPlane, dir), deps.out);
    },
    async etcdManifestWritten(manifestDir) {
      await printDryRunFiles([fileToPrint("etcd.yaml", manifestDir, DEFAULT_MANIFESTS_DIR)], deps.out);
    },
    async waitForKubeletBootstrap() {
      deps.out.write("[kubelet-wait] Would wait for the kubelet to be bootstrapped\n");
    },
    async recordBefore() {},
    async leftovers() {
      return { paths: [], kubeletStarted: false };
    },
  };
}
