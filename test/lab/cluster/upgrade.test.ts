// `kubeadm upgrade apply` v1.36.3 → v1.37.2 on real single-node clusters (issue #15):
// `npm run test:cluster` (or `npx vitest run --config test/lab/cluster/vitest.config.ts test/lab/cluster/upgrade.test.ts`).
//
// lab:cluster up with two control-plane nodes of the previous set (v1.36.3 kubelet and kubeadm);
// each becomes its own single-node cluster (its own address as controlPlaneEndpoint), made by
// upstream kubeadm v1.36.3 init. Then, at the same time, kubeadm-ts upgrades cp1 and upstream
// kubeadm v1.37.2 upgrades cp2 (`upgrade apply v1.37.2 -y`, the phases both implement), and:
//  1. both succeed with the same stdout (node names, addresses, timestamps and random folder names
//     normalized; the etcd backup line and the #2957 line are kubeadm-ts's own);
//  2. the same files under /etc/kubernetes (names, modes) and the same manifests, kubeadm-config,
//     kubelet-config and kubelet.conf server; the etcd backup is a snapshot file (kubeadm-ts) where
//     upstream copies the data folder;
//  3. the kubelet swapped to v1.37.2 on both: nodes Ready at v1.37.2, kube-system Pods Running and
//     ready, the control plane at v1.37.2.
// The apply durations (parallel, same machine) go to the test's output.
//
// Needs root and `npm run lab:build`, `npm run build`. Takes the lab lock for the whole run.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cluster, inNodeOk, sleep, takeLock, waitFor, type Sh } from "./cluster.js";

const LOCK = "/tmp/kubeadm-ts-lab.lock";
const TARGET = "v1.37.2";
const NODES = { ours: "cp1", upstream: "cp2" } as const;
const IP: Record<string, string> = { cp1: "10.77.0.11", cp2: "10.77.0.12" };
// the nodes share the lab's pod network routes: each cluster gets its own pod subnet
const POD_SUBNET: Record<string, string> = { cp1: "10.244", cp2: "10.245" };
const UPSTREAM_KUBEADM = `/opt/kts/upstream/${TARGET}/bin/kubeadm`;
const KUBECTL = ["kubectl", "--kubeconfig=/etc/kubernetes/admin.conf"];
// phases another helper implements (upplan: preflight; upaddon: upload-config, kubelet-config,
// bootstrap-token, addon), skipped on both sides until they are merged
const SKIP = process.env.UPGRADE_TEST_SKIP_PHASES ?? "";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

let release: (() => void) | undefined;
let upDone = false;

/** inNode without blocking the event loop, so two nodes run at once. */
function inNodeAsync(node: string, argv: string[], timeoutMs = 15 * 60_000): Promise<Sh> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn("bash", [CLI, "exec", node, "--", ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
    p.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** One node's view, with its name and address made the same. */
const same = (node: string, s: string): string =>
  s
    .replaceAll(IP[node]!, "<ip>")
    .replaceAll(`${POD_SUBNET[node]!}.`, "<podnet>.")
    .replace(new RegExp(`\\b${node}\\b`, "g"), "<node>")
    .replace(/\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d/g, "<ts>")
    .replace(/kubeadm-upgraded-manifests\d+/g, "kubeadm-upgraded-manifests<N>");

/** kubeadm-ts's own lines (beyond upstream) left out of the stdout comparison. */
const withoutOwnLines = (s: string): string =>
  s
    .split("\n")
    .filter((l) => !l.startsWith("[upgrade/etcd] Saved a snapshot of etcd"))
    .join("\n");

function files(node: string): string[] {
  const out = inNodeOk(node, ["bash", "-c", "cd /etc/kubernetes && find . -path ./tmp -prune -o -printf '%p %m %y\\n' | sort; ls /etc/kubernetes/tmp"]);
  return same(node, out).split("\n").filter(Boolean);
}

const cat = (node: string, file: string): string => same(node, inNodeOk(node, ["cat", file]));
const configMap = (node: string, name: string, key: string): string =>
  same(node, inNodeOk(node, [...KUBECTL, "-n", "kube-system", "get", "configmap", name, "-o", `jsonpath={.data.${key.replaceAll(".", "\\.")}}`]));

beforeAll(async () => {
  if (!isRoot) throw new Error("the upgrade lab test needs root");
  release = takeLock(LOCK, 3600);
  const d = cluster(["down"]);
  if (d.code !== 0) throw new Error(`lab:cluster down: ${d.stderr}`);
  const up = cluster(["up", "--control-planes", "2", "--workers", "0", "--node-set", "cp1=previous,cp2=previous"]);
  if (up.code !== 0) throw new Error(`lab:cluster up: ${up.stdout}\n${up.stderr}`);
  upDone = true;
}, 10 * 60_000);

afterAll(async () => {
  try {
    if (upDone) cluster(["down"]);
  } finally {
    release?.();
  }
}, 10 * 60_000);

describe("upgrade apply v1.36.3 → v1.37.2, kubeadm-ts next to upstream", () => {
  const applied: Record<string, Sh> = {};

  it("two single-node v1.36.3 clusters made by upstream kubeadm v1.36.3", async () => {
    const inits = await Promise.all(
      [NODES.ours, NODES.upstream].map((n) =>
        inNodeAsync(n, [
          "bash",
          "-c",
          `sed -e 's/^controlPlaneEndpoint: .*/controlPlaneEndpoint: "${IP[n]}:6443"/' -e 's/podSubnet: 10.244.0.0/podSubnet: ${POD_SUBNET[n]}.0.0/' -e 's/advertiseAddress: .*/advertiseAddress: ${IP[n]}/' -e 's/  name: cp1/  name: ${n}/' /kts-cluster/init.yaml > /root/init.yaml && kubeadm version -o short && kubeadm init --config /root/init.yaml`,
        ]),
      ),
    );
    for (const r of inits) {
      expect(r.stdout, r.stderr).toContain("v1.36.3");
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    for (const n of [NODES.ours, NODES.upstream]) {
      await waitFor(`${n} Ready`, 180_000, () =>
        /True/.test(inNodeOk(n, [...KUBECTL, "get", "node", n, "-o", 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])) ? true : undefined,
      );
    }
  });

  it("kubeadm-ts's upgrade plan prints what upstream's prints", async () => {
    const [ours, upstream] = await Promise.all([
      inNodeAsync(NODES.ours, ["kubeadm-ts", "upgrade", "plan", TARGET]),
      inNodeAsync(NODES.upstream, [UPSTREAM_KUBEADM, "upgrade", "plan", TARGET]),
    ]);
    expect(upstream!.code, upstream!.stdout + upstream!.stderr).toBe(0);
    expect(upstream!.stdout).toContain(`kubeadm upgrade apply ${TARGET}`);
    expect(same(NODES.ours, ours!.stdout)).toBe(same(NODES.upstream, upstream!.stdout));
    expect(ours!.code).toBe(0);
  });

  it("kubeadm-ts and upstream upgrade apply v1.37.2 -y, side by side", async () => {
    const skip = SKIP ? [`--skip-phases=${SKIP}`] : [];
    const [ours, upstream] = await Promise.all([
      inNodeAsync(NODES.ours, ["kubeadm-ts", "upgrade", "apply", TARGET, "-y", ...skip]),
      inNodeAsync(NODES.upstream, [UPSTREAM_KUBEADM, "upgrade", "apply", TARGET, "-y", ...skip]),
    ]);
    applied.ours = ours!;
    applied.upstream = upstream!;
    console.log(`upgrade apply: kubeadm-ts ${ours!.ms} ms, upstream ${upstream!.ms} ms (side by side on one machine)`);
    expect(upstream!.code, upstream!.stdout + upstream!.stderr).toBe(0);
    expect(ours!.code, ours!.stdout + ours!.stderr).toBe(0);
    expect(ours!.stdout).toContain(`[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${TARGET}".`);
    expect(ours!.stdout).toMatch(/\[upgrade\/etcd\] Saved a snapshot of etcd \(\d+ bytes\) to "\/etc\/kubernetes\/tmp\/kubeadm-backup-etcd-[0-9-]+\/kubeadm-backup-etcd-[0-9-]+\.db"/);
    // upstream's "[apiclient] ..." lines depend on when the mirror Pods were seen (and on when the
    // new kube-apiserver's RBAC is ready)
    const stable = (s: string) => s.split("\n").filter((l) => !l.startsWith("[apiclient] Found ") && !l.startsWith("[apiclient] Error getting Pods")).join("\n");
    expect(stable(withoutOwnLines(same(NODES.ours, ours!.stdout)))).toBe(stable(same(NODES.upstream, upstream!.stdout)));
  });

  it("leaves the same files, manifests and cluster configuration as upstream", () => {
    const etcdBackup = (l: string) => l.startsWith("kubeadm-backup-etcd-");
    const ours = files(NODES.ours);
    const upstream = files(NODES.upstream);
    expect(ours.filter((l) => !etcdBackup(l))).toEqual(upstream.filter((l) => !etcdBackup(l)));
    // both keep an etcd backup folder: upstream's holds a copy of the data folder, ours a snapshot
    expect(ours.filter(etcdBackup)).toEqual(["kubeadm-backup-etcd-<ts>"]);
    expect(upstream.filter(etcdBackup)).toEqual(["kubeadm-backup-etcd-<ts>"]);
    expect(inNodeOk(NODES.ours, ["bash", "-c", "ls /etc/kubernetes/tmp/kubeadm-backup-etcd-*/"]).trim()).toMatch(/^kubeadm-backup-etcd-[0-9-]+\.db$/);
    for (const c of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      const m = `/etc/kubernetes/manifests/${c}.yaml`;
      expect(cat(NODES.ours, m), m).toBe(cat(NODES.upstream, m));
      expect(cat(NODES.ours, m)).toContain(c === "etcd" ? "etcd:3.7.0-0" : `${c}:${TARGET}`);
      const b = `/etc/kubernetes/tmp/kubeadm-backup-manifests-*/${c}.yaml`;
      expect(same(NODES.ours, inNodeOk(NODES.ours, ["bash", "-c", `cat ${b}`])), b).toBe(same(NODES.upstream, inNodeOk(NODES.upstream, ["bash", "-c", `cat ${b}`])));
    }
    expect(configMap(NODES.ours, "kubeadm-config", "ClusterConfiguration")).toBe(configMap(NODES.upstream, "kubeadm-config", "ClusterConfiguration"));
    expect(configMap(NODES.ours, "kubelet-config", "kubelet")).toBe(configMap(NODES.upstream, "kubelet-config", "kubelet"));
    expect(cat(NODES.ours, "/var/lib/kubelet/config.yaml")).toBe(cat(NODES.upstream, "/var/lib/kubelet/config.yaml"));
    const server = (n: string) => same(n, inNodeOk(n, ["grep", "server:", "/etc/kubernetes/kubelet.conf"]));
    expect(server(NODES.ours)).toBe(server(NODES.upstream));
  });

  it("after the kubelet swap to v1.37.2 both nodes are Ready and kube-system is healthy", async () => {
    for (const n of [NODES.ours, NODES.upstream]) {
      inNodeOk(n, ["bash", "-c", `ln -sfn /opt/kts/upstream/${TARGET}/bin /opt/kts/bin && systemctl restart kubelet`]);
    }
    for (const n of [NODES.ours, NODES.upstream]) {
      await waitFor(`${n} Ready at ${TARGET}`, 240_000, () => {
        const s = inNodeOk(n, [...KUBECTL, "get", "node", n, "-o", 'jsonpath={.status.nodeInfo.kubeletVersion} {.status.conditions[?(@.type=="Ready")].status}']);
        return s.trim() === `${TARGET} True` ? true : undefined;
      });
      await waitFor(`${n}'s kube-system Pods Running and ready`, 240_000, () => {
        const pods = JSON.parse(inNodeOk(n, [...KUBECTL, "-n", "kube-system", "get", "pods", "-o", "json"])) as {
          items: Array<{ metadata: { name: string }; status: { phase?: string; containerStatuses?: Array<{ ready: boolean }> } }>;
        };
        const bad = pods.items.filter((p) => p.status.phase !== "Running" || !(p.status.containerStatuses ?? []).every((c) => c.ready));
        if (pods.items.length >= 6 && bad.length === 0) return true;
        throw new Error(`not yet: ${bad.map((p) => `${p.metadata.name} ${p.status.phase}`).join(", ") || `${pods.items.length} Pods`}`);
      }, 3000);
      const images = inNodeOk(n, [...KUBECTL, "-n", "kube-system", "get", "pods", "-l", "tier=control-plane", "-o", "jsonpath={.items[*].spec.containers[*].image}"]);
      for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) expect(images).toContain(`${c}:${TARGET}`);
      expect(images).toContain("etcd:3.7.0-0");
    }
    await sleep(0);
  });
});
