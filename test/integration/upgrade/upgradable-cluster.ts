// A cluster as upstream kubeadm v1.36.3 (the previous minor) leaves it, on a real kube-apiserver,
// for the upgrade oracle tests: its `init phase upload-config all` and `init phase addon all`
// made the kubeadm-config, kubelet-config, kube-proxy and CoreDNS objects; its
// `init phase control-plane all` and `init phase etcd local` wrote the static Pod manifests
// (returned, to seed /etc/kubernetes/manifests of each run); the Nodes and the control plane's
// mirror Pods are created as the kubelet would (a Ready control-plane Node running a v1.36.3
// kubelet, one Pod per component with the manifest's image). No kubelet runs: a controller here
// marks each upgrade health-check Job complete, as the cluster would.
import { execFile } from "node:child_process";
import { hostname } from "node:os";
import { promisify } from "node:util";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import { buildKubeProxyConfigMap, kubeProxyInput } from "../../../src/cluster/kube-proxy.js";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { runKubeadm } from "../../lab/oracle/index.js";
import type { RealApiserver } from "../../support/apiserver.js";
import { requirePreviousUpstreamKubeadm, requireUpstream } from "../../support/upstream.js";
import { PREVIOUS_KUBERNETES_VERSION } from "../../support/upstream.js";

/** The node kubeadm finds itself on: no kubelet.conf in the runs, so the host's name. */
export const NODE = hostname().toLowerCase();
export const WORKER = "worker-1";

export function clusterConfig(api: RealApiserver, version = PREVIOUS_KUBERNETES_VERSION): string {
  return [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: InitConfiguration",
    "localAPIEndpoint:",
    "  advertiseAddress: 10.10.0.1",
    "  bindPort: 6443",
    "nodeRegistration:",
    `  name: ${NODE}`,
    "  criSocket: unix:///run/containerd/containerd.sock",
    "---",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${version}`,
    "clusterName: kubernetes",
    "networking:",
    "  podSubnet: 10.244.0.0/16",
    "",
  ].join("\n");
}

export interface UpgradableCluster {
  /** Files to seed into each run: the v1.36.3 static Pod manifests and the kubelet instance config. */
  seed: Record<string, string>;
  /** Stops the Job completer. */
  stop(): void;
}

const PREVIOUS_COREDNS = "v1.14.2";

/** A merge patch of an object's status subresource (our client has no subresources), by kubectl. */
async function patchStatus(api: RealApiserver, resource: string, name: string, patch: unknown, namespace?: string): Promise<void> {
  await promisify(execFile)(requireUpstream("kubectl"), [
    "--kubeconfig", api.kubeconfig, "patch", resource, name, ...(namespace ? ["-n", namespace] : []),
    "--subresource=status", "--type=merge", "-p", JSON.stringify(patch),
  ]);
}

export async function makeUpgradable(api: RealApiserver, o: { kubeletVersion?: string; apiServerVersions?: string[]; workerKubeletVersion?: string; coreDNSTag?: string } = {}): Promise<UpgradableCluster> {
  const previous = requirePreviousUpstreamKubeadm();
  const config = clusterConfig(api);
  const admin = api.admin;
  await admin.create("serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "kube-system" } } as never, "kube-system");

  // the Nodes first (upload-config annotates this one)
  const kubelet = o.kubeletVersion ?? PREVIOUS_KUBERNETES_VERSION;
  const node = async (name: string, version: string, controlPlane: boolean) => {
    await admin.create("nodes", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, labels: { "kubernetes.io/hostname": name, ...(controlPlane ? { "node-role.kubernetes.io/control-plane": "" } : {}) } },
      spec: controlPlane ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] } : {},
    } as Node);
    await patchStatus(api, "node", name, { status: {
      nodeInfo: { kubeletVersion: version, machineID: "", systemUUID: "", bootID: "", kernelVersion: "", osImage: "", containerRuntimeVersion: "", kubeProxyVersion: "", operatingSystem: "linux", architecture: "amd64" },
      conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"), lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z") } as never],
    } });
  };
  await node(NODE, kubelet, true);
  if (o.workerKubeletVersion) await node(WORKER, o.workerKubeletVersion, false);

  const run = async (args: string[]) => {
    const r = await runKubeadm({ bin: previous, args: [...args, "--kubeconfig", api.kubeconfig], config, timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`kubeadm ${PREVIOUS_KUBERNETES_VERSION} ${args.join(" ")} failed (code ${r.code}, timed out ${r.timedOut}): ${r.stdout}\n${r.stderr}`);
    return r;
  };
  await run(["init", "phase", "upload-config", "all"]);
  await run(["init", "phase", "addon", "coredns"]);
  // kube-proxy's ConfigMap as kubeadm writes it (its DaemonSet is of no use without nodes that run Pods)
  const cfg = await loadInitConfiguration({ configText: config, skipCRIDetect: true });
  await admin.create("configmaps", buildKubeProxyConfigMap(kubeProxyInput(cfg.clusterConfiguration, cfg.localAPIEndpoint)), "kube-system");
  if (o.coreDNSTag) {
    const d = await admin.get("deployments", "coredns", "kube-system");
    const c = d.spec!.template.spec!.containers[0]!;
    c.image = c.image!.replace(/:[^:]+$/, `:${o.coreDNSTag}`);
    await admin.update("deployments", d, "kube-system");
  }
  const manifests = await runKubeadm({ bin: previous, args: ["init", "phase", "control-plane", "all"], config, timeoutMs: 60_000 });
  const etcd = await runKubeadm({ bin: previous, args: ["init", "phase", "etcd", "local"], config, timeoutMs: 60_000 });
  const seed: Record<string, string> = {
    "/var/lib/kubelet/instance-config.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncontainerRuntimeEndpoint: unix:///run/containerd/containerd.sock\n",
  };
  for (const r of [manifests, etcd]) {
    for (const [p, f] of Object.entries(r.files)) if (p.startsWith("/etc/kubernetes/manifests/") && f.type === "file") seed[p] = f.content.toString("utf8");
  }

  // the mirror Pods, with the manifests' images (kube-apiserver's versions may be overridden)
  const apiVersions = o.apiServerVersions ?? [PREVIOUS_KUBERNETES_VERSION];
  for (const component of ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]) {
    const text = seed[`/etc/kubernetes/manifests/${component}.yaml`];
    const image = /image: (\S+)/.exec(text ?? "")?.[1];
    if (!image) throw new Error(`no ${component} manifest from kubeadm ${PREVIOUS_KUBERNETES_VERSION}`);
    const versions = component === "kube-apiserver" ? apiVersions : [undefined];
    for (const [i, v] of versions.entries()) {
      const nodeName = i === 0 ? NODE : `${NODE}-${i}`;
      await admin.create("pods", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: `${component}-${nodeName}`,
          namespace: "kube-system",
          labels: { component, tier: "control-plane" },
          annotations: component === "kube-apiserver" ? { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": "10.10.0.1:6443" } : {},
        },
        spec: { nodeName, containers: [{ name: component, image: v ? image.replace(/:[^:]+$/, `:${v}`) : image }] },
      } as Pod, "kube-system");
    }
  }

  // the Job controller's part of the CreateJob health check
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const jobs = await admin.list("jobs", { namespace: "kube-system" });
        for (const j of jobs.items as Job[]) {
          if ((j.status?.conditions ?? []).some((c) => c.type === "Complete")) continue;
          const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
          await patchStatus(api, "job", j.metadata!.name!, { status: {
            startTime: now,
            completionTime: now,
            succeeded: 1,
            conditions: [
              { type: "SuccessCriteriaMet", status: "True", lastProbeTime: now, lastTransitionTime: now },
              { type: "Complete", status: "True", lastProbeTime: now, lastTransitionTime: now },
            ],
          } }, "kube-system");
        }
      } catch {
        /* the next round */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  void loop;
  return { seed, stop: () => void (stopped = true) };
}

export { PREVIOUS_COREDNS };
