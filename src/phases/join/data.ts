/**
 * The data every `kubeadm join` phase shares (upstream's joinData, built by newJoinData): the
 * JoinConfiguration from --config or from the flags, with upstream's flag rules (--token feeds
 * both discovery and TLS bootstrap, the positional argument is the API server endpoint, control
 * plane flags need --control-plane), the union of ignored preflight errors, and — on first use —
 * the discovered TLS bootstrap kubeconfig (src/discovery/for.ts).
 * The join workflow (index.ts) loads it lazily as its data initializer.
 */
import { goQuote } from "../../util/go-quote.js";
import { fileExistsSync as existsSync } from "../../host/files.js";
import * as path from "node:path";
import type { Writable } from "node:stream";
import { validateMixedArguments } from "../../config/flags.js";
import { loadJoinConfiguration } from "../../config/load.js";
import { streamLogger, type ConfigLogger } from "../../util/log.js";
import type { InitConfiguration, JoinConfiguration, Taint } from "../../config/types.js";
import { validateIgnorePreflightErrors } from "../../config/validation.js";
import { ADMIN_KUBECONFIG, KUBERNETES_DIR } from "../../constants.js";
import type { Kubeconfig } from "../../kubeconfig/read.js";
import { KubeadmError } from "../../util/errors.js";
import { dryRunDirectory } from "../../host/dry-run-dir.js";
import type { WorkflowContext } from "../../workflow/types.js";
import { bool, str, strs } from "../init/flags.js";
import { verifyAPIServerBindAddress } from "../../config/bind-address.js";
import { dryRunJoinNode, realJoinNode, type JoinNode } from "../../host/join-node.js";
import { dryRunControlPlaneWaiter, realControlPlaneWaiter, type ControlPlaneWaiter } from "../../host/control-plane-health.js";
import type { KubeClient } from "../../client/types.js";
import type { StackedEtcdJoiner } from "../../etcd/join.js";
import { DEFAULT_MANIFESTS_DIR, KUBELET_KUBECONFIG, KUBELET_RUN_DIR } from "../../constants.js";

export interface JoinData {
  readonly cfg: JoinConfiguration;
  readonly ignorePreflightErrors: ReadonlySet<string>;
  readonly dryRun: boolean;
  /** The temp dir dry-run writes into ("" otherwise). */
  readonly dryRunDir: string;
  readonly patchesDir: string;
  readonly out: Writable;
  readonly stderr: Writable;
  readonly log: ConfigLogger;
  readonly verbosity: number;
  /** /etc/kubernetes, or the dry-run directory. */
  readonly kubeConfigDir: string;
  /** /var/lib/kubelet, or the dry-run directory. */
  readonly kubeletDir: string;
  /** /etc/kubernetes/kubelet.conf, the TLS bootstrap's result (also when dry-running, as upstream). */
  readonly kubeletKubeconfigPath: string;
  /** /etc/kubernetes/manifests, or the dry-run directory. */
  readonly manifestDir: string;
  /** Node-side effects (real, or the dry-run twin). */
  readonly node: JoinNode;
  /** Kubelet and control-plane health checks (the dry-run twin only prints). */
  readonly waiter: ControlPlaneWaiter;
  /** The stacked etcd cluster a control plane joins (the dry-run twin only prints). */
  etcd(): Promise<StackedEtcdJoiner>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** When this run started: the certificates and kubeconfigs it makes share it. */
  readonly startTime: Date;
  /** Where certificates are written: the cluster's certificatesDir, or the dry-run directory (needs initCfg). */
  certificateWriteDir(): Promise<string>;
  /**
   * The client with admin.conf's identity (upstream joinData.Client): when dry-running, the
   * DryRunClient with join's reactors, reading through the TLS bootstrap identity once discovered.
   */
  client(): Promise<KubeClient>;
  /**
   * control-plane-join mark-control-plane: the control-plane label and taints on this node through
   * admin.conf's client; the dry-run twin only says it would.
   */
  markControlPlane(nodeName: string, taints: Taint[] | null | undefined): Promise<void>;
  /** The kubeconfig for the TLS bootstrap: discovery on first use (admin.conf when it was found for a control-plane join). */
  tlsBootstrapCfg(): Promise<Kubeconfig>;
  /**
   * The cluster's configuration for this node on first use: kubeadm-config read with the TLS
   * bootstrap identity (after discovery), this node's registration and API endpoint from the
   * JoinConfiguration; the TLS bootstrap kubeconfig's cluster is renamed to the cluster's name.
   */
  initCfg(): Promise<InitConfiguration>;
}

const CONTROL_PLANE_FLAGS = ["certificate-key", "apiserver-advertise-address", "apiserver-bind-port"];
const DEFAULT_BIND_PORT = 6443;

/**
 * The cluster's configuration for a joining node (upstream fetchInitConfigurationFromJoinConfiguration):
 * kubeadm-config and the component configs read with the TLS bootstrap identity; the TLS bootstrap
 * kubeconfig's cluster renamed to the cluster's name (in place); this node's registration and API
 * endpoint from the JoinConfiguration.
 */
export async function fetchJoinInitConfiguration(
  cfg: JoinConfiguration,
  kc: Kubeconfig,
  o: { printf(text: string): void; log: ConfigLogger; v1?(msg: string, origin: string): void; /** The dry-run client (else one with the TLS bootstrap identity). */ client?: KubeClient },
): Promise<InitConfiguration> {
  const v1 = o.v1 ?? (() => undefined);
  v1("[preflight] Fetching init configuration", "join.go:567");
  v1("[preflight] Retrieving KubeConfig objects", "join.go:681");
  const { restConfigFromKubeconfig } = await import("../../client/rest-config.js");
  const { newKubeClient } = await import("../../client/http-client.js");
  const { fetchInitConfigurationFromCluster } = await import("../../cluster/fetch-init-config.js");
  const { clusterFromKubeconfig } = await import("../../discovery/token.js");
  let client = o.client;
  if (!client) {
    try {
      client = newKubeClient({ ...(await restConfigFromKubeconfig(kc)), timeoutMs: 10_000 });
    } catch (err) {
      throw new KubeadmError(`unable to access the cluster: ${(err as Error).message}`);
    }
  }
  let init: InitConfiguration;
  try {
    init = await fetchInitConfigurationFromCluster(client, {
      logPrefix: "preflight",
      printf: o.printf,
      kubeletKubeconfig: "",
      getAPIEndpoint: false,
      newNode: true,
      loadComponentConfigs: true,
      apiCallTimeoutMs: cfg.timeouts.kubernetesAPICall,
      log: o.log,
      v1,
    });
  } catch (err) {
    throw new KubeadmError(`unable to fetch the kubeadm-config ConfigMap: ${(err as Error).message}`);
  } finally {
    if (!o.client) client.close();
  }
  // the TLS bootstrap kubeconfig's cluster takes the cluster's name (bootstrap-kubelet.conf shows it)
  let cluster;
  try {
    cluster = clusterFromKubeconfig(kc).cluster;
  } catch (err) {
    throw new KubeadmError(`the TLS bootstrap kubeconfig is malformed: ${(err as Error).message}`);
  }
  const name = init.clusterConfiguration.clusterName;
  kc.clusters = new Map([[name, cluster]]);
  const current = kc.contexts.get(kc.currentContext);
  if (!current) {
    throw new KubeadmError(`the TLS bootstrap kubeconfig is malformed: ${goQuote(kc.currentContext)} set as current-context, but not found in context list`);
  }
  current.cluster = name;
  init.nodeRegistration = cfg.nodeRegistration;
  if (cfg.controlPlane) init.localAPIEndpoint = cfg.controlPlane.localAPIEndpoint;
  return init;
}

/** Where upstream's discovery logs a verbose line (klog's file:line), by its text. */
export function discoveryLogOrigin(line: string, fileDiscovery: boolean): string {
  const table: Array<[RegExp, string]> = [
    [/^\[discovery\] Created cluster-info discovery client/, fileDiscovery ? "file.go:89" : "token.go:71"],
    [/no TLS pinning was specified/, "token.go:113"],
    [/again to validate TLS against the pinned public key/, "token.go:126"],
    [/validates against pinned roots/, "token.go:149"],
    [/^\[discovery\] Waiting for the cluster-info ConfigMap to receive a JWS signature/, "token.go:229"],
    [/^\[discovery\] Retrying due to error: failed to request/, "token.go:236"],
    [/^\[discovery\] Retrying due to error/, "token.go:249"],
    [/Using provided TLSBootstrapToken/, "discovery.go:57"],
    [/Using CA certificate from discovery kubeconfig/, "discovery.go:85"],
    [/Using authentication credentials from the discovery file/, "file.go:70"],
    [/Discovery file does not contains authentication credentials/, "file.go:79"],
    [/ConfigMap, will try again/, "file.go:105"],
    [/isn't set up properly/, "file.go:123"],
    [/Synced CertificateAuthorityData/, "file.go:137"],
  ];
  return table.find(([re]) => re.test(line))?.[1] ?? "discovery.go:0";
}

export async function initData(ctx: WorkflowContext): Promise<JoinData> {
  const startTime = new Date();
  const log = streamLogger(ctx.stderr);
  const verbosity = Number(ctx.flags["v"] ?? 0) || 0;
  const v1 = (msg: string, origin: string): void => {
    if (verbosity >= 1) log.info(msg, origin);
  };
  const f = ctx.flags;
  const set = (name: string): boolean => ctx.changed(name);
  validateMixedArguments(ctx.changedFlags());

  // the JoinConfiguration the flags describe (external v1beta4 form)
  const token = str(f["token"]);
  const bootstrapToken: Record<string, unknown> = {};
  if (str(f["discovery-token"])) bootstrapToken.token = str(f["discovery-token"]);
  if (set("discovery-token-ca-cert-hash")) bootstrapToken.caCertHashes = strs(f["discovery-token-ca-cert-hash"]);
  if (bool(f["discovery-token-unsafe-skip-ca-verification"])) bootstrapToken.unsafeSkipCAVerification = true;
  const discovery: Record<string, unknown> = {};
  if (str(f["tls-bootstrap-token"])) discovery.tlsBootstrapToken = str(f["tls-bootstrap-token"]);
  // --token: for both discovery and the TLS bootstrap, where those are not given
  if (token) {
    if (!discovery.tlsBootstrapToken) discovery.tlsBootstrapToken = token;
    if (!bootstrapToken.token) bootstrapToken.token = token;
  }
  if (str(f["discovery-file"])) discovery.file = { kubeConfigPath: str(f["discovery-file"]) };
  // the positional argument is the API server endpoint of token discovery
  if (ctx.args.length > 0) {
    if (!str(f["config"]) && ctx.args.length > 1) {
      log.warn(`[preflight] WARNING: More than one API server endpoint supplied on command line [${ctx.args.join(" ")}]. Using the first one.`, "join.go:382");
    }
    discovery.bootstrapToken = { ...bootstrapToken, apiServerEndpoint: ctx.args[0] };
  }
  const ext: Record<string, unknown> = { discovery };
  const nodeName = str(f["node-name"]);
  const criSocket = str(f["cri-socket"]);
  const nodeRegistration: Record<string, unknown> = {};
  if (nodeName) nodeRegistration.name = nodeName;
  if (criSocket) nodeRegistration.criSocket = criSocket;
  if (Object.keys(nodeRegistration).length > 0) ext.nodeRegistration = nodeRegistration;

  const controlPlane = bool(f["control-plane"]);
  const certificateKey = str(f["certificate-key"]);
  const advertiseAddress = str(f["apiserver-advertise-address"]);
  const bindPort = typeof f["apiserver-bind-port"] === "number" ? (f["apiserver-bind-port"] as number) : DEFAULT_BIND_PORT;
  if (controlPlane) {
    ext.controlPlane = { certificateKey, localAPIEndpoint: { advertiseAddress, bindPort } };
  } else if (certificateKey !== "" || advertiseAddress !== "" || bindPort !== DEFAULT_BIND_PORT) {
    log.warn(`[preflight] WARNING: --control-plane is also required when passing control-plane related flags such as [${CONTROL_PLANE_FLAGS.join(", ")}]`, "join.go:402");
  }

  // admin.conf present on a control-plane join (phases run one by one): it replaces discovery
  const adminConf = path.join(KUBERNETES_DIR, ADMIN_KUBECONFIG);
  let tlsBootstrap: Kubeconfig | undefined;
  if (controlPlane && existsSync(adminConf)) {
    v1(`[preflight] found ${adminConf}. Use it for skipping discovery`, "join.go:413");
    const { readKubeconfigFile } = await import("../../client/from-kubeconfig.js");
    try {
      tlsBootstrap = await readKubeconfigFile(adminConf);
    } catch (err) {
      throw new KubeadmError(`Error loading ${adminConf}: ${(err as Error).message}`);
    }
  }
  if (!nodeName) v1("[preflight] found NodeName empty; using OS hostname as NodeName", "join.go:423");
  if (controlPlane && !advertiseAddress) v1("[preflight] found advertiseAddress empty; using default interface's IP address as advertiseAddress", "join.go:427");

  // a phase without discovery flags (e.g. control-plane-prepare control-plane) discovers through admin.conf
  if (!ctx.workflow.invokedCommandHasFlag("discovery-file")) {
    if (!existsSync(adminConf)) {
      throw new KubeadmError(`File ${adminConf} does not exists. Please use 'kubeadm join phase control-plane-prepare' subcommands to generate it.`);
    }
    v1(`[preflight] found discovery flags missing for this command. using FileDiscovery: ${adminConf}`, "join.go:435");
    discovery.file = { kubeConfigPath: adminConf };
    delete discovery.bootstrapToken;
  }

  const cfg = await loadJoinConfiguration({
    configPath: str(f["config"]),
    fromFlags: { join: ext },
    log,
    skipCRIDetect: !ctx.workflow.invokedCommandHasFlag("cri-socket"),
  });

  const ignore = validateIgnorePreflightErrors(strs(f["ignore-preflight-errors"]), cfg.nodeRegistration.ignorePreflightErrors);
  cfg.nodeRegistration.ignorePreflightErrors = ignore;
  if (nodeName) cfg.nodeRegistration.name = nodeName;
  if (criSocket) cfg.nodeRegistration.criSocket = criSocket;
  if (cfg.controlPlane) verifyAPIServerBindAddress(cfg.controlPlane.localAPIEndpoint.advertiseAddress);

  // upstream's data initializer: the config's skipPhases apply when the flag gave none
  if (ctx.workflow.skipPhases.length === 0) ctx.workflow.skipPhases = [...cfg.skipPhases];

  const dryRun = ctx.changed("dry-run") ? bool(f["dry-run"]) : cfg.dryRun || bool(f["dry-run"]);
  const dryRunDir = bool(f["dry-run"]) || cfg.dryRun ? await dryRunDirectory("join", ctx.env, log) : "";

  let discovered: Promise<Kubeconfig> | undefined = tlsBootstrap ? Promise.resolve(tlsBootstrap) : undefined;
  let fetched: Promise<InitConfiguration> | undefined;
  const tlsBootstrapCfg = (): Promise<Kubeconfig> => {
    if (!discovered) {
      v1("[preflight] Discovering cluster-info", "join.go:553");
      discovered = (async () => {
        const m = await import("../../discovery/for.js");
        // dry-run: token discovery reads cluster-info through the dry-run client (upstream's
        // joinData.Client() before discovery: the insecure bootstrap endpoint as its backing)
        let dryRunDiscovery: Pick<import("../../discovery/for.js").DiscoveryOptions, "getClusterInfo" | "dryRun"> = {};
        if (dryRun && cfg.discovery.bootstrapToken && !cfg.discovery.file) {
          const c = await import("../../client/index.js");
          const backing = c.newKubeClient(c.anonymousRestConfig(`https://${cfg.discovery.bootstrapToken.apiServerEndpoint}`, { insecureSkipTLSVerify: true, timeoutMs: 10_000 }));
          const dry = c.installJoinReactors(new c.DryRunClient({ writer: ctx.stdout, backing }));
          dryRunDiscovery = {
            getClusterInfo: () => dry.get("configmaps", "cluster-info", "kube-public"),
            dryRun: { warn: (msg) => log.warn(msg, "token.go:274") },
          };
        }
        return m.discoverTLSBootstrapKubeconfig(
          {
            ...(cfg.discovery.bootstrapToken ? { bootstrapToken: cfg.discovery.bootstrapToken } : {}),
            ...(cfg.discovery.file ? { file: { kubeConfigPath: cfg.discovery.file.kubeConfigPath } } : {}),
            tlsBootstrapToken: cfg.discovery.tlsBootstrapToken,
          },
          {
            timeoutMs: cfg.timeouts.discovery,
            log: (l) => v1(l, discoveryLogOrigin(l, cfg.discovery.file !== undefined)),
            warn: (l) => log.warn(l, /different from the endpoint/.test(l) ? "file.go:132" : "file.go:102"),
            ...dryRunDiscovery,
          },
        );
      })();
    }
    return discovered;
  };
  const initCfg = (): Promise<InitConfiguration> => {
    fetched ??= tlsBootstrapCfg().then(async (kc) =>
      fetchJoinInitConfiguration(cfg, kc, { printf: (t) => ctx.stdout.write(t), log, v1: (m, o) => v1(m, o), ...(dryRun ? { client: await client() } : {}) }),
    );
    return fetched;
  };
  let clientPromise: Promise<KubeClient> | undefined;
  const client = (): Promise<KubeClient> =>
    (clientPromise ??= (async () => {
      const c = await import("../../client/index.js");
      if (dryRun) {
        let backing: KubeClient | undefined;
        const kc = discovered ? await discovered.catch(() => undefined) : undefined;
        if (kc) backing = await c.dryRunBackingClient(kc, { timeoutMs: 10_000 });
        return c.installJoinReactors(new c.DryRunClient({ writer: ctx.stdout, ...(backing ? { backing } : {}) }));
      }
      try {
        return await c.clientFromKubeconfigFile(adminConf, { timeoutMs: 10_000 });
      } catch (err) {
        throw new KubeadmError(`[preflight] couldn't create Kubernetes client: ${(err as Error).message}`);
      }
    })());
  const out = ctx.stdout;
  let etcdJoiner: StackedEtcdJoiner | undefined;
  return {
    cfg,
    kubeConfigDir: dryRun ? dryRunDir : KUBERNETES_DIR,
    kubeletDir: dryRun ? dryRunDir : KUBELET_RUN_DIR,
    kubeletKubeconfigPath: path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG),
    manifestDir: dryRun ? dryRunDir : DEFAULT_MANIFESTS_DIR,
    node: dryRun
      ? dryRunJoinNode({ out })
      : realJoinNode({
          out,
          // upstream's TryStartKubelet warns at kubelet.go:43, TryStopKubelet at kubelet.go:63
          warn: (m) => log.warn(m, /unable to start/.test(m) ? "kubelet.go:43" : "kubelet.go:63"),
          v1: (m) => v1(m, "kubelet.go:191"),
        }),
    waiter: dryRun ? dryRunControlPlaneWaiter(out) : realControlPlaneWaiter({ out }),
    etcd: async () => {
      const { dryRunEtcdJoiner, realEtcdJoiner } = await import("../../etcd/join.js");
      etcdJoiner ??= dryRun
        ? dryRunEtcdJoiner(out)
        : realEtcdJoiner({
            out,
            client,
            etcdOptions: {
              apiCallTimeoutMs: cfg.timeouts.etcdAPICall,
              kubernetesAPICallTimeoutMs: cfg.timeouts.kubernetesAPICall,
              verbose: (level, m) => {
                if (verbosity >= level) log.info(m, "etcd.go:0");
              },
            },
          });
      return etcdJoiner;
    },
    env: ctx.env,
    startTime,
    certificateWriteDir: async () => (dryRun ? dryRunDir : (await initCfg()).clusterConfiguration.certificatesDir),
    client,
    markControlPlane: dryRun
      ? async (nodeName) => {
          out.write(`[control-plane-join] Would mark node ${nodeName} as a control-plane\n`);
        }
      : async (nodeName, taints) => {
          let c: KubeClient;
          try {
            c = await client();
          } catch (err) {
            throw new KubeadmError(`couldn't create Kubernetes client: ${(err as Error).message}`, 1, { cause: err });
          }
          const { markControlPlane } = await import("../../cluster/mark-control-plane.js");
          try {
            await markControlPlane(c, nodeName, taints, out);
          } catch (err) {
            throw new KubeadmError(`error applying control-plane label and taints: ${(err as Error).message}`, 1, { cause: err });
          }
        },
    ignorePreflightErrors: new Set(ignore),
    dryRun,
    dryRunDir,
    patchesDir: str(f["patches"]) || cfg.patches?.directory || "",
    out: ctx.stdout,
    stderr: ctx.stderr,
    log,
    verbosity,
    tlsBootstrapCfg,
    initCfg,
  };
}
