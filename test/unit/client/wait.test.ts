import { describe, expect, it } from "vitest";
import { DryRunClient } from "../../../src/client/dry-run-client.js";
import { FakeClock } from "../../../src/client/poll.js";
import { waitForPodsWithLabel, waitForStaticPodControlPlaneHashes, waitForStaticPodHashChange } from "../../../src/client/wait.js";
import type { KubeClient } from "../../../src/client/types.js";

const quiet = () => new DryRunClient({ writer: { write: () => undefined }, marshal: () => "" });

describe("API-backed waits", () => {
  it("waitForPodsWithLabel prints the count once per change and ends when all are Running", async () => {
    const c = quiet();
    const lines: string[] = [];
    let calls = 0;
    const client = {
      list: async () => {
        calls++;
        if (calls === 1) return { items: [] };
        if (calls === 2) return { items: [{ status: { phase: "Pending" } }] };
        return { items: [{ status: { phase: "Running" } }] };
      },
    } as unknown as KubeClient;
    await waitForPodsWithLabel(client, "k8s-app=kube-proxy", { timeoutMs: 60_000, clock: new FakeClock(), writer: { write: (s) => lines.push(s) } });
    expect(calls).toBe(3);
    expect(lines).toEqual(["[apiclient] Found 0 Pods for label selector k8s-app=kube-proxy\n", "[apiclient] Found 1 Pods for label selector k8s-app=kube-proxy\n"]);
    c.close();
  });

  it("reads control-plane mirror Pod hashes and reports a hash that never changes", async () => {
    const c = quiet();
    for (const comp of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      await c.create("pods", { metadata: { name: `${comp}-cp1`, namespace: "kube-system", annotations: { "kubernetes.io/config.hash": `h-${comp}` } } });
    }
    expect(await waitForStaticPodControlPlaneHashes(c, "cp1", { timeoutMs: 1000, clock: new FakeClock() })).toEqual({
      "kube-apiserver": "h-kube-apiserver",
      "kube-controller-manager": "h-kube-controller-manager",
      "kube-scheduler": "h-kube-scheduler",
    });
    await expect(waitForStaticPodHashChange(c, "cp1", "kube-scheduler", "h-kube-scheduler", { timeoutMs: 300_000, clock: new FakeClock() })).rejects.toThrow(
      "static Pod hash for component kube-scheduler on Node cp1 did not change after 5m0s: context deadline exceeded",
    );
    await expect(waitForStaticPodHashChange(c, "cp2", "kube-scheduler", "x", { timeoutMs: 1000, clock: new FakeClock() })).rejects.toThrow(
      'failed to obtain static Pod hash for component kube-scheduler on Node cp2: pods "kube-scheduler-cp2" not found',
    );
  });
});
