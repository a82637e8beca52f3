// GetAvailableUpgrades and the plan (object and text) by value, from a fake version getter.
import { describe, expect, it } from "vitest";
import { getAvailableUpgrades, type Upgrade } from "../../../src/upgrade/compute.js";
import { genUpgradePlan, upgradePlanOutputObject, upgradePlanText, type ComponentConfigVersionState } from "../../../src/upgrade/plan.js";
import { imageTagToSemver, offlineVersionGetter, tagFromImage } from "../../../src/upgrade/versions.js";
import { memoryLogger } from "../../../src/util/log.js";
import { fakeVersionGetter, type FakeVersions } from "./fake-version-getter.js";

const cp = (v: string) => new Map([[v, ["cp1"]]]);
const cluster = (api: string, extra: Partial<FakeVersions> = {}): FakeVersions => ({
  kubeadmVersion: "v1.37.2",
  kubeletVersions: new Map([["v1.36.3", ["cp1", "w1"]]]),
  components: { "kube-apiserver": cp(api), "kube-controller-manager": cp(api), "kube-scheduler": cp(api), etcd: cp("3.6.8-0") },
  dnsVersion: "v1.14.2",
  ...extra,
});

async function compute(f: FakeVersions, o: { exp?: boolean; rc?: boolean; offline?: string } = {}) {
  let text = "";
  const log = memoryLogger();
  const getter = offlineVersionGetter(fakeVersionGetter(f), o.offline ?? "");
  const ups = await getAvailableUpgrades(getter, { experimentalUpgradesAllowed: o.exp ?? false, rcUpgradesAllowed: o.rc ?? false, out: { write: (t: string) => ((text += t), true) } as never, log });
  return { ups, text, log: log.lines };
}

describe("getAvailableUpgrades", () => {
  it("a patch of the cluster's minor and the stable release", async () => {
    const r = await compute(cluster("v1.36.3", { labels: { stable: "v1.37.2", "stable-1.36": "v1.36.5" } }));
    expect(r.text).toBe(
      "[upgrade] Fetching available versions to upgrade to\n[upgrade/versions] Cluster version: 1.36.3\n[upgrade/versions] kubeadm version: v1.37.2\n" +
        "[upgrade/versions] Target version: v1.37.2\n[upgrade/versions] Latest version in the v1.36 series: v1.36.5\n\n",
    );
    expect(r.ups.map((u) => [u.description, u.after.kubeVersion, u.after.kubeadmVersion, u.after.etcdVersion, u.after.dnsVersion])).toEqual([
      ["version in the v1.36 series", "v1.36.5", "v1.37.2", "3.7.0-0", "v1.14.6"],
      ["stable version", "v1.37.2", "v1.37.2", "3.7.0-0", "v1.14.6"],
    ]);
    expect(r.ups[0]!.before.kubeVersion).toBe("1.36.3");
  });

  it("offline: stable falls back to kubeadm's version with upstream's warnings; the patch label warns", async () => {
    const r = await compute(cluster("v1.36.3"));
    expect(r.log).toEqual([
      "W [upgrade/versions] WARNING: Couldn't fetch latest stable version from the internet: offline\n",
      "W [upgrade/versions] WARNING: Falling back to current kubeadm version as latest stable version",
      "W [upgrade/versions] WARNING: Couldn't fetch latest version in the v1.36 series from the internet: offline\n",
    ]);
    expect(r.ups.map((u) => u.description)).toEqual(["stable version"]);
    expect(r.text).not.toContain("Target version");
  });

  it("a named version answers every label (the quirk of a patch upgrade to the next minor)", async () => {
    const r = await compute(cluster("v1.36.3"), { offline: "v1.37.2" });
    expect(r.ups.map((u) => [u.description, u.after.kubeVersion])).toEqual([["version in the v1.36 series", "v1.37.2"]]);
  });

  it("up to date: nothing", async () => {
    const r = await compute(cluster("v1.37.2", { labels: { stable: "v1.37.2", "stable-1.37": "v1.37.2" } }));
    expect(r.ups).toEqual([]);
  });

  it("release candidates and experimental versions; alpha.0 shows the previous branch", async () => {
    const labels = { stable: "v1.37.2", "stable-1.37": "v1.37.2", latest: "v1.39.0-alpha.0", "latest-1.38": "v1.38.0-rc.1" };
    const r = await compute(cluster("v1.37.2", { labels }), { exp: true, rc: true });
    expect(r.text).toContain("[upgrade/versions] Latest experimental version: v1.39.0-alpha.0\n[upgrade/versions] Latest previous version: v1.38.0-rc.1\n\n");
    expect(r.ups.map((u) => [u.description, u.after.kubeVersion])).toEqual([
      ["release candidate version", "v1.38.0-rc.1"],
      ["experimental version", "v1.38.0-rc.1"],
    ]);
    const alpha = await compute(cluster("v1.37.2", { labels: { ...labels, latest: "v1.39.0-alpha.2" } }), { exp: true });
    expect(alpha.ups.map((u) => [u.description, u.after.kubeVersion])).toEqual([["experimental version", "v1.39.0-alpha.2"]]);
  });

  it("external etcd: no etcd version; several API server versions warn; none parse fails", async () => {
    const f = cluster("v1.36.3", { labels: { stable: "v1.37.2", "stable-1.36": "v1.36.3" } });
    f.components = { ...f.components, etcd: new Map(), "kube-apiserver": new Map([["v1.36.3", ["cp1"]], ["v1.36.1", ["cp2", "cp3"]]]) };
    const r = await compute(f);
    expect(r.ups.map((u) => [u.description, u.after.etcdVersion])).toEqual([["stable version", ""]]);
    expect(r.log).toEqual(["W Different API server versions in the cluster were discovered: v1.36.3 on nodes [cp1], v1.36.1 on nodes [cp2 cp3]. Please upgrade your control plane nodes to the same version of Kubernetes"]);
    const bad = cluster("garbage");
    await expect(compute(bad)).rejects.toThrow("couldn't parse kube-apiserver version garbage from nodes [cp1]");
  });
});

describe("the plan", () => {
  const states: ComponentConfigVersionState[] = [
    { group: "kubeproxy.config.k8s.io", currentVersion: "v1alpha1", preferredVersion: "v1alpha1", manualUpgradeRequired: false },
    { group: "kubelet.config.k8s.io", currentVersion: "", preferredVersion: "v1beta1", manualUpgradeRequired: false },
  ];
  async function ups(): Promise<Upgrade[]> {
    const f = cluster("v1.36.3", { labels: { stable: "v1.37.3", "stable-1.36": "v1.36.5" } });
    f.kubeletVersions = new Map([["v1.36.3", ["cp1"]], ["v1.35.0", ["w1", "w2"]]]);
    return (await compute(f)).ups;
  }

  it("as text, with upstream's tables, note and separators", async () => {
    const plan = genUpgradePlan(await ups(), states, true);
    const table = (rows: string[]) => rows.join("\n") + "\n";
    const kubelets = (t: string) =>
      table([
        "COMPONENT   NODE      CURRENT   TARGET",
        `kubelet     w1        v1.35.0   ${t}`,
        `kubelet     w2        v1.35.0   ${t}`,
        `kubelet     cp1       v1.36.3   ${t}`,
      ]);
    const components = (t: string) =>
      table([
        "COMPONENT                 NODE      CURRENT   TARGET",
        `kube-apiserver            cp1       v1.36.3   ${t}`,
        `kube-controller-manager   cp1       v1.36.3   ${t}`,
        `kube-scheduler            cp1       v1.36.3   ${t}`,
        `kube-proxy                          1.36.3    ${t}`,
        "CoreDNS                             v1.14.2   v1.14.6",
        "etcd                      cp1       3.6.8-0   3.7.0-0",
      ]);
    const sep = "_____________________________________________________________________\n\n";
    const manual = "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':\n";
    expect(upgradePlanText(plan)).toBe(
      manual + kubelets("v1.36.5") + "\nUpgrade to the latest version in the v1.36 series:\n\n" + components("v1.36.5") +
        "\nYou can now apply the upgrade by executing the following command:\n\n\tkubeadm upgrade apply v1.36.5\n\n" + sep +
        manual + kubelets("v1.37.3") + "\nUpgrade to the latest stable version:\n\n" + components("v1.37.3") +
        "\nYou can now apply the upgrade by executing the following command:\n\n\tkubeadm upgrade apply v1.37.3\n\n" +
        "Note: Before you can perform this upgrade, you have to update kubeadm to v1.37.3.\n\n" + sep +
        "\nThe table below shows the current state of component configs as understood by this version of kubeadm.\n" +
        'Configs that have a "yes" mark in the "MANUAL UPGRADE REQUIRED" column require manual config upgrade or\n' +
        "resetting to kubeadm defaults before a successful upgrade can be performed. The version to manually\n" +
        'upgrade to is denoted in the "PREFERRED VERSION" column.\n\n' +
        table([
          "API GROUP                 CURRENT VERSION   PREFERRED VERSION   MANUAL UPGRADE REQUIRED",
          "kubeproxy.config.k8s.io   v1alpha1          v1alpha1            no",
          "kubelet.config.k8s.io     -                 v1beta1             no",
        ]) + sep,
    );
  });

  it("as the output object: kubeadm among the components, etcd only with --etcd-upgrade, nodeName omitted when empty", async () => {
    const plan = upgradePlanOutputObject(genUpgradePlan((await ups()).slice(0, 1), [], false));
    expect(plan).toEqual({
      kind: "UpgradePlan",
      apiVersion: "output.kubeadm.k8s.io/v1alpha3",
      availableUpgrades: [
        {
          description: "version in the v1.36 series",
          components: [
            { name: "kubelet", currentVersion: "v1.35.0", newVersion: "v1.36.5", nodeName: "w1" },
            { name: "kubelet", currentVersion: "v1.35.0", newVersion: "v1.36.5", nodeName: "w2" },
            { name: "kubelet", currentVersion: "v1.36.3", newVersion: "v1.36.5", nodeName: "cp1" },
            { name: "kube-apiserver", currentVersion: "v1.36.3", newVersion: "v1.36.5", nodeName: "cp1" },
            { name: "kube-controller-manager", currentVersion: "v1.36.3", newVersion: "v1.36.5", nodeName: "cp1" },
            { name: "kube-scheduler", currentVersion: "v1.36.3", newVersion: "v1.36.5", nodeName: "cp1" },
            { name: "kube-proxy", currentVersion: "1.36.3", newVersion: "v1.36.5" },
            { name: "CoreDNS", currentVersion: "v1.14.2", newVersion: "v1.14.6" },
            { name: "kubeadm", currentVersion: "v1.37.2", newVersion: "v1.37.2" },
          ],
        },
      ],
    });
  });

  it("no component config states: one line", () => {
    expect(upgradePlanText({})).toBe("No information available on component configs.\n");
  });

  it("an unstable target names its flag", async () => {
    const f = cluster("v1.36.3");
    const r = await compute(f, { offline: "v1.37.0-rc.1" });
    expect(upgradePlanText(genUpgradePlan(r.ups, [], true))).toContain("\tkubeadm upgrade apply v1.37.0-rc.1 --allow-release-candidate-upgrades\n");
    const b = await compute(f, { offline: "v1.37.0-beta.0" });
    expect(upgradePlanText(genUpgradePlan(b.ups, [], true))).toContain("\tkubeadm upgrade apply v1.37.0-beta.0 --allow-experimental-upgrades\n");
  });
});

describe("image tags", () => {
  it("as upstream's TagFromImage", () => {
    const cases: Record<string, string> = {
      "kindest/node": "",
      "kindest/node:latest": "latest",
      "kindest/node:v1.17.0": "v1.17.0",
      [`kindest/node:v1.17.0@sha256:${"9".repeat(64)}`]: "v1.17.0",
      [`kindest/node@sha256:${"9".repeat(64)}`]: "",
      "example.com:3000/kindest/node": "",
      "example.com:3000/kindest/node:v1.17.0": "v1.17.0",
      [`example.com:3000/kindest/node:v1.17.0@sha256:${"a".repeat(64)}`]: "v1.17.0",
    };
    for (const [image, tag] of Object.entries(cases)) expect(tagFromImage(image), image).toBe(tag);
    expect(imageTagToSemver("v1.37.2_build.1")).toBe("v1.37.2+build.1");
  });
});
