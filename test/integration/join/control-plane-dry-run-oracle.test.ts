// A control plane's `kubeadm join --control-plane --certificate-key K --dry-run`, the pinned upstream
// kubeadm and bin/kubeadm side by side (lab oracle) against a real kube-apiserver set up as
// `kubeadm init --upload-certs` leaves it: bootstrap token + RBAC, signed cluster-info,
// kubeadm-config with a controlPlaneEndpoint, kubelet-config, and the kubeadm-certs Secret that
// upstream's `init phase upload-certs` encrypted with K. Every phase runs: preflight (node checks
// ignored, images not pulled), discovery, download-certs, certs, kubeconfig, static Pods,
// check-etcd, kubelet-start, etcd-join, kubelet-wait-bootstrap, mark-control-plane,
// wait-control-plane, then the control-plane done message. Same stdout, stderr and exit code; the
// same files with the same modes (content compared except keys, certificates and kubeconfigs,
// which hold fresh keys).
// Needs upstream kubeadm, etcd and kube-apiserver (`npm run lab:build`) and `npm run build`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { uploadKubeadmConfig, uploadKubeletConfig } from "../../../src/cluster/upload-config.js";
import { runKubeadm, TS_KUBEADM, type RunResult } from "../../lab/oracle/index.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { requireUpstream } from "../../support/upstream.js";
import { parity } from "../../support/parity.js";
import { redactDryRunText } from "../../support/redaction.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";
import { makeJoinable, renderFailedJoinTail, splitFailedJoinStderr } from "./joinable-cluster.js";

let api: RealApiserver;
let pin: string;
const TOKEN = "abcdef.0123456789abcdef";
const KEY = "1f0c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a";
const golden = (p: string): string => readFileSync(join(__dirname, "../../golden", p), "utf8");

function goldenConfigMapData(name: string, key: string): string {
  for (const chunk of golden("cluster/init-dryrun-default.txt").split("[dryrun] Attached object:\n").slice(1)) {
    const o = parse(chunk.split("\n\n")[0]!) as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> };
    if (o.kind === "ConfigMap" && o.metadata?.name === name) return o.data![key]!;
  }
  throw new Error(`no ConfigMap ${name}`);
}

beforeAll(async () => {
  const kubeadm = requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  api = await startApiserver("join-cp-oracle-", { bootstrapTokenAuth: true, embedCerts: true });
  pin = await makeJoinable(api);
  const quiet = { write: () => undefined };
  const cc = goldenConfigMapData("kubeadm-config", "ClusterConfiguration").replace("controllerManager: {}", "controlPlaneEndpoint: cp.example:6443\ncontrollerManager: {}");
  await uploadKubeadmConfig(api.admin, cc, quiet);
  await uploadKubeletConfig(api.admin, goldenConfigMapData("kubelet-config", "kubelet"), false, quiet);
  // the shared certificates, uploaded by upstream with the certificate key
  const pki = mkdtempSync(join(tmpdir(), "join-cp-pki-"));
  mkdirSync(join(pki, "etcd"));
  const ossl = (...a: string[]) => execFileSync("openssl", a, { cwd: pki, stdio: "pipe" });
  for (const base of ["ca", "front-proxy-ca", "etcd/ca"]) ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${base}.key`, "-out", `${base}.crt`, "-days", "2", "-subj", `/CN=${base.replace("/", "-")}`);
  ossl("genrsa", "-traditional", "-out", "sa.key", "2048");
  ossl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
  writeFileSync(
    join(pki, "kubeadm.yaml"),
    [
      "apiVersion: kubeadm.k8s.io/v1beta4", "kind: InitConfiguration", `certificateKey: ${KEY}`,
      "localAPIEndpoint: {advertiseAddress: 10.0.0.1, bindPort: 6443}",
      "nodeRegistration: {name: cp1, criSocket: unix:///var/run/containerd/containerd.sock}",
      "---",
      "apiVersion: kubeadm.k8s.io/v1beta4", "kind: ClusterConfiguration", `kubernetesVersion: ${KUBERNETES_VERSION}`, `certificatesDir: ${pki}`, "",
    ].join("\n"),
  );
  execFileSync(kubeadm, ["init", "phase", "upload-certs", "--upload-certs", "--config", join(pki, "kubeadm.yaml"), "--kubeconfig", api.kubeconfig], { stdio: "pipe" });
}, 150_000);
afterAll(async () => {
  await api?.stop();
});

const check = parity(import.meta.url);

/**
 * Upstream's CreatePKIAssets walks its certificate tree from Go maps: the certificates come in a
 * different order at every run. The block between "Using certificateDir folder" and "Valid
 * certificates" is compared as a sorted set of entries (a "Generating"/"Using existing" line with
 * the SAN line after it).
 */
function sortCertsBlock(s: string): string {
  const lines = s.split("\n");
  const start = lines.findIndex((l) => l.startsWith("[certs] Using certificateDir folder"));
  const end = lines.findIndex((l) => l.startsWith("[certs] Valid certificates and keys now exist"));
  if (start < 0 || end < 0) return s;
  const entries: string[] = [];
  for (const l of lines.slice(start + 1, end)) {
    if (/ serving cert is signed for /.test(l) && entries.length > 0) entries[entries.length - 1] += `\n${l}`;
    else entries.push(l);
  }
  return [...lines.slice(0, start + 1), ...entries.sort(), ...lines.slice(end)].join("\n");
}

const norm = (s: string) =>
  sortCertsBlock(s)
    .replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, "$1<klog> ")
    .replace(/kubeadm-join-dryrun[A-Za-z0-9]+/g, "kubeadm-join-dryrun<N>")
    .replace(/after \d+(\.\d+)?(ms|s|µs)/g, "after <d>");

function files(r: RunResult): Record<string, { mode: number; content: string }> {
  const out: Record<string, { mode: number; content: string }> = {};
  for (const [p, f] of Object.entries(r.files)) {
    const secret = /\.(crt|key|pub|conf)$/.test(p);
    out[norm(p)] = { mode: f.mode, content: f.type !== "file" ? f.type : secret ? "<secret>" : norm(f.content.toString("utf8")) };
  }
  return out;
}

describe("a control plane's kubeadm join --dry-run, as upstream", () => {
  it("every phase, the files, the done message", async () => {
    const opts = {
      args: [
        "join", new URL(api.server).host, "--token", TOKEN, "--discovery-token-ca-cert-hash", pin,
        "--control-plane", "--certificate-key", KEY, "--apiserver-advertise-address", "10.0.0.2",
        "--dry-run", "--ignore-preflight-errors=all", "--node-name", "cp-2", "--cri-socket", "unix:///var/run/containerd/containerd.sock",
      ],
      timeoutMs: 120_000,
    };
    const up = await runKubeadm(opts);
    const ts = await runKubeadm({ ...opts, bin: "ts" });
    expect(up.stdout).toContain("This node has joined the cluster and a new control plane instance was created:");
    expect(up.code).toBe(0);
    // kubeadm-ts never prints a Secret's data (src/util/redact.ts; test/support/known-differences.mjs REDACT_REASON)
    expect(norm(ts.stdout)).toBe(norm(redactDryRunText(up.stdout)));
    expect(norm(ts.stderr)).toBe(norm(up.stderr));
    expect(ts.code).toBe(up.code);
    expect(files(ts)).toEqual(files(up));
    // bootstrap-kubelet.conf holds no fresh key: byte for byte (its server is this node's own API endpoint)
    const bootstrapConf = (r: RunResult) => {
      const k = Object.keys(r.files).find((p) => p.endsWith("/bootstrap-kubelet.conf"))!;
      return r.files[k]!.content.toString("utf8");
    };
    expect(bootstrapConf(up)).toContain("server: https://10.0.0.2:6443");
    expect(bootstrapConf(ts)).toBe(bootstrapConf(up));
    expect(ts.systemctlCalls).toEqual(up.systemctlCalls);
  }, 300_000);
});

describe("a control plane's kubeadm join --dry-run -v=1, as upstream", () => {
  it("the verbose lines from discovery on", async () => {
    const opts = {
      args: [
        "join", new URL(api.server).host, "--token", TOKEN, "--discovery-token-ca-cert-hash", pin,
        "--control-plane", "--certificate-key", KEY, "--apiserver-advertise-address", "10.0.0.2",
        "--dry-run", "--ignore-preflight-errors=all", "--node-name", "cp-2", "--cri-socket", "unix:///var/run/containerd/containerd.sock", "-v=1",
      ],
      timeoutMs: 120_000,
    };
    const up = await runKubeadm(opts);
    const ts = await runKubeadm({ ...opts, bin: "ts" });
    expect(up.code).toBe(0);
    // the preflight node checks' verbose lines are not upstream's yet: compared are discovery up to
    // the configuration dependant checks, then everything from the PKI on; upstream walks its CAs
    // in map order, so their "Using the existing CA" lines are compared sorted
    const sortCALines = (t: string) => t.replace(/(^.*certlist\.go:183\].*\n)+/m, (run) => run.split("\n").filter(Boolean).sort().join("\n") + "\n");
    const segments = (t: string) => {
      const n = sortCALines(norm(t));
      const a = n.indexOf("[preflight] Discovering cluster-info");
      const b = n.indexOf("\n", n.indexOf("[preflight] Running configuration dependant checks"));
      return [n.slice(a, b), n.slice(n.lastIndexOf("\n", n.indexOf("] creating PKI assets")))];
    };
    expect(segments(up.stderr)[1]).toContain("[control-plane] wrote static Pod manifest for component");
    expect(segments(ts.stderr)).toEqual(segments(up.stderr));
  }, 300_000);
});

describe("a control plane's kubeadm join, as upstream, up to a stacked etcd it cannot find", () => {
  it("preflight, download-certs, certs, kubeconfig, static Pods, then check-etcd fails alike", async () => {
    const config = [
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: JoinConfiguration",
      "discovery:",
      "  bootstrapToken:",
      `    apiServerEndpoint: "${new URL(api.server).host}"`,
      `    token: ${TOKEN}`,
      `    caCertHashes: ["${pin}"]`,
      "controlPlane:",
      `  certificateKey: ${KEY}`,
      "  localAPIEndpoint: {advertiseAddress: 10.0.0.2, bindPort: 6443}",
      "nodeRegistration:",
      "  name: cp-2",
      "  criSocket: unix:///var/run/containerd/containerd.sock",
      "  ignorePreflightErrors: [all]",
      "timeouts:",
      "  kubernetesAPICall: 1200ms",
      "",
    ].join("\n");
    const opts = { args: ["join"], config, timeoutMs: 120_000 };
    const up = await runKubeadm(opts);
    const ts = await runKubeadm({ ...opts, bin: "ts" });
    expect(up.code).not.toBe(0);
    expect(up.stdout).toContain("[check-etcd] Checking that the etcd cluster is healthy");
    expect(norm(ts.stdout)).toBe(norm(redactDryRunText(up.stdout)));
    // beyond upstream, what the failed join left comes before upstream's error (a known difference)
    const [u, o] = [splitFailedJoinStderr(norm(up.stderr)), splitFailedJoinStderr(norm(ts.stderr))];
    expect(o.head).toBe(u.head);
    check.same("kubeadm join --control-plane, check-etcd fails after control-plane-prepare: stderr from the error on", renderFailedJoinTail(u.tail, u.tail), renderFailedJoinTail(o.tail, u.tail));
    expect(ts.code).toBe(up.code);
    expect(files(ts)).toEqual(files(up));
    expect(ts.systemctlCalls).toEqual(up.systemctlCalls);
  }, 300_000);

  it("every known difference of this file was met", () => {
    expect(check.unmet()).toEqual([]);
  });
});
