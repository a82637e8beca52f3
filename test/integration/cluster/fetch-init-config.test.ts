// fetchInitConfigurationFromCluster against a real kube-apiserver: the ClusterConfiguration from
// the kubeadm-config ConfigMap, this node's registration from its Node object (name from
// kubelet.conf's client certificate, CRI socket from the kubelet instance configuration or the
// legacy annotation, taints) and its API endpoint from the kube-apiserver mirror Pod.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchInitConfigurationFromCluster, type FetchOptions } from "../../../src/cluster/fetch-init-config.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { staticSystemFacts } from "../../../src/host/system-facts.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

let api: RealApiserver;
const dir = mkdtempSync(join(tmpdir(), "fetch-init-config-"));
const kubeletConf = join(dir, "kubelet.conf");
const runDir = join(dir, "kubelet");

function kubeletKubeconfig(cn: string): string {
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", join(dir, "k.key"), "-out", join(dir, "k.crt"), "-days", "1", "-subj", `/O=system:nodes/CN=${cn}`], { stdio: "pipe" });
  const b64 = (f: string) => readFileSync(join(dir, f)).toString("base64");
  return [
    "apiVersion: v1", "kind: Config",
    "clusters:", "- name: k", "  cluster:", "    server: https://127.0.0.1:1",
    "users:", "- name: node", "  user:", `    client-certificate-data: ${b64("k.crt")}`, `    client-key-data: ${b64("k.key")}`,
    "contexts:", "- name: node@k", "  context: {cluster: k, user: node}", "current-context: node@k", "",
  ].join("\n");
}

const lines: string[] = [];
const opts = (over: Partial<FetchOptions> = {}): FetchOptions => ({
  logPrefix: "reset",
  printf: (t) => lines.push(t),
  kubeletKubeconfig: kubeletConf,
  getAPIEndpoint: true,
  apiCallTimeoutMs: 1500,
  kubeletRunDir: runDir,
  hostname: () => "Fallback-Host",
  // CRI socket auto-detection sees a CRI-O socket only
  facts: staticSystemFacts({ sockets: ["unix:///var/run/crio/crio.sock"] }),
  ...over,
});

beforeAll(async () => {
  api = await startApiserver("fetch-cfg-");
  const a = api.admin;
  await a.create("configmaps", {
    metadata: { name: "kubeadm-config", namespace: "kube-system" },
    data: {
      ClusterConfiguration: [
        "apiVersion: kubeadm.k8s.io/v1beta4",
        "kind: ClusterConfiguration",
        `kubernetesVersion: ${KUBERNETES_VERSION}`,
        "certificatesDir: /custom/pki",
        "etcd:",
        "  local:",
        "    dataDir: /data/etcd",
        "networking:",
        "  serviceSubnet: 10.100.0.0/16",
        "",
      ].join("\n"),
    },
  }, "kube-system");
  await a.create("configmaps", { metadata: { name: "kubelet-config", namespace: "kube-system" }, data: { kubelet: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" } }, "kube-system");
  await a.create("nodes", {
    metadata: { name: "node1", annotations: { "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/annotated.sock" } },
    spec: { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] },
  });
  await a.create("serviceaccounts", { metadata: { name: "default", namespace: "kube-system" } }, "kube-system");
  await a.create("pods", {
    metadata: {
      name: "kube-apiserver-node1",
      namespace: "kube-system",
      labels: { component: "kube-apiserver", tier: "control-plane" },
      annotations: { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "10.1.2.3:6443" },
    },
    spec: { nodeName: "node1", automountServiceAccountToken: false, containers: [{ name: "kube-apiserver", image: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}` }] },
  }, "kube-system");
  writeFileSync(kubeletConf, kubeletKubeconfig("system:node:node1"));
}, 120_000);

afterAll(async () => {
  await api?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("fetchInitConfigurationFromCluster", () => {
  it("reads the cluster configuration, the node registration and the API endpoint", async () => {
    lines.length = 0;
    const cfg = await fetchInitConfigurationFromCluster(api.admin, opts());
    expect(lines.join("")).toBe(
      '[reset] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...\n' +
        "[reset] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.\n",
    );
    expect(cfg.clusterConfiguration.certificatesDir).toBe("/custom/pki");
    expect(cfg.clusterConfiguration.etcd.local?.dataDir).toBe("/data/etcd");
    expect(cfg.clusterConfiguration.networking.serviceSubnet).toBe("10.100.0.0/16");
    expect(cfg.nodeRegistration.name).toBe("node1");
    // v1.37: no kubelet instance configuration on this node: auto-detected (the annotation is not read)
    expect(cfg.nodeRegistration.criSocket).toBe("unix:///var/run/crio/crio.sock");
    // the Node's taints as they are (the API server adds node.kubernetes.io/not-ready on create)
    const node = await api.admin.get("nodes", "node1");
    expect(cfg.nodeRegistration.taints).toEqual(node.spec?.taints);
    expect(cfg.nodeRegistration.taints).toContainEqual({ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" });
    expect(cfg.localAPIEndpoint).toMatchObject({ advertiseAddress: "10.1.2.3", bindPort: 6443 });
  });

  it("the kubelet instance configuration names the CRI socket when it exists", async () => {
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, "instance-config.yaml"), "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncontainerRuntimeEndpoint: unix:///run/containerd/containerd.sock\n");
    const cfg = await fetchInitConfigurationFromCluster(api.admin, opts({ getAPIEndpoint: false }));
    expect(cfg.nodeRegistration.criSocket).toBe("unix:///run/containerd/containerd.sock");
    writeFileSync(join(runDir, "instance-config.yaml"), "containerRuntimeEndpoint: [unclosed\n");
    await expect(fetchInitConfigurationFromCluster(api.admin, opts({ getAPIEndpoint: false }))).rejects.toThrow(
      `failed to get node registration: could not read kubelet instance configuration on node "node1": could not parse kubelet configuration file "${join(runDir, "instance-config.yaml")}": `,
    );
    rmSync(join(runDir, "instance-config.yaml"));
  });

  it("without the instance configuration: upstream v1.37's warnings, auto-detection, else the default socket", async () => {
    const warnings: string[] = [];
    const log = { warn: (m: string, o?: string) => warnings.push(`${o} ${m}`), info: () => undefined };
    const file = join(runDir, "instance-config.yaml");
    let cfg = await fetchInitConfigurationFromCluster(api.admin, opts({ getAPIEndpoint: false, log }));
    expect(cfg.nodeRegistration.criSocket).toBe("unix:///var/run/crio/crio.sock");
    expect(warnings).toContain(`cluster.go:208 Node "node1" lacks a kubelet instance config file "${file}"; attempting auto-detection`);
    warnings.length = 0;
    // two runtimes: detection fails and the default socket is used
    const both = staticSystemFacts({ sockets: ["unix:///var/run/containerd/containerd.sock", "unix:///var/run/crio/crio.sock"] });
    cfg = await fetchInitConfigurationFromCluster(api.admin, opts({ getAPIEndpoint: false, log, facts: both }));
    expect(cfg.nodeRegistration.criSocket).toBe("unix:///var/run/containerd/containerd.sock");
    expect(warnings).toContain(
      'cluster.go:212 Auto-detection of CRI socket failed for node "node1": found multiple CRI endpoints on the host. Please define which one do you wish to use by setting the \'criSocket\' field in the kubeadm configuration file: unix:///var/run/containerd/containerd.sock, unix:///var/run/crio/crio.sock; falling back to default "unix:///var/run/containerd/containerd.sock"',
    );
  });

  it("fails naming what is missing: the Node, the mirror Pod (the CRI socket annotation is not needed any more)", async () => {
    // no usable kubelet.conf: the host name (lower-cased) names the node
    await expect(fetchInitConfigurationFromCluster(api.admin, opts({ kubeletKubeconfig: join(dir, "missing.conf") }))).rejects.toThrow(
      'failed to get node registration: failed to get corresponding node: nodes "fallback-host" not found',
    );
    await api.admin.create("nodes", { metadata: { name: "bare" } });
    writeFileSync(join(dir, "bare.conf"), kubeletKubeconfig("system:node:bare"));
    await expect(fetchInitConfigurationFromCluster(api.admin, opts({ kubeletKubeconfig: join(dir, "bare.conf") }))).rejects.toThrow(
      'failed to getAPIEndpoint: could not retrieve API endpoints for node "bare" using pod annotations: API server pod for node name "bare" has 0 entries, only one was expected',
    );
  });

  it("component configs: a missing kube-proxy ConfigMap is a warning, a missing kubelet-config an error", async () => {
    const warnings: string[] = [];
    const log = { warn: (m: string) => warnings.push(m), info: () => undefined };
    await fetchInitConfigurationFromCluster(api.admin, opts({ log }));
    expect(warnings.sort()).toEqual([
      `Node "node1" lacks a kubelet instance config file "${join(runDir, "instance-config.yaml")}"; attempting auto-detection`,
      'Warning: No kubeproxy.config.k8s.io/v1alpha1 config is loaded. Continuing without it: configmaps "kube-proxy" not found',
    ].sort());
    await api.admin.delete("configmaps", "kubelet-config", "kube-system");
    await expect(fetchInitConfigurationFromCluster(api.admin, opts())).rejects.toThrow('failed to get component configs: configmaps "kubelet-config" not found');
  });

  it("a cluster without the kubeadm-config ConfigMap: failed to get config map", async () => {
    await api.admin.delete("configmaps", "kubeadm-config", "kube-system");
    await expect(fetchInitConfigurationFromCluster(api.admin, opts())).rejects.toThrow(/^failed to get config map: .*configmaps "kubeadm-config" not found/);
  });
});
