/**
 * upstream's UpdateKubeletKubeconfigServer (phases/upgrade/postupgrade.go): on a node whose
 * kubelet.conf points at the controlPlaneEndpoint (and that differs from this node's own API
 * endpoint), the kubelet is pointed at the local API server instead. The decision and the new
 * file are pure (kubeletServerChange); the write and the kubelet restart go through the node twin.
 */
import type { InitConfiguration } from "../config/types.js";
import type { UpgradeNode } from "../host/upgrade-node.js";
import { controlPlaneEndpointURL, localEndpointURL } from "../kubeconfig/endpoint.js";
import { KubeadmError } from "../util/errors.js";

export interface KubeletServerChange {
  from: string;
  to: string;
}

/** What to change in a kubeconfig (parsed as a plain object), or why not. */
export function kubeletServerChange(
  kc: Record<string, unknown>,
  file: string,
  cfg: InitConfiguration,
): { change: KubeletServerChange; cluster: Record<string, unknown> } | { skip: string } {
  const current = String(kc["current-context"] ?? "");
  const contexts = (Array.isArray(kc.contexts) ? kc.contexts : []) as Array<{ name?: string; context?: { cluster?: string } }>;
  const ctx = contexts.find((c) => c.name === current);
  if (!ctx) throw new KubeadmError(`cannot find cluster for active context in kubeconfig ${JSON.stringify(file)}`);
  const clusters = (Array.isArray(kc.clusters) ? kc.clusters : []) as Array<{ name?: string; cluster?: Record<string, unknown> }>;
  const entry = clusters.find((c) => c.name === ctx.context?.cluster);
  const server = String(entry?.cluster?.server ?? "");
  const local = localEndpointURL(cfg.localAPIEndpoint);
  const cpe = controlPlaneEndpointURL(cfg.clusterConfiguration, cfg.localAPIEndpoint);
  if (server !== cpe || cpe === local) {
    return { skip: `Skipping update of the Server URL in ${file}, because it's already not equal to ${JSON.stringify(cpe)} or already matches the localAPIEndpoint` };
  }
  return { change: { from: server, to: local }, cluster: entry!.cluster! };
}

export async function updateKubeletKubeconfigServer(
  cfg: InitConfiguration,
  file: string,
  node: UpgradeNode,
  v: (level: number, msg: string, origin: string) => void,
): Promise<void> {
  const { readTextIfExists } = await import("../host/upgrade-files.js");
  const text = await readTextIfExists(file);
  if (text === null) {
    v(2, `Could not mutate the Server URL in ${file}: stat ${file}: no such file or directory`, "postupgrade.go:236");
    return;
  }
  const { loadYamlModule, toKubernetesYaml } = await import("../config/yaml.js");
  const kc = (await loadYamlModule()).parse(text) as Record<string, unknown>;
  const r = kubeletServerChange(kc ?? {}, file, cfg);
  if ("skip" in r) {
    v(2, r.skip, "postupgrade.go:254");
    return;
  }
  r.cluster.server = r.change.to;
  await node.changeKubeletServer(file, r.change.from, r.change.to, toKubernetesYaml(kc));
}
