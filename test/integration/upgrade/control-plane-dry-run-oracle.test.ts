// `kubeadm upgrade apply phase control-plane v1.37.2 --dry-run` and `kubeadm upgrade node phase
// control-plane --dry-run`, the pinned upstream kubeadm and bin/kubeadm side by side (lab oracle)
// against a real kube-apiserver holding a v1.36.3 cluster's kubeadm-config, kubelet-config,
// kube-proxy ConfigMaps, this node and its kube-apiserver mirror Pod: the data initializer's lines
// (the dry-run client, the configuration read), the dry-run manifests, the same stderr and exit
// code, the same files left behind.
// Needs upstream kubeadm, etcd and kube-apiserver (`npm run lab:build`) and `npm run build`.
import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadKubeadmConfig, uploadKubeletConfig } from "../../../src/cluster/upload-config.js";
import { runKubeadm, TS_KUBEADM, type RunResult } from "../../lab/oracle/index.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { requireUpstream } from "../../support/upstream.js";
import { goldenConfigMapData } from "../../support/golden-config-maps.js";

let api: RealApiserver;
const NODE = hostname().toLowerCase();

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  api = await startApiserver("upgrade-cp-oracle-", { embedCerts: true });
  const quiet = { write: () => undefined };
  const cc = goldenConfigMapData("kubeadm-config", "ClusterConfiguration").replace(/kubernetesVersion: .*/, "kubernetesVersion: v1.36.3");
  await uploadKubeadmConfig(api.admin, cc, quiet);
  await uploadKubeletConfig(api.admin, goldenConfigMapData("kubelet-config", "kubelet"), false, quiet);
  await api.admin.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kube-proxy", namespace: "kube-system" }, data: { "config.conf": goldenConfigMapData("kube-proxy", "config.conf") } }, "kube-system");
  await api.admin.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: NODE } });
  // a worker's kubelet.conf names its node by its certificate (the test's admin certificate here)
  await api.admin.create("nodes", { apiVersion: "v1", kind: "Node", metadata: { name: "kubernetes-super-admin" } });
  await api.admin.create("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "kube-system" } }, "kube-system");
  await api.admin.create(
    "pods",
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `kube-apiserver-${NODE}`,
        namespace: "kube-system",
        labels: { component: "kube-apiserver", tier: "control-plane" },
        annotations: { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "10.0.0.1:6443" },
      },
      spec: { nodeName: NODE, containers: [{ name: "kube-apiserver", image: "registry.k8s.io/kube-apiserver:v1.36.3" }] },
    },
    "kube-system",
  );
}, 150_000);
afterAll(async () => {
  await api?.stop();
});

const norm = (s: string) =>
  s
    .replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, "$1<klog> ")
    .replace(/kubeadm-upgrade-(apply-|node-)?dryrun[A-Za-z0-9]+/g, "kubeadm-upgrade-$1dryrun<N>")
    .replace(/"resourceVersion": "\d+"|resourceVersion: "\d+"/g, "resourceVersion: <rv>")
    .replace(/uid: [0-9a-f-]{36}/g, "uid: <uid>")
    .replace(/creationTimestamp: "[^"]+"/g, "creationTimestamp: <t>");

function files(r: RunResult): Record<string, { mode: number; content: string }> {
  const out: Record<string, { mode: number; content: string }> = {};
  for (const [p, f] of Object.entries(r.files)) out[norm(p)] = { mode: f.mode, content: f.type !== "file" ? f.type : norm(f.content.toString("utf8")) };
  return out;
}

const seed = () => ({
  "/etc/kubernetes/admin.conf": readFileSync(api.kubeconfig),
  "/etc/kubernetes/manifests/kube-apiserver.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n",
  "/var/lib/kubelet/instance-config.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncontainerRuntimeEndpoint: unix:///var/run/containerd/containerd.sock\n",
});

async function both(args: string[]): Promise<{ up: RunResult; ts: RunResult }> {
  const opts = { args, seed: seed(), timeoutMs: 120_000 };
  const up = await runKubeadm(opts);
  const ts = await runKubeadm({ ...opts, bin: "ts" });
  return { up, ts };
}

describe("upgrade control-plane phases --dry-run, as upstream", () => {
  it("upgrade apply phase control-plane v1.37.2 --dry-run", async () => {
    const { up, ts } = await both(["upgrade", "apply", "phase", "control-plane", "v1.37.2", "--dry-run"]);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('[dryrun] Would upgrade your static Pod-hosted control plane to version "v1.37.2"');
    expect(up.stdout).toContain('[dryrun] Would write file "/etc/kubernetes/manifests/kube-scheduler.yaml" with content:');
    expect(norm(ts.stdout)).toBe(norm(up.stdout));
    expect(norm(ts.stderr)).toBe(norm(up.stderr));
    expect(ts.code).toBe(up.code);
    expect(files(ts)).toEqual(files(up));
  }, 300_000);

  it("upgrade node phase control-plane --dry-run", async () => {
    const { up, ts } = await both(["upgrade", "node", "phase", "control-plane", "--dry-run"]);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('[upgrade/control-plane] Upgrading your Static Pod-hosted control plane instance to version "v1.36.3"...');
    expect(norm(ts.stdout)).toBe(norm(up.stdout));
    expect(norm(ts.stderr)).toBe(norm(up.stderr));
    expect(ts.code).toBe(up.code);
    expect(files(ts)).toEqual(files(up));
  }, 300_000);

  it("upgrade node phase control-plane --dry-run on a worker", async () => {
    const opts = {
      args: ["upgrade", "node", "phase", "control-plane", "--dry-run"],
      seed: { "/etc/kubernetes/kubelet.conf": readFileSync(api.kubeconfig), "/var/lib/kubelet/instance-config.yaml": seed()["/var/lib/kubelet/instance-config.yaml"] },
      timeoutMs: 120_000,
    };
    const up = await runKubeadm(opts);
    const ts = await runKubeadm({ ...opts, bin: "ts" });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("[upgrade/control-plane] Skipping phase. Not a control plane node.\n");
    expect(norm(ts.stdout)).toBe(norm(up.stdout));
    expect(norm(ts.stderr)).toBe(norm(up.stderr));
    expect(ts.code).toBe(up.code);
    expect(files(ts)).toEqual(files(up));
  }, 300_000);

  it("a missing version argument fails alike", async () => {
    const { up, ts } = await both(["upgrade", "apply", "phase", "control-plane", "--dry-run"]);
    expect(up.code).not.toBe(0);
    expect(norm(ts.stdout)).toBe(norm(up.stdout));
    expect(norm(ts.stderr)).toBe(norm(up.stderr));
    expect(ts.code).toBe(up.code);
  }, 300_000);
});
