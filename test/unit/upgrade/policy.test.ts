// The version skew policy (upstream EnforceVersionPolicies) by value: which target versions are
// fatal, which --force lets pass, and the exact messages and "[upgrade/...]" lines.
import { describe, expect, it } from "vitest";
import { enforceVersionPolicies, enforceVersionPoliciesOrFail, formatErrorList } from "../../../src/upgrade/policy.js";
import { parseSemantic } from "../../../src/util/version.js";
import { fakeVersionGetter, type FakeVersions } from "./fake-version-getter.js";

function sink() {
  let text = "";
  return { write: (t: string) => ((text += t), true), get text() { return text; } };
}

async function policy(f: FakeVersions, target: string, allowExperimental = false, allowRC = false) {
  return enforceVersionPolicies(fakeVersionGetter(f), target, parseSemantic(target), allowExperimental, allowRC, sink() as never);
}

describe("enforceVersionPolicies", () => {
  it("a patch or minor upgrade with a matching kubeadm passes", async () => {
    expect(await policy({ clusterVersion: "v1.36.3", kubeadmVersion: "v1.37.2", kubeletVersions: ["v1.36.3"] }, "v1.37.2")).toBeNull();
    expect(await policy({ clusterVersion: "v1.37.0", kubeadmVersion: "v1.37.2", kubeletVersions: ["v1.34.1"] }, "v1.37.2")).toBeNull();
    expect(await policy({ clusterVersion: "v1.37.2", kubeadmVersion: "v1.37.2" }, "v1.37.2")).toBeNull();
  });

  it("below the minimum control plane version: fatal, naming the cluster's version (upstream's wording)", async () => {
    const e = await policy({ clusterVersion: "v1.36.3", kubeadmVersion: "v1.37.2" }, "v1.35.9");
    expect(e!.mandatory).toEqual(['Specified version to upgrade to "v1.35.9" is equal to or lower than the minimum supported version "v1.36.3". Please specify a higher version to upgrade to']);
    expect(e!.skippable).toEqual(["Kubeadm version v1.37.2 can only be used to upgrade to Kubernetes version 1.37"]);
  });

  it("two minors up: fatal for a release, skippable for a pre-release", async () => {
    const e = await policy({ clusterVersion: "v1.36.0", kubeadmVersion: "v1.38.0" }, "v1.38.0");
    expect(e).toEqual({ mandatory: ['Specified version to upgrade to "v1.38.0" is too high; kubeadm can upgrade only 1 minor version at a time'], skippable: [] });
    const pre = await policy({ clusterVersion: "v1.36.0", kubeadmVersion: "v1.38.0-alpha.1" }, "v1.38.0-alpha.1", true);
    expect(pre).toEqual({ mandatory: [], skippable: ['Specified version to upgrade to "v1.38.0-alpha.1" is too high; kubeadm can upgrade only 1 minor version at a time'] });
  });

  it("two minors down: fatal", async () => {
    const e = await policy({ clusterVersion: "v1.39.0", kubeadmVersion: "v1.37.2" }, "v1.37.0");
    expect(e!.mandatory).toEqual(['Specified version to downgrade to "v1.37.0" is too low; kubeadm can downgrade only 1 minor version at a time']);
  });

  it("newer than kubeadm: a newer minor is fatal, a newer patch skippable", async () => {
    const minor = await policy({ clusterVersion: "v1.37.0", kubeadmVersion: "v1.37.2" }, "v1.38.0");
    expect(minor!.mandatory).toEqual(['Specified version to upgrade to "v1.38.0" is at least one minor release higher than the kubeadm minor release (38 > 37). Such an upgrade is not supported']);
    const patch = await policy({ clusterVersion: "v1.37.0", kubeadmVersion: "v1.37.2" }, "v1.37.3");
    expect(patch).toEqual({ mandatory: [], skippable: ['Specified version to upgrade to "v1.37.3" is higher than the kubeadm version "v1.37.2". Upgrade kubeadm first using the tool you used to install kubeadm'] });
  });

  it("unstable versions need the matching --allow-*-upgrades", async () => {
    const f = { clusterVersion: "v1.36.3", kubeadmVersion: "v1.37.0-rc.1" };
    const msg = 'Specified version to upgrade to "v1.37.0-rc.1" is an unstable version and such upgrades weren\'t allowed via setting the --allow-*-upgrades flags';
    expect(await policy(f, "v1.37.0-rc.1")).toEqual({ mandatory: [], skippable: [msg] });
    expect(await policy(f, "v1.37.0-rc.1", false, true)).toBeNull();
    expect(await policy(f, "v1.37.0-rc.1", true, false)).toBeNull();
    const beta = { clusterVersion: "v1.36.3", kubeadmVersion: "v1.37.0-beta.1" };
    expect((await policy(beta, "v1.37.0-beta.1", false, true))!.skippable).toHaveLength(1);
  });

  it("kubelets more than three minors behind the target: skippable; an unlistable Node list too", async () => {
    expect(await policy({ clusterVersion: "v1.37.0", kubeadmVersion: "v1.37.2", kubeletVersions: ["v1.34.0"] }, "v1.37.2")).toBeNull();
    const e = await policy({ clusterVersion: "v1.37.0", kubeadmVersion: "v1.37.2", kubeletVersions: ["v1.33.9", "v1.37.0", "v1.33.1"] }, "v1.37.2");
    expect(e!.skippable).toEqual(["There are kubelets in this cluster that are too old that have these versions [v1.33.9 v1.33.1]"]);
    const bad = await policy({ clusterVersion: "v1.37.0", kubeadmVersion: "v1.37.2", kubeletVersions: ["garbage"] }, "v1.37.2");
    expect(bad!.skippable).toEqual(["couldn't parse kubelet version garbage"]);
    const unlisted = await policy({ clusterVersion: "v1.37.0", kubeadmVersion: "v1.37.2", kubeletListFails: true }, "v1.37.2");
    expect(unlisted!.skippable).toEqual(["Unable to fetch kubelet version: couldn't list all nodes in cluster"]);
  });

  it("a build version at the minimum passes", async () => {
    expect(await policy({ clusterVersion: "v1.36.0", kubeadmVersion: "v1.36.0+build" }, "v1.36.0+build")).toBeNull();
  });
});

describe("enforceVersionPoliciesOrFail (the apply preflight step)", () => {
  const f = { clusterVersion: "v1.37.2", kubeadmVersion: "v1.37.2", kubeletVersions: ["v1.37.2"] };
  const run = (target: string, force: boolean) => {
    const out = sink();
    const p = enforceVersionPoliciesOrFail(fakeVersionGetter(f), target, parseSemantic(target), { allowExperimentalUpgrades: false, allowRCUpgrades: false, force, out: out as never });
    return { p, out };
  };

  it("prints the target, the cluster's and kubeadm's versions", async () => {
    const { p, out } = run("v1.37.2", false);
    await p;
    expect(out.text).toBe('[upgrade/preflight] You have chosen to upgrade the cluster version to "v1.37.2"\n[upgrade/versions] Cluster version: v1.37.2\n[upgrade/versions] kubeadm version: v1.37.2\n');
  });

  it("skippable errors: refused without --force, printed with it", async () => {
    await expect(run("v1.36.5", false).p).rejects.toThrow(
      "the version argument is invalid due to these errors:\n\n\t- Kubeadm version v1.37.2 can only be used to upgrade to Kubernetes version 1.37\n\nCan be bypassed if you pass the --force flag",
    );
    const { p, out } = run("v1.36.5", true);
    await p;
    expect(out.text.endsWith("[upgrade/preflight] Found 1 potential version compatibility errors but skipping since the --force flag is set: \n\n\t- Kubeadm version v1.37.2 can only be used to upgrade to Kubernetes version 1.37\n")).toBe(true);
  });

  it("fatal errors stop even with --force", async () => {
    await expect(run("v1.38.0", true).p).rejects.toThrow(
      "the version argument is invalid due to these fatal errors:\n\n\t- Specified version to upgrade to \"v1.38.0\" is at least one minor release higher than the kubeadm minor release (38 > 37). Such an upgrade is not supported\n\nPlease fix the misalignments highlighted above and try upgrading again",
    );
  });

  it("formatErrorList", () => {
    expect(formatErrorList(["a", "b"])).toBe("\t- a\n\t- b\n");
  });
});
