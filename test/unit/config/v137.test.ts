// What moved in the configuration API with upstream v1.37 (texts as upstream v1.37.2 prints them;
// the goldens and corpora under test/golden/config compare the CLI with the binary itself).
import { describe, expect, it } from "vitest";
import { parseFeatureGates } from "../../../src/config/features.js";
import { loadInitConfiguration, loadJoinConfiguration, loadResetConfiguration, migrateConfig } from "../../../src/config/load.js";
import { defaultKubeProxyConfiguration, emptyKubeProxyConfiguration } from "../../../src/config/componentconfigs.js";
import { defaultClusterConfiguration } from "../../../src/config/convert.js";
import { memoryLogger } from "../../../src/util/log.js";
import { facts, offlineFetcher } from "./helpers.js";

const OLD = (kind: string) =>
  `your configuration file uses an old API spec: "kubeadm.k8s.io/v1beta3" (kind: "${kind}"). Please use kubeadm v1.36 instead and run 'kubeadm config migrate --old-config old-config-file --new-config new-config-file', which will write the new, similar spec using a newer API version.`;
const EXPERIMENTAL = (kind: string) =>
  `experimental API spec: "kubeadm.k8s.io/v1" (kind: "${kind}") is not allowed. You can use the --allow-experimental-api flag if the command supports it.`;
const o = { facts, skipCRIDetect: true, versionFetcher: offlineFetcher, log: memoryLogger() };

describe("kubeadm.k8s.io/v1beta3 is refused by every loader (config migrate excepted)", () => {
  it("init names the first v1beta3 document in GVK order", async () => {
    const text = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n";
    await expect(loadInitConfiguration({ ...o, configText: text })).rejects.toThrow(OLD("ClusterConfiguration"));
    await expect(loadJoinConfiguration({ ...o, configText: "apiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration\n" })).rejects.toThrow(OLD("JoinConfiguration"));
  });
  it("config migrate still reads it and writes v1beta4, with v1.36's timeout carry-over", async () => {
    const text =
      "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.37.0\napiServer:\n  timeoutForControlPlane: 7m0s\n  extraArgs:\n    v: \"2\"\n";
    const out = await migrateConfig(text, o);
    expect(out).toContain("apiVersion: kubeadm.k8s.io/v1beta4\n");
    expect(out).toContain("  controlPlaneComponentHealthCheck: 7m0s\n");
    expect(out).toContain("  extraArgs:\n  - name: v\n    value: \"2\"\n");
  });
});

describe("the experimental kubeadm.k8s.io/v1", () => {
  const v1 = (kind: string, body = "") => `apiVersion: kubeadm.k8s.io/v1\nkind: ${kind}\n${body}`;
  it("init and join refuse it; reset always allows it", async () => {
    await expect(loadInitConfiguration({ ...o, configText: v1("ClusterConfiguration", "kubernetesVersion: v1.37.0\n") })).rejects.toThrow(EXPERIMENTAL("ClusterConfiguration"));
    await expect(loadJoinConfiguration({ ...o, configText: v1("JoinConfiguration") })).rejects.toThrow(EXPERIMENTAL("JoinConfiguration"));
    const reset = await loadResetConfiguration({ ...o, configText: v1("ResetConfiguration", "force: true\ncriSocket: unix:///run/x.sock\n") });
    expect(reset).toMatchObject({ force: true, criSocket: "unix:///run/x.sock" });
  });
  it("config migrate --allow-experimental-api writes v1beta4 without mergeMethod; an unknown field stays an error", async () => {
    const text = v1("ClusterConfiguration", "kubernetesVersion: v1.37.0\nscheduler:\n  extraArgs:\n  - name: v\n    value: \"4\"\n    mergeMethod: append\n");
    const out = await migrateConfig(text, { ...o, allowExperimental: true });
    expect(out).toContain("apiVersion: kubeadm.k8s.io/v1beta4\n");
    expect(out).toContain("scheduler:\n  extraArgs:\n  - name: v\n    value: \"4\"\n");
    expect(out).not.toContain("mergeMethod");
    await expect(migrateConfig(text, o)).rejects.toThrow(EXPERIMENTAL("ClusterConfiguration"));
    // mergeMethod is not a v1beta4 field
    await expect(migrateConfig(text.replace("kubeadm.k8s.io/v1\n", "kubeadm.k8s.io/v1beta4\n"), o)).rejects.toThrow('strict decoding error: unknown field "scheduler.extraArgs[0].mergeMethod"');
  });
});

describe("feature gates", () => {
  it("NodeLocalCRISocket and PublicKeysECDSA are gone; RootlessControlPlane stays", () => {
    expect(() => parseFeatureGates("PublicKeysECDSA=true")).toThrow("unrecognized feature-gate key: PublicKeysECDSA");
    expect(() => parseFeatureGates("NodeLocalCRISocket=true")).toThrow("unrecognized feature-gate key: NodeLocalCRISocket");
    expect(parseFeatureGates("RootlessControlPlane=true")).toEqual({ RootlessControlPlane: true });
  });
  it("PublicKeysECDSA in a config no longer picks ECDSA keys", async () => {
    await expect(
      loadInitConfiguration({ ...o, configText: "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.37.0\nfeatureGates:\n  PublicKeysECDSA: true\n" }),
    ).rejects.toThrow('featureGates: Invalid value: {"PublicKeysECDSA":true}: PublicKeysECDSA is not a valid feature name.');
  });
});

describe("kube-proxy defaults (componentconfigs/kubeproxy.go)", () => {
  const run = (over: Record<string, unknown>, advertise = "192.0.2.10") => {
    const kp = { ...emptyKubeProxyConfiguration(), ...over };
    const warnings: string[] = [];
    defaultKubeProxyConfiguration(kp, defaultClusterConfiguration(), { advertiseAddress: advertise, bindPort: 6443 }, (m, site) => warnings.push(`${site ?? "utils.go:69"} ${m}`), true);
    return { kp, warnings };
  };
  it("mode: empty becomes iptables; ipvs is kept with upstream's deprecation warning", () => {
    expect(run({}).kp.mode).toBe("iptables");
    expect(run({ mode: "nftables" })).toMatchObject({ kp: { mode: "nftables" }, warnings: [] });
    const ipvs = run({ mode: "ipvs" });
    expect(ipvs.kp.mode).toBe("ipvs");
    expect(ipvs.warnings).toEqual([
      'kubeproxy.go:144 The "KubeProxyConfiguration" field "mode" is set to "ipvs" which has been deprecated since version v1.35. For newer Linux kernel versions, we recommend using the "nftables" mode, which has been GA since v1.33. For older Linux kernel versions, you can use the "iptables" mode which is still the default one.',
    ]);
  });
  it("bindAddress: defaulted from the advertise address; either wildcard silently; not an IP; another IP against its own family's wildcard", () => {
    expect(run({}).kp.bindAddress).toBe("0.0.0.0");
    expect(run({}, "fd00::10").kp.bindAddress).toBe("::");
    expect(run({ bindAddress: "::" }).warnings).toEqual([]);
    expect(run({ bindAddress: "0.0.0.0" }, "fd00::10").warnings).toEqual([]);
    expect(run({ bindAddress: "1.2.3" }).warnings).toEqual(['kubeproxy.go:123 The bindAddress "1.2.3" in "KubeProxyConfiguration" is not a valid IP address']);
    expect(run({ bindAddress: "fd00::5" }).warnings).toEqual([
      'utils.go:69 The recommended value for "bindAddress" in "KubeProxyConfiguration" is: ::; the provided value is: fd00::5',
    ]);
    expect(run({ bindAddress: "10.0.0.1" }, "fd00::10").warnings).toEqual([
      'utils.go:69 The recommended value for "bindAddress" in "KubeProxyConfiguration" is: 0.0.0.0; the provided value is: 10.0.0.1',
    ]);
  });
});
