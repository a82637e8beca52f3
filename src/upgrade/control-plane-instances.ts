/** Which control-plane nodes still run another kube-apiserver image than this one (upstream's UnupgradedControlPlaneInstances). */
import type { KubeClient } from "../client/types.js";
import { NS_KUBE_SYSTEM } from "../constants.js";
import { KubeadmError, wrapError } from "../util/errors.js";

const KUBE_APISERVER = "kube-apiserver";

/**
 * The nodes (sorted) whose kube-apiserver static Pod runs another image than the one on `nodeName`;
 * empty when all match. Fails when no kube-apiserver Pod exists or this node has none.
 */
export async function unupgradedControlPlaneInstances(client: KubeClient, nodeName: string): Promise<string[]> {
  const selector = `component=${KUBE_APISERVER}`;
  let pods;
  try {
    pods = await client.list("pods", { namespace: NS_KUBE_SYSTEM, labelSelector: selector });
  } catch (err) {
    throw wrapError(err, "failed to list kube-apiserver Pod from cluster");
  }
  if (pods.items.length === 0) throw new KubeadmError(`cannot find kube-apiserver Pod by label selector: ${selector}`);
  const images = new Map<string, string>();
  for (const pod of pods.items) {
    const c = pod.spec?.containers?.find((x) => x.name === KUBE_APISERVER);
    if (!c) throw new KubeadmError(`cannot find container by name "${KUBE_APISERVER}" for Pod ${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`);
    images.set(pod.spec?.nodeName ?? "", c.image ?? "");
  }
  const mine = images.get(nodeName);
  if (mine === undefined) throw new KubeadmError(`cannot find kube-apiserver image for current control plane instance ${nodeName}`);
  return [...images].filter(([, image]) => image !== mine).map(([node]) => node).sort();
}
