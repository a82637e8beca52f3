/**
 * The data every `kubeadm reset` phase shares (upstream resetData): the ResetConfiguration with
 * flags applied, the cluster's configuration when the API server answers (cfg, null otherwise:
 * worker nodes, or a control plane that is already down), and where things are on this node.
 * The reset workflow (index.ts) loads it lazily as its data initializer.
 */
import { fileExistsSync as existsSync } from "../../host/files.js";
import { certificatesDir } from "../../config/certificates-dir.js";
import { dryRunResetNode, realResetNode, type ResetNode } from "../../host/reset-node.js";
import * as path from "node:path";
import type { Readable, Writable } from "node:stream";
import type { KubeClient } from "../../client/types.js";
import { validateMixedArguments } from "../../config/flags.js";
import { loadResetConfiguration } from "../../config/load.js";
import { streamLogger, type ConfigLogger } from "../../util/log.js";
import type { InitConfiguration, ResetConfiguration } from "../../config/types.js";
import { validateIgnorePreflightErrors } from "../../config/validation.js";
import { ADMIN_KUBECONFIG, DEFAULT_MANIFESTS_DIR, KUBELET_KUBECONFIG, KUBERNETES_DIR } from "../../constants.js";
import type { WorkflowContext } from "../../workflow/types.js";
import { bool, str, strs } from "../init/flags.js";

export interface ResetData {
  /** The cluster's configuration for this node, or null when it could not be fetched. */
  readonly cfg: InitConfiguration | null;
  readonly resetCfg: ResetConfiguration;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly cleanupTmpDir: boolean;
  readonly certificatesDir: string;
  /** The CRI endpoint containers are removed through. */
  readonly criSocket: string;
  readonly ignorePreflightErrors: ReadonlySet<string>;
  /** A client of the cluster (from --kubeconfig), or null. */
  readonly client: KubeClient | null;
  readonly out: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly log: ConfigLogger;
  /** Verbosity (-v): klog V(1) lines. */
  readonly verbosity: number;
  /** What the phases do to the node (real, or the dry-run twin that only prints). */
  readonly node: ResetNode;
}

/** A bool flag when it was set on the command line, else the file's value or the flag's default. */
function boolFlag(ctx: WorkflowContext, name: string, fromFile: boolean): boolean {
  return ctx.changed(name) ? bool(ctx.flags[name]) : fromFile || bool(ctx.flags[name]);
}

export async function initData(ctx: WorkflowContext): Promise<ResetData> {
  const log = streamLogger(ctx.stderr);
  const verbosity = Number(ctx.flags["v"] ?? 0) || 0;
  const v1 = (msg: string, origin: string): void => {
    if (verbosity >= 1) log.info(msg, origin);
  };
  validateMixedArguments(ctx.changedFlags());
  const resetCfg = await loadResetConfiguration({ configPath: str(ctx.flags["config"]), log, skipCRIDetect: true });

  const dryRun = boolFlag(ctx, "dry-run", resetCfg.dryRun);
  const force = boolFlag(ctx, "force", resetCfg.force);
  const cleanupTmpDir = boolFlag(ctx, "cleanup-tmp-dir", resetCfg.cleanupTmpDir);

  // the cluster's configuration, through --kubeconfig (a worker has no admin.conf: no client)
  const kubeconfigPath = str(ctx.flags["kubeconfig"]) || path.join(KUBERNETES_DIR, ADMIN_KUBECONFIG);
  let client: KubeClient | null = null;
  let cfg: InitConfiguration | null = null;
  try {
    const { clientFromKubeconfigFile } = await import("../../client/from-kubeconfig.js");
    client = await clientFromKubeconfigFile(kubeconfigPath);
  } catch {
    v1(`[reset] Could not obtain a client set from the kubeconfig file: ${kubeconfigPath}`, "reset.go:144");
  }
  if (client && dryRun) {
    // dry-run: reads still go to the cluster, and each is printed as upstream's dry-run client does
    const { DryRunClient } = await import("../../client/dry-run-client.js");
    client = new DryRunClient({ writer: ctx.stdout, backing: client });
  }
  if (client) {
    const { fetchInitConfigurationFromCluster } = await import("../../cluster/fetch-init-config.js");
    try {
      cfg = await fetchInitConfigurationFromCluster(client, {
        logPrefix: "reset",
        printf: (t) => ctx.stdout.write(t),
        kubeletKubeconfig: path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG),
        getAPIEndpoint: existsSync(path.join(DEFAULT_MANIFESTS_DIR, "kube-apiserver.yaml")),
        apiCallTimeoutMs: resetCfg.timeouts.kubernetesAPICall,
        log,
      });
    } catch (err) {
      log.warn(`[reset] Unable to fetch the kubeadm-config ConfigMap from cluster: ${(err as Error).message}`, "reset.go:141");
    }
  }

  const ignore = validateIgnorePreflightErrors(strs(ctx.flags["ignore-preflight-errors"]), resetCfg.ignorePreflightErrors);

  // upstream's resetDetectCRISocket, when --cri-socket is not given: the ResetConfiguration's, the
  // node's, else detected on the host
  let criSocket = str(ctx.flags["cri-socket"]);
  if (criSocket === "") {
    criSocket = resetCfg.criSocket || cfg?.nodeRegistration.criSocket || "";
    if (criSocket === "") {
      const { detectCRISocket } = await import("../../config/dynamic-defaults.js");
      const { hostSystemFacts } = await import("../../host/system-facts.js");
      criSocket = await detectCRISocket(hostSystemFacts);
    }
    v1(`[reset] Using specified CRI socket: ${criSocket}`, "reset.go:162");
  }

  // reset writes no certificates: only where they are read (and deleted) matters
  const certDir = certificatesDir({
    flag: ctx.changed("cert-dir") ? str(ctx.flags["cert-dir"]) : undefined,
    configured: [resetCfg.certificatesDir, cfg?.clusterConfiguration.certificatesDir],
  });

  // upstream SetDataInitializer: the config's skipPhases apply when the flag gave none
  if (ctx.workflow.skipPhases.length === 0) ctx.workflow.skipPhases = [...resetCfg.skipPhases];

  return {
    cfg,
    resetCfg,
    dryRun,
    force,
    cleanupTmpDir,
    certificatesDir: certDir.dir,
    criSocket,
    ignorePreflightErrors: new Set(ignore),
    client,
    node: dryRun ? dryRunResetNode({ out: ctx.stdout }) : realResetNode({ out: ctx.stdout, verbose: (m) => v1(m, "cleanupnode.go:103") }),
    out: ctx.stdout,
    stderr: ctx.stderr,
    stdin: process.stdin,
    log,
    verbosity,
  };
}
