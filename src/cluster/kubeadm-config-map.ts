// The cluster's kubeadm-config ConfigMap, read as upstream's getInitConfigurationFromCluster
// reads it: GetConfigMapWithShortRetry (at once, then every 50 ms for up to 350 ms), then the
// ClusterConfiguration key. Used by fetchInitConfigurationFromCluster (reset, join) and by the
// `kubeadm certs` commands' configuration.
import { getConfigMapWithShortRetry } from "../client/idempotency.js";
import type { KubeClient } from "../client/types.js";
import { KUBEADM_CONFIG_CONFIGMAP, NS_KUBE_SYSTEM } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import type { Clock } from "../client/poll.js";

/** The ClusterConfiguration document of the kubeadm-config ConfigMap, or upstream's error. */
export async function clusterConfigurationText(client: KubeClient, options: { clock?: Clock } = {}): Promise<string> {
  let cm;
  try {
    cm = await getConfigMapWithShortRetry(client, NS_KUBE_SYSTEM, KUBEADM_CONFIG_CONFIGMAP, options);
  } catch (err) {
    throw new KubeadmError(`failed to get config map: ${err instanceof Error ? err.message : String(err)}`, 1, { cause: err });
  }
  const text = cm.data?.ClusterConfiguration;
  if (text === undefined) {
    throw new KubeadmError(`unexpected error when reading ${KUBEADM_CONFIG_CONFIGMAP} ConfigMap: ClusterConfiguration key value pair missing`);
  }
  return text;
}
