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
