// `kubeadm upgrade apply phase preflight` and `kubeadm upgrade node phase preflight`: the pinned
// upstream kubeadm and bin/kubeadm side by side (lab oracle) on a cluster as upstream kubeadm
// v1.36.3 made it (upgradable-cluster.ts). This machine has no CRI: the node checks and the image
// pull fail, and are ignored (--ignore-preflight-errors=all) so the later steps run: the cluster
// health checks, the version skew policy (the API server here is v1.37.2), its fatal errors and
// the ones --force lets pass. Same stdout, same stderr lines (klog headers masked), same exit code.
// Needs upstream kubeadm (both versions), kubectl, etcd and kube-apiserver (`npm run lab:build`)
// and `npm run build`.
import { existsSync, writeFileSync } from "node:fs";
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

/** The health-check Job is named after the instant it is made; a dry-run directory gets a random number. */
const jobName = (s: string) => s.replace(/upgrade-health-check-\d+/g, "upgrade-health-check-<ms>").replace(/(kubeadm-upgrade-(?:apply|node)-dryrun)\d+/g, "$1<n>");

function same(r: Awaited<ReturnType<typeof both>>): void {
  if (process.env.UPPLAN_DEBUG) {
    writeFileSync("/tmp/upplan-up.txt", r.up.stdout + "\n---\n" + r.up.stderr);
    writeFileSync("/tmp/upplan-ts.txt", r.ts.stdout + "\n---\n" + r.ts.stderr);
  }
  expect(jobName(r.ts.stdout)).toBe(jobName(r.up.stdout));
  expect(jobName(maskKlog(r.ts.stderr))).toBe(jobName(maskKlog(r.up.stderr)));
  expect(r.ts.code).toBe(r.up.code);
}

const apply = (...a: string[]) => ["apply", "phase", "preflight", ...a, "--ignore-preflight-errors=all"];

const noManifests = (seed: Record<string, string>) => Object.fromEntries(Object.entries(seed).filter(([p]) => !p.startsWith("/etc/kubernetes/manifests/")));

describe("upgrade apply phase preflight, as upstream", () => {
  it("to v1.37.2: checks, health, policy, image pull (ignored failures)", async () => {
    const r = await both(apply("v1.37.2", "--yes"));
    expect(r.up.code).toBe(0);
    expect(r.up.stdout).toContain('[upgrade/preflight] You have chosen to upgrade the cluster version to "v1.37.2"');
    same(r);
  });

  it("--dry-run: the dry-run client's lines, no pull", async () => {
    const r = await both(apply("v1.37.2", "--dry-run"));
    expect(r.up.code).toBe(0);
    same(r);
  });

  it("a label: resolved offline to kubeadm's version", async () => {
    const r = await both(apply("stable", "--yes"));
    expect(r.up.code).toBe(0);
    expect(r.up.stderr).toContain("falling back to the local client version");
    same(r);
  });

  it("skew: an older minor needs --force, which prints what it bypasses", async () => {
    const r = await both(apply("v1.36.0", "--yes"));
    expect(r.up.code).toBe(1);
    expect(r.up.stderr).toContain("Can be bypassed if you pass the --force flag");
    same(r);
    const forced = await both(apply("v1.36.0", "--force"));
    expect(forced.up.code).toBe(0);
    expect(forced.up.stdout).toContain("potential version compatibility errors but skipping since the --force flag is set");
    same(forced);
  });

  it("skew: fatal errors --force does not bypass, a newer patch than kubeadm, a release candidate", async () => {
    const fatal = await both(apply("v1.38.0", "--force"));
    expect(fatal.up.code).toBe(1);
    expect(fatal.up.stderr).toContain("fatal errors");
    same(fatal);
    same(await both(apply("v1.37.3", "--yes")));
    same(await both(apply("v1.37.0-rc.1", "--yes")));
    const rc = await both(apply("v1.37.0-rc.1", "--yes", "--allow-release-candidate-upgrades"));
    expect(rc.up.code).toBe(0);
    same(rc);
  });

  it("versions refused before the policy: below the minimum, not a version", async () => {
    same(await both(apply("v1.35.0", "--yes")));
    same(await both(apply("foo", "--yes")));
  });

  it("the prompt: anything but y stops", async () => {
    const opts = { args: ["upgrade", ...apply("v1.37.2"), "--kubeconfig", api.kubeconfig], seed: cluster.seed, stdin: "n\n", timeoutMs: 120_000 };
    const up = await runKubeadm(opts);
    const ts = await runKubeadm({ ...opts, bin: "ts" });
    expect(up.code).toBe(1);
    same({ up, ts });
  });

  it("health: no static Pod manifests", async () => {
    const r = await both(["apply", "phase", "preflight", "v1.37.2", "--yes"], { seed: noManifests(cluster.seed) });
    expect(r.up.code).toBe(1);
    same(r);
  });
});

// `upgrade node phase preflight` has no --kubeconfig: the whole command with the other phases skipped
const nodePreflight = ["node", "--skip-phases", "control-plane,kubeconfig,kubelet-config,addon,post-upgrade", "--ignore-preflight-errors=all"];

describe("upgrade node phase preflight, as upstream", () => {
  it("a control-plane node pulls the images", async () => {
    const r = await both(nodePreflight);
    expect(r.up.code).toBe(0);
    same(r);
  });

  it("--dry-run: says it would pull", async () => {
    const r = await both([...nodePreflight, "--dry-run"]);
    expect(r.up.code).toBe(0);
    same(r);
  });

  it("a worker skips the pull", async () => {
    const r = await both(nodePreflight, { seed: noManifests(cluster.seed) });
    expect(r.up.stdout).toContain("Skipping prepull. Not a control plane node.");
    same(r);
  });
});
