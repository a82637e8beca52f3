// Self-test of the parity oracle against upstream kubeadm: two upstream runs must be equal under
// the comparison helpers (so any difference they report for ours is real), and the captured
// files must carry upstream's modes and structure.
import { beforeAll, describe, expect, it } from "vitest";
import {
  KUBERNETES_VERSION,
  certSummary,
  diffFiles,
  diffOutput,
  formatDifferences,
  kubeconfigSummary,
  keySummary,
  runKubeadm,
  upstreamKubeadmReady,
  labVersions,
} from "./index.js";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const ready = upstreamKubeadmReady();

const config = `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 192.0.2.10
  bindPort: 6443
nodeRegistration:
  name: oracle-node
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${KUBERNETES_VERSION}
clusterName: kubernetes
`;

describe("parity oracle (upstream kubeadm)", () => {
  beforeAll(() => {
    if (!isRoot) throw new Error("the parity oracle needs root (unshare -m): run the lab tests as root");
    if (!ready) throw new Error("upstream kubeadm is not built: run `npm run lab:build`");
  });
  it("captures certificates with upstream's modes and structure", async () => {
    const r = await runKubeadm({ args: ["init", "phase", "certs", "all"], config });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("[certs] Generating \"ca\" certificate and key");
    const ca = r.files["/etc/kubernetes/pki/ca.crt"]!;
    expect(ca.mode).toBe(0o644);
    expect(r.files["/etc/kubernetes/pki/ca.key"]!.mode).toBe(0o600);
    const caSum = certSummary(ca.content);
    expect(caSum.subject).toBe("CN=kubernetes");
    expect(caSum.isCA).toBe(true);
    expect(caSum.keyUsages).toEqual(["digitalSignature", "keyEncipherment", "keyCertSign"]);
    const api = certSummary(r.files["/etc/kubernetes/pki/apiserver.crt"]!.content);
    expect(api.sans).toEqual(
      expect.arrayContaining(["dns:kubernetes.default.svc.cluster.local", "dns:oracle-node", "ip:10.96.0.1", "ip:192.0.2.10"]),
    );
    expect(api.extKeyUsages).toEqual(["serverAuth"]);
    expect(keySummary(r.files["/etc/kubernetes/pki/sa.pub"]!.content.toString()).pemLabels).toEqual(["PUBLIC KEY"]);
    // the config input is not reported as written by kubeadm
    expect(Object.keys(r.files).some((p) => p.startsWith("/run/kubeadm-oracle"))).toBe(false);
  });

  it("finds two upstream runs equal: certs, keys, kubeconfigs, manifests, output", async () => {
    // every init phase that works offline
    const skip = "preflight,kubelet-start,wait-control-plane,upload-config,upload-certs,mark-control-plane,bootstrap-token,kubelet-finalize,addon,show-join-command";
    const run = () => runKubeadm({ args: ["init", `--skip-phases=${skip}`, "--config", "{config}"], config });
    const a = await run();
    const b = await run();
    expect(a.code, a.stderr).toBe(0);
    // key material differs between runs ...
    expect(a.files["/etc/kubernetes/pki/ca.key"]!.content.equals(b.files["/etc/kubernetes/pki/ca.key"]!.content)).toBe(false);
    // ... but nothing the helpers compare does
    const diffs = diffFiles(a.files, b.files);
    expect(formatDifferences(diffs)).toBe("");
    expect(Object.keys(a.files)).toEqual(
      expect.arrayContaining([
        "/etc/kubernetes/admin.conf",
        "/etc/kubernetes/super-admin.conf",
        "/etc/kubernetes/manifests/kube-apiserver.yaml",
        "/etc/kubernetes/manifests/etcd.yaml",
      ]),
    );
    expect(a.files["/etc/kubernetes/manifests/etcd.yaml"]!.mode).toBe(0o600);
    const kc = kubeconfigSummary(a.files["/etc/kubernetes/admin.conf"]!.content.toString());
    expect(kc.maskedText).toContain("client-key-data: <client-key-data>");
    expect(kc.maskedText).toContain("server: https://192.0.2.10:6443");
    expect(diffOutput(a, b)).toEqual([]);
  });

  it("records kubelet service calls instead of touching a kubelet", async () => {
    const r = await runKubeadm({ args: ["init", "phase", "kubelet-start"], config });
    expect(r.code, r.stderr).toBe(0);
    // ServiceExists, ServiceStop, the systemd-resolved probe (resolvConf), ServiceExists,
    // then ServiceRestart = daemon-reload + restart
    expect(r.systemctlCalls).toEqual([
      "status kubelet",
      "stop kubelet",
      "is-active systemd-resolved",
      "status kubelet",
      "daemon-reload",
      "restart kubelet",
    ]);
    expect(r.files["/var/lib/kubelet/config.yaml"]!.mode).toBe(0o644);
    expect(r.files["/var/lib/kubelet/instance-config.yaml"]!.mode).toBe(0o644);
    expect(r.files["/var/lib/kubelet/kubeadm-flags.env"]!.content.toString()).toBe('KUBELET_KUBEADM_ARGS="--hostname-override=oracle-node"\n');
  });

  it("prints the pinned image list", async () => {
    const r = await runKubeadm({ args: ["config", "images", "list", "--kubernetes-version", KUBERNETES_VERSION] });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
      `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
      `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
      `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
      `registry.k8s.io/coredns/coredns:${labVersions().COREDNS_VERSION}`,
      "registry.k8s.io/pause:3.10.2",
      `registry.k8s.io/etcd:${labVersions().ETCD_IMAGE_TAG}`,
    ]);
  });
});
