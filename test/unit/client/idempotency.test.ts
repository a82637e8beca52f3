import { describe, expect, it } from "vitest";
import type { Node } from "kubernetes-types/core/v1.js";
import { newAlreadyExists, newConflict, newNotFound, isConflict } from "../../../src/client/api-error.js";
import { createOrMutate, createOrRetain, createOrUpdate, getConfigMapWithShortRetry, patchNode, rootCause } from "../../../src/client/idempotency.js";
import { FakeClock, pollUntilTimeout, WaitTimeoutError, waitFor } from "../../../src/client/poll.js";
import type { KubeClient } from "../../../src/client/types.js";

type Call = [string, ...unknown[]];

/** A KubeClient whose answers the test scripts per verb; records every call. */
function scripted(answers: Partial<Record<"get" | "create" | "update" | "patch", Array<unknown | Error>>>) {
  const calls: Call[] = [];
  const next = (verb: keyof typeof answers) => {
    const a = answers[verb]?.shift();
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve(a);
  };
  const c = {
    get: (r: string, name: string, ns?: string) => (calls.push(["get", r, name, ns]), next("get")),
    create: (r: string, o: unknown) => (calls.push(["create", r, o]), next("create")),
    update: (r: string, o: unknown) => (calls.push(["update", r, JSON.parse(JSON.stringify(o))]), next("update")),
    patch: (r: string, name: string, type: string, patch: unknown) => (calls.push(["patch", r, name, type, patch]), next("patch")),
  } as unknown as KubeClient;
  return { c, calls };
}

const cm = { metadata: { name: "kubeadm-config", namespace: "kube-system" }, data: { a: "1" } };

describe("pollUntilTimeout", () => {
  it("runs at once, then every interval, and times out at the deadline", async () => {
    const clock = new FakeClock();
    const at: number[] = [];
    await expect(pollUntilTimeout({ intervalMs: 500, timeoutMs: 2000, clock }, () => (at.push(clock.now()), false))).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(at).toEqual([0, 500, 1000, 1500]);
    expect(clock.now()).toBe(2000);
  });

  it("stops on the first success and propagates a condition error", async () => {
    const clock = new FakeClock();
    let n = 0;
    await pollUntilTimeout({ intervalMs: 500, timeoutMs: 60_000, clock }, () => ++n === 3);
    expect(n).toBe(3);
    expect(clock.now()).toBe(1000);
    await expect(pollUntilTimeout({ intervalMs: 500, timeoutMs: 60_000, clock }, () => { throw new Error("boom"); })).rejects.toThrow("boom");
  });

  it("waitFor reports elapsed time and the last error", async () => {
    const clock = new FakeClock();
    const r = await waitFor({ intervalMs: 500, timeoutMs: 1200, clock }, () => { throw new Error("not yet"); });
    expect(r).toMatchObject({ ok: false, elapsedMs: 1200 });
    expect((r.lastError as Error).message).toBe("not yet");
    const ok = await waitFor({ intervalMs: 500, timeoutMs: 1200, clock: new FakeClock() }, () => true);
    expect(ok).toEqual({ ok: true, elapsedMs: 0 });
  });
});

describe("createOrUpdate", () => {
  it("creates, and does not update when the create succeeds", async () => {
    const { c, calls } = scripted({ create: [{}] });
    await createOrUpdate(c, "configmaps", cm, { clock: new FakeClock() });
    expect(calls.map((x) => x[0])).toEqual(["create"]);
  });

  it("retries other create errors and returns the last one, wrapped with the Go type, after the timeout", async () => {
    const clock = new FakeClock();
    const fail = () => new Error("connection refused");
    const { c, calls } = scripted({ create: Array.from({ length: 200 }, fail) });
    const err = await createOrUpdate(c, "configmaps", cm, { clock, timeoutMs: 3000 }).then(() => new Error("expected a failure"), (e: Error) => e);
    expect(err.message).toBe("unable to create *v1.ConfigMap: connection refused");
    expect(calls).toHaveLength(6);
    expect(clock.now()).toBe(3000);
  });

  it("wraps update errors as unable to update", async () => {
    const { c } = scripted({ create: [newAlreadyExists("clusterroles", "rbac.authorization.k8s.io", "r")], update: [newConflict("clusterroles", "rbac.authorization.k8s.io", "r", "x")] });
    const err = await createOrUpdate(c, "clusterroles", { metadata: { name: "r" } }, { clock: new FakeClock(), timeoutMs: 400 }).then(() => new Error("expected a failure"), (e: Error) => e);
    expect(err.message).toBe('unable to update *v1.ClusterRole: Operation cannot be fulfilled on clusterroles.rbac.authorization.k8s.io "r": x');
    expect(isConflict(rootCause(err))).toBe(true);
  });
});

describe("createOrMutate", () => {
  it("on AlreadyExists gets the current object, mutates it and updates it; retries on conflict", async () => {
    const current = { metadata: { name: "kubeadm-config", namespace: "kube-system", resourceVersion: "7" }, data: { a: "old", keep: "x" } };
    const { c, calls } = scripted({
      create: [newAlreadyExists("configmaps", "", "kubeadm-config"), newAlreadyExists("configmaps", "", "kubeadm-config")],
      get: [structuredClone(current), structuredClone(current)],
      update: [newConflict("configmaps", "", "kubeadm-config", "modified"), {}],
    });
    const clock = new FakeClock();
    await createOrMutate(c, "configmaps", cm, (o) => { o.data = { ...o.data, a: "new" }; }, { clock });
    expect(calls.map((x) => x[0])).toEqual(["create", "get", "update", "create", "get", "update"]);
    expect(calls[1]).toEqual(["get", "configmaps", "kubeadm-config", "kube-system"]);
    expect(calls[5]![2]).toEqual({ metadata: current.metadata, data: { a: "new", keep: "x" } });
    expect(clock.now()).toBe(500);
  });
});

describe("createOrRetain", () => {
  it("leaves an existing object alone and creates a missing one", async () => {
    const a = scripted({ get: [{ metadata: { name: "coredns" } }] });
    await createOrRetain(a.c, "configmaps", { metadata: { name: "coredns", namespace: "kube-system" } }, "coredns", { clock: new FakeClock() });
    expect(a.calls.map((x) => x[0])).toEqual(["get"]);
    const b = scripted({ get: [newNotFound("configmaps", "", "coredns")], create: [{}] });
    await createOrRetain(b.c, "configmaps", { metadata: { name: "coredns", namespace: "kube-system" } }, "coredns", { clock: new FakeClock() });
    expect(b.calls.map((x) => x[0])).toEqual(["get", "create"]);
  });
});

describe("patchNode", () => {
  const node = (labels: Record<string, string> | undefined): Node => ({
    metadata: { name: "cp1", labels, annotations: { old: "1" } },
    spec: { taints: [{ key: "a", effect: "NoSchedule" }] },
  });

  it("waits for the hostname label, then sends a two-way strategic merge patch", async () => {
    const { c, calls } = scripted({ get: [new Error("not found yet"), node({}), node({ "kubernetes.io/hostname": "cp1" })], patch: [{}] });
    const clock = new FakeClock();
    await patchNode(c, "cp1", (n) => {
      n.metadata!.labels!["node-role.kubernetes.io/control-plane"] = "";
      delete n.metadata!.annotations!.old;
      n.spec!.taints = [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }];
    }, { clock });
    expect(clock.now()).toBe(1000);
    const p = calls.find((x) => x[0] === "patch")!;
    expect(p.slice(1, 4)).toEqual(["nodes", "cp1", "strategic"]);
    expect(JSON.stringify(p[4])).toBe(
      '{"metadata":{"annotations":{"old":null},"labels":{"node-role.kubernetes.io/control-plane":""}},"spec":{"taints":[{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane"}]}}',
    );
  });

  it("retries patch errors and reports the last one", async () => {
    const n = node({ "kubernetes.io/hostname": "cp1" });
    const { c } = scripted({ get: Array.from({ length: 10 }, () => structuredClone(n)), patch: Array.from({ length: 10 }, () => new Error("boom")) });
    const err = await patchNode(c, "cp1", (x) => { x.metadata!.labels!.a = "b"; }, { clock: new FakeClock(), timeoutMs: 1000 }).then(() => new Error("expected a failure"), (e: Error) => e);
    expect(err.message).toBe('error patching Node "cp1": boom');
  });
});

describe("getConfigMapWithShortRetry", () => {
  it("gives up after 350ms with the last error", async () => {
    const clock = new FakeClock();
    const { c, calls } = scripted({ get: Array.from({ length: 20 }, () => newNotFound("configmaps", "", "kubelet-config")) });
    await expect(getConfigMapWithShortRetry(c, "kube-system", "kubelet-config", { clock })).rejects.toThrow('configmaps "kubelet-config" not found');
    expect(calls).toHaveLength(7);
    expect(clock.now()).toBe(350);
  });
});
