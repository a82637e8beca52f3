// `kubeadm upgrade apply phase preflight` and `kubeadm upgrade node phase preflight`: the pinned
// upstream kubeadm and bin/kubeadm side by side (lab oracle) on a cluster as upstream kubeadm
// v1.36.3 made it (upgradable-cluster.ts). This machine has no CRI: the node checks and the image
// pull fail, and are ignored (--ignore-preflight-errors=all) so the later steps run: the cluster
// health checks, the version skew policy (the API server here is v1.37.2), its fatal errors and
// the ones --force lets pass. Same stdout, same stderr lines (klog headers masked), same exit code.
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
  api = await startApiserver("upgrade-preflight-", { embedCerts: true });
  cluster = await makeUpgradable(api, { coreDNSTag: "v1.14.6" });
}, 180_000);
afterAll(async () => {
  cluster?.stop();
  await api?.stop();
});

async function both(args: string[], o: { seed?: Record<string, string> } = {}) {
  const opts = { args: ["upgrade", ...args, "--kubeconfig", api.kubeconfig], seed: o.seed ?? cluster.seed, timeoutMs: 120_000 };
  const up = await runKubeadm(opts);
  const ts = await runKubeadm({ ...opts, bin: "ts" });
  return { up, ts };
}

function same(r: Awaited<ReturnType<typeof both>>): void {
  expect(r.ts.stdout).toBe(r.up.stdout);
  expect(maskKlog(r.ts.stderr)).toBe(maskKlog(r.up.stderr));
  expect(r.ts.code).toBe(r.up.code);
}

const apply = (...a: string[]) => ["apply", "phase", "preflight", ...a, "--ignore-preflight-errors=all"];

describe("upgrade apply phase preflight, as upstream", () => {
  it("to v1.37.2: checks, health, policy, image pull (ignored failures)", async () => {
    const r = await both(apply("v1.37.2", "--yes"));
    console.log(r.up.stdout, r.up.stderr, r.up.code);
    console.log(r.ts.stdout, r.ts.stderr, r.ts.code);
    expect(r.up.code).toBe(0);
    same(r);
  });
});
