// The configuration the `kubeadm certs` commands work with (upstream's getInternalCfg in
// cmd/certs.go): with --config, that file; else, when the --kubeconfig file gives a client,
// the cluster's kubeadm-config ConfigMap (--cert-dir still wins); else the defaults.
import type { CommandContext } from "../cli/context.js";
import { encryptionAlgorithmType } from "../config/encryption-algorithm.js";
import { loadInitConfiguration } from "../config/load.js";
import type { ConfigLogger } from "../config/log.js";
import type { InitConfiguration } from "../config/types.js";
import { CURRENT_KUBERNETES_VERSION, KUBEADM_CONFIG_CONFIGMAP } from "../constants.js";
import type { RenewalInput } from "../pki/renewal.js";
import { commandLogger, flagString } from "./config-context.js";

/** Where getInternalCfg's progress lines go: the text printer prints them, json/yaml printers drop them. */
export type Printf = (text: string) => void;

/** The ClusterConfiguration document of the kubeadm-config ConfigMap, or why it could not be read. */
async function clusterConfigurationFromCluster(kubeconfigPath: string): Promise<{ text: string } | { error: unknown } | null> {
  const { clientFromKubeconfigFile } = await import("../client/index.js");
  let client;
  try {
    client = await clientFromKubeconfigFile(kubeconfigPath);
  } catch {
    return null; // no client: straight to --config / defaults, silently (upstream: client == nil)
  }
  try {
    // GetConfigMapWithShortRetry: tries for up to 350 ms, 50 ms apart
    const deadline = Date.now() + 350;
    for (;;) {
      try {
        const cm = await client.get("configmaps", KUBEADM_CONFIG_CONFIGMAP, "kube-system");
        const text = cm.data?.ClusterConfiguration;
        if (text === undefined) return { error: new Error(`unexpected error when reading kubeadm-config ConfigMap: ClusterConfiguration key value pair missing`) };
        return { text };
      } catch (err) {
        if (Date.now() + 50 > deadline) return { error: err };
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    client.close();
  }
}

export interface CertsConfigOptions {
  /** "renew" or "check-expiration": the prefix of the progress lines. */
  logPrefix: string;
  printf: Printf;
  log?: ConfigLogger;
}

/** getInternalCfg for `certs renew` and `certs check-expiration`. */
export async function certsCommandConfig(ctx: CommandContext, o: CertsConfigOptions): Promise<InitConfiguration> {
  const log = o.log ?? commandLogger(ctx);
  const cfgPath = flagString(ctx, "config");
  const certDir = flagString(ctx, "cert-dir");
  if (cfgPath === "") {
    const fetched = await clusterConfigurationFromCluster(flagString(ctx, "kubeconfig"));
    if (fetched) {
      o.printf(`[${o.logPrefix}] Reading configuration from the "${KUBEADM_CONFIG_CONFIGMAP}" ConfigMap in namespace "kube-system"...\n`);
      o.printf(`[${o.logPrefix}] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n`);
      if ("text" in fetched) {
        try {
          const cfg = await loadInitConfiguration({
            configText: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\n${fetched.text}`,
            log,
            skipCRIDetect: true,
          });
          o.printf("\n");
          // the flag's value (defaulted, so always set) overrides the cluster's
          if (certDir !== "") cfg.clusterConfiguration.certificatesDir = certDir;
          return cfg;
        } catch {
          /* falls back below */
        }
      }
      o.printf(`[${o.logPrefix}] Error reading configuration from the Cluster. Falling back to default configuration\n\n`);
    }
  }
  return loadInitConfiguration({
    configPath: cfgPath,
    fromFlags: { cluster: { kubernetesVersion: CURRENT_KUBERNETES_VERSION, certificatesDir: certDir } },
    log,
    skipCRIDetect: true,
  });
}

/** What renewal and check-expiration need from the configuration. */
export function renewalInputOf(cfg: InitConfiguration): RenewalInput {
  const c = cfg.clusterConfiguration;
  return {
    certificatesDir: c.certificatesDir,
    externalEtcd: c.etcd.external !== undefined,
    encryptionAlgorithm: encryptionAlgorithmType(c),
    certificateValidityPeriodMs: c.certificateValidityPeriod,
  };
}
