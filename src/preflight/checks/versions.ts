/**
 * KubernetesVersion (the target must not be newer than kubeadm's minor) and
 * KubeletVersion (the installed kubelet within the supported skew).
 */
import { KUBERNETES_VERSION, MINIMUM_KUBELET_VERSION } from "../../constants.js";
import type { HostFacts } from "../../host/host-facts.js";
import { KubeadmError } from "../../util/errors.js";
import { parseSemantic, type Version } from "../../util/version.js";
import { failure, ok, warning, type Checker } from "../checker.js";

const KUBELET_VERSION_OUTPUT = /^\s*Kubernetes v((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)([-\w.+]*)?)\s*$/;

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Runs `kubelet --version` and parses "Kubernetes vX.Y.Z". Throws with upstream's texts. */
export async function getKubeletVersion(facts: HostFacts): Promise<Version> {
  const r = await facts.exec("kubelet", ["--version"]);
  if (r.error) throw new KubeadmError(`cannot execute 'kubelet --version': ${r.error}`);
  const out = r.stdout.trim();
  const m = KUBELET_VERSION_OUTPUT.exec(out);
  if (!m) throw new KubeadmError(`Unable to parse output from Kubelet: ${JSON.stringify(out)}`);
  return parseSemantic(m[1]!);
}

export function kubernetesVersionCheck(kubernetesVersion: string, kubeadmVersion: string = KUBERNETES_VERSION): Checker {
  return {
    name: "KubernetesVersion",
    async check() {
      // Builds without version information ("v0.0.0-...") skip the check.
      if (kubeadmVersion.startsWith("v0.0.0")) return ok();
      let kadm: Version;
      let k8s: Version;
      try {
        kadm = parseSemantic(kubeadmVersion);
      } catch (err) {
        return failure(`couldn't parse kubeadm version ${JSON.stringify(kubeadmVersion)}: ${msg(err)}`);
      }
      try {
        k8s = parseSemantic(kubernetesVersion);
      } catch (err) {
        return failure(`couldn't parse Kubernetes version ${JSON.stringify(kubernetesVersion)}: ${msg(err)}`);
      }
      // x.(y+1).0-0 is the first version (pre-releases included) of the next minor.
      const firstUnsupported = parseSemantic(`${kadm.major}.${kadm.minor + 1}.0-0`);
      if (k8s.atLeast(firstUnsupported)) {
        return warning(
          `Kubernetes version is greater than kubeadm version. Please consider to upgrade kubeadm. Kubernetes version: ${k8s}. Kubeadm version: ${kadm.major}.${kadm.minor}.x`,
        );
      }
      return ok();
    },
  };
}

/** `kubernetesVersion` empty (join) skips the control-plane skew part. */
export function kubeletVersionCheck(kubernetesVersion: string, minKubeletVersion: string = MINIMUM_KUBELET_VERSION): Checker {
  return {
    name: "KubeletVersion",
    async check({ facts }) {
      let kubelet: Version;
      try {
        kubelet = await getKubeletVersion(facts);
      } catch (err) {
        return failure(`couldn't get kubelet version: ${msg(err)}`);
      }
      if (kubelet.lessThan(parseSemantic(minKubeletVersion))) {
        return failure(`Kubelet version "${kubelet}" is lower than kubeadm can support. Please upgrade kubelet`);
      }
      if (kubernetesVersion !== "") {
        let k8s: Version;
        try {
          k8s = parseSemantic(kubernetesVersion);
        } catch (err) {
          return failure(`couldn't parse Kubernetes version ${JSON.stringify(kubernetesVersion)}: ${msg(err)}`);
        }
        if (kubelet.major > k8s.major || kubelet.minor > k8s.minor) {
          return failure(
            `the kubelet version is higher than the control plane version. This is not a supported version skew and may lead to a malfunctional cluster. Kubelet version: "${kubelet}" Control plane version: "${k8s}"`,
          );
        }
      }
      return ok();
    },
  };
}
