/**
 * What `kubeadm upgrade plan` checks and gathers before it computes anything (upstream
 * cmd/upgrade/common.go enforceRequirements), and the pieces the apply and node preflight
 * phases share with it: the root and CoreDNS checks, the ClusterConfiguration print of
 * --print-config, the flag-or-configuration rule.
 */
import * as path from "node:path";
import type { Writable } from "node:stream";
import type { KubeClient } from "../client/types.js";
import type { ClusterConfiguration, InitConfiguration, UpgradeConfiguration } from "../config/types.js";
import { ADMIN_KUBECONFIG, COREDNS_VERSION, KUBELET_KUBECONFIG, KUBERNETES_DIR } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import type { ConfigLogger } from "../util/log.js";
import type { Checker } from "../preflight/checker.js";
import { offlineVersionGetter, kubeVersionGetter, type VersionGetter } from "./versions.js";

/** A flag's value when it was set on the command line, else the configuration's, else the flag's default (upstream ValueFromFlagsOrConfig). */
export function valueFromFlagsOrConfig<T>(changed: boolean, flagValue: T, cfgValue: T | undefined): T {
  if (changed) return flagValue;
  return cfgValue !== undefined ? cfgValue : flagValue;
}

/** "[upgrade/config] Configuration used:" then the ClusterConfiguration as v1beta4 YAML, each line after a tab. */
export async function printConfiguration(cfg: ClusterConfiguration, out: Writable): Promise<void> {
  const { marshalClusterConfiguration } = await import("../config/encode.js");
  const text = marshalClusterConfiguration(cfg);
  out.write("[upgrade/config] Configuration used:\n");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const l of lines) out.write(`\t${l}\n`);
}

/**
 * The CoreDNS Corefile migration of github.com/coredns/corefile-migration, as the CoreDNS
 * preflight checks need it: the plugins it cannot migrate (their notices as text), and whether
 * a migration succeeds (throws its error otherwise). Versions without the leading "v".
 */
export interface CorefileMigrator {
  unsupported(from: string, to: string, corefile: string): Promise<string[]>;
  migrate(from: string, to: string, corefile: string): Promise<void>;
}

/** The checks CoreDNSUnsupportedPlugins and CoreDNSMigration (upstream RunCoreDNSMigrationCheck's list). */
export function coreDNSMigrationChecks(client: KubeClient, migrator: CorefileMigrator, out: Writable, v1: (msg: string, origin: string) => void = () => undefined): Checker[] {
  const target = COREDNS_VERSION.replace(/^v+/, "");
  const info = async () => {
    const { coreDNSInfo } = await import("../cluster/coredns.js");
    const i = await coreDNSInfo(client);
    return { corefile: i.corefile, current: i.version.replace(/^v+/, "") };
  };
  const run = async (f: () => Promise<void>) => {
    try {
      await f();
      return { warnings: [], errors: [] };
    } catch (err) {
      return { warnings: [], errors: [(err as Error).message] };
    }
  };
  return [
    {
      name: "CoreDNSUnsupportedPlugins",
      check: () =>
        run(async () => {
          v1("validating if there are any unsupported CoreDNS plugins in the Corefile", "preflight.go:77");
          const { corefile, current } = await info();
          if (current === target) return;
          const plugins = await migrator.unsupported(current, target, corefile);
          if (plugins.length === 0) return;
          out.write(
            "[preflight] The corefile contains plugins that kubeadm/CoreDNS does not know how to migrate. " +
              "Each plugin listed should be manually verified for compatibility with the newer version of CoreDNS. " +
              "Once ready, the upgrade can be initiated by skipping the preflight check. During the upgrade, " +
              "kubeadm will migrate the configuration while leaving the listed plugin configs untouched, " +
              "but cannot guarantee that they will work with the newer version of CoreDNS.\n",
          );
          throw new Error(`CoreDNS cannot migrate the following plugins:\n[${plugins.join(" ")}]`);
        }),
    },
    {
      name: "CoreDNSMigration",
      check: () =>
        run(async () => {
          v1("validating if migration can be done for the current CoreDNS release.", "preflight.go:109");
          const { corefile, current } = await info();
          try {
            await migrator.migrate(current, target, corefile);
          } catch (err) {
            throw new Error(`CoreDNS will not be upgraded: ${(err as Error).message}`);
          }
        }),
    },
  ];
}

export interface UpgradeChecksOptions {
  ignore: ReadonlySet<string>;
  /** stdout (the CoreDNS plugins notice). */
  out: Writable;
  /** Warnings and the fatal-errors block. */
  stderr: Writable;
  log: ConfigLogger;
  migrator?: CorefileMigrator;
  verbosity?: number;
}

/** The CoreDNS migration checks (upstream upgrade.RunCoreDNSMigrationCheck). */
export async function runCoreDNSMigrationCheck(client: KubeClient, o: UpgradeChecksOptions): Promise<void> {
  const { runPreflightChecks } = await import("../preflight/run.js");
  const v1 = (m: string, origin: string): void => {
    if ((o.verbosity ?? 0) >= 1) o.log.info(m, origin);
  };
  await runPreflightChecks(coreDNSMigrationChecks(client, o.migrator ?? (await import("./corefile-migration.js")).corefileMigrator, o.out, v1), { ignore: o.ignore, stdout: o.out, stderr: o.stderr, logger: o.log });
}

export interface EnforceRequirementsOptions {
  /** --config ("" without). */
  cfgPath: string;
  /** --kubeconfig. */
  kubeConfigPath: string;
  /** --ignore-preflight-errors. */
  ignorePreflightErrors: string[];
  /** The positional [version] arguments. */
  args: string[];
  /** --print-config: its value and whether it was set. */
  printConfig: { value: boolean; changed: boolean };
  /** The printer's stdout; null for structured output (-o json|yaml), which prints no progress. */
  out: Writable | null;
  stderr: Writable;
  log: ConfigLogger;
  verbosity: number;
  migrator?: CorefileMigrator;
  /** Default /etc/kubernetes/manifests (tests). */
  manifestsDir?: string;
  /** The client (tests); default one from kubeConfigPath. */
  client?: KubeClient;
}

export interface Requirements {
  client: KubeClient;
  versionGetter: VersionGetter;
  /** The cluster's configuration for this node (kubernetesVersion still the cluster's). */
  initCfg: InitConfiguration;
  upgradeCfg: UpgradeConfiguration;
  ignorePreflightErrors: ReadonlySet<string>;
}

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * `upgrade plan`'s preparation (upstream enforceRequirements with upgradeApply=false, never
 * dry-run): the UpgradeConfiguration, a client, the root and CoreDNS checks, the cluster's
 * configuration, the cluster health checks, deprecated feature gates, --print-config, and a
 * version getter that answers labels with the requested version when one is named.
 */
export async function enforceRequirements(o: EnforceRequirementsOptions): Promise<Requirements> {
  const { loadUpgradeConfiguration } = await import("../config/load.js");
  let upgradeCfg: UpgradeConfiguration;
  try {
    upgradeCfg = await loadUpgradeConfiguration({ configPath: o.cfgPath, log: o.log, skipCRIDetect: true });
  } catch (err) {
    throw new KubeadmError(`[upgrade/upgrade config] FATAL: ${msg(err)}`);
  }

  let client = o.client;
  if (!client) {
    const { clientFromKubeconfigFile } = await import("../client/from-kubeconfig.js");
    try {
      client = await clientFromKubeconfigFile(o.kubeConfigPath);
    } catch (err) {
      throw new KubeadmError(`couldn't create a Kubernetes client from file "${o.kubeConfigPath}": ${msg(err)}`);
    }
    try {
      return await requirementsWith(client, upgradeCfg, o);
    } catch (err) {
      client.close();
      throw err;
    }
  }
  return requirementsWith(client, upgradeCfg, o);
}

async function requirementsWith(client: KubeClient, upgradeCfg: UpgradeConfiguration, o: EnforceRequirementsOptions): Promise<Requirements> {

  const { validateIgnorePreflightErrors } = await import("../config/validation.js");
  const ignore = new Set(validateIgnorePreflightErrors(o.ignorePreflightErrors, upgradeCfg.plan.ignorePreflightErrors));

  if (o.verbosity >= 1) o.log.info("running preflight checks", "common.go:91");
  const sink = o.out ?? { write: () => true };
  o.out?.write("[preflight] Running pre-flight checks.\n");
  const { runRootCheckOnly } = await import("../preflight/run.js");
  await runRootCheckOnly({ ignore, stdout: sink as Writable, stderr: o.stderr, logger: o.log });
  await runCoreDNSMigrationCheck(client, { ignore, out: sink as Writable, stderr: o.stderr, log: o.log, verbosity: o.verbosity, ...(o.migrator ? { migrator: o.migrator } : {}) });

  const { fileExistsSync } = await import("../host/files.js");
  const { DEFAULT_MANIFESTS_DIR } = await import("../constants.js");
  const manifestsDir = o.manifestsDir ?? DEFAULT_MANIFESTS_DIR;
  const { fetchInitConfigurationFromCluster } = await import("../cluster/fetch-init-config.js");
  let initCfg: InitConfiguration;
  try {
    initCfg = await fetchInitConfigurationFromCluster(client, {
      logPrefix: "upgrade/config",
      printf: (t) => void o.out?.write(t),
      kubeletKubeconfig: path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG),
      getAPIEndpoint: fileExistsSync(path.join(manifestsDir, "kube-apiserver.yaml")),
      apiCallTimeoutMs: upgradeCfg.timeouts.kubernetesAPICall,
      loadComponentConfigs: true,
      log: o.log,
      v1: (m, origin) => {
        if (o.verbosity >= 1) o.log.info(m, origin);
      },
    });
  } catch (err) {
    throw new KubeadmError(`[upgrade/init config] FATAL: ${msg(err)}`);
  }

  let target = upgradeCfg.plan.kubernetesVersion;
  if (o.args.length === 1) target = o.args[0]!;

  const { checkClusterHealth } = await import("./health.js");
  try {
    await checkClusterHealth({
      client,
      cfg: initCfg.clusterConfiguration,
      ignore,
      dryRun: false,
      out: o.out,
      stderr: o.stderr,
      log: o.log,
      verbosity: o.verbosity,
      manifestsDir,
    });
  } catch (err) {
    throw new KubeadmError(`[upgrade/health] FATAL: ${msg(err)}`);
  }

  const { checkDeprecatedFeatureGates } = await import("../config/features.js");
  for (const m of Object.values(checkDeprecatedFeatureGates(initCfg.clusterConfiguration.featureGates ?? {}))) o.out?.write(`[upgrade/config] ${m}\n`);

  const printConfig = valueFromFlagsOrConfig(o.printConfig.changed, o.printConfig.value, upgradeCfg.plan.printConfig);
  if (printConfig && o.out) await printConfiguration(initCfg.clusterConfiguration, o.out);

  const versionGetter = offlineVersionGetter(kubeVersionGetter(client, { log: o.log }), target);
  return { client, versionGetter, initCfg, upgradeCfg, ignorePreflightErrors: ignore };
}

/** The admin kubeconfig, the default of --kubeconfig for plan, apply and diff. */
export const DEFAULT_ADMIN_KUBECONFIG = path.join(KUBERNETES_DIR, ADMIN_KUBECONFIG);

/** upstream's ValidateExactArgNumber. */
export function validateExactArgNumber(args: readonly string[], supported: readonly string[]): void {
  let valid = 0;
  for (const a of args) {
    if (a.length > 0) valid++;
    if (valid > supported.length) throw new KubeadmError(`too many arguments. Required arguments: [${supported.join(" ")}]`);
  }
  if (valid < supported.length) throw new KubeadmError(`missing one or more required arguments. Required arguments: [${supported.join(" ")}]`);
}
