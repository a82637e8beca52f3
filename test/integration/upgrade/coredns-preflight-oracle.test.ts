// The CoreDNS checks of `kubeadm upgrade apply phase preflight` (CoreDNSUnsupportedPlugins,
// CoreDNSMigration) with the Corefile migration behind them: the pinned upstream kubeadm and
// bin/kubeadm side by side (lab oracle) on a cluster as upstream kubeadm v1.36.3 made it (CoreDNS
// v1.14.2, upgradable-cluster.ts), its Corefile as kubeadm wrote it, then with a plugin the
// migration does not know, then without CoreDNS. This machine has no CRI: the checks are ignored
// (--ignore-preflight-errors=all), so every check's error is printed as a warning and compared.
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
  api = await startApiserver("upgrade-coredns-preflight-", { embedCerts: true });
  cluster = await makeUpgradable(api);
}, 180_000);
afterAll(async () => {
  cluster?.stop();
  await api?.stop();
});

async function both() {
  const opts = { args: ["upgrade", "apply", "phase", "preflight", "v1.37.2", "--yes", "--ignore-preflight-errors=all", "--kubeconfig", api.kubeconfig], seed: cluster.seed, timeoutMs: 120_000 };
  const up = await runKubeadm(opts);
  const ts = await runKubeadm({ ...opts, bin: "ts" });
  expect(ts.stdout).toBe(up.stdout);
  expect(maskKlog(ts.stderr)).toBe(maskKlog(up.stderr));
  expect(ts.code).toBe(up.code);
  return up;
}

async function setCorefile(f: (c: string) => string): Promise<void> {
  const cm = await api.admin.get("configmaps", "coredns", "kube-system");
  cm.data = { Corefile: f(cm.data!.Corefile!) };
  await api.admin.update("configmaps", cm);
}

describe("upgrade apply preflight's CoreDNS checks, as upstream", () => {
  it("kubeadm v1.36's Corefile with CoreDNS v1.14.2: nothing to report", async () => {
    const up = await both();
    expect(up.code).toBe(0);
    expect(up.stderr).not.toContain("CoreDNS");
  }, 240_000);

  it("a plugin the migration does not know: upstream's notice and error (ignored: a warning)", async () => {
    await setCorefile((c) => c.replace("    loop\n", "    loop\n    route53 example.org.:Z1Z2 {\n       aws_access_key A B\n    }\n"));
    const up = await both();
    expect(up.stdout).toContain("[preflight] The corefile contains plugins that kubeadm/CoreDNS does not know how to migrate.");
    expect(up.stderr).toContain("CoreDNSUnsupportedPlugins");
  }, 240_000);

  it("no CoreDNS at all", async () => {
    await api.admin.delete("configmaps", "coredns", "kube-system");
    const up = await both();
    expect(up.stderr).toContain("CoreDNSMigration");
  }, 240_000);
});
