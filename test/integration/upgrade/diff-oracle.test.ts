// `kubeadm upgrade diff`: the pinned upstream kubeadm and bin/kubeadm side by side (lab oracle) on
// a cluster as upstream kubeadm v1.36.3 made it, with its v1.36.3 manifests in
// /etc/kubernetes/manifests (upgradable-cluster.ts). Upstream walks the three components in Go
// map order (random), so the output is compared as its set of per-file diffs; the lines of each
// are compared exactly. Same stderr lines (klog headers masked) and exit code.
// Needs upstream kubeadm (both versions), kubectl, etcd and kube-apiserver (`npm run lab:build`)
// and `npm run build`.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKubeadm, TS_KUBEADM } from "../../lab/oracle/index.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { maskKlog } from "../../support/klog.js";
import { requireUpstream } from "../../support/upstream.js";
import { makeUpgradable, type UpgradableCluster } from "./upgradable-cluster.js";

let api: RealApiserver;
let cluster: UpgradableCluster;

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  api = await startApiserver("upgrade-diff-", { embedCerts: true });
  cluster = await makeUpgradable(api, { coreDNSTag: "v1.14.6" });
}, 180_000);
afterAll(async () => {
  cluster?.stop();
  await api?.stop();
});

/** The "[upgrade/diff] ..." lines, then each file's diff ("--- <file>" up to the next one), sorted. */
function pieces(stdout: string): { head: string; diffs: string[] } {
  const at = stdout.indexOf("--- ");
  if (at < 0) return { head: stdout, diffs: [] };
  const diffs = stdout.slice(at).split(/^(?=--- \/)/m);
  return { head: stdout.slice(0, at), diffs: diffs.sort() };
}

async function both(args: string[], o: { config?: string; seed?: Record<string, string> } = {}) {
  const opts = { args: ["upgrade", "diff", ...args, "--kubeconfig", api.kubeconfig], seed: o.seed ?? cluster.seed, ...(o.config ? { config: o.config } : {}), timeoutMs: 120_000 };
  const up = await runKubeadm(opts);
  const ts = await runKubeadm({ ...opts, bin: "ts" });
  return { up, ts };
}

function same(r: Awaited<ReturnType<typeof both>>): void {
  expect(pieces(r.ts.stdout)).toEqual(pieces(r.up.stdout));
  expect(maskKlog(r.ts.stderr)).toBe(maskKlog(r.up.stderr));
  expect(r.ts.code).toBe(r.up.code);
}

const APISERVER = "/etc/kubernetes/manifests/kube-apiserver.yaml";

describe("upgrade diff, as upstream", () => {
  it("to v1.37.2 with 3 lines of context, and with the default (the configuration's 0)", async () => {
    const r = await both(["v1.37.2", "-c", "3"]);
    expect(r.up.code).toBe(0);
    expect(r.up.stdout).toContain("+    image: registry.k8s.io/kube-apiserver:v1.37.2");
    same(r);
    const zero = await both(["v1.37.2"]);
    expect(zero.up.stdout).toContain("@@ -42 +42 @@");
    same(zero);
  });

  it("the cluster's own version, a version without v (image tags without v), diff.contextLines of --config", async () => {
    same(await both([]));
    same(await both(["1.37.2", "-c", "1"]));
    same(await both([], { config: "apiVersion: kubeadm.k8s.io/v1beta4\nkind: UpgradeConfiguration\ndiff:\n  kubernetesVersion: v1.37.1\n  contextLines: 5\n" }));
  });

  it("a manifest changed by hand: hunks as go-difflib makes them", async () => {
    const lines = cluster.seed[APISERVER]!.split("\n");
    const edited = lines.filter((_, i) => i % 7 !== 3).map((l, i) => (i % 11 === 5 ? `${l} # edited` : l));
    edited.splice(20, 0, "    - --extra=1", "    - --extra=2", "");
    const seed = { ...cluster.seed, [APISERVER]: edited.join("\n") + "\n\n    - last\n" };
    for (const c of ["0", "2", "3", "10"]) same(await both(["v1.37.2", "-c", c], { seed }));
  });

  it("failures: a missing manifest, a manifest that is a directory, a version that is none", async () => {
    const { [APISERVER]: _, ...rest } = cluster.seed;
    const missing = await both(["v1.37.2"], { seed: rest });
    expect(missing.up.code).toBe(1);
    same(missing);
    const dir = await both(["v1.37.2"], { seed: { ...rest, [`${APISERVER}/x`]: "" } });
    expect(dir.up.code).toBe(1);
    same(dir);
    same(await both(["foo"]));
  });
});
