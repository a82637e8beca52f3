/**
 * The data every `kubeadm init` phase shares (upstream initData): the resolved
 * configuration, where files go (dry-run redirects them), the API client (a dry-run twin
 * when dry-running), the node-side effects twin, and the options phases read.
 * The init workflow (index.ts) loads it lazily as its data initializer.
 */
import * as path from "node:path";
import {
  ADMIN_KUBECONFIG,
  DEFAULT_MANIFESTS_DIR,
  KUBELET_RUN_DIR,
  KUBERNETES_DIR,
} from "../../constants.js";
import { parseFeatureGates } from "../../config/features.js";
import { loadInitConfiguration } from "../../config/load.js";
import { streamLogger, type ConfigLogger } from "../../util/log.js";
import type { ClusterConfiguration, InitConfiguration } from "../../config/types.js";
import { validateIgnorePreflightErrors } from "../../config/validation.js";
import { dryRunInitNode, realInitNode, type InitNode } from "../../host/init-node.js";
import { KubeadmError } from "../../util/errors.js";
import { verifyAPIServerBindAddress } from "../../config/bind-address.js";
import { formatBootstrapToken } from "../../util/token.js";
import { certificatesDir, type CertificatesDir } from "../../config/certificates-dir.js";
import { dryRunDirectory } from "../../host/dry-run-dir.js";
import type { WorkflowContext } from "../../workflow/types.js";
import type { KubeClient } from "../../client/types.js";
import type { KeySource } from "../../pki/keypool.js";
import { usingExternalCA, usingExternalFrontProxyCA, validateKubeconfigsForExternalCA } from "./external-ca.js";
import { validateMixedArguments } from "../../config/flags.js";
import { dryRunControlPlaneWaiter, realControlPlaneWaiter, type ControlPlaneWaiter } from "../../host/control-plane-health.js";
import type { Writable } from "node:stream";
import { bool, initDocumentsFromFlags, str, strs } from "./flags.js";

export type TextOut = Writable;

export interface InitData {
  /** The internal InitConfiguration (phases may adjust it in memory, as upstream's do). */
  readonly cfg: InitConfiguration;
  readonly dryRun: boolean;
  /** "" unless dry-running. */
  readonly dryRunDir: string;
  /** Where certificates are read from and written to (the dry-run dir when dry-running). */
  readonly certificatesDir: CertificatesDir;
  readonly kubeConfigDir: string;
  /**
   * External CA mode: where the user's kubeconfig files are. When it is not kubeConfigDir (a dry
   * run: /etc/kubernetes, as upstream), the kubeconfig phase copies them into kubeConfigDir.
   */
  readonly userKubeconfigDir: string;
  /** The admin kubeconfig phases talk to the cluster with. */
  readonly kubeConfigPath: string;
  readonly manifestDir: string;
  readonly kubeletDir: string;
  readonly externalCA: boolean;
  readonly uploadCerts: boolean;
  readonly skipTokenPrint: boolean;
  readonly skipCertificateKeyPrint: boolean;
  readonly patchesDir: string;
  readonly ignorePreflightErrors: ReadonlySet<string>;
  /** stdout. */
  readonly out: TextOut;
  readonly stderr: Writable;
  /** klog-style lines on stderr. */
  readonly log: ConfigLogger;
  /** klog's -v: lines upstream logs at V(n) are printed only when this is at least n. */
  readonly verbosity: number;
  /** When this run started: certificates and kubeconfigs of one run share it. */
  readonly startTime: Date;
  /** Kubelet and control-plane health checks (the dry-run twin only prints). */
  readonly waiter: ControlPlaneWaiter;
  /** Node-side effects (real, or the dry-run twin). */
  readonly node: InitNode;
  /** The environment (for proxy variables in manifests, and overrides). */
  readonly env: Readonly<Record<string, string | undefined>>;
  certificateKey(): string;
  setCertificateKey(key: string): void;
  /** `id.secret` of every bootstrap token. */
  tokens(): string[];
  /** Fresh private keys for the certs and kubeconfig phases, started ahead of them (keys.ts). */
  readonly keys: KeySource;
  /** The singleton API client (a DryRunClient when dry-running). */
  client(): Promise<KubeClient>;
}

/** Upstream manageSkippedAddons: keeps dns/proxy `disabled` and the skipped addon phases in step. */
export function manageSkippedAddons(cluster: ClusterConfiguration, skipPhases: string[]): string[] {
  const out = [...skipPhases];
  let skipDNS = false;
  let skipProxy = false;
  if (out.includes("addon")) {
    skipDNS = skipProxy = true;
    cluster.dns.disabled = true;
    cluster.proxy.disabled = true;
  }
  if (out.includes("addon/coredns")) {
    skipDNS = true;
    cluster.dns.disabled = true;
  }
  if (out.includes("addon/kube-proxy")) {
    skipProxy = true;
    cluster.proxy.disabled = true;
  }
  if (cluster.dns.disabled && !skipDNS) out.push("addon/coredns");
  if (cluster.proxy.disabled && !skipProxy) out.push("addon/kube-proxy");
  return out;
}

export async function initData(ctx: WorkflowContext): Promise<InitData> {
  const startTime = new Date();
  const log = streamLogger(ctx.stderr);
  const featureGates = parseFeatureGates(str(ctx.flags["feature-gates"]), (m) => log.warn(m, "features.go:141"));
  validateMixedArguments(ctx.changedFlags());
  const fromFlags = initDocumentsFromFlags(ctx, featureGates);
  const cfg = await loadInitConfiguration({
    configPath: str(ctx.flags["config"]),
    fromFlags,
    log,
    skipCRIDetect: !ctx.workflow.invokedCommandHasFlag("cri-socket"),
  });

  cfg.nodeRegistration.ignorePreflightErrors = validateIgnorePreflightErrors(
    strs(ctx.flags["ignore-preflight-errors"]),
    cfg.nodeRegistration.ignorePreflightErrors,
  );
  const flagNodeName = str(ctx.flags["node-name"]);
  if (flagNodeName !== "") cfg.nodeRegistration.name = flagNodeName;

  verifyAPIServerBindAddress(cfg.localAPIEndpoint.advertiseAddress);

  const dryRun = ctx.changed("dry-run") ? bool(ctx.flags["dry-run"]) : cfg.dryRun || bool(ctx.flags["dry-run"]);
  const dryRunDir = dryRun ? await dryRunDirectory("init", ctx.env, log) : "";

  const kubeconfigDirFlag = str(ctx.flags["kubeconfig-dir"]) || KUBERNETES_DIR;
  const cluster = cfg.clusterConfiguration;
  const ext = await usingExternalCA(cluster, log);
  if (ext.external) {
    if (ext.error) throw new KubeadmError(`invalid or incomplete external CA: ${ext.error}`);
    await validateKubeconfigsForExternalCA(kubeconfigDirFlag, cfg, (m) => log.warn(m, "kubeconfig.go:260"));
  }
  const extFP = await usingExternalFrontProxyCA(cluster, log);
  if (extFP.external && extFP.error) throw new KubeadmError(`invalid or incomplete external front-proxy CA: ${extFP.error}`);
  const uploadCerts = bool(ctx.flags["upload-certs"]);
  if (uploadCerts && (ext.external || extFP.external)) {
    throw new KubeadmError("can't use upload-certs with an external CA or an external front-proxy CA");
  }

  // upstream SetDataInitializer: the config's skipPhases apply when the flag gave none
  if (ctx.workflow.skipPhases.length === 0) ctx.workflow.skipPhases = [...cfg.skipPhases];
  ctx.workflow.skipPhases = manageSkippedAddons(cluster, ctx.workflow.skipPhases);

  const out: TextOut = ctx.stdout;
  const node = dryRun ? dryRunInitNode({ out }) : realInitNode({ out, warn: (m) => log.warn(m, "kubelet.go:58") });
  const kubeConfigPath = dryRun ? path.join(dryRunDir, ADMIN_KUBECONFIG) : str(ctx.flags["kubeconfig"]) || path.join(KUBERNETES_DIR, ADMIN_KUBECONFIG);
  const patchesFlag = str(ctx.flags["patches"]);

  let clientPromise: Promise<KubeClient> | undefined;
  const data: InitData = {
    cfg,
    dryRun,
    dryRunDir,
    certificatesDir: certificatesDir({ configured: [cluster.certificatesDir], dryRunDir }),
    kubeConfigDir: dryRun ? dryRunDir : kubeconfigDirFlag,
    userKubeconfigDir: dryRun ? KUBERNETES_DIR : kubeconfigDirFlag,
    kubeConfigPath,
    manifestDir: dryRun ? dryRunDir : DEFAULT_MANIFESTS_DIR,
    kubeletDir: dryRun ? dryRunDir : KUBELET_RUN_DIR,
    externalCA: ext.external,
    uploadCerts,
    skipTokenPrint: bool(ctx.flags["skip-token-print"]),
    skipCertificateKeyPrint: bool(ctx.flags["skip-certificate-key-print"]),
    patchesDir: patchesFlag !== "" ? patchesFlag : (cfg.patches?.directory ?? ""),
    ignorePreflightErrors: new Set(cfg.nodeRegistration.ignorePreflightErrors),
    out,
    stderr: ctx.stderr,
    log,
    verbosity: Number(ctx.flags["v"] ?? 0) || 0,
    startTime,
    waiter: dryRun ? dryRunControlPlaneWaiter(out) : realControlPlaneWaiter({ out }),
    node,
    env: ctx.env,
    certificateKey: () => cfg.certificateKey,
    setCertificateKey: (key) => {
      cfg.certificateKey = key;
    },
    tokens: () => cfg.bootstrapTokens.map((t) => formatBootstrapToken(t.token)),
    client: () => (clientPromise ??= makeClient(data)),
    keys: { take: () => Promise.reject(new Error("keys taken before the init data was ready")) },
  };
  // the keys the selected phases will make start now, while preflight runs; an invalid phase
  // selection is reported by the runner, after this
  let selected: string[] = [];
  try {
    selected = ctx.workflow.selectedPhases();
  } catch {
    selected = [];
  }
  const { keysForRun } = await import("./keys.js");
  (data as { keys: KeySource }).keys = await keysForRun(data, selected);
  return data;
}

async function makeClient(data: InitData): Promise<KubeClient> {
  const client = await import("../../client/index.js");
  if (data.dryRun) {
    return client.installInitReactors(new client.DryRunClient({ writer: data.out }));
  }
  const { clientForInit } = await import("./client.js");
  return clientForInit(data);
}
