/**
 * The data every `kubeadm upgrade apply` and `kubeadm upgrade node` phase shares (upstream's
 * applyData / nodeData behind the phases' Data interfaces): the UpgradeConfiguration from --config
 * with the flags over it (upstream's ValueFromFlagsOrConfig), the cluster's configuration fetched
 * from kubeadm-config when the data is built (as upstream's initializers do), the client (the
 * dry-run client when dry-running), and where files go. The two workflows (apply/index.ts,
 * node/index.ts) load it lazily as their data initializer.
 */
import * as path from "node:path";
import type { Writable } from "node:stream";
import type { KubeClient } from "../../client/types.js";
import type { InitConfiguration, UpgradeConfiguration } from "../../config/types.js";
import { ADMIN_KUBECONFIG, DEFAULT_MANIFESTS_DIR, KUBELET_KUBECONFIG, KUBELET_RUN_DIR, KUBERNETES_DIR } from "../../constants.js";
import { fileExistsSync } from "../../host/files.js";
import { KubeadmError } from "../../util/errors.js";
import { streamLogger, type ConfigLogger } from "../../util/log.js";
import type { WorkflowContext } from "../../workflow/types.js";
import type { ControlPlaneUpgrader } from "../../upgrade/control-plane.js";
import type { UpgradeNode } from "../../host/upgrade-node.js";
import { bool, str, strs } from "../init/flags.js";
import { validateExactArgNumber, valueFromFlagsOrConfig } from "../../upgrade/common.js";

export type UpgradeWorkflowId = "upgrade-apply" | "upgrade-node";

export interface UpgradeData {
  readonly workflow: UpgradeWorkflowId;
  /** Defaulted, from --config and the flags. */
  readonly cfg: UpgradeConfiguration;
  /** The cluster's configuration (kubeadm-config + this node); fetched by the initializer, as upstream. */
  initCfg(): Promise<InitConfiguration>;
  /** admin.conf (or --kubeconfig) client; the DryRunClient when dry-running. */
  client(): Promise<KubeClient>;
  readonly dryRun: boolean;
  readonly etcdUpgrade: boolean;
  readonly renewCerts: boolean;
  readonly ignorePreflightErrors: ReadonlySet<string>;
  readonly patchesDir: string;
  readonly isControlPlaneNode: boolean;
  readonly kubeConfigPath: string;
  /** apply: the target (normalized by the preflight phase: "v1.37.2"); node: the cluster's kubernetesVersion. */
  readonly targetVersion: string;
  readonly allowExperimentalUpgrades: boolean;
  readonly allowRCUpgrades: boolean;
  readonly force: boolean;
  /** /etc/kubernetes/manifests, or the dry-run directory. */
  readonly manifestDir: string;
  /** /etc/kubernetes, or the dry-run directory. */
  readonly kubeConfigDir: string;
  /** /var/lib/kubelet, or the dry-run directory. */
  readonly kubeletDir: string;
  readonly out: Writable;
  readonly stderr: Writable;
  readonly log: ConfigLogger;
  readonly verbosity: number;

  // ---- beyond the contract's list ----
  /** The temp dir a dry run writes into ("" otherwise). */
  readonly dryRunDir: string;
  /** apply: neither --yes, --force nor --dry-run (upstream SessionIsInteractive); node: false. */
  readonly sessionIsInteractive: boolean;
  readonly printConfig: boolean;
  /**
   * upstream's InteractivelyConfirmAction("upgrade", question): prints
   * "[upgrade] <question> [y/N]: " and reads one line of standard input; anything but y/yes fails.
   */
  confirm(question: string): Promise<void>;
  /** When this run started (backup folder names, renewed certificates). */
  readonly startTime: Date;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Upstream's klog V(level) lines at file:line `origin`. */
  v(level: number, msg: string, origin: string): void;
  /** The control-plane phases' work: the static Pod upgrade, or its dry-run twin that prints the manifests. */
  readonly controlPlane: ControlPlaneUpgrader;
  /** Node effects outside the static Pods (kubelet.conf's server, the kubelet restart), or the dry-run twin. */
  readonly node: UpgradeNode;
  /** Closes the client's connections (the command calls it at the end). */
  close(): void;
}

/** upstream's ValueFromFlagsOrConfig for a bool flag (src/upgrade/common.ts). */
function boolFromFlagsOrConfig(ctx: Pick<WorkflowContext, "changed" | "flags">, name: string, fromConfig: boolean | undefined): boolean {
  return valueFromFlagsOrConfig(ctx.changed(name), bool(ctx.flags[name]), fromConfig);
}

/** upstream's staticpodutil.IsControlPlaneNode: the kube-apiserver static Pod manifest exists. */
export function isControlPlaneNodeOnHost(manifestsDir = DEFAULT_MANIFESTS_DIR): boolean {
  return fileExistsSync(path.join(manifestsDir, "kube-apiserver.yaml"));
}

/**
 * upstream's getClient (cmd/upgrade/common.go): the real client from the kubeconfig; when dry-running
 * the DryRunClient with the upgrade reactors, reading through the kubeconfig when it exists, else
 * answering from fixtures for the node named in kubelet.conf.
 */
export async function upgradeClient(file: string, dryRun: boolean, out: Writable): Promise<KubeClient> {
  const c = await import("../../client/index.js");
  const wrapErr = (err: unknown): KubeadmError =>
    new KubeadmError(`couldn't create a Kubernetes client from file "${file}": ${(err as Error).message}`, 1, { cause: err });
  if (!dryRun) {
    try {
      return await c.clientFromKubeconfigFile(file, { timeoutMs: 10_000 });
    } catch (err) {
      throw wrapErr(err);
    }
  }
  if (fileExistsSync(file)) {
    out.write(`[dryrun] Creating a real client from "${file}"\n`);
    let backing: KubeClient;
    try {
      backing = await c.dryRunBackingClientFromFile(file, { timeoutMs: 10_000 });
    } catch (err) {
      throw wrapErr(err);
    }
    return c.installUpgradeReactors(new c.DryRunClient({ writer: out, backing }), { realClient: true });
  }
  out.write("[dryrun] Dryrunning without a real client\n");
  const { nodeNameFromKubeletKubeconfig } = await import("../../cluster/fetch-init-config.js");
  const nodeName = await nodeNameFromKubeletKubeconfig(path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG));
  return c.installUpgradeReactors(new c.DryRunClient({ writer: out }), { realClient: false, nodeName });
}

interface Common {
  ctx: WorkflowContext;
  log: ConfigLogger;
  verbosity: number;
  v(level: number, msg: string, origin: string): void;
}

function common(ctx: WorkflowContext): Common {
  const log = streamLogger(ctx.stderr);
  const verbosity = Number(ctx.flags["v"] ?? 0) || 0;
  return {
    ctx,
    log,
    verbosity,
    v: (level, msg, origin) => {
      if (verbosity >= level) log.info(msg, origin);
    },
  };
}

async function loadUpgradeCfg(ctx: WorkflowContext, log: ConfigLogger): Promise<UpgradeConfiguration> {
  const { loadUpgradeConfiguration } = await import("../../config/load.js");
  return loadUpgradeConfiguration({ configPath: str(ctx.flags["config"]), log, skipCRIDetect: true });
}

function confirmer(ctx: WorkflowContext): (question: string) => Promise<void> {
  return async (question) => {
    ctx.stdout.write(`[upgrade] ${question} [y/N]: `);
    const { readLine } = await import("../reset/preflight.js");
    const answer = (await readLine(process.stdin)).toLowerCase();
    if (answer !== "y" && answer !== "yes") {
      throw new KubeadmError("won't proceed; the user didn't answer (Y|y) in order to continue");
    }
  };
}

/** The twins of a run: real, or the dry-run ones that only print. */
async function twins(
  ctx: WorkflowContext,
  o: { dryRun: boolean; cfg: UpgradeConfiguration; initCfg: InitConfiguration; client: KubeClient; patchesDir: string; etcdUpgrade: boolean; renewCerts: boolean; log: ConfigLogger; v: Common["v"] },
): Promise<{ controlPlane: ControlPlaneUpgrader; node: UpgradeNode }> {
  const cp = await import("../../upgrade/control-plane.js");
  const un = await import("../../host/upgrade-node.js");
  const c = {
    initCfg: async () => o.initCfg,
    client: async () => o.client,
    patchesDir: o.patchesDir,
    etcdUpgrade: o.etcdUpgrade,
    renewCerts: o.renewCerts,
    upgradeManifestsTimeoutMs: o.cfg.timeouts.upgradeManifests,
    kubernetesDir: KUBERNETES_DIR,
    out: ctx.stdout,
    log: o.log,
    v: o.v,
    env: ctx.env,
  };
  const nodeOut = { out: ctx.stdout, warn: (l: string) => o.log.warn(l, "kubelet.go:0"), v: o.v };
  return o.dryRun
    ? { controlPlane: cp.dryRunControlPlaneUpgrader(c), node: un.dryRunUpgradeNode(nodeOut) }
    : { controlPlane: cp.realControlPlaneUpgrader(c), node: un.realUpgradeNode(nodeOut) };
}

/** What differs between the two workflows' data; assemble() adds the rest. */
interface Parts {
  workflow: UpgradeWorkflowId;
  cfg: UpgradeConfiguration;
  initCfg: InitConfiguration;
  client: KubeClient;
  dryRun: boolean;
  dryRunDir: string;
  etcdUpgrade: boolean;
  renewCerts: boolean;
  ignore: string[];
  patchesDir: string;
  isControlPlaneNode: boolean;
  kubeConfigPath: string;
  allowExperimentalUpgrades: boolean;
  allowRCUpgrades: boolean;
  force: boolean;
  printConfig: boolean;
  sessionIsInteractive: boolean;
  startTime: Date;
}

async function assemble(ctx: WorkflowContext, c: Common, p: Parts): Promise<UpgradeData> {
  const { initCfg, client, dryRun, dryRunDir } = p;
  const t = await twins(ctx, { ...p, log: c.log, v: c.v });
  return {
    ...t,
    close: () => client.close(),
    workflow: p.workflow,
    cfg: p.cfg,
    initCfg: async () => initCfg,
    client: async () => client,
    dryRun,
    dryRunDir,
    etcdUpgrade: p.etcdUpgrade,
    renewCerts: p.renewCerts,
    ignorePreflightErrors: new Set(p.ignore),
    patchesDir: p.patchesDir,
    isControlPlaneNode: p.isControlPlaneNode,
    kubeConfigPath: p.kubeConfigPath,
    get targetVersion() {
      return initCfg.clusterConfiguration.kubernetesVersion;
    },
    allowExperimentalUpgrades: p.allowExperimentalUpgrades,
    allowRCUpgrades: p.allowRCUpgrades,
    force: p.force,
    printConfig: p.printConfig,
    sessionIsInteractive: p.sessionIsInteractive,
    confirm: confirmer(ctx),
    manifestDir: dryRun ? dryRunDir : DEFAULT_MANIFESTS_DIR,
    kubeConfigDir: dryRun ? dryRunDir : KUBERNETES_DIR,
    kubeletDir: dryRun ? dryRunDir : KUBELET_RUN_DIR,
    out: ctx.stdout,
    stderr: ctx.stderr,
    log: c.log,
    verbosity: c.verbosity,
    v: c.v,
    startTime: p.startTime,
    env: ctx.env,
  };
}

/** The dry-run folder of a workflow (upstream GetDryRunDir with the workflow's name), "" when not dry-running. */
async function dryRunDirFor(ctx: WorkflowContext, log: ConfigLogger, dryRun: boolean, prefix: string): Promise<string> {
  if (!dryRun) return "";
  const { dryRunDirectory } = await import("../../host/dry-run-dir.js");
  return dryRunDirectory("upgrade", ctx.env, log, prefix);
}

/** --patches, or the configuration's patches.directory unless the flag was set. */
function patchesDirFor(ctx: WorkflowContext, fromConfig: { directory?: string } | undefined): string {
  if (fromConfig && !ctx.changed("patches")) return fromConfig.directory ?? "";
  return str(ctx.flags["patches"]);
}

/**
 * Beyond upstream: a control-plane node where an earlier `upgrade` was killed. A manifest the
 * killed run moved away is moved back first (its kube-apiserver would never come back otherwise),
 * and the API is waited for while a component it restarted comes up (up to upgradeManifests).
 * Returns that wait's deadline (0: no earlier upgrade left its backups here; upstream's behaviour).
 */
async function recoverOnControlPlane(ctx: WorkflowContext, c: Common, cfg: UpgradeConfiguration, dryRun: boolean, isControlPlaneNode: boolean): Promise<number> {
  if (dryRun || !isControlPlaneNode) return 0;
  const files = await import("../../host/upgrade-files.js");
  if ((await files.tempDirsWithPrefix(KUBERNETES_DIR, "kubeadm-backup-manifests-")).length === 0) return 0;
  const { recoverInterruptedUpgrade } = await import("../../upgrade/staticpods.js");
  await recoverInterruptedUpgrade({ files, kubernetesDir: KUBERNETES_DIR, out: ctx.stdout });
  return Date.now() + cfg.timeouts.upgradeManifests;
}

/** An error of a kube-apiserver that is restarting (not answering yet, or before its RBAC is ready). */
const restartingAPIServer = (err: unknown): boolean => /connection refused|connection reset|EOF|i\/o timeout|TLS handshake|is forbidden|unable to handle the request/.test((err as Error)?.message ?? "");

/**
 * FetchInitConfigurationFromCluster with upgrade's progress prefix; until `waitUntil` a restarting
 * kube-apiserver's errors are retried (its progress lines printed once).
 */
async function fetchClusterConfig(ctx: WorkflowContext, c: Common, client: KubeClient, cfg: UpgradeConfiguration, getAPIEndpoint: boolean, waitUntil = 0): Promise<InitConfiguration> {
  const { fetchInitConfigurationFromCluster } = await import("../../cluster/fetch-init-config.js");
  const printed = new Set<string>();
  for (;;) {
    try {
      return await fetchInitConfigurationFromCluster(client, {
        logPrefix: "upgrade",
        printf: (t) => {
          if (printed.has(t)) return;
          printed.add(t);
          ctx.stdout.write(t);
        },
        kubeletKubeconfig: path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG),
        getAPIEndpoint,
        loadComponentConfigs: true,
        apiCallTimeoutMs: cfg.timeouts.kubernetesAPICall,
        log: c.log,
        v1: (m, o) => c.v(1, m, o),
      });
    } catch (err) {
      if (Date.now() >= waitUntil || !restartingAPIServer(err)) throw err;
      c.v(1, `[upgrade] waiting for the kube-apiserver an interrupted upgrade restarted: ${(err as Error).message}`, "apply.go:250");
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

/** `kubeadm upgrade apply` (upstream newApplyData). */
export async function applyInitData(ctx: WorkflowContext): Promise<UpgradeData> {
  const startTime = new Date();
  const c = common(ctx);
  const f = ctx.flags;
  const cfg = await loadUpgradeCfg(ctx, c.log);

  let upgradeVersion = cfg.apply.kubernetesVersion;
  // the version argument is needed unless the config file gives one; the argument wins
  if (upgradeVersion === "") validateExactArgNumber(ctx.args, ["version"]);
  if (ctx.args.length === 1) upgradeVersion = ctx.args[0]!;

  const { validateIgnorePreflightErrors } = await import("../../config/validation.js");
  const ignore = validateIgnorePreflightErrors(strs(f["ignore-preflight-errors"]), cfg.apply.ignorePreflightErrors);

  const force = boolFromFlagsOrConfig(ctx, "force", cfg.apply.forceUpgrade);
  const dryRun = boolFromFlagsOrConfig(ctx, "dry-run", cfg.apply.dryRun);
  const dryRunDir = await dryRunDirFor(ctx, c.log, dryRun, "kubeadm-upgrade-apply-dryrun");
  const etcdUpgrade = boolFromFlagsOrConfig(ctx, "etcd-upgrade", cfg.apply.etcdUpgrade);
  const renewCerts = boolFromFlagsOrConfig(ctx, "certificate-renewal", cfg.apply.certificateRenewal);
  const allowExperimentalUpgrades = boolFromFlagsOrConfig(ctx, "allow-experimental-upgrades", cfg.apply.allowExperimentalUpgrades);
  const allowRCUpgrades = boolFromFlagsOrConfig(ctx, "allow-release-candidate-upgrades", cfg.apply.allowRCUpgrades);
  const printConfig = boolFromFlagsOrConfig(ctx, "print-config", cfg.apply.printConfig);

  const kubeConfigPath = str(f["kubeconfig"]) || path.join(KUBERNETES_DIR, ADMIN_KUBECONFIG);
  const waitUntil = await recoverOnControlPlane(ctx, c, cfg, dryRun, true);
  const client = await upgradeClient(kubeConfigPath, dryRun, ctx.stdout);

  c.v(1, "[upgrade] retrieving configuration from cluster", "apply.go:250");
  let initCfg: InitConfiguration;
  try {
    initCfg = await fetchClusterConfig(ctx, c, client, cfg, true, waitUntil);
  } catch (err) {
    const { isNotFound } = await import("../../client/api-error.js");
    if (isNotFound(err) || isNotFound((err as { cause?: unknown }).cause)) {
      ctx.stdout.write(`[upgrade] In order to upgrade, a ConfigMap called "kubeadm-config" in the "kube-system" namespace must exist.\n`);
      ctx.stdout.write("[upgrade/config] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n");
      throw new KubeadmError(`[upgrade] FATAL: the ConfigMap "kubeadm-config" in the "kube-system" namespace was not found`, 1, { cause: err });
    }
    throw new KubeadmError(`[upgrade] FATAL: ${(err as Error).message}`, 1, { cause: err });
  }
  initCfg.nodeRegistration.ignorePreflightErrors = [...ignore];
  initCfg.nodeRegistration.imagePullPolicy = cfg.apply.imagePullPolicy;
  initCfg.nodeRegistration.imagePullSerial = cfg.apply.imagePullSerial ?? true;
  initCfg.clusterConfiguration.kubernetesVersion = upgradeVersion;

  if (printConfig) {
    const { printConfiguration } = await import("../../upgrade/common.js");
    await printConfiguration(initCfg.clusterConfiguration, ctx.stdout);
  }
  if (ctx.workflow.skipPhases.length === 0) ctx.workflow.skipPhases = [...cfg.apply.skipPhases];

  return assemble(ctx, c, {
    workflow: "upgrade-apply",
    cfg,
    initCfg,
    client,
    dryRun,
    dryRunDir,
    etcdUpgrade,
    renewCerts,
    ignore,
    patchesDir: patchesDirFor(ctx, cfg.apply.patches),
    isControlPlaneNode: true,
    kubeConfigPath,
    allowExperimentalUpgrades,
    allowRCUpgrades,
    force,
    printConfig,
    sessionIsInteractive: !(bool(f["yes"]) || dryRun || force),
    startTime,
  });
}

/** `kubeadm upgrade node` (upstream newNodeData). */
export async function nodeInitData(ctx: WorkflowContext): Promise<UpgradeData> {
  const startTime = new Date();
  const c = common(ctx);
  const f = ctx.flags;
  const isControlPlaneNode = isControlPlaneNodeOnHost();
  let kubeConfigPath = ctx.changed("kubeconfig") ? str(f["kubeconfig"]) : "";
  if (kubeConfigPath === "") kubeConfigPath = path.join(KUBERNETES_DIR, isControlPlaneNode ? ADMIN_KUBECONFIG : KUBELET_KUBECONFIG);

  const cfg = await loadUpgradeCfg(ctx, c.log);
  const dryRun = boolFromFlagsOrConfig(ctx, "dry-run", cfg.node.dryRun);
  const dryRunDir = await dryRunDirFor(ctx, c.log, dryRun, "kubeadm-upgrade-node-dryrun");
  const waitUntil = await recoverOnControlPlane(ctx, c, cfg, dryRun, isControlPlaneNode);
  const client = await upgradeClient(kubeConfigPath, dryRun, ctx.stdout);

  let initCfg: InitConfiguration;
  try {
    initCfg = await fetchClusterConfig(ctx, c, client, cfg, isControlPlaneNode, waitUntil);
  } catch (err) {
    throw new KubeadmError(`unable to fetch the kubeadm-config ConfigMap: ${(err as Error).message}`, 1, { cause: err });
  }
  const { validateIgnorePreflightErrors } = await import("../../config/validation.js");
  const ignore = validateIgnorePreflightErrors(strs(f["ignore-preflight-errors"]), cfg.node.ignorePreflightErrors);
  initCfg.nodeRegistration.ignorePreflightErrors = [...ignore];
  if (ctx.workflow.skipPhases.length === 0) ctx.workflow.skipPhases = [...cfg.node.skipPhases];

  return assemble(ctx, c, {
    workflow: "upgrade-node",
    cfg,
    initCfg,
    client,
    dryRun,
    dryRunDir,
    etcdUpgrade: boolFromFlagsOrConfig(ctx, "etcd-upgrade", cfg.node.etcdUpgrade),
    renewCerts: boolFromFlagsOrConfig(ctx, "certificate-renewal", cfg.node.certificateRenewal),
    ignore,
    patchesDir: patchesDirFor(ctx, cfg.node.patches),
    isControlPlaneNode,
    kubeConfigPath,
    allowExperimentalUpgrades: false,
    allowRCUpgrades: false,
    force: false,
    printConfig: false,
    sessionIsInteractive: false,
    startTime,
  });
}
