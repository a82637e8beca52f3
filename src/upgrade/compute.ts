/**
 * Which upgrades are possible (upstream phases/upgrade GetAvailableUpgrades): the latest patch of
 * the cluster's minor, the latest stable release, and (when allowed) a release candidate or an
 * experimental version, each with the cluster's state before and the versions after.
 */
import type { Writable } from "node:stream";
import { COREDNS_VERSION } from "../constants.js";
import type { ConfigLogger } from "../util/log.js";
import { etcdSupportedVersion, parseGeneric, parseSemantic, type Version } from "../util/version.js";
import { KubeadmError } from "../util/errors.js";
import { goStringSlice, type VersionGetter, type VersionMap } from "./versions.js";

export interface ClusterState {
  /** The newest kube-apiserver version in the cluster (before), the target (after). */
  kubeVersion: string;
  dnsVersion: string;
  kubeadmVersion: string;
  /** Suggested etcd version (after only; "" with external etcd). */
  etcdVersion: string;
  kubeAPIServerVersions: VersionMap;
  kubeControllerManagerVersions: VersionMap;
  kubeSchedulerVersions: VersionMap;
  etcdVersions: VersionMap;
  kubeletVersions: VersionMap;
}

export interface Upgrade {
  description: string;
  before: ClusterState;
  after: ClusterState;
}

/** True when some kubelet runs another version than the target (upstream CanUpgradeKubelets). */
export function canUpgradeKubelets(u: Upgrade): boolean {
  const kv = u.before.kubeletVersions;
  if (kv.size > 1) return true;
  if (kv.size === 0) return false;
  return !kv.has(u.after.kubeVersion);
}

export interface GetAvailableUpgradesOptions {
  experimentalUpgradesAllowed: boolean;
  rcUpgradesAllowed: boolean;
  /** The printer's stdout; null for structured output (-o json|yaml), which prints no progress. */
  out: Writable | null;
  log: ConfigLogger;
  /** klog -v level (V(1) lines). */
  verbosity?: number;
}

const after = (kubeVersion: string, kubeadmVersion: string, etcdVersion: string): ClusterState => ({
  kubeVersion,
  dnsVersion: COREDNS_VERSION,
  kubeadmVersion,
  etcdVersion,
  kubeAPIServerVersions: new Map(),
  kubeControllerManagerVersions: new Map(),
  kubeSchedulerVersions: new Map(),
  etcdVersions: new Map(),
  kubeletVersions: new Map(),
});

export async function getAvailableUpgrades(getter: VersionGetter, o: GetAvailableUpgradesOptions): Promise<Upgrade[]> {
  const print = (t: string): void => void o.out?.write(t);
  print("[upgrade] Fetching available versions to upgrade to\n");
  const upgrades: Upgrade[] = [];

  const apiServers = await getter.componentVersions("kube-apiserver");
  if (apiServers.size > 1) {
    const parts = [...apiServers].map(([v, nodes]) => `${v} on nodes ${goStringSlice(nodes)}`);
    o.log.warn(`Different API server versions in the cluster were discovered: ${parts.join(", ")}. Please upgrade your control plane nodes to the same version of Kubernetes`, "compute.go:91");
  }
  const clusterVersion = latestClusterVersion(apiServers);
  // upstream dereferences a nil version when no kube-apiserver Pod is found
  if (!clusterVersion) throw new KubeadmError("could not find a kube-apiserver Pod in the cluster: the control plane must be static Pod-hosted");
  const clusterVersionStr = clusterVersion.toString();
  print(`[upgrade/versions] Cluster version: ${clusterVersionStr}\n`);

  const kubeadm = await getter.kubeadmVersion();
  print(`[upgrade/versions] kubeadm version: ${kubeadm.str}\n`);

  let stableStr: string;
  let stable: Version;
  try {
    ({ str: stableStr, version: stable } = await getter.versionFromCILabel("stable", "stable version"));
    print(`[upgrade/versions] Target version: ${stableStr}\n`);
  } catch (err) {
    o.log.warn(`[upgrade/versions] WARNING: ${(err as Error).message}\n`, "compute.go:114");
    o.log.warn("[upgrade/versions] WARNING: Falling back to current kubeadm version as latest stable version", "compute.go:115");
    ({ str: stableStr, version: stable } = kubeadm);
  }

  const kubeletVersions = await getter.kubeletVersions();
  const kcmVersions = await getter.componentVersions("kube-controller-manager");
  const schedulerVersions = await getter.componentVersions("kube-scheduler");
  const etcdVersions = await getter.componentVersions("etcd");
  const externalEtcd = etcdVersions.size === 0;
  const dnsVersion = await getter.dnsAddonVersion();

  const before: ClusterState = {
    kubeVersion: clusterVersionStr,
    dnsVersion,
    kubeadmVersion: kubeadm.str,
    etcdVersion: "",
    kubeAPIServerVersions: apiServers,
    kubeControllerManagerVersions: kcmVersions,
    kubeSchedulerVersions: schedulerVersions,
    etcdVersions,
    kubeletVersions,
  };
  const etcdFor = (v: string): string => suggestedEtcdVersion(externalEtcd, v, o);

  let canDoMinorUpgrade = clusterVersion.lessThan(stable);
  if (stable.atLeast(clusterVersion)) {
    const g = parseGeneric(clusterVersionStr);
    const branch = `${g.major}.${g.minor}`;
    const description = `version in the v${branch} series`;
    let patch: { str: string; version: Version } | null = null;
    try {
      patch = await getter.versionFromCILabel(`stable-${branch}`, description);
    } catch (err) {
      o.log.warn(`[upgrade/versions] WARNING: ${(err as Error).message}\n`, "compute.go:178");
    }
    if (patch) {
      print(`[upgrade/versions] Latest ${description}: ${patch.str}\n`);
      canDoMinorUpgrade = patch.version.lessThan(stable);
      if (clusterVersion.lessThan(patch.version)) {
        const newKubeadm = kubeadm.version.atLeast(patch.version) ? kubeadm.str : patch.str;
        upgrades.push({ description, before, after: after(patch.str, newKubeadm, etcdFor(patch.str)) });
      }
    }
  }

  if (canDoMinorUpgrade) {
    upgrades.push({ description: "stable version", before, after: after(stableStr, stableStr, etcdFor(stableStr)) });
  }

  if (o.experimentalUpgradesAllowed || o.rcUpgradesAllowed) {
    const latest = await getter.versionFromCILabel("latest", "experimental version");
    print(`[upgrade/versions] Latest experimental version: ${latest.str}\n`);
    const previous = await getter.versionFromCILabel(`latest-1.${latest.version.minor - 1}`, "previous version");
    print(`[upgrade/versions] Latest previous version: ${previous.str}\n`);
    if (o.rcUpgradesAllowed && previous.version.preRelease.startsWith("rc") && clusterVersion.lessThan(previous.version)) {
      upgrades.push({ description: "release candidate version", before, after: after(previous.str, previous.str, etcdFor(previous.str)) });
    }
    if (o.experimentalUpgradesAllowed && clusterVersion.lessThan(latest.version)) {
      const unstable = latest.version.preRelease === "alpha.0" ? previous.str : latest.str;
      upgrades.push({ description: "experimental version", before, after: after(unstable, unstable, etcdFor(unstable)) });
    }
  }

  print("\n");
  return upgrades;
}

function suggestedEtcdVersion(external: boolean, kubernetesVersion: string, o: GetAvailableUpgradesOptions): string {
  if (external) return "";
  let r;
  try {
    r = etcdSupportedVersion(kubernetesVersion);
  } catch (err) {
    o.log.warn(`[upgrade/versions] could not retrieve an etcd version for the target Kubernetes version: ${(err as Error).message}`, "compute.go:327");
    return "N/A";
  }
  if (r.warning && (o.verbosity ?? 0) >= 1) o.log.info(`[upgrade/versions] WARNING: ${r.warning}`, "compute.go:331");
  return r.etcdVersion;
}

function latestClusterVersion(apiServers: VersionMap): Version | null {
  let latest: Version | null = null;
  for (const [v, nodes] of apiServers) {
    let ver: Version;
    try {
      ver = parseSemantic(v);
    } catch {
      throw new KubeadmError(`couldn't parse kube-apiserver version ${v} from nodes ${goStringSlice(nodes)}`);
    }
    if (latest === null || ver.atLeast(latest)) latest = ver;
  }
  return latest;
}
