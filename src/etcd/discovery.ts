/**
 * Where kubeadm finds the stacked etcd endpoints (v1.35 line): the client-URL annotation of the
 * etcd static Pods' mirror objects in kube-system, polled until every listed Pod has one.
 */
import type { KubeClient } from "../client/types.js";
import { KubeadmError } from "../util/errors.js";
import { DEADLINE_EXCEEDED, sleep } from "./retry.js";

export const ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION = "kubeadm.kubernetes.io/etcd.advertise-client-urls";
export const ETCD_POD_LABEL_SELECTOR = "component=etcd,tier=control-plane";
/** constants.KubernetesAPICallRetryInterval / KubernetesAPICallTimeout. */
export const KUBERNETES_API_CALL_RETRY_INTERVAL_MS = 500;
export const KUBERNETES_API_CALL_TIMEOUT_MS = 60_000;

/** One LIST: the annotated client URLs and how many etcd Pods were listed. */
export async function etcdEndpointsFromPodsOnce(kube: KubeClient): Promise<{ endpoints: string[]; podCount: number }> {
  const pods = await kube.list("pods", { namespace: "kube-system", labelSelector: ETCD_POD_LABEL_SELECTOR });
  const endpoints: string[] = [];
  for (const pod of pods.items) {
    const url = pod.metadata?.annotations?.[ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION];
    if (url) endpoints.push(url);
  }
  return { endpoints, podCount: pods.items.length };
}

/**
 * Polls (immediately, then every intervalMs up to timeoutMs) until at least one endpoint was found
 * and every etcd Pod carried the annotation.
 */
export async function etcdEndpointsFromPods(
  kube: KubeClient,
  intervalMs = KUBERNETES_API_CALL_RETRY_INTERVAL_MS,
  timeoutMs = KUBERNETES_API_CALL_TIMEOUT_MS,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown = null;
  for (;;) {
    try {
      const { endpoints, podCount } = await etcdEndpointsFromPodsOnce(kube);
      lastErr = null;
      if (endpoints.length > 0 && endpoints.length === podCount) return endpoints;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() + intervalMs > deadline) break;
    await sleep(intervalMs);
  }
  const cause = lastErr === null ? DEADLINE_EXCEEDED : lastErr instanceof Error ? lastErr.message : String(lastErr);
  throw new KubeadmError(`could not retrieve the list of etcd endpoints: ${cause}`, 1, { cause: lastErr ?? undefined });
}
