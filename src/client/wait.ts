import { ANNOTATION_CONFIG_HASH, CONTROL_PLANE_COMPONENTS, KUBERNETES_API_CALL_RETRY_INTERVAL_MS, NS_KUBE_SYSTEM } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { formatDurationMs as formatDuration } from "../util/duration.js";
import { pollUntilTimeout, WaitTimeoutError, type Clock } from "./poll.js";
import type { KubeClient } from "./types.js";

/**
 * The API-backed waits of upstream's KubeWaiter (apiclient/wait.go, v1.36). The HTTP health
 * checks of control-plane components and the kubelet are not API calls and live with the
 * wait-control-plane phase.
 */

export interface WaitOptions {
  timeoutMs: number;
  clock?: Clock;
  /** Where "[apiclient] …" progress lines go. */
  writer?: { write(text: string): unknown };
}

const poll = (o: WaitOptions, condition: () => Promise<boolean>) =>
  pollUntilTimeout({ intervalMs: KUBERNETES_API_CALL_RETRY_INTERVAL_MS, timeoutMs: o.timeoutMs, clock: o.clock }, condition);

/** Waits until at least one Pod in kube-system matches `kvLabel` and all matching Pods are Running. */
export async function waitForPodsWithLabel(client: KubeClient, kvLabel: string, options: WaitOptions): Promise<void> {
  let lastKnown = -1;
  await poll(options, async () => {
    let items;
    try {
      items = (await client.list("pods", { namespace: NS_KUBE_SYSTEM, labelSelector: kvLabel })).items;
    } catch (err) {
      options.writer?.write(`[apiclient] Error getting Pods with label selector ${JSON.stringify(kvLabel)} [${(err as Error).message}]\n`);
      return false;
    }
    if (items.length !== lastKnown) {
      options.writer?.write(`[apiclient] Found ${items.length} Pods for label selector ${kvLabel}\n`);
      lastKnown = items.length;
    }
    return items.length > 0 && items.every((p) => p.status?.phase === "Running");
  });
}

/** The kubernetes.io/config.hash annotation of the mirror Pod `<component>-<nodeName>` ("" if unset). */
export async function getStaticPodSingleHash(client: KubeClient, nodeName: string, component: string): Promise<string> {
  try {
    const pod = await client.get("pods", `${component}-${nodeName}`, NS_KUBE_SYSTEM);
    return pod.metadata?.annotations?.[ANNOTATION_CONFIG_HASH] ?? "";
  } catch (err) {
    throw new KubeadmError(`failed to obtain static Pod hash for component ${component} on Node ${nodeName}: ${(err as Error).message}`, 1, { cause: err });
  }
}

async function pollHash(client: KubeClient, nodeName: string, component: string, options: WaitOptions): Promise<string> {
  let hash = "";
  let lastErr: unknown;
  try {
    await poll(options, async () => {
      try {
        hash = await getStaticPodSingleHash(client, nodeName, component);
        return true;
      } catch (err) {
        lastErr = err;
        return false;
      }
    });
  } catch (err) {
    if (err instanceof WaitTimeoutError && lastErr !== undefined) throw lastErr;
    throw err;
  }
  return hash;
}

export function waitForStaticPodSingleHash(client: KubeClient, nodeName: string, component: string, options: WaitOptions): Promise<string> {
  return pollHash(client, nodeName, component, options);
}

/** Hashes of kube-apiserver, kube-controller-manager and kube-scheduler, each polled in turn. */
export async function waitForStaticPodControlPlaneHashes(client: KubeClient, nodeName: string, options: WaitOptions): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const component of CONTROL_PLANE_COMPONENTS) out[component] = await pollHash(client, nodeName, component, options);
  return out;
}

/** Waits until the mirror Pod's hash differs from `previousHash` (the kubelet restarted the Pod). */
export async function waitForStaticPodHashChange(client: KubeClient, nodeName: string, component: string, previousHash: string, options: WaitOptions): Promise<void> {
  let lastErr: unknown;
  try {
    await poll(options, async () => {
      let hash: string;
      try {
        hash = await getStaticPodSingleHash(client, nodeName, component);
      } catch (err) {
        lastErr = err;
        return false;
      }
      lastErr = undefined;
      return hash !== previousHash;
    });
  } catch (err) {
    if (lastErr !== undefined) throw lastErr;
    const msg = err instanceof Error ? err.message : String(err);
    throw new KubeadmError(
      `static Pod hash for component ${component} on Node ${nodeName} did not change after ${formatDuration(options.timeoutMs)}: ${msg}`,
      1,
      { cause: err },
    );
  }
}
