// The upgrade phases' pure parts and cluster reads, by value: which control planes are behind, the
// running CoreDNS, whether its Corefile needs a migration, the CoreDNS preflight checks, names.
import { describe, expect, it } from "vitest";
import { DryRunClient } from "../../../src/client/index.js";
import { coreDNSInfo, coreDNSMigrationRequired, corefile, TARGET_COREDNS_VERSION } from "../../../src/cluster/coredns.js";
import { tagFromImage } from "../../../src/upgrade/versions.js";
import { coreDNSMigrationChecks } from "../../../src/upgrade/common.js";
import { corefileMigrator } from "../../../src/upgrade/corefile-migration.js";
import { unupgradedControlPlaneInstances } from "../../../src/upgrade/control-plane-instances.js";
import { kubeletConfigBackupDirName } from "../../../src/upgrade/kubelet-config.js";

function client(objects: Array<[string, unknown]>): DryRunClient {
  const c = new DryRunClient({ writer: { write: () => undefined } });
  for (const [r, o] of objects) c.tracker.create(r as never, "kube-system", o as never);
  return c;
}

const apiserverPod = (node: string, image: string, container = "kube-apiserver") => [
  "pods",
  { metadata: { name: `kube-apiserver-${node}`, namespace: "kube-system", labels: { component: "kube-apiserver" } }, spec: { nodeName: node, containers: [{ name: container, image }] } },
] as [string, unknown];

const dnsDeployment = (image: string, name = "coredns") => [
  "deployments",
  { metadata: { name, namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }, spec: { template: { spec: { containers: [{ name: "coredns", image }] } } } },
] as [string, unknown];

const dnsConfigMap = (data: Record<string, string>) => ["configmaps", { metadata: { name: "coredns", namespace: "kube-system" }, data }] as [string, unknown];

describe("unupgradedControlPlaneInstances", () => {
  it("lists the nodes whose kube-apiserver image differs from this node's, sorted", async () => {
    const c = client([apiserverPod("cp1", "k8s/kube-apiserver:v1.37.2"), apiserverPod("cp3", "k8s/kube-apiserver:v1.36.3"), apiserverPod("cp2", "k8s/kube-apiserver:v1.36.3")]);
    expect(await unupgradedControlPlaneInstances(c, "cp1")).toEqual(["cp2", "cp3"]);
    expect(await unupgradedControlPlaneInstances(c, "cp2")).toEqual(["cp1"]);
  });
  it("nothing pending when every image matches", async () => {
    expect(await unupgradedControlPlaneInstances(client([apiserverPod("cp1", "a:v1"), apiserverPod("cp2", "a:v1")]), "cp1")).toEqual([]);
  });
  it("fails with upstream's words", async () => {
    await expect(unupgradedControlPlaneInstances(client([]), "cp1")).rejects.toThrow("cannot find kube-apiserver Pod by label selector: component=kube-apiserver");
    await expect(unupgradedControlPlaneInstances(client([apiserverPod("cp2", "a:v1")]), "cp1")).rejects.toThrow("cannot find kube-apiserver image for current control plane instance cp1");
    await expect(unupgradedControlPlaneInstances(client([apiserverPod("cp1", "a:v1", "other")]), "cp1")).rejects.toThrow('cannot find container by name "kube-apiserver" for Pod kube-system/kube-apiserver-cp1');
  });
});

describe("the running CoreDNS", () => {
  it("tagFromImage as kubeadm's image util", () => {
    expect(tagFromImage("registry.k8s.io/coredns/coredns:v1.14.2")).toBe("v1.14.2");
    expect(tagFromImage("localhost:5000/coredns:1.12.0")).toBe("1.12.0");
    expect(tagFromImage("localhost:5000/coredns")).toBe("");
    expect(tagFromImage(`coredns@sha256:${"a".repeat(64)}`)).toBe("");
    expect(tagFromImage(`coredns:v1.13.1@sha256:${"b".repeat(64)}`)).toBe("v1.13.1");
  });
  it("coreDNSInfo: no ConfigMap → nothing; Corefile and the Deployment's tag otherwise", async () => {
    expect(await coreDNSInfo(client([dnsDeployment("x/coredns:v1.14.2")]))).toEqual({ corefile: "", version: "" });
    expect(await coreDNSInfo(client([dnsConfigMap({ Corefile: "c" })]))).toEqual({ corefile: "c", version: "" });
    expect(await coreDNSInfo(client([dnsConfigMap({ Corefile: "c" }), dnsDeployment("x/coredns:v1.14.2")]))).toEqual({ corefile: "c", version: "v1.14.2" });
    await expect(coreDNSInfo(client([dnsConfigMap({})]))).rejects.toThrow("unable to find the CoreDNS Corefile data");
    await expect(coreDNSInfo(client([dnsConfigMap({ Corefile: "c" }), dnsDeployment("a:v1"), dnsDeployment("a:v2", "other")]))).rejects.toThrow("multiple DNS addon deployments found");
  });
  it("a migration is required only for removed plugins/options or missing new defaults on the way", () => {
    const current = corefile("cluster.local");
    expect(TARGET_COREDNS_VERSION).toBe("1.14.6");
    expect(coreDNSMigrationRequired({ corefile: current, version: "" })).toBe(false);
    expect(coreDNSMigrationRequired({ corefile: current, version: "v1.14.6" })).toBe(false);
    expect(coreDNSMigrationRequired({ corefile: current, version: "v1.11.3" })).toBe(false);
    // 1.6.2 → 1.7.0 adds forward's max_concurrent, 1.6.5 health's lameduck
    const old = current.replace("    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n", "    forward . /etc/resolv.conf\n");
    expect(coreDNSMigrationRequired({ corefile: old, version: "v1.6.2" })).toBe(true);
    expect(() => coreDNSMigrationRequired({ corefile: current, version: "v1.99.0" })).toThrow("unable to get list of changes to the configuration.: start version '1.99.0' not supported");
  });
});

describe("CoreDNS preflight checks", () => {
  const run = async (c: DryRunClient) => {
    let stdout = "";
    const out = { write: (s: string) => ((stdout += s), true) } as never;
    const results = [];
    for (const ch of coreDNSMigrationChecks(c, corefileMigrator, out)) results.push({ name: ch.name, ...(await ch.check({} as never)) });
    return { results, stdout };
  };
  it("names as upstream's, nothing to say on a kubeadm cluster", async () => {
    const { results, stdout } = await run(client([dnsConfigMap({ Corefile: corefile("cluster.local") }), dnsDeployment("x/coredns:v1.14.2")]));
    expect(results).toEqual([
      { name: "CoreDNSUnsupportedPlugins", warnings: [], errors: [] },
      { name: "CoreDNSMigration", warnings: [], errors: [] },
    ]);
    expect(stdout).toBe("");
  });
  it("unsupported plugins: upstream's line and error", async () => {
    const cf = corefile("cluster.local").replace("    loop\n", "    loop\n    route53 example.org.:Z1 {\n       aws_access_key A B\n    }\n");
    const { results, stdout } = await run(client([dnsConfigMap({ Corefile: cf }), dnsDeployment("x/coredns:v1.14.2")]));
    expect(stdout).toMatch(/^\[preflight\] The corefile contains plugins that kubeadm\/CoreDNS does not know how to migrate\. .* newer version of CoreDNS\.\n$/);
    expect(results[0]!.errors).toEqual(['CoreDNS cannot migrate the following plugins:\n[Plugin "route53" is unsupported by this migration tool in 1.14.3. Plugin "route53" is unsupported by this migration tool in 1.14.4. Plugin "route53" is unsupported by this migration tool in 1.14.6.]']);
    expect(results[1]!.errors).toEqual([]);
  });
  it("no CoreDNS at all: both fail as upstream's do (start version '')", async () => {
    const { results } = await run(client([]));
    expect(results[0]!.errors).toEqual(["start version '' not supported"]);
    expect(results[1]!.errors).toEqual(["CoreDNS will not be upgraded: start version '' not supported"]);
  });
});

it("the kubelet config backup folder is named with the local time as Go's layout 2006-01-02-15-04-05", () => {
  expect(kubeletConfigBackupDirName(new Date(2026, 11, 6, 9, 5, 7))).toBe("kubeadm-kubelet-config-2026-12-06-09-05-07");
});
