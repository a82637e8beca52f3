// `kubeadm upgrade plan`: the pinned upstream kubeadm (v1.37.2) and bin/kubeadm side by side
// (lab oracle) on a cluster as upstream kubeadm v1.36.3 made it (upgradable-cluster.ts): the
// text plan with the offline fallback of the release labels (this machine cannot reach
// dl.k8s.io), the plan for a named version, -o json and -o yaml, --print-config, and failures.
// Same stdout, same stderr lines (klog headers masked), same exit code.
// Needs upstream kubeadm (both versions), kubectl, etcd and kube-apiserver (`npm run lab:build`)
// and `npm run build`.
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKubeadm, TS_KUBEADM } from "../../lab/oracle/index.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { maskKlog } from "../../support/klog.js";
import { requireUpstream } from "../../support/upstream.js";
import { makeUpgradable, NODE, type UpgradableCluster } from "./upgradable-cluster.js";

let api: RealApiserver;
let cluster: UpgradableCluster;

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  api = await startApiserver("upgrade-plan-", { embedCerts: true });
  cluster = await makeUpgradable(api, { coreDNSTag: "v1.14.6", workerKubeletVersion: "v1.35.4" });
}, 180_000);
afterAll(async () => {
  cluster?.stop();
  await api?.stop();
});

async function both(args: string[], o: { config?: string; seed?: Record<string, string> } = {}) {
  const opts = {
    args: ["upgrade", ...args, "--kubeconfig", api.kubeconfig],
    seed: o.seed ?? cluster.seed,
    ...(o.config ? { config: o.config } : {}),
    timeoutMs: 120_000,
  };
  const up = await runKubeadm(opts);
  const ts = await runKubeadm({ ...opts, bin: "ts" });
  return { up, ts };
}

function same(r: Awaited<ReturnType<typeof both>>): void {
  if (process.env.UPPLAN_DEBUG) {
    writeFileSync("/tmp/upplan-up.txt", r.up.stdout + "\n---\n" + r.up.stderr);
    writeFileSync("/tmp/upplan-ts.txt", r.ts.stdout + "\n---\n" + r.ts.stderr);
  }
  expect(r.ts.stdout).toBe(r.up.stdout);
  expect(maskKlog(r.ts.stderr)).toBe(maskKlog(r.up.stderr));
  expect(r.ts.code).toBe(r.up.code);
}

const noManifests = (seed: Record<string, string>) => Object.fromEntries(Object.entries(seed).filter(([p]) => !p.startsWith("/etc/kubernetes/manifests/")));

describe("upgrade plan, as upstream", () => {
  it("text, offline: the labels fall back to kubeadm's version", async () => {
    const r = await both(["plan"]);
    expect(r.up.code).toBe(0);
    expect(r.up.stdout).toContain("kubeadm upgrade apply v1.37.2");
    expect(r.up.stderr).toContain("falling back to the local client version: v1.37.2");
    same(r);
  });

  it("a named version: no internet, the kubelets of two versions", async () => {
    const r = await both(["plan", "v1.37.2"]);
    expect(r.up.code).toBe(0);
    expect(r.up.stdout).toContain("kubelet     worker-1");
    same(r);
  });

  it("-o json and -o yaml: only the UpgradePlan object", async () => {
    for (const o of ["json", "yaml"]) {
      const r = await both(["plan", "v1.37.2", "-o", o]);
      expect(r.up.code).toBe(0);
      expect(r.up.stdout).toContain("UpgradePlan");
      same(r);
    }
    const r = await both(["plan", "-o", "json"]);
    expect(r.up.code).toBe(0);
    same(r);
    for (const o of ["kyaml", "jsonpath={.availableUpgrades[0].components[*].name}"]) same(await both(["plan", "v1.37.2", "-o", o]));
  });

  it("-v=1: upstream's V(1) lines (client-go's feature-gate lines aside)", async () => {
    const r = await both(["plan", "v1.37.2", "-v=1"]);
    const clientGo = (s: string) => s.replace(/^I\d{4} [\d:.]+ +\d+ envvar\.go:\d+\] "Feature gate default state".*\n/gm, "");
    expect(r.up.stderr).toContain("plan.go:129] [upgrade/plan] analysing component config version states");
    same({ up: { ...r.up, stderr: clientGo(r.up.stderr) }, ts: r.ts });
  });

  it("--print-config, --etcd-upgrade=false", async () => {
    const r = await both(["plan", "v1.37.2", "--print-config", "--etcd-upgrade=false"]);
    expect(r.up.stdout).toContain("[upgrade/config] Configuration used:");
    same(r);
  });

  it("a release candidate, allowed or not", async () => {
    for (const flags of [[], ["--allow-release-candidate-upgrades"], ["--allow-experimental-upgrades"]]) {
      const r = await both(["plan", "v1.37.0-rc.1", ...flags]);
      same(r);
    }
  });

  it("--config with an UpgradeConfiguration (plan.kubernetesVersion, allowExperimentalUpgrades)", async () => {
    const config = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: UpgradeConfiguration\nplan:\n  kubernetesVersion: v1.37.1\n  allowExperimentalUpgrades: true\n";
    const r = await both(["plan"], { config });
    expect(r.up.code).toBe(0);
    same(r);
    const flags = await both(["plan", "--allow-experimental-upgrades=false"], { config });
    same(flags);
  });

  it("nothing to upgrade to: no plan", async () => {
    const r = await both(["plan", "v1.36.3"]);
    expect(r.up.code).toBe(0);
    same(r);
  });

  it("failures: a version that is none, a missing kubeconfig, a bad -o", async () => {
    same(await both(["plan", "foo"]));
    same(await both(["plan", "-o", "xml"]));
    const up = await runKubeadm({ args: ["upgrade", "plan", "--kubeconfig", "/etc/kubernetes/none.conf"], seed: cluster.seed });
    const ts = await runKubeadm({ bin: "ts", args: ["upgrade", "plan", "--kubeconfig", "/etc/kubernetes/none.conf"], seed: cluster.seed });
    expect(up.code).toBe(1);
    same({ up, ts });
  });

  it("no static Pod manifests on this node: StaticPodManifest fails, or warns when ignored", async () => {
    const seed = noManifests(cluster.seed);
    const r = await both(["plan", "v1.37.2"], { seed });
    expect(r.up.code).toBe(1);
    same(r);
    same(await both(["plan", "v1.37.2", "--ignore-preflight-errors=StaticPodManifest"], { seed }));
  });

  // these change the cluster: last
  it("external etcd (no etcd Pods): no etcd rows", async () => {
    // a Pod on a Node waits for its kubelet to confirm a graceful deletion: none runs here
    await promisify(execFile)(requireUpstream("kubectl"), ["--kubeconfig", api.kubeconfig, "delete", "pod", "-n", "kube-system", `etcd-${NODE}`, "--grace-period=0", "--force"]);
    const r = await both(["plan", "v1.37.2", "-o", "yaml"]);
    expect(r.up.stdout).not.toContain("name: etcd");
    same(r);
  });

  it("no CoreDNS Deployment: the CoreDNS checks fail on the unknown version", async () => {
    await api.admin.delete("deployments", "coredns", "kube-system");
    const r = await both(["plan", "v1.37.2"]);
    expect(r.up.code).toBe(1);
    same(r);
    same(await both(["plan", "v1.37.2", "--ignore-preflight-errors=CoreDNSUnsupportedPlugins,CoreDNSMigration"]));
  });

  it("no kubeadm-config ConfigMap: the configuration cannot be fetched", async () => {
    await api.admin.delete("configmaps", "kubeadm-config", "kube-system");
    const r = await both(["plan", "v1.37.2"]);
    expect(r.up.code).toBe(1);
    same(r);
  }, 300_000);
});
