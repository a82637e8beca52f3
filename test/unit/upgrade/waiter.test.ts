// The upgrade waiter's wait for a restarted component: the mirror Pod's hash, or the node's
// runtime running a fresh sandbox of the new manifest (kubernetes/kubeadm#2957); upstream's error
// at the timeout.
import { describe, expect, it } from "vitest";
import { upgradeWaiter, type SandboxLister } from "../../../src/upgrade/waiter.js";
import type { KubeClient } from "../../../src/client/types.js";

function fakeClient(hashes: string[]): KubeClient {
  let i = 0;
  return {
    get: async () => ({ metadata: { annotations: { "kubernetes.io/config.hash": hashes[Math.min(i++, hashes.length - 1)] } } }),
  } as unknown as KubeClient;
}

function clock() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

const runtime = (uid: string, createdAtMs: number, running = true): SandboxLister => ({
  listPodSandbox: async (f) => {
    expect(f?.label_selector).toEqual({ "io.kubernetes.pod.name": "kube-apiserver-cp1", "io.kubernetes.pod.namespace": "kube-system" });
    return [{ id: "s1", metadata: { name: "kube-apiserver-cp1", uid, namespace: "kube-system", attempt: 0 }, state: "SANDBOX_READY", created_at: String(BigInt(createdAtMs) * 1_000_000n), labels: {}, annotations: {}, runtime_handler: "" }];
  },
  listContainers: async () => [{ id: "c1", pod_sandbox_id: "s1", metadata: null, image: null, image_ref: "", state: running ? "CONTAINER_RUNNING" : "CONTAINER_EXITED", created_at: "0", labels: {}, annotations: {} }],
});

describe("upgradeWaiter.restarted", () => {
  it("returns when the mirror Pod's hash changes", async () => {
    const c = clock();
    const w = upgradeWaiter({ client: fakeClient(["h1", "h1", "h2"]), timeoutMs: 60_000, out: { write: () => true }, v: () => undefined, ...c });
    await w.restarted("cp1", "kube-apiserver", "h1", 0);
  });

  it("returns when the runtime already runs the new manifest while the mirror Pod lags", async () => {
    const c = clock();
    const lines: string[] = [];
    const w = upgradeWaiter({ client: fakeClient(["h1"]), timeoutMs: 60_000, out: { write: () => true }, v: (_l, m) => void lines.push(m), runtime: async () => runtime("h2", 1_000_500), ...c });
    await w.restarted("cp1", "kube-apiserver", "h1", 1_000_000);
    expect(lines).toEqual(["[upgrade/staticpods] The runtime runs kube-apiserver from its new manifest; its mirror Pod still shows the previous hash"]);
  });

  it("fails with the API's last error when the API does not answer, whatever the runtime runs (a crash-looping kube-apiserver)", async () => {
    const c = clock();
    const refused = 'Get "https://10.77.0.11:6443/api/v1/namespaces/kube-system/pods/kube-apiserver-cp1?timeout=10s": dial tcp 10.77.0.11:6443: connect: connection refused';
    const client = { get: async () => Promise.reject(new Error(refused)) } as unknown as KubeClient;
    let asked = 0;
    const rt = runtime("h2", 1_000_500);
    const w = upgradeWaiter({ client, timeoutMs: 5_000, out: { write: () => true }, v: () => undefined, runtime: async () => (asked++, rt), ...c });
    await expect(w.restarted("cp1", "kube-apiserver", "h1", 1_000_000)).rejects.toThrow(refused);
    expect(asked).toBe(0);
  });

  it("fails with upstream's error when neither shows the new manifest in time", async () => {
    const c = clock();
    const w = upgradeWaiter({ client: fakeClient(["h1"]), timeoutMs: 5_000, out: { write: () => true }, v: () => undefined, runtime: async () => runtime("h2", 1_000_500, false), ...c });
    await expect(w.restarted("cp1", "kube-apiserver", "h1", 1_000_000)).rejects.toThrow(
      "static Pod hash for component kube-apiserver on Node cp1 did not change after 5s: context deadline exceeded",
    );
  });
});

describe("upgradeWaiter.runsManifest", () => {
  const manifest = { spec: { containers: [{ name: "kube-apiserver", image: "registry.k8s.io/kube-apiserver:v1.37.2", command: ["kube-apiserver", "--a=1"] }] } };
  const mirror = (image: string, hash: string) => ({
    metadata: { annotations: { "kubernetes.io/config.hash": hash } },
    // the API server's defaults on the mirror Pod do not matter
    spec: { containers: [{ name: "kube-apiserver", image, command: ["kube-apiserver", "--a=1"], imagePullPolicy: "IfNotPresent", terminationMessagePath: "/dev/termination-log" }] },
  });
  function client(answers: Array<unknown | Error>): KubeClient & { calls: number } {
    const c = {
      calls: 0,
      get: async (kind: string, name: string, ns: string) => {
        expect([kind, name, ns]).toEqual(["pods", "kube-apiserver-cp1", "kube-system"]);
        const a = answers[Math.min(c.calls++, answers.length - 1)];
        if (a instanceof Error) throw a;
        return a;
      },
    };
    return c as unknown as KubeClient & { calls: number };
  }

  it("returns once the mirror Pod shows the manifest's containers (the kube-apiserver restarting meanwhile)", async () => {
    const c = clock();
    const k = client([new Error("connection refused"), mirror("registry.k8s.io/kube-apiserver:v1.36.3", "h1"), mirror("registry.k8s.io/kube-apiserver:v1.37.2", "h2")]);
    const w = upgradeWaiter({ client: k, timeoutMs: 60_000, out: { write: () => true }, v: () => undefined, ...c });
    await w.runsManifest("cp1", "kube-apiserver", manifest);
    expect(k.calls).toBe(3);
  });

  it("at the timeout, takes the runtime's word when it runs a ready sandbox of another hash than the mirror Pod's", async () => {
    const c = clock();
    const lines: string[] = [];
    const w = upgradeWaiter({ client: client([mirror("registry.k8s.io/kube-apiserver:v1.36.3", "h1")]), timeoutMs: 5_000, out: { write: () => true }, v: (_l, m) => void lines.push(m), runtime: async () => runtime("h2", 1), ...c });
    await w.runsManifest("cp1", "kube-apiserver", manifest);
    expect(lines).toEqual(["[upgrade/staticpods] The runtime runs kube-apiserver from its current manifest; its mirror Pod still shows another one"]);
  });

  it("fails when neither the mirror Pod nor the runtime shows the manifest in time", async () => {
    const c = clock();
    const w = upgradeWaiter({ client: client([mirror("registry.k8s.io/kube-apiserver:v1.36.3", "h1")]), timeoutMs: 5_000, out: { write: () => true }, v: () => undefined, runtime: async () => runtime("h1", 1), ...c });
    await expect(w.runsManifest("cp1", "kube-apiserver", manifest)).rejects.toThrow(
      "the mirror Pod of component kube-apiserver on Node cp1 does not show its current manifest after 5s: context deadline exceeded",
    );
  });
});
