import { KubeadmError } from "../util/errors.js";
import type { Kubeconfig } from "../kubeconfig/read.js";
import { readKubeconfigFile } from "../kubeconfig/load.js";
import { KubeconfigClientError } from "../kubeconfig/client-config.js";
import { newKubeClient } from "./http-client.js";
import { restConfigFromKubeconfig, type RestConfig } from "./rest-config.js";
import type { KubeClient } from "./types.js";

export { readKubeconfigFile };

/** LoadFromFile with kubeadm's wrapping of its failure ("failed to load admin kubeconfig: …" in ClientSetFromFile). */
async function loadWrapped(file: string, wrap: string): Promise<Kubeconfig> {
  try {
    return await readKubeconfigFile(file);
  } catch (err) {
    throw new KubeadmError(`${wrap}: ${(err as Error).message}`, 1, { cause: err });
  }
}

/** The admin kubeconfig (or another one a command names), read and parsed as ClientSetFromFile does. */
export function loadKubeconfigFile(file: string): Promise<Kubeconfig> {
  return loadWrapped(file, "failed to load admin kubeconfig");
}

/** ToClientSet's client-side timeout (ConfigOverrides{Timeout: "10s"}): every request of its clients asks for it. */
const TO_CLIENTSET_TIMEOUT_MS = 10_000;

/** A real client from a loaded kubeconfig (current context), like upstream's ToClientSet (its 10 s request timeout included). */
export async function clientFromKubeconfig(kc: Kubeconfig, overrides: Partial<RestConfig> = {}): Promise<KubeClient> {
  return newKubeClient({ ...(await restConfigFromKubeconfig(kc)), timeoutMs: TO_CLIENTSET_TIMEOUT_MS, ...overrides });
}

/** A real client from a kubeconfig file (current context), like upstream's ClientSetFromFile. */
export async function clientFromKubeconfigFile(file: string, overrides: Partial<RestConfig> = {}): Promise<KubeClient> {
  return clientFromKubeconfig(await loadKubeconfigFile(file), overrides);
}

/**
 * The real client behind a dry run (upstream's DryRun.WithKubeConfig): "failed to create API
 * client configuration from kubeconfig: …", and NewForConfig's failures bare.
 */
export async function dryRunBackingClient(kc: Kubeconfig, overrides: Partial<RestConfig> = {}): Promise<KubeClient> {
  let cfg: RestConfig;
  try {
    cfg = await restConfigFromKubeconfig(kc);
  } catch (err) {
    if (err instanceof KubeconfigClientError && err.stage === "client") throw new KubeadmError(err.reason, 1, { cause: err });
    throw err;
  }
  return newKubeClient({ ...cfg, ...overrides });
}

/** DryRun.WithKubeConfigFile: LoadFromFile's failure as "failed to load kubeconfig: …", then dryRunBackingClient. */
export async function dryRunBackingClientFromFile(file: string, overrides: Partial<RestConfig> = {}): Promise<KubeClient> {
  return dryRunBackingClient(await loadWrapped(file, "failed to load kubeconfig"), overrides);
}
