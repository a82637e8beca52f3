// Files of the kubelet-start phase (manifests.md §7): kubeadm-flags.env, instance-config.yaml and
// config.yaml in /var/lib/kubelet.
import * as path from "node:path";
import { componentConfigForPrint, defaultKubeletConfiguration, emptyKubeletConfiguration, mutateKubeletResolverConfig } from "../config/componentconfigs.js";
import { KUBELET_ZERO_FIELDS } from "../config/componentconfig-zero-fields.js";
import type { Arg, ClusterConfiguration, KubeletConfiguration, NodeRegistrationOptions, Taint } from "../config/types.js";
import { toKubernetesYaml } from "../config/yaml.js";
import {
  KUBELET_CONFIG_FILE,
  KUBELET_ENV_FILE,
  KUBELET_ENV_VARIABLE,
  KUBELET_INSTANCE_CONFIG_FILE,
  MODE_KUBELET_FILE,
  MODE_PRIVATE_DIR,
} from "../constants.js";
import { ensureDir, writeFileAtomic } from "../host/files.js";
import { applyStrategicMergePatch, KUBELET_CONFIGURATION_SCHEMA, type Output, type PatchManager } from "../patches/index.js";
import { goQuote } from "../util/go-quote.js";
import { arg, buildArgumentList, lastArgValue } from "./args.js";

/** Lower-cased, trimmed host name, as kubeadm compares it with the node name. */
export function normalizeHostname(hostname: string): string {
  return hostname.trim().toLowerCase();
}

/**
 * The kubelet flags kubeadm writes (v1.37): only --hostname-override, when the node name
 * (nodeRegistration.name, or the kubelet's hostname-override extra arg) differs from the host
 * name; then kubeletExtraArgs by upstream's override rules. The CRI socket is never a flag: it
 * goes to instance-config.yaml.
 */
export function kubeletFlags(nodeRegistration: NodeRegistrationOptions, hostname: string, registerTaints = false): string[] {
  const host = normalizeHostname(hostname);
  const defaults: Arg[] = [];
  // join of a worker: the node registers itself with its taints (a control plane gets them from mark-control-plane)
  if (registerTaints && nodeRegistration.taints && nodeRegistration.taints.length > 0) {
    defaults.push(arg("register-with-taints", nodeRegistration.taints.map(taintString).join(",")));
  }
  let nodeName = nodeRegistration.name || host;
  const override = lastArgValue(nodeRegistration.kubeletExtraArgs, "hostname-override");
  if (override !== undefined) nodeName = override;
  if (nodeName !== host) defaults.push(arg("hostname-override", nodeName));
  return buildArgumentList(defaults, nodeRegistration.kubeletExtraArgs);
}

/** corev1.Taint's ToString: `key=value:effect`, or `key:effect` without a value. */
export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** The content of kubeadm-flags.env (`registerTaints`: join of a worker node). */
export function kubeletFlagsEnvFile(nodeRegistration: NodeRegistrationOptions, hostname: string, registerTaints = false): string {
  return `${KUBELET_ENV_VARIABLE}=${goQuote(kubeletFlags(nodeRegistration, hostname, registerTaints).join(" "))}\n`;
}

/** The content of instance-config.yaml (the node's CRI socket). */
export function kubeletInstanceConfigFile(criSocket: string): string {
  return `containerRuntimeEndpoint: ${goQuote(criSocket)}\n`;
}

/** Fills keys missing from `v` with the zero values the typed KubeletConfiguration always encodes. */
function withZeroFields(v: Record<string, unknown>, zero: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...v };
  for (const [k, z] of Object.entries(zero)) {
    const cur = out[k];
    if (cur === undefined || cur === null) out[k] = structuredClone(z);
    else if (z && typeof z === "object" && !Array.isArray(z) && cur && typeof cur === "object" && !Array.isArray(cur)) {
      out[k] = withZeroFields(cur as Record<string, unknown>, z as Record<string, unknown>);
    }
  }
  return out;
}

export interface KubeletConfigInput {
  cluster: ClusterConfiguration;
  criSocket: string;
  /** Whether systemd-resolved is active on the host (the "mutate" step). */
  systemdResolvedActive: boolean;
  /** The --patches manager, if any (target kubeletconfiguration). */
  patches?: PatchManager;
  /** Receives the "[patches] Applied patch ..." lines. */
  output?: Output;
  warn?: (msg: string) => void;
  /** instance-config.yaml as read back from disk (upgrade); without it, the one `criSocket` makes. */
  instanceConfig?: unknown;
}

/** config.yaml: the cluster's KubeletConfiguration, mutated, patched, with the instance config applied. */
export function kubeletConfigFile(input: KubeletConfigInput): string {
  let kc: KubeletConfiguration;
  if (input.cluster.componentConfigs.kubelet) kc = structuredClone(input.cluster.componentConfigs.kubelet);
  else {
    kc = emptyKubeletConfiguration();
    defaultKubeletConfiguration(kc, input.cluster);
  }
  mutateKubeletResolverConfig(kc, input.systemdResolvedActive, input.warn ?? (() => undefined));
  let data: unknown = componentConfigForPrint(kc);
  if (input.patches) data = input.patches.applyToTarget("kubeletconfiguration", data, KUBELET_CONFIGURATION_SCHEMA);
  // instance-config.yaml, applied as a patch over the cluster's configuration
  data = applyStrategicMergePatch(data, input.instanceConfig ?? { containerRuntimeEndpoint: input.criSocket }, KUBELET_CONFIGURATION_SCHEMA);
  input.output?.write(`[patches] Applied patch of type "application/strategic-merge-patch+json" to target "kubeletconfiguration"\n`);
  const obj = data as Record<string, unknown>;
  const filled = withZeroFields(obj, KUBELET_ZERO_FIELDS);
  if (filled.featureGates && typeof filled.featureGates === "object" && Object.keys(filled.featureGates).length === 0) delete filled.featureGates;
  return toKubernetesYaml(filled);
}

export interface KubeletStartFilesInput extends KubeletConfigInput {
  nodeRegistration: NodeRegistrationOptions;
  hostname: string;
  /** /var/lib/kubelet, or the dry-run directory. */
  kubeletDir: string;
  output: Output;
}

/**
 * Writes kubeadm-flags.env, instance-config.yaml and config.yaml (all 0644),
 * printing upstream's lines in upstream's order.
 */
export async function writeKubeletStartFiles(input: KubeletStartFilesInput): Promise<void> {
  await ensureDir(input.kubeletDir, MODE_PRIVATE_DIR);
  const envFile = path.join(input.kubeletDir, KUBELET_ENV_FILE);
  input.output.write(`[kubelet-start] Writing kubelet environment file with flags to file "${envFile}"\n`);
  await writeFileAtomic(envFile, kubeletFlagsEnvFile(input.nodeRegistration, input.hostname), MODE_KUBELET_FILE);
  const instFile = path.join(input.kubeletDir, KUBELET_INSTANCE_CONFIG_FILE);
  input.output.write(`[kubelet-start] Writing kubelet configuration to file "${instFile}"\n`);
  await writeFileAtomic(instFile, kubeletInstanceConfigFile(input.criSocket), MODE_KUBELET_FILE);
  const cfgFile = path.join(input.kubeletDir, KUBELET_CONFIG_FILE);
  const content = kubeletConfigFile(input);
  input.output.write(`[kubelet-start] Writing kubelet configuration to file "${cfgFile}"\n`);
  await writeFileAtomic(cfgFile, content, MODE_KUBELET_FILE);
}
