// A worker's `join` kubelet-start and kubelet-wait-bootstrap against a real kube-apiserver
// (bootstrap token authentication on) and the real kube-controller-manager running the bootstrap
// signer and the CSR approving and signing controllers with the harness CA, as a kubeadm control
// plane does. The cluster objects are those `kubeadm init` uploads (bootstrap token + RBAC +
// cluster-info through our init builders; kubeadm-config and kubelet-config with the contents
// upstream's `init --dry-run` prints). The phases run in-process on the real node twin, with the
// kubelet's directories and kubelet.conf in a temp dir and no init system. The kubelet's side of
// the TLS bootstrap is simulated minimally, as the kubelet does it: with bootstrap-kubelet.conf's
// token it posts a CSR for system:node:<name> (signer kube-apiserver-client-kubelet), waits for the
// certificate, writes kubelet-client-current.pem and a kubelet.conf naming it.
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { startControllerManager, type RealControllerManager } from "../../support/controller-manager.js";
import { runBootstrapTokenPhase } from "../../../src/cluster/bootstrap-token-phase.js";
import { uploadKubeadmConfig, uploadKubeletConfig } from "../../../src/cluster/upload-config.js";
import { bufferWriter } from "../../../src/cluster/output.js";
import { discoverTLSBootstrapKubeconfig } from "../../../src/discovery/for.js";
import { publicKeyPinsFromPem } from "../../../src/pki/pin.js";
import { loadJoinConfiguration } from "../../../src/config/load.js";
import { fetchJoinInitConfiguration, type JoinData } from "../../../src/phases/join/data.js";
import { kubeletStartPhase } from "../../../src/phases/join/kubelet-start.js";
import { kubeletWaitBootstrapPhase } from "../../../src/phases/join/kubelet-wait-bootstrap.js";
import { realJoinNode } from "../../../src/host/join-node.js";
import { realControlPlaneWaiter } from "../../../src/host/control-plane-health.js";
import { clientFromKubeconfigFile } from "../../../src/client/from-kubeconfig.js";
import { createCsr, encodePrivateKeyPem, generatePrivateKey } from "../../../src/pki/index.js";
import { encodePem } from "../../../src/pki/pem.js";
import { kubeconfigText } from "../../../src/kubeconfig/write.js";
import { kubeconfigWithToken } from "../../../src/discovery/for.js";
import type { ConfigLogger } from "../../../src/util/log.js";

const TOKEN = "abcdef.0123456789abcdef";
const NODE = "worker-1";
const golden = (p: string): string => readFileSync(join(__dirname, "../../golden", p), "utf8");

/** A ConfigMap's data as upstream's `init --dry-run` printed it. */
function goldenConfigMapData(name: string, key: string): string {
  const text = golden("cluster/init-dryrun-default.txt");
  for (const chunk of text.split("[dryrun] Attached object:\n").slice(1)) {
    const o = parse(chunk.split("\n\n")[0]!) as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> };
    if (o.kind === "ConfigMap" && o.metadata?.name === name) return o.data![key]!;
  }
  throw new Error(`no ConfigMap ${name}`);
}

let api: RealApiserver;
let kcm: RealControllerManager | undefined;
let caPem: string;

beforeAll(async () => {
  api = await startApiserver("join-tls-bootstrap-", { bootstrapTokenAuth: true });
  caPem = readFileSync(join(api.dir, "ca.crt"), "utf8");
  kcm = startControllerManager(
    api,
    ["bootstrap-signer-controller", "certificatesigningrequest-approving-controller", "certificatesigningrequest-signing-controller"],
    "kcm",
    [`--cluster-signing-cert-file=${join(api.dir, "ca.crt")}`, `--cluster-signing-key-file=${join(api.dir, "ca.key")}`],
  );
  const out = bufferWriter();
  await runBootstrapTokenPhase(
    api.admin,
    {
      tokens: [{ token: { id: "abcdef", secret: "0123456789abcdef" }, ttl: 3_600_000, usages: ["signing", "authentication"], groups: ["system:bootstrappers:kubeadm:default-node-token"] }],
      skipTokenPrint: true,
      cluster: { server: api.server, certificateAuthorityData: Buffer.from(caPem) },
    },
    out,
  );
  await uploadKubeadmConfig(api.admin, goldenConfigMapData("kubeadm-config", "ClusterConfiguration"), out);
  await uploadKubeletConfig(api.admin, goldenConfigMapData("kubelet-config", "kubelet"), false, out);
  // the bootstrap signer adds the token's JWS to cluster-info
  const deadline = Date.now() + 60_000;
  for (;;) {
    const cm = await api.admin.get("configmaps", "cluster-info", "kube-public");
    if (cm.data?.["jws-kubeconfig-abcdef"] !== undefined) break;
    if (Date.now() > deadline) throw new Error(`cluster-info not signed within 60 s; kcm log:\n${kcm.log().slice(-4000)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}, 150_000);
afterAll(async () => {
  await kcm?.stop();
  await api?.stop();
});

const silentLog = { info: () => undefined, warn: () => undefined } as unknown as ConfigLogger;

async function joinData(dir: string): Promise<{ data: JoinData; out: ReturnType<typeof bufferWriter> }> {
  const endpoint = new URL(api.server).host;
  const cfg = await loadJoinConfiguration({
    configText: [
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: JoinConfiguration",
      `caCertPath: ${join(dir, "pki", "ca.crt")}`,
      "discovery:",
      "  bootstrapToken:",
      `    apiServerEndpoint: "${endpoint}"`,
      `    token: ${TOKEN}`,
      `    caCertHashes: ["${publicKeyPinsFromPem(caPem)[0]}"]`,
      `  tlsBootstrapToken: ${TOKEN}`,
      "nodeRegistration:",
      `  name: ${NODE}`,
      "  criSocket: unix:///var/run/containerd/containerd.sock",
      "  taints:",
      "  - key: dedicated",
      "    value: batch",
      "    effect: NoSchedule",
      "timeouts:",
      "  kubeletHealthCheck: 10s",
      "  tlsBootstrap: 60s",
      "",
    ].join("\n"),
    log: silentLog,
    skipCRIDetect: true,
  });
  const out = bufferWriter();
  const kc = await discoverTLSBootstrapKubeconfig(
    { bootstrapToken: cfg.discovery.bootstrapToken!, tlsBootstrapToken: cfg.discovery.tlsBootstrapToken },
    { timeoutMs: 10_000 },
  );
  const init = await fetchJoinInitConfiguration(cfg, kc, { printf: (t) => out.write(t), log: silentLog });
  const data = {
    cfg,
    dryRun: false,
    dryRunDir: "",
    patchesDir: "",
    out,
    stderr: bufferWriter(),
    log: silentLog,
    verbosity: 0,
    kubeConfigDir: join(dir, "etc"),
    kubeletDir: join(dir, "var"),
    kubeletKubeconfigPath: join(dir, "etc", "kubelet.conf"),
    manifestDir: join(dir, "etc", "manifests"),
    node: realJoinNode({ out, warn: () => undefined, v1: () => undefined, initSystem: () => null }),
    // the kubelet's /healthz answers (no kubelet runs here)
    waiter: realControlPlaneWaiter({ out, get: async () => 200 }),
    env: {},
    certificateWriteDir: async () => join(dir, "pki"),
    client: async () => {
      throw new Error("a worker's kubelet-start uses the bootstrap identity, not admin.conf");
    },
    tlsBootstrapCfg: async () => kc,
    initCfg: async () => init,
  } as unknown as JoinData;
  return { data, out };
}

/** The kubelet's side of the TLS bootstrap, minimal: CSR with the bootstrap token, certificate, kubelet.conf. */
async function simulateKubeletTLSBootstrap(dir: string): Promise<void> {
  const bootstrap = await clientFromKubeconfigFile(join(dir, "etc", "bootstrap-kubelet.conf"), { timeoutMs: 10_000 });
  try {
    const key = await generatePrivateKey("ECDSA-P256");
    const csr = await createCsr({ commonName: `system:node:${NODE}`, organization: ["system:nodes"], dnsNames: [], ips: [] }, key);
    await bootstrap.create("certificatesigningrequests", {
      apiVersion: "certificates.k8s.io/v1",
      kind: "CertificateSigningRequest",
      metadata: { name: "node-csr-test" },
      spec: {
        request: Buffer.from(encodePem("CERTIFICATE REQUEST", csr)).toString("base64"),
        signerName: "kubernetes.io/kube-apiserver-client-kubelet",
        usages: ["digital signature", "client auth"],
      },
    });
    const deadline = Date.now() + 60_000;
    let cert = "";
    while (!cert) {
      const got = await bootstrap.get("certificatesigningrequests", "node-csr-test");
      cert = got.status?.certificate ? Buffer.from(got.status.certificate, "base64").toString() : "";
      if (cert) break;
      if (Date.now() > deadline) throw new Error(`CSR not signed within 60 s: ${JSON.stringify(got.status)}; kcm log:\n${kcm!.log().slice(-4000)}`);
      await new Promise((res) => setTimeout(res, 250));
    }
    const pem = join(dir, "var", "pki", "kubelet-client-current.pem");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "var", "pki"), { recursive: true });
    writeFileSync(pem, cert + encodePrivateKeyPem(key), { mode: 0o600 });
    writeFileSync(
      join(dir, "etc", "kubelet.conf"),
      [
        "apiVersion: v1", "kind: Config",
        "clusters:", "- name: default-cluster", "  cluster:", `    certificate-authority: ${join(dir, "pki", "ca.crt")}`, `    server: ${api.server}`,
        "contexts:", "- name: default-context", "  context: {cluster: default-cluster, user: default-auth}", "current-context: default-context",
        "users:", "- name: default-auth", "  user:", `    client-certificate: ${pem}`, `    client-key: ${pem}`, "",
      ].join("\n"),
    );
  } finally {
    bootstrap.close();
  }
}

describe("a worker's kubelet-start and TLS bootstrap on a real control plane", () => {
  it("writes what upstream writes, the kubelet bootstraps with bootstrap-kubelet.conf, the wait ends and removes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-worker-"));
    const { data, out } = await joinData(dir);
    await kubeletStartPhase.run!(data, {} as never);

    // bootstrap-kubelet.conf: the token kubeconfig, cluster named after kubeadm-config's clusterName
    const bootstrapConf = join(dir, "etc", "bootstrap-kubelet.conf");
    expect(readFileSync(bootstrapConf, "utf8")).toBe(kubeconfigText(kubeconfigWithToken(api.server, "kubernetes", "tls-bootstrap-token-user", Buffer.from(caPem), TOKEN)));
    expect(statSync(bootstrapConf).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "pki", "ca.crt"), "utf8")).toBe(caPem);
    expect(statSync(join(dir, "pki", "ca.crt")).mode & 0o777).toBe(0o644);
    // config.yaml from the cluster's kubelet-config: what upstream's init wrote for that ConfigMap
    expect(readFileSync(join(dir, "var", "config.yaml"), "utf8")).toBe(golden("manifests/defaults/expected/var/lib/kubelet/config.yaml"));
    expect(readFileSync(join(dir, "var", "instance-config.yaml"), "utf8")).toBe('containerRuntimeEndpoint: "unix:///var/run/containerd/containerd.sock"\n');
    expect(readFileSync(join(dir, "var", "kubeadm-flags.env"), "utf8")).toMatch(/^KUBELET_KUBEADM_ARGS="(--hostname-override=worker-1 )?--register-with-taints=dedicated=batch:NoSchedule"\n$/);
    expect(out.text()).toBe(
      [
        '[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...',
        "[preflight] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.",
        "[kubelet-start] No supported init system detected, won't make sure the kubelet not running for a short period of time while setting up configuration for it.",
        `[kubelet-start] Writing kubelet configuration to file "${join(dir, "var", "instance-config.yaml")}"`,
        '[patches] Applied patch of type "application/strategic-merge-patch+json" to target "kubeletconfiguration"',
        `[kubelet-start] Writing kubelet configuration to file "${join(dir, "var", "config.yaml")}"`,
        `[kubelet-start] Writing kubelet environment file with flags to file "${join(dir, "var", "kubeadm-flags.env")}"`,
        "[kubelet-start] Starting the kubelet",
        "[kubelet-start] No supported init system detected, won't make sure the kubelet is running properly.",
        "",
      ].join("\n"),
    );

    // the kubelet's side, then the wait
    await simulateKubeletTLSBootstrap(dir);
    await kubeletWaitBootstrapPhase.run!(data, {} as never);
    expect(existsSync(bootstrapConf)).toBe(false);
    expect(out.text()).toMatch(/\[kubelet-start\] Waiting for the kubelet to perform the TLS Bootstrap\n$/);

    // kubelet.conf is a node identity: its own Node is readable (404 while not registered), another is not
    const node = await clientFromKubeconfigFile(join(dir, "etc", "kubelet.conf"), { timeoutMs: 10_000 });
    try {
      expect((await node.getRaw(`/api/v1/nodes/${NODE}`)).statusCode).toBe(404);
      expect((await node.getRaw("/api/v1/nodes/other-node")).statusCode).toBe(403);
    } finally {
      node.close();
    }
  }, 120_000);

  it("refuses to join when a Ready Node of that name exists", async () => {
    // a Node's status may be set on create
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    await api.admin.create("nodes", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: NODE },
      status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "ok", lastHeartbeatTime: now, lastTransitionTime: now }] },
    } as never);
    const dir = mkdtempSync(join(tmpdir(), "join-worker-"));
    const { data } = await joinData(dir);
    await expect(kubeletStartPhase.run!(data, {} as never)).rejects.toThrow(
      `a Node with name "${NODE}" and status "Ready" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node`,
    );
    // nothing of the kubelet's was written
    expect(existsSync(join(dir, "var", "config.yaml"))).toBe(false);
  }, 60_000);
});
