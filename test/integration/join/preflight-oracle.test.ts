// `kubeadm join phase preflight` for a worker, the pinned upstream kubeadm and bin/kubeadm side by side (lab
// oracle) against a real kube-apiserver set up as `kubeadm init` leaves it: a bootstrap token and
// its RBAC, cluster-info (signed for the token, as the bootstrap signer would), kubeadm-config and
// kubelet-config. Both run the node checks (this machine has no CRI or kubelet: every failure is
// ignored), discover the control plane through the token and the CA pin, and read the cluster's
// configuration; both print the same lines. Then a wrong pin and an unknown token fail alike.
// Needs upstream kubeadm, etcd and kube-apiserver (`npm run lab:build`) and `npm run build`.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadKubeadmConfig, uploadKubeletConfig } from "../../../src/cluster/upload-config.js";
import { runKubeadm, TS_KUBEADM } from "../../lab/oracle/index.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { requireUpstream } from "../../support/upstream.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";
import { makeJoinable } from "./joinable-cluster.js";

let api: RealApiserver;
let pin: string;
const TOKEN = "abcdef.0123456789abcdef";

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  api = await startApiserver("join-preflight-", { bootstrapTokenAuth: true });
  pin = await makeJoinable(api);
  const quiet = { write: () => undefined };
  await uploadKubeadmConfig(
    api.admin,
    `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nclusterName: lab\nkubernetesVersion: ${KUBERNETES_VERSION}\ncontrolPlaneEndpoint: 127.0.0.1:6443\n`,
    quiet,
  );
  await uploadKubeletConfig(api.admin, "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n", false, quiet);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

/** stderr with klog headers (time, pid) masked. */
const masked = (s: string) => s.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, "$1<klog> ");

async function both(args: string[]) {
  const opts = { args: ["join", "phase", "preflight", new URL(api.server).host, ...args, "--ignore-preflight-errors=all", "--node-name", "node-b"], timeoutMs: 60_000 };
  const up = await runKubeadm(opts);
  const ts = await runKubeadm({ ...opts, bin: "ts" });
  return { up, ts };
}

describe("join phase preflight (worker), as upstream", () => {
  it("checks, token discovery with the CA pin, the cluster's configuration", async () => {
    const { up, ts } = await both(["--token", TOKEN, "--discovery-token-ca-cert-hash", pin]);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
    expect(ts.stdout).toBe(up.stdout);
    expect(masked(ts.stderr)).toBe(masked(up.stderr));
    expect(ts.code).toBe(up.code);
  });

  it("a CA that is not pinned", async () => {
    const { up, ts } = await both(["--token", TOKEN, "--discovery-token-ca-cert-hash", `sha256:${"0".repeat(64)}`]);
    expect(up.code).not.toBe(0);
    expect(ts.stdout).toBe(up.stdout);
    expect(masked(ts.stderr)).toBe(masked(up.stderr));
    expect(ts.code).toBe(up.code);
  });

  it("a wrong token secret", async () => {
    const { up, ts } = await both(["--token", "abcdef.ffffffffffffffff", "--discovery-token-ca-cert-hash", pin]);
    expect(up.code).not.toBe(0);
    expect(ts.stdout).toBe(up.stdout);
    expect(masked(ts.stderr)).toBe(masked(up.stderr));
  });
});
