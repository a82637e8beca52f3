// join's kubelet-start builders by value: bootstrap-kubelet.conf as clientcmd writes it (the
// expectations are upstream's WriteToDisk test data and the v1 Config's field rules), the
// kubelet's config.yaml built from the cluster's kubelet-config ConfigMap (the ConfigMap and the
// expected file are both upstream kubeadm's output, from the goldens), kubeadm-flags.env of a
// worker with taints, the Ready-node refusal, the kubelet health endpoint and the done texts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kubeconfigText } from "../../../src/kubeconfig/write.js";
import { parseKubeconfig } from "../../../src/kubeconfig/read.js";
import { kubeconfigWithToken } from "../../../src/discovery/for.js";
import { fetchInitConfigurationFromCluster } from "../../../src/cluster/fetch-init-config.js";
import { kubeletConfigFile, kubeletFlagsEnvFile } from "../../../src/manifests/kubelet.js";
import type { KubeClient } from "../../../src/client/types.js";
import { ApiError } from "../../../src/client/api-error.js";
import type { NodeRegistrationOptions } from "../../../src/config/types.js";
import { readyNodeError } from "../../../src/phases/join/kubelet-start.js";
import { kubeletHealthz } from "../../../src/phases/join/kubelet-wait-bootstrap.js";
import { JOIN_WORKER_DONE, joinControlPlaneDone } from "../../../src/commands/join.js";
import { joinDryRunFiles } from "../../../src/host/join-node.js";

const golden = (p: string): string => readFileSync(join(__dirname, "../../golden", p), "utf8");

describe("bootstrap-kubelet.conf (clientcmd.Write of the TLS bootstrap kubeconfig)", () => {
  it("equals upstream's WriteToDisk test files for CreateWithToken configs", () => {
    // upstream app/util/kubeconfig testdata user1.yaml / user2.yaml: no CA, `server` never omitted
    expect(kubeconfigText(kubeconfigWithToken("", "k8s", "user1", Buffer.alloc(0), "abc"))).toBe(
      [
        "apiVersion: v1",
        "clusters:",
        "- cluster:",
        '    server: ""',
        "  name: k8s",
        "contexts:",
        "- context:",
        "    cluster: k8s",
        "    user: user1",
        "  name: user1@k8s",
        "current-context: user1@k8s",
        "kind: Config",
        "users:",
        "- name: user1",
        "  user:",
        "    token: abc",
        "",
      ].join("\n"),
    );
    expect(kubeconfigText(kubeconfigWithToken("localhost:8080", "kubernetes", "user2", Buffer.alloc(0), "cba"))).toBe(
      [
        "apiVersion: v1",
        "clusters:",
        "- cluster:",
        "    server: localhost:8080",
        "  name: kubernetes",
        "contexts:",
        "- context:",
        "    cluster: kubernetes",
        "    user: user2",
        "  name: user2@kubernetes",
        "current-context: user2@kubernetes",
        "kind: Config",
        "users:",
        "- name: user2",
        "  user:",
        "    token: cba",
        "",
      ].join("\n"),
    );
  });

  it("token discovery: the cluster renamed to the cluster's name, the context keeps the discovery name", () => {
    const ca = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    const kc = kubeconfigWithToken("https://10.0.0.1:6443", "kubernetes", "tls-bootstrap-token-user", ca, "abcdef.0123456789abcdef");
    // what join's initCfg() does once kubeadm-config names the cluster
    kc.clusters = new Map([["prod", kc.clusters.get("kubernetes")!]]);
    kc.contexts.get(kc.currentContext)!.cluster = "prod";
    expect(kubeconfigText(kc)).toBe(
      [
        "apiVersion: v1",
        "clusters:",
        "- cluster:",
        `    certificate-authority-data: ${ca.toString("base64")}`,
        "    server: https://10.0.0.1:6443",
        "  name: prod",
        "contexts:",
        "- context:",
        "    cluster: prod",
        "    user: tls-bootstrap-token-user",
        "  name: tls-bootstrap-token-user@kubernetes",
        "current-context: tls-bootstrap-token-user@kubernetes",
        "kind: Config",
        "users:",
        "- name: tls-bootstrap-token-user",
        "  user:",
        "    token: abcdef.0123456789abcdef",
        "",
      ].join("\n"),
    );
  });

  it("file discovery with client certificates: the discovery file's credentials, lists sorted by name, optional fields kept", () => {
    const text = [
      "apiVersion: v1",
      "kind: Config",
      "current-context: b@c",
      "clusters:",
      "- name: c",
      "  cluster:",
      "    server: https://cp:6443",
      "    certificate-authority-data: Q0E=",
      "    tls-server-name: cp.example",
      "contexts:",
      "- name: b@c",
      "  context: {cluster: c, user: b, namespace: ns}",
      "- name: a@c",
      "  context: {cluster: c, user: b}",
      "users:",
      "- name: b",
      "  user:",
      "    client-certificate-data: Q0VSVA==",
      "    client-key-data: S0VZ",
      "",
    ].join("\n");
    expect(kubeconfigText(parseKubeconfig(text))).toBe(
      [
        "apiVersion: v1",
        "clusters:",
        "- cluster:",
        "    certificate-authority-data: Q0E=",
        "    server: https://cp:6443",
        "    tls-server-name: cp.example",
        "  name: c",
        "contexts:",
        "- context:",
        "    cluster: c",
        "    user: b",
        "  name: a@c",
        "- context:",
        "    cluster: c",
        "    namespace: ns",
        "    user: b",
        "  name: b@c",
        "current-context: b@c",
        "kind: Config",
        "users:",
        "- name: b",
        "  user:",
        "    client-certificate-data: Q0VSVA==",
        "    client-key-data: S0VZ",
        "",
      ].join("\n"),
    );
  });
});

/** The objects upstream `kubeadm init --dry-run` would create, by kind and name. */
function dryRunObject(text: string, name: string): Record<string, any> {
  const chunks = text.split("[dryrun] Attached object:\n").slice(1).map((c) => c.split("\n\n")[0]!);
  for (const c of chunks) {
    const o = parse(c) as Record<string, any>;
    if (o.kind === "ConfigMap" && o.metadata?.name === name) return o;
  }
  throw new Error(`no ConfigMap ${name} in the golden`);
}

function fakeClient(objects: Record<string, unknown>): KubeClient {
  return {
    get: async (_resource: string, name: string) => {
      const o = objects[name];
      if (!o) throw new ApiError({ kind: "Status", apiVersion: "v1", status: "Failure", message: `configmaps "${name}" not found`, reason: "NotFound", code: 404 } as never);
      return structuredClone(o);
    },
  } as unknown as KubeClient;
}

describe("config.yaml from the cluster's kubelet-config ConfigMap", () => {
  const dryRun = golden("cluster/init-dryrun-default.txt");
  const client = fakeClient({
    "kubeadm-config": dryRunObject(dryRun, "kubeadm-config"),
    "kubelet-config": dryRunObject(dryRun, "kubelet-config"),
    "kube-proxy": dryRunObject(dryRun, "kube-proxy"),
  });

  it("is what upstream's init wrote on the node that made that ConfigMap (same CRI socket, no systemd-resolved)", async () => {
    const lines: string[] = [];
    const init = await fetchInitConfigurationFromCluster(client, {
      logPrefix: "preflight",
      printf: (t) => lines.push(t),
      kubeletKubeconfig: "",
      getAPIEndpoint: false,
      newNode: true,
      loadComponentConfigs: true,
      apiCallTimeoutMs: 1000,
    });
    expect(lines.join("")).toContain('[preflight] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...');
    const written = kubeletConfigFile({
      cluster: init.clusterConfiguration,
      criSocket: "unix:///var/run/containerd/containerd.sock",
      systemdResolvedActive: false,
    });
    expect(written).toBe(golden("manifests/defaults/expected/var/lib/kubelet/config.yaml"));
  });

  it("keeps the cluster's own kubelet settings (a ConfigMap edited by the operator)", async () => {
    const cm = dryRunObject(dryRun, "kubelet-config");
    cm.data.kubelet = cm.data.kubelet.replace("healthzPort: 10248", "healthzPort: 10300").replace("cgroupDriver: systemd", "cgroupDriver: cgroupfs");
    const c = fakeClient({ "kubeadm-config": dryRunObject(dryRun, "kubeadm-config"), "kubelet-config": cm });
    const warnings: string[] = [];
    const init = await fetchInitConfigurationFromCluster(c, {
      logPrefix: "preflight",
      printf: () => undefined,
      kubeletKubeconfig: "",
      getAPIEndpoint: false,
      newNode: true,
      loadComponentConfigs: true,
      apiCallTimeoutMs: 1000,
      log: { warn: (m: string) => warnings.push(m), info: () => undefined } as never,
    });
    const text = kubeletConfigFile({ cluster: init.clusterConfiguration, criSocket: "unix:///run/crio/crio.sock", systemdResolvedActive: true });
    const o = parse(text);
    expect(o.healthzPort).toBe(10300);
    expect(o.cgroupDriver).toBe("cgroupfs");
    expect(o.containerRuntimeEndpoint).toBe("unix:///run/crio/crio.sock");
    expect(o.resolvConf).toBe("/run/systemd/resolve/resolv.conf");
    expect(kubeletHealthz(o)).toEqual({ address: "127.0.0.1", port: 10300 });
    // the edited ConfigMap no longer matches its signature: user supplied, so kubeadm warns
    expect(warnings).toContain('The recommended value for "healthzPort" in "KubeletConfiguration" is: 10248; the provided value is: 10300');
  });

  it("a ConfigMap without its key is an error worded as upstream's", async () => {
    const cm = dryRunObject(dryRun, "kubelet-config");
    delete cm.data.kubelet;
    const c = fakeClient({ "kubeadm-config": dryRunObject(dryRun, "kubeadm-config"), "kubelet-config": cm });
    await expect(
      fetchInitConfigurationFromCluster(c, { logPrefix: "preflight", printf: () => undefined, kubeletKubeconfig: "", getAPIEndpoint: false, newNode: true, loadComponentConfigs: true, apiCallTimeoutMs: 1000 }),
    ).rejects.toThrow(
      'failed to get component configs: could not download the kubelet configuration from ConfigMap "kubelet-config": unexpected error when reading kubelet-config ConfigMap: kubelet key value pair missing',
    );
  });
});

describe("kubeadm-flags.env of a joining node", () => {
  const reg = (over: Partial<NodeRegistrationOptions>): NodeRegistrationOptions =>
    ({ name: "worker1", criSocket: "unix:///var/run/containerd/containerd.sock", taints: null, kubeletExtraArgs: [], ignorePreflightErrors: [], imagePullPolicy: "IfNotPresent", imagePullSerial: true, ...over }) as NodeRegistrationOptions;

  it("a worker registers its taints (Taint.ToString, comma-joined); a control plane does not", () => {
    const taints = [
      { key: "dedicated", value: "gpu", effect: "NoSchedule" },
      { key: "spot", effect: "PreferNoSchedule" },
    ];
    expect(kubeletFlagsEnvFile(reg({ taints }), "worker1", true)).toBe('KUBELET_KUBEADM_ARGS="--register-with-taints=dedicated=gpu:NoSchedule,spot:PreferNoSchedule"\n');
    expect(kubeletFlagsEnvFile(reg({ taints }), "worker1", false)).toBe('KUBELET_KUBEADM_ARGS=""\n');
    expect(kubeletFlagsEnvFile(reg({ taints: [] }), "worker1", true)).toBe('KUBELET_KUBEADM_ARGS=""\n');
  });

  it("taints come before --hostname-override, extra args last (sorted defaults, then overrides)", () => {
    const text = kubeletFlagsEnvFile(reg({ name: "node-a", taints: [{ key: "k", effect: "NoExecute" }], kubeletExtraArgs: [{ name: "v", value: "2" }] }), "Host-B", true);
    expect(text).toBe('KUBELET_KUBEADM_ARGS="--hostname-override=node-a --register-with-taints=k:NoExecute --v=2"\n');
  });
});

describe("kubelet-start's checks and join's texts", () => {
  it("refuses a Ready Node of the same name, as upstream words it", () => {
    const ready = { status: { conditions: [{ type: "MemoryPressure", status: "False" }, { type: "Ready", status: "True" }] } };
    expect(readyNodeError(ready, "cp1")?.message).toBe(
      'a Node with name "cp1" and status "Ready" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node',
    );
    expect(readyNodeError({ status: { conditions: [{ type: "Ready", status: "False" }] } }, "cp1")).toBeUndefined();
    expect(readyNodeError(undefined, "cp1")).toBeUndefined();
  });

  it("dry-run shows config.yaml and kubeadm-flags.env (and the static Pods of a control plane) under their real paths", () => {
    expect(joinDryRunFiles(false, "/tmp/d").map((f) => [f.writtenPath, f.printPath])).toEqual([
      ["/tmp/d/config.yaml", "/var/lib/kubelet/config.yaml"],
      ["/tmp/d/kubeadm-flags.env", "/var/lib/kubelet/kubeadm-flags.env"],
    ]);
    expect(joinDryRunFiles(true, "/tmp/d").map((f) => f.printPath)).toEqual([
      "/etc/kubernetes/manifests/kube-apiserver.yaml",
      "/etc/kubernetes/manifests/kube-controller-manager.yaml",
      "/etc/kubernetes/manifests/kube-scheduler.yaml",
      "/var/lib/kubelet/config.yaml",
      "/var/lib/kubelet/kubeadm-flags.env",
    ]);
  });

  it("the done messages (dedented templates of upstream's cmd/join.go)", () => {
    expect(JOIN_WORKER_DONE).toBe(
      "\nThis node has joined the cluster:\n* Certificate signing request was sent to apiserver and a response was received.\n* The Kubelet was informed of the new secure connection details.\n\nRun 'kubectl get nodes' on the control-plane to see this node join the cluster.\n\n",
    );
    const cp = joinControlPlaneDone(true);
    expect(cp).toContain("* The Kubernetes control plane instances scaled up.\n* A new etcd member was added to the local/stacked etcd cluster.\n\nTo start administering");
    expect(cp).toContain("\tsudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config\n");
    expect(joinControlPlaneDone(false)).toContain("* The Kubernetes control plane instances scaled up.\n\n\nTo start administering");
  });
});
