/**
 * The version skew policy of an upgrade (upstream phases/upgrade EnforceVersionPolicies and the
 * apply preflight's enforceVersionPolicies): which target versions are refused outright
 * (mandatory) and which only without --force (skippable), with upstream's messages.
 */
import type { Writable } from "node:stream";
import { KubeadmError } from "../util/errors.js";
import { minimumControlPlaneVersion, parseSemantic, type Version } from "../util/version.js";
import { goStringSlice, type VersionGetter, type VersionMap } from "./versions.js";

export const MAXIMUM_ALLOWED_MINOR_VERSION_UPGRADE_SKEW = 1;
export const MAXIMUM_ALLOWED_MINOR_VERSION_DOWNGRADE_SKEW = 1;
export const MAXIMUM_ALLOWED_MINOR_VERSION_KUBELET_SKEW = 3;

export interface VersionSkewPolicyErrors {
  mandatory: string[];
  skippable: string[];
}

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Checks `target` against the cluster's, kubeadm's and the kubelets' versions; prints the
 * "Cluster version" and "kubeadm version" lines on `out` as it learns them. Null when all is well.
 */
export async function enforceVersionPolicies(
  getter: VersionGetter,
  targetStr: string,
  target: Version,
  allowExperimentalUpgrades: boolean,
  allowRCUpgrades: boolean,
  out: Writable,
): Promise<VersionSkewPolicyErrors | null> {
  const errs: VersionSkewPolicyErrors = { mandatory: [], skippable: [] };
  let cluster;
  try {
    cluster = await getter.clusterVersion();
  } catch (err) {
    errs.mandatory.push(`Unable to fetch cluster version: ${msg(err)}`);
    return errs;
  }
  out.write(`[upgrade/versions] Cluster version: ${cluster.str}\n`);
  let kubeadm;
  try {
    kubeadm = await getter.kubeadmVersion();
  } catch (err) {
    errs.mandatory.push(`Unable to fetch kubeadm version: ${msg(err)}`);
    return errs;
  }
  out.write(`[upgrade/versions] kubeadm version: ${kubeadm.str}\n`);
  let kubelets: VersionMap | null = null;
  try {
    kubelets = await getter.kubeletVersions();
  } catch (err) {
    errs.skippable.push(`Unable to fetch kubelet version: ${msg(err)}`);
  }

  if (!target.atLeast(minimumControlPlaneVersion())) {
    errs.mandatory.push(`Specified version to upgrade to "${targetStr}" is equal to or lower than the minimum supported version "${cluster.str}". Please specify a higher version to upgrade to`);
  }
  const stable = target.preRelease === "";
  if (target.minor > cluster.version.minor + MAXIMUM_ALLOWED_MINOR_VERSION_UPGRADE_SKEW) {
    (stable ? errs.mandatory : errs.skippable).push(
      `Specified version to upgrade to "${targetStr}" is too high; kubeadm can upgrade only ${MAXIMUM_ALLOWED_MINOR_VERSION_UPGRADE_SKEW} minor version at a time`,
    );
  }
  if (target.minor < cluster.version.minor - MAXIMUM_ALLOWED_MINOR_VERSION_DOWNGRADE_SKEW) {
    (stable ? errs.mandatory : errs.skippable).push(
      `Specified version to downgrade to "${targetStr}" is too low; kubeadm can downgrade only ${MAXIMUM_ALLOWED_MINOR_VERSION_DOWNGRADE_SKEW} minor version at a time`,
    );
  }
  if (kubeadm.version.lessThan(target)) {
    if (target.minor > kubeadm.version.minor) {
      (stable ? errs.mandatory : errs.skippable).push(
        `Specified version to upgrade to "${targetStr}" is at least one minor release higher than the kubeadm minor release (${target.minor} > ${kubeadm.version.minor}). Such an upgrade is not supported`,
      );
    } else {
      errs.skippable.push(`Specified version to upgrade to "${targetStr}" is higher than the kubeadm version "${kubeadm.str}". Upgrade kubeadm first using the tool you used to install kubeadm`);
    }
  }
  if (kubeadm.version.major > target.major || kubeadm.version.minor > target.minor) {
    errs.skippable.push(`Kubeadm version ${kubeadm.str} can only be used to upgrade to Kubernetes version ${kubeadm.version.major}.${kubeadm.version.minor}`);
  }
  const unstable = detectUnstableVersionError(target, targetStr, allowExperimentalUpgrades, allowRCUpgrades);
  if (unstable) errs.skippable.push(unstable);
  if (kubelets) {
    const old = detectTooOldKubelets(target, kubelets);
    if (old) errs.skippable.push(old);
  }
  return errs.mandatory.length === 0 && errs.skippable.length === 0 ? null : errs;
}

function detectUnstableVersionError(target: Version, targetStr: string, allowExperimental: boolean, allowRC: boolean): string | null {
  if (target.preRelease === "" || allowExperimental) return null;
  if (target.preRelease.startsWith("rc") && allowRC) return null;
  return `Specified version to upgrade to "${targetStr}" is an unstable version and such upgrades weren't allowed via setting the --allow-*-upgrades flags`;
}

function detectTooOldKubelets(target: Version, kubelets: VersionMap): string | null {
  const old: string[] = [];
  for (const v of kubelets.keys()) {
    let kv: Version;
    try {
      kv = parseSemantic(v);
    } catch {
      return `couldn't parse kubelet version ${v}`;
    }
    if (target.minor > kv.minor + MAXIMUM_ALLOWED_MINOR_VERSION_KUBELET_SKEW) old.push(v);
  }
  return old.length === 0 ? null : `There are kubelets in this cluster that are too old that have these versions ${goStringSlice(old)}`;
}

/** "\t- <error>\n" per error (upstream formatErrorMsg). */
export function formatErrorList(errs: readonly string[]): string {
  return errs.map((e) => `\t- ${e}\n`).join("");
}

/**
 * The apply preflight's policy step: announces the target, runs the policy, fails on mandatory
 * errors, and on skippable ones unless `force` (then only prints them).
 */
export async function enforceVersionPoliciesOrFail(
  getter: VersionGetter,
  targetStr: string,
  target: Version,
  o: { allowExperimentalUpgrades: boolean; allowRCUpgrades: boolean; force: boolean; out: Writable },
): Promise<void> {
  o.out.write(`[upgrade/preflight] You have chosen to upgrade the cluster version to "${targetStr}"\n`);
  const errs = await enforceVersionPolicies(getter, targetStr, target, o.allowExperimentalUpgrades, o.allowRCUpgrades, o.out);
  if (!errs) return;
  if (errs.mandatory.length > 0) {
    throw new KubeadmError(
      `the version argument is invalid due to these fatal errors:\n\n${formatErrorList(errs.mandatory)}\nPlease fix the misalignments highlighted above and try upgrading again`,
    );
  }
  if (errs.skippable.length > 0) {
    if (!o.force) {
      throw new KubeadmError(`the version argument is invalid due to these errors:\n\n${formatErrorList(errs.skippable)}\nCan be bypassed if you pass the --force flag`);
    }
    o.out.write(`[upgrade/preflight] Found ${errs.skippable.length} potential version compatibility errors but skipping since the --force flag is set: \n\n${formatErrorList(errs.skippable)}`);
  }
}
