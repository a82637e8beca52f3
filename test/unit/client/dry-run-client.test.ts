import { describe, expect, it } from "vitest";
import { DryRunClient, type DryRunAction } from "../../../src/client/dry-run-client.js";
import { installInitReactors, installJoinReactors, installTokenDeleteReactors, objectReactor } from "../../../src/client/dry-run-reactors.js";
import { isAlreadyExists, isNotFound, newNotFound } from "../../../src/client/api-error.js";
import { createOrUpdate, patchNode } from "../../../src/client/idempotency.js";
import { FakeClock } from "../../../src/client/poll.js";
import type { KubeClient } from "../../../src/client/types.js";

function sink() {
  const chunks: string[] = [];
  return { writer: { write: (s: string) => chunks.push(s) }, text: () => chunks.join("") };
}

const cm = { metadata: { name: "kubeadm-config", namespace: "kube-system" }, data: { ClusterConfiguration: "x: 1\n" } };

describe("DryRunClient", () => {
  it("prints a create as upstream does and records it", async () => {
    const out = sink();
    const c = new DryRunClient({ writer: out.writer });
    await c.create("configmaps", cm);
    expect(out.text()).toBe(
      [
        '[dryrun] Would perform action CREATE on resource "configmaps" in API group "core/v1"',
        "[dryrun] Attached object:",
        "apiVersion: v1",
        "data:",
        "  ClusterConfiguration: |",
        "    x: 1",
        "kind: ConfigMap",
        "metadata:",
        "  name: kubeadm-config",
        "  namespace: kube-system",
        "",
        "",
      ].join("\n"),
    );
    expect(c.writes().map((a: DryRunAction) => [a.verb, a.resource, a.namespace, a.name])).toEqual([["create", "configmaps", "kube-system", "kubeadm-config"]]);
  });

  it("prints name and namespace for GET/PATCH/DELETE, the real-read fallback line, and answers from the tracker", async () => {
    const out = sink();
    const c = new DryRunClient({ writer: out.writer, marshal: () => "<obj>\n" });
    await c.create("clusterrolebindings", { metadata: { name: "kubeadm:cluster-admins" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" } });
    const got = await c.get("clusterrolebindings", "kubeadm:cluster-admins");
    expect(got.roleRef.name).toBe("cluster-admin");
    const missing = await c.get("configmaps", "nope", "kube-system").catch((e: unknown) => e);
    expect(isNotFound(missing)).toBe(true);
    await c.delete("clusterrolebindings", "kubeadm:cluster-admins");
    expect(out.text()).toBe(
      [
        '[dryrun] Would perform action CREATE on resource "clusterrolebindings" in API group "rbac.authorization.k8s.io/v1"',
        "[dryrun] Attached object:",
        "<obj>",
        "",
        '[dryrun] Would perform action GET on resource "clusterrolebindings" in API group "rbac.authorization.k8s.io/v1"',
        '[dryrun] Resource name "kubeadm:cluster-admins", namespace ""',
        "[dryrun] Real object does not exist. Attempting to GET from followup reactors or from the fake client tracker",
        '[dryrun] Would perform action GET on resource "configmaps" in API group "core/v1"',
        '[dryrun] Resource name "nope", namespace "kube-system"',
        "[dryrun] Real object does not exist. Attempting to GET from followup reactors or from the fake client tracker",
        '[dryrun] Would perform action DELETE on resource "clusterrolebindings" in API group "rbac.authorization.k8s.io/v1"',
        '[dryrun] Resource name "kubeadm:cluster-admins", namespace ""',
        "",
      ].join("\n"),
    );
  });

  it("makes createOrUpdate take the update path on a second write of the same object", async () => {
    const out = sink();
    const c = new DryRunClient({ writer: out.writer, marshal: () => "<obj>\n" });
    await createOrUpdate(c, "configmaps", cm, { clock: new FakeClock() });
    await createOrUpdate(c, "configmaps", cm, { clock: new FakeClock() });
    expect(c.actions.map((a) => a.verb)).toEqual(["create", "create", "update"]);
    expect(out.text()).toContain('[dryrun] Would perform action UPDATE on resource "configmaps" in API group "core/v1"\n[dryrun] Attached object:\n<obj>\n\n');
    const dup = await c.create("configmaps", cm).catch((e: unknown) => e);
    expect(isAlreadyExists(dup)).toBe(true);
  });

  it("init reactors answer Node GET/PATCH with the fake node, so patchNode succeeds without a cluster", async () => {
    const out = sink();
    const c = installInitReactors(new DryRunClient({ writer: out.writer }));
    await patchNode(c, "cp1", (n) => { n.metadata!.labels!["node-role.kubernetes.io/control-plane"] = ""; }, { clock: new FakeClock() });
    const text = out.text();
    expect(text).toContain(
      [
        '[dryrun] Would perform action GET on resource "nodes" in API group "core/v1"',
        '[dryrun] Resource name "cp1", namespace ""',
        "[dryrun] Attached object:",
        "apiVersion: v1",
        "kind: Node",
        "metadata:",
        "  labels:",
        "    kubernetes.io/hostname: cp1",
        "  name: cp1",
        "spec: {}",
        "status:",
        "  daemonEndpoints:",
        "    kubeletEndpoint:",
        "      Port: 0",
        "  nodeInfo:",
        '    architecture: ""',
        '    bootID: ""',
        '    containerRuntimeVersion: ""',
        '    kernelVersion: ""',
        '    kubeProxyVersion: ""',
        '    kubeletVersion: ""',
        '    machineID: ""',
        '    operatingSystem: ""',
        '    osImage: ""',
        '    systemUUID: ""',
        "",
        '[dryrun] Would perform action PATCH on resource "nodes" in API group "core/v1"',
        '[dryrun] Resource name "cp1", namespace ""',
        "[dryrun] Attached object:",
      ].join("\n"),
    );
    expect(text).not.toContain("Real object does not exist");
    const patch = c.writes()[0]!;
    expect(patch).toMatchObject({ verb: "patch", patchType: "strategic", patch: { metadata: { labels: { "node-role.kubernetes.io/control-plane": "" } } } });
  });

  it("prepended reactors run latest-first; appended ones run after the real read, in order", async () => {
    const order: string[] = [];
    const tag = (t: string) => objectReactor("get", "configmaps", () => { order.push(t); return undefined; });
    const c = new DryRunClient({ writer: sink().writer });
    c.prependReactor(tag("p1")).prependReactor(tag("p2")).appendReactor(tag("a1")).appendReactor(tag("a2"));
    await c.get("configmaps", "x", "kube-system").catch(() => undefined);
    expect(order).toEqual(["p2", "p1", "a1", "a2"]);
  });

  it("join reactors: real client first, fake cluster-info after it fails", async () => {
    const out = sink();
    const backing = { get: () => Promise.reject(newNotFound("configmaps", "", "cluster-info")), close: () => undefined } as unknown as KubeClient;
    const c = installJoinReactors(new DryRunClient({ writer: out.writer, backing, marshal: () => "<obj>\n" }));
    const ci = await c.get("configmaps", "cluster-info", "kube-public");
    expect(Object.keys(ci.data ?? {}).sort()).toEqual(["jws-kubeconfig-abcdef", "kubeconfig"]);
    expect(ci.data!.kubeconfig).toMatch(/^apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTi/);
    expect(out.text()).toBe(
      [
        '[dryrun] Would perform action GET on resource "configmaps" in API group "core/v1"',
        '[dryrun] Resource name "cluster-info", namespace "kube-public"',
        "[dryrun] Real object does not exist. Attempting to GET from followup reactors or from the fake client tracker",
        "[dryrun] Attached object:",
        "<obj>",
        "",
        "",
      ].join("\n"),
    );
  });

  it("uses the real object when the backing client has it", async () => {
    const out = sink();
    const backing = { get: () => Promise.resolve({ metadata: { name: "kubeadm-config" }, data: { real: "yes" } }), close: () => undefined } as unknown as KubeClient;
    const c = new DryRunClient({ writer: out.writer, backing, marshal: () => "<obj>\n" });
    expect((await c.get("configmaps", "kubeadm-config", "kube-system")).data).toEqual({ real: "yes" });
    expect(out.text()).not.toContain("Real object does not exist");
    expect(out.text()).toContain("[dryrun] Attached object:\n<obj>\n\n");
  });

  it("a real LIST is printed (and returned) with each item's apiVersion and kind, as upstream's dynamic client gives them", async () => {
    const out = sink();
    const printed: unknown[] = [];
    const backing = {
      list: () => Promise.resolve({ apiVersion: "v1", kind: "PodList", metadata: {}, items: [{ metadata: { name: "kube-apiserver-n1" } }] }),
      close: () => undefined,
    } as unknown as KubeClient;
    const c = new DryRunClient({ writer: out.writer, backing, marshal: (o) => (printed.push(o), "<obj>\n") });
    const l = await c.list("pods", { namespace: "kube-system", labelSelector: "component=kube-apiserver" });
    expect(l.items).toEqual([{ apiVersion: "v1", kind: "Pod", metadata: { name: "kube-apiserver-n1" } }]);
    expect(printed).toEqual([l]);
    expect(out.text()).toContain('[dryrun] Would perform action LIST on resource "pods" in API group "core/v1"\n');
  });

  it("token delete: the bootstrap-token Secret DELETE is answered without a tracker NotFound", async () => {
    const c = installTokenDeleteReactors(new DryRunClient({ writer: sink().writer, marshal: () => "" }));
    await expect(c.delete("secrets", "bootstrap-token-abcdef", "kube-system")).resolves.toBeUndefined();
    const other = await c.delete("secrets", "other", "kube-system").catch((e: unknown) => e);
    expect(isNotFound(other)).toBe(true);
  });

  it("lists from the tracker with label selectors and applies merge and JSON patches", async () => {
    const c = new DryRunClient({ writer: sink().writer, marshal: () => "" });
    await c.create("pods", { metadata: { name: "a", namespace: "kube-system", labels: { component: "etcd" } } });
    await c.create("pods", { metadata: { name: "b", namespace: "kube-system", labels: { component: "kube-apiserver" } } });
    const l = await c.list("pods", { namespace: "kube-system", labelSelector: "component=etcd" });
    expect(l.items.map((p) => p.metadata?.name)).toEqual(["a"]);
    await c.patch("pods", "a", "merge", { metadata: { labels: { tier: "control-plane" } } }, "kube-system");
    await c.patch("pods", "a", "json", [{ op: "remove", path: "/metadata/labels/component" }], "kube-system");
    expect((await c.get("pods", "a", "kube-system")).metadata?.labels).toEqual({ tier: "control-plane" });
  });
});
