/**
 * The upgrade plan (upstream cmd/upgrade/plan.go): the output API object UpgradePlan
 * (output.kubeadm.k8s.io/v1alpha3) made from the available upgrades and the component configs'
 * version states, and its text form with upstream's tables. Pure, except getVersionStates,
 * which reads the component configs' ConfigMaps.
 */
import type { KubeClient } from "../client/types.js";
import type { ConfigLogger } from "../util/log.js";
import { tabwrite } from "../util/tabwriter.js";
import { parseSemantic } from "../util/version.js";
import { KubeadmError } from "../util/errors.js";
import { canUpgradeKubelets, type Upgrade } from "./compute.js";
import type { VersionMap } from "./versions.js";

export interface ComponentUpgradePlan {
  name: string;
  currentVersion: string;
  newVersion: string;
  nodeName?: string;
}

export interface AvailableUpgrade {
  description: string;
  components: ComponentUpgradePlan[];
}

export interface ComponentConfigVersionState {
  group: string;
  currentVersion: string;
  preferredVersion: string;
  manualUpgradeRequired: boolean;
}

export interface UpgradePlan {
  availableUpgrades?: AvailableUpgrade[];
  configVersions?: ComponentConfigVersionState[];
}

const component = (name: string, currentVersion: string, newVersion: string, nodeName = ""): ComponentUpgradePlan => ({
  name,
  currentVersion,
  newVersion,
  ...(nodeName ? { nodeName } : {}),
});

/** Rows per version (versions sorted as strings), then per node in the cluster's order. */
function perNode(name: string, versions: VersionMap, target: string): ComponentUpgradePlan[] {
  const out: ComponentUpgradePlan[] = [];
  for (const v of [...versions.keys()].sort()) for (const node of versions.get(v)!) out.push(component(name, v, target, node));
  return out;
}

/** One available upgrade as the output API describes it (upstream genAvailableUpgrade). */
export function genAvailableUpgrade(up: Upgrade, etcdUpgrade: boolean): AvailableUpgrade {
  const target = up.after.kubeVersion;
  const components: ComponentUpgradePlan[] = [];
  if (canUpgradeKubelets(up)) components.push(...perNode("kubelet", up.before.kubeletVersions, target));
  components.push(...perNode("kube-apiserver", up.before.kubeAPIServerVersions, target));
  components.push(...perNode("kube-controller-manager", up.before.kubeControllerManagerVersions, target));
  components.push(...perNode("kube-scheduler", up.before.kubeSchedulerVersions, target));
  components.push(component("kube-proxy", up.before.kubeVersion, target));
  if (up.before.dnsVersion !== "" || up.after.dnsVersion !== "") components.push(component("CoreDNS", up.before.dnsVersion, up.after.dnsVersion));
  if (up.before.kubeadmVersion !== "" || up.after.kubeadmVersion !== "") components.push(component("kubeadm", up.before.kubeadmVersion, up.after.kubeadmVersion));
  if (etcdUpgrade) components.push(...perNode("etcd", up.before.etcdVersions, up.after.etcdVersion));
  return { description: up.description, components };
}

/** The plan object (upstream genUpgradePlan). */
export function genUpgradePlan(upgrades: readonly Upgrade[], configVersions: ComponentConfigVersionState[], etcdUpgrade: boolean): UpgradePlan {
  const plan: UpgradePlan = {};
  if (upgrades.length > 0) plan.availableUpgrades = upgrades.map((u) => genAvailableUpgrade(u, etcdUpgrade));
  if (configVersions.length > 0) plan.configVersions = configVersions;
  return plan;
}

/** The plan as an output API object: kind and apiVersion first, empty lists left out. */
export function upgradePlanOutputObject(plan: UpgradePlan): Record<string, unknown> {
  return {
    kind: "UpgradePlan",
    apiVersion: "output.kubeadm.k8s.io/v1alpha3",
    ...(plan.availableUpgrades ? { availableUpgrades: plan.availableUpgrades } : {}),
    ...(plan.configVersions ? { configVersions: plan.configVersions } : {}),
  };
}

const SEPARATOR = "_____________________________________________________________________\n\n";
const HEADER = "COMPONENT\tNODE\tCURRENT\tTARGET\n";
const table = (text: string): string => tabwrite(text, 10, 3);

function availableUpgradeText(au: AvailableUpgrade): string {
  let kubeVersion = "";
  let beforeKubeadm = "";
  let afterKubeadm = "";
  for (const c of au.components) {
    if (c.name === "kube-apiserver") kubeVersion = c.newVersion;
    if (c.name === "kubeadm") {
      beforeKubeadm = c.currentVersion;
      afterKubeadm = c.newVersion;
    }
  }
  let target;
  try {
    target = parseSemantic(kubeVersion);
  } catch (err) {
    throw new KubeadmError(`Unable to parse normalized version "${kubeVersion}" as a semantic version: ${(err as Error).message}`);
  }
  const flag = target.preRelease === "" ? "" : target.preRelease.startsWith("rc") ? " --allow-release-candidate-upgrades" : " --allow-experimental-upgrades";
  const row = (c: ComponentUpgradePlan): string => `${c.name}\t${c.nodeName ?? ""}\t${c.currentVersion}\t${c.newVersion}\n`;
  let s = "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':\n";
  s += table(HEADER + au.components.filter((c) => c.name === "kubelet").map(row).join(""));
  s += `\nUpgrade to the latest ${au.description}:\n\n`;
  s += table(HEADER + au.components.filter((c) => c.name !== "kubelet" && c.name !== "kubeadm").map(row).join(""));
  s += "\nYou can now apply the upgrade by executing the following command:\n\n";
  s += `\tkubeadm upgrade apply ${kubeVersion}${flag}\n\n`;
  if (beforeKubeadm !== afterKubeadm) s += `Note: Before you can perform this upgrade, you have to update kubeadm to ${afterKubeadm}.\n\n`;
  return s + SEPARATOR;
}

function configVersionsText(states: readonly ComponentConfigVersionState[]): string {
  if (states.length === 0) return "No information available on component configs.\n";
  let s =
    "\n" +
    "The table below shows the current state of component configs as understood by this version of kubeadm.\n" +
    'Configs that have a "yes" mark in the "MANUAL UPGRADE REQUIRED" column require manual config upgrade or\n' +
    "resetting to kubeadm defaults before a successful upgrade can be performed. The version to manually\n" +
    'upgrade to is denoted in the "PREFERRED VERSION" column.\n' +
    "\n";
  const dash = (v: string): string => v || "-";
  s += table(
    "API GROUP\tCURRENT VERSION\tPREFERRED VERSION\tMANUAL UPGRADE REQUIRED\n" +
      states.map((st) => `${st.group}\t${dash(st.currentVersion)}\t${dash(st.preferredVersion)}\t${st.manualUpgradeRequired ? "yes" : "no"}\n`).join(""),
  );
  return s + SEPARATOR;
}

/** The plan as text (upstream upgradePlanTextPrinter). */
export function upgradePlanText(plan: UpgradePlan): string {
  return (plan.availableUpgrades ?? []).map(availableUpgradeText).join("") + configVersionsText(plan.configVersions ?? []);
}

/**
 * The component configs' version states (upstream componentconfigs.GetVersionStates): each
 * known group in order (kube-proxy, kubelet) read from its ConfigMap again; a loaded one has the
 * supported version as current and preferred, a missing or regenerated one only the preferred.
 */
export async function getVersionStates(client: KubeClient, log: ConfigLogger, verbosity = 0): Promise<ComponentConfigVersionState[]> {
  const { isForbidden, isNotFound } = await import("../client/api-error.js");
  const { componentConfigFromConfigMap } = await import("../cluster/fetch-init-config.js");
  const known = [
    { group: "kubeproxy.config.k8s.io", version: "v1alpha1", cm: "kube-proxy", key: "config.conf", mustExist: false, kind: "KubeProxyConfiguration", origin: "kubeproxy.go:55" },
    { group: "kubelet.config.k8s.io", version: "v1beta1", cm: "kubelet-config", key: "kubelet", mustExist: true, kind: "KubeletConfiguration", origin: "kubelet.go:73" },
  ];
  const out: ComponentConfigVersionState[] = [];
  for (const h of known) {
    let loaded = false;
    let cm;
    if (verbosity >= 1) log.info(`attempting to download the ${h.kind} from ConfigMap "${h.cm}"`, h.origin);
    try {
      cm = await client.get("configmaps", h.cm, "kube-system");
    } catch (err) {
      if (h.mustExist || !(isNotFound(err) || isForbidden(err))) throw err;
      log.warn(`Warning: No ${h.group}/${h.version} config is loaded. Continuing without it: ${(err as Error).message}`, "configset.go:77");
    }
    if (cm) loaded = (await componentConfigFromConfigMap(cm, h.key, h.group)) !== undefined;
    out.push({ group: h.group, currentVersion: loaded ? h.version : "", preferredVersion: h.version, manualUpgradeRequired: false });
  }
  return out;
}
