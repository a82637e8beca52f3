/**
 * The waits of the static Pod upgrade (upstream's KubeWaiter with the upgradeManifests timeout):
 * mirror Pod hashes and Pods Running through the API (client/wait.ts), and — beyond upstream,
 * kubernetes/kubeadm#2957 — the node's runtime as a second witness that the kubelet runs the new
 * manifest: the static Pod's sandbox UID is the manifest's config hash.
 */
import type { KubeClient } from "../client/types.js";
import type { CriPodSandbox, CriContainer } from "../host/cri/client.js";
import { ANNOTATION_CONFIG_HASH, KUBERNETES_API_CALL_RETRY_INTERVAL_MS, NS_KUBE_SYSTEM } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { formatDurationMs } from "../util/duration.js";
import { mirrorShowsManifest, restartedWithNewManifest, type SandboxFact } from "./staticpod-decisions.js";
import type { UpgradeWaiter } from "./staticpods.js";

/** What the waiter asks of the node's runtime (a CriClient). */
export interface SandboxLister {
  listPodSandbox(filter: { label_selector?: Record<string, string> } | null): Promise<CriPodSandbox[]>;
  listContainers(filter: { pod_sandbox_id?: string } | null): Promise<CriContainer[]>;
}

export interface WaiterOptions {
  client: KubeClient;
  timeoutMs: number;
  out: { write(text: string): unknown };
  /** The node's runtime; without it only the API is asked (upstream's behaviour). */
  runtime?: () => Promise<SandboxLister | undefined>;
  v(level: number, msg: string, origin: string): void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The sandboxes of `<component>-<nodeName>` in kube-system as the decisions see them. */
export async function sandboxFacts(rt: SandboxLister, podName: string): Promise<SandboxFact[]> {
  const boxes = await rt.listPodSandbox({ label_selector: { "io.kubernetes.pod.name": podName, "io.kubernetes.pod.namespace": NS_KUBE_SYSTEM } });
  const facts: SandboxFact[] = [];
  for (const b of boxes) {
    const ready = b.state === "SANDBOX_READY";
    let running = false;
    if (ready) running = (await rt.listContainers({ pod_sandbox_id: b.id })).some((c) => c.state === "CONTAINER_RUNNING");
    facts.push({ uid: b.metadata?.uid ?? "", ready, running, createdAtMs: Number(BigInt(b.created_at || "0") / 1_000_000n) });
  }
  return facts;
}

export function upgradeWaiter(o: WaiterOptions): UpgradeWaiter {
  const wo = { timeoutMs: o.timeoutMs, writer: o.out };
  const now = o.now ?? (() => Date.now());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async controlPlaneHashes(nodeName) {
      const w = await import("../client/wait.js");
      return w.waitForStaticPodControlPlaneHashes(o.client, nodeName, wo);
    },
    async singleHash(nodeName, component) {
      const w = await import("../client/wait.js");
      return w.waitForStaticPodSingleHash(o.client, nodeName, component, wo);
    },
    async podsWithLabel(label) {
      const w = await import("../client/wait.js");
      return w.waitForPodsWithLabel(o.client, label, wo);
    },
    async restarted(nodeName, component, beforeHash, movedAtMs) {
      const w = await import("../client/wait.js");
      const start = now();
      let lastErr: unknown;
      let rt: SandboxLister | undefined;
      let rtTried = false;
      for (;;) {
        let mirror: string | undefined;
        try {
          mirror = await w.getStaticPodSingleHash(o.client, nodeName, component);
          lastErr = undefined;
        } catch (err) {
          lastErr = err;
        }
        let facts: SandboxFact[] = [];
        if (mirror === beforeHash) {
          if (!rtTried) {
            rtTried = true;
            rt = await o.runtime?.().catch(() => undefined);
          }
          if (rt) facts = await sandboxFacts(rt, `${component}-${nodeName}`).catch(() => []);
        }
        const how = restartedWithNewManifest(beforeHash, mirror, facts, movedAtMs);
        if (how === "runtime") {
          o.v(1, `[upgrade/staticpods] The runtime runs ${component} from its new manifest; its mirror Pod still shows the previous hash`, "staticpods.go:270");
        }
        if (how) return;
        if (now() - start >= o.timeoutMs) break;
        await sleep(KUBERNETES_API_CALL_RETRY_INTERVAL_MS);
      }
      if (lastErr !== undefined) throw lastErr;
      throw new KubeadmError(`static Pod hash for component ${component} on Node ${nodeName} did not change after ${formatDurationMs(o.timeoutMs)}: context deadline exceeded`);
    },
    async runsManifest(nodeName, component, manifest) {
      const start = now();
      let lastErr: unknown;
      let mirrorHash: string | undefined;
      for (;;) {
        try {
          const pod = await o.client.get("pods", `${component}-${nodeName}`, NS_KUBE_SYSTEM);
          if (mirrorShowsManifest(pod, manifest)) return;
          mirrorHash = pod.metadata?.annotations?.[ANNOTATION_CONFIG_HASH] ?? "";
          lastErr = undefined;
        } catch (err) {
          lastErr = err;
        }
        if (now() - start >= o.timeoutMs) break;
        await sleep(KUBERNETES_API_CALL_RETRY_INTERVAL_MS);
      }
      // the mirror Pod may lag behind the kubelet (kubernetes/kubeadm#2957): the runtime's word
      if (mirrorHash !== undefined) {
        const rt = await o.runtime?.().catch(() => undefined);
        const facts = rt ? await sandboxFacts(rt, `${component}-${nodeName}`).catch(() => []) : [];
        if (restartedWithNewManifest(mirrorHash, mirrorHash, facts, 0)) {
          o.v(1, `[upgrade/staticpods] The runtime runs ${component} from its current manifest; its mirror Pod still shows another one`, "staticpods.go:232");
          return;
        }
      }
      if (lastErr !== undefined) throw lastErr;
      throw new KubeadmError(`the mirror Pod of component ${component} on Node ${nodeName} does not show its current manifest after ${formatDurationMs(o.timeoutMs)}: context deadline exceeded`);
    },
  };
}
