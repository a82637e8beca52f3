// The configuration the `kubeadm certs` commands work with (upstream's getInternalCfg in
// cmd/certs.go): with --config, that file; else, when the --kubeconfig file gives a client,
// the cluster's kubeadm-config ConfigMap (--cert-dir still wins); else the defaults.
import { certificatesDir } from "../config/certificates-dir.js";
import { loadInitConfiguration } from "../config/load.js";
import type { ConfigLogger } from "../util/log.js";
import type { InitConfiguration } from "../config/types.js";
import { CURRENT_KUBERNETES_VERSION, KUBEADM_CONFIG_CONFIGMAP } from "../constants.js";
import type { RenewalInput } from "../pki/renewal.js";

/** Where getInternalCfg's progress lines go: the text printer prints them, json/yaml printers drop them. */
export type Printf = (text: string) => void;

export interface CertsConfigOptions {
  /** --config ("" when not given). */
  configPath: string;
  /** --cert-dir (defaulted, so normally set). */
  certDir: string;
  /** --kubeconfig: the cluster to read the kubeadm-config ConfigMap from. */
  kubeconfigPath: string;
  /** "renew" or "check-expiration": the prefix of the progress lines. */
  logPrefix: string;
  printf: Printf;
  log: ConfigLogger;
}

/** The ClusterConfiguration document of the kubeadm-config ConfigMap, or why it could not be read; null without a client. */
async function clusterConfigurationFromCluster(kubeconfigPath: string): Promise<{ text: string } | { error: unknown } | null> {
  const { clientFromKubeconfigFile } = await import("../client/from-kubeconfig.js");
  let client;
  try {
    client = await clientFromKubeconfigFile(kubeconfigPath);
  } catch {
    return null; // no client: straight to --config / defaults, silently (upstream: client == nil)
  }
  try {
    const { clusterConfigurationText } = await import("./kubeadm-config-map.js");
    return { text: await clusterConfigurationText(client) };
  } catch (error) {
    return { error };
  } finally {
    client.close();
  }
}

/** getInternalCfg for `certs renew` and `certs check-expiration`. */
export async function certsCommandConfig(o: CertsConfigOptions): Promise<InitConfiguration> {
  const { log } = o;
  if (o.configPath === "") {
    const fetched = await clusterConfigurationFromCluster(o.kubeconfigPath);
    if (fetched) {
      o.printf(`[${o.logPrefix}] Reading configuration from the "${KUBEADM_CONFIG_CONFIGMAP}" ConfigMap in namespace "kube-system"...\n`);
      o.printf(`[${o.logPrefix}] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n`);
      if ("text" in fetched) {
        try {
          const cfg = await loadInitConfiguration({
            configText: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\n${fetched.text}`,
            log,
            skipCRIDetect: true,
            keepActiveTimeouts: true,
          });
          o.printf("\n");
          // the flag's value (defaulted, so always set) overrides the cluster's
          cfg.clusterConfiguration.certificatesDir = certificatesDir({ flag: o.certDir !== "" ? o.certDir : undefined, configured: [cfg.clusterConfiguration.certificatesDir] }).dir;
          return cfg;
        } catch {
          /* falls back below */
        }
      }
      o.printf(`[${o.logPrefix}] Error reading configuration from the Cluster. Falling back to default configuration\n\n`);
    }
  }
  return loadInitConfiguration({
    configPath: o.configPath,
    fromFlags: { cluster: { kubernetesVersion: CURRENT_KUBERNETES_VERSION, certificatesDir: o.certDir } },
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
    encryptionAlgorithm: c.encryptionAlgorithm,
    certificateValidityPeriodMs: c.certificateValidityPeriod,
  };
}
