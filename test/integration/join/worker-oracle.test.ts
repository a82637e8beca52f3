// A worker's whole `kubeadm join`, the pinned upstream kubeadm and bin/kubeadm side by side (lab
// oracle: private /etc/kubernetes and /var/lib/kubelet, a recording systemctl) against a real
// kube-apiserver set up as `kubeadm init` leaves it (bootstrap token + RBAC, cluster-info signed
// for the token, kubeadm-config, kubelet-config as upstream's init uploads them):
// - `join --dry-run`: discovery and reads through the dry-run client, the files it would write;
// - `join`: bootstrap-kubelet.conf, ca.crt, the kubelet's files, the kubelet (re)started through
//   systemctl, then the wait for a kubelet that never comes (a 1.2 s kubeletHealthCheck): the same
//   lines, error, exit code, files left (bootstrap-kubelet.conf removed) and systemctl calls;
//   beyond upstream, kubeadm-ts lists before the error what the failed join left for `kubeadm
//   reset` (a known difference, test/support/known-differences.mjs);
// - `join` with a kubelet stand-in: /healthz answered (on the cluster's healthzPort, a free port) and a kubelet.conf for the
//   node already in place (as the kubelet leaves it after its TLS bootstrap): the whole join
//   succeeds with upstream's lines and done message.
// Needs upstream kubeadm, etcd and kube-apiserver (`npm run lab:build`) and `npm run build`.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { uploadKubeadmConfig, uploadKubeletConfig } from "../../../src/cluster/upload-config.js";
import { runKubeadm, TS_KUBEADM, type RunResult } from "../../lab/oracle/index.js";
import { freePort, kubeletKubeconfig, startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { requireUpstream } from "../../support/upstream.js";
import { parity } from "../../support/parity.js";
import { makeJoinable, renderFailedJoinTail, splitFailedJoinStderr } from "./joinable-cluster.js";

let api: RealApiserver;
let pin: string;
let healthzPort = 0;
const TOKEN = "abcdef.0123456789abcdef";
const golden = (p: string): string => readFileSync(join(__dirname, "../../golden", p), "utf8");

function goldenConfigMapData(name: string, key: string): string {
  for (const chunk of golden("cluster/init-dryrun-default.txt").split("[dryrun] Attached object:\n").slice(1)) {
    const o = parse(chunk.split("\n\n")[0]!) as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> };
    if (o.kind === "ConfigMap" && o.metadata?.name === name) return o.data![key]!;
  }
  throw new Error(`no ConfigMap ${name}`);
}

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  api = await startApiserver("join-worker-oracle-", { bootstrapTokenAuth: true });
  pin = await makeJoinable(api);
  const quiet = { write: () => undefined };
  await uploadKubeadmConfig(api.admin, goldenConfigMapData("kubeadm-config", "ClusterConfiguration"), quiet);
  // the kubelet's health port: a free one, so that the stand-in below never answers another test's kubelet check
  healthzPort = await freePort();
  await uploadKubeletConfig(api.admin, goldenConfigMapData("kubelet-config", "kubelet").replace("healthzPort: 10248", `healthzPort: ${healthzPort}`), false, quiet);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

/** Run-specific text masked: klog headers, the dry-run directory's random suffix, measured durations. */
const norm = (s: string) =>
  s
    .replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, "$1<klog> ")
    .replace(/kubeadm-join-dryrun[A-Za-z0-9]+/g, "kubeadm-join-dryrun<N>")
    .replace(/after \d+(\.\d+)?(ms|s|µs)/g, "after <d>");

const check = parity(import.meta.url);

function files(r: RunResult): Record<string, { mode: number; content: string }> {
  const out: Record<string, { mode: number; content: string }> = {};
  for (const [p, f] of Object.entries(r.files)) out[norm(p)] = { mode: f.mode, content: f.type === "file" ? norm(f.content.toString("utf8")) : f.type };
  return out;
}

async function both(opts: Parameters<typeof runKubeadm>[0]) {
  const up = await runKubeadm(opts);
  const ts = await runKubeadm({ ...opts, bin: "ts" });
  return { up, ts };
}

describe("a worker's kubeadm join, as upstream", () => {
  it("join --dry-run", async () => {
    const { up, ts } = await both({
      args: ["join", new URL(api.server).host, "--token", TOKEN, "--discovery-token-ca-cert-hash", pin, "--dry-run", "--ignore-preflight-errors=all", "--node-name", "worker-1", "--cri-socket", "unix:///var/run/containerd/containerd.sock"],
      timeoutMs: 90_000,
    });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("This node has joined the cluster:");
    expect(norm(ts.stdout)).toBe(norm(up.stdout));
    expect(norm(ts.stderr)).toBe(norm(up.stderr));
    expect(ts.code).toBe(up.code);
    expect(files(ts)).toEqual(files(up));
    expect(ts.systemctlCalls).toEqual(up.systemctlCalls);
  }, 200_000);

  it("join --dry-run -v=1: the verbose lines from discovery on", async () => {
    const { up, ts } = await both({
      args: ["join", new URL(api.server).host, "--token", TOKEN, "--discovery-token-ca-cert-hash", pin, "--dry-run", "--ignore-preflight-errors=all", "--node-name", "worker-1", "--cri-socket", "unix:///var/run/containerd/containerd.sock", "-v=1"],
      timeoutMs: 90_000,
    });
    expect(up.code).toBe(0);
    expect(norm(ts.stdout)).toBe(norm(up.stdout));
    // the preflight checks' verbose lines (and client-go's feature-gate lines) are not upstream's
    // yet; from discovery on they are
    const fromFetch = (t: string) => norm(t).slice(norm(t).indexOf("[preflight] Discovering cluster-info"));
    expect(fromFetch(up.stderr)).toContain("[kubelet-start] writing bootstrap kubelet config file at");
    expect(fromFetch(ts.stderr)).toBe(fromFetch(up.stderr));
  }, 200_000);

  it("join, with no kubelet to answer: the same files, lines and failure", async () => {
    const config = [
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: JoinConfiguration",
      "discovery:",
      "  bootstrapToken:",
      `    apiServerEndpoint: "${new URL(api.server).host}"`,
      `    token: ${TOKEN}`,
      `    caCertHashes: ["${pin}"]`,
      "nodeRegistration:",
      "  name: worker-1",
      "  criSocket: unix:///var/run/containerd/containerd.sock",
      "  ignorePreflightErrors: [all]",
      "  taints:",
      "  - {key: dedicated, value: batch, effect: NoSchedule}",
      "timeouts:",
      // not a multiple of upstream's 500 ms poll interval: with one, a last attempt may start at the
      // deadline and upstream's error is then "context deadline exceeded" instead of the refusal
      "  kubeletHealthCheck: 1200ms",
      "  tlsBootstrap: 2s",
      "",
    ].join("\n");
    const { up, ts } = await both({ args: ["join"], config, timeoutMs: 90_000 });
    expect(up.code).not.toBe(0);
    expect(up.stdout).toContain("[kubelet-check] Waiting for a healthy kubelet");
    expect(norm(ts.stdout)).toBe(norm(up.stdout));
    const [u, o] = [splitFailedJoinStderr(norm(up.stderr)), splitFailedJoinStderr(norm(ts.stderr))];
    expect(o.head).toBe(u.head);
    check.same("kubeadm join, no kubelet answering its health check (kubelet-wait-bootstrap fails): stderr from the error on", renderFailedJoinTail(u.tail, u.tail), renderFailedJoinTail(o.tail, u.tail));
    expect(ts.code).toBe(up.code);
    expect(files(ts)).toEqual(files(up));
    expect(Object.keys(files(up))).not.toContain("/etc/kubernetes/bootstrap-kubelet.conf");
    expect(ts.systemctlCalls).toEqual(up.systemctlCalls);
  }, 200_000);

  it("join with a kubelet stand-in: the whole join succeeds alike", async () => {
    const healthz: Server = createServer((req, res) => {
      res.writeHead(req.url === "/healthz" ? 200 : 404);
      res.end("ok");
    });
    await new Promise<void>((resolve, reject) => {
      healthz.once("error", reject);
      healthz.listen(healthzPort, "127.0.0.1", () => resolve());
    });
    try {
      const opts = {
        args: ["join", new URL(api.server).host, "--token", TOKEN, "--discovery-token-ca-cert-hash", pin, "--ignore-preflight-errors=all", "--node-name", "worker-2", "--cri-socket", "unix:///var/run/containerd/containerd.sock"],
        seed: { "/etc/kubernetes/kubelet.conf": { content: kubeletKubeconfig(api, "worker-2"), mode: 0o600 } },
        timeoutMs: 90_000,
      };
      const up = await runKubeadm(opts);
      const ts = await runKubeadm({ ...opts, bin: "ts" });
      expect(up.code).toBe(0);
      expect(up.stdout).toContain("This node has joined the cluster:");
      expect(norm(ts.stdout)).toBe(norm(up.stdout));
      expect(norm(ts.stderr)).toBe(norm(up.stderr));
      expect(ts.code).toBe(up.code);
      expect(files(ts)).toEqual(files(up));
      expect(Object.keys(files(up))).not.toContain("/etc/kubernetes/bootstrap-kubelet.conf");
      expect(ts.systemctlCalls).toEqual(up.systemctlCalls);
    } finally {
      await new Promise((r) => healthz.close(r));
    }
  }, 200_000);

  it("every known difference of this file was met", () => {
    expect(check.unmet()).toEqual([]);
  });
});
