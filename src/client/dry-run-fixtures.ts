import type { ConfigMap, Node, Pod, Secret } from "kubernetes-types/core/v1.js";
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { Job } from "kubernetes-types/batch/v1.js";
import {
  ANNOTATION_APISERVER_ADVERTISE_ADDRESS,
  CLUSTER_CONFIGURATION_CONFIGMAP_KEY,
  CLUSTER_INFO_CONFIGMAP,
  CONTROL_PLANE_TIER,
  COREDNS_CONFIGMAP,
  COREDNS_VERSION,
  ETCD,
  KUBE_APISERVER,
  KUBE_CONTROLLER_MANAGER,
  KUBE_PROXY_CONFIGMAP,
  KUBE_SCHEDULER,
  KUBEADM_CERTS_SECRET,
  KUBEADM_CONFIG_CONFIGMAP,
  KUBELET_CONFIG_CONFIGMAP,
  KUBELET_CONFIG_CONFIGMAP_KEY,
  MINIMUM_CONTROL_PLANE_VERSION,
  NS_KUBE_PUBLIC,
  NS_KUBE_SYSTEM,
} from "../constants.js";
import { kubeProxyKubeconfig } from "../kubeconfig/kube-proxy.js";

/**
 * The fabricated objects upstream's dry-run reactors answer with (apiclient/dryrun.go, v1.36).
 * They are printed in dry-run output, so their content is kept as upstream has it.
 */

// A throwaway self-signed "kubernetes" CA that upstream embeds in its fake cluster-info.
const FAKE_CA_DATA =
  "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURCVENDQWUyZ0F3SUJBZ0lJTkpmdGFCK09Xd0F3RFFZSktvWklodmNOQVFFTEJRQXdGVEVUTUJFR0ExVUUKQXhNS2EzVmlaWEp1WlhSbGN6QWVGdzB5TkRBM01EZ3hNalF3TURSYUZ3MHpOREEzTURZeE1qUTFNRFJhTUJVeApFekFSQmdOVkJBTVRDbXQxWW1WeWJtVjBaWE13Z2dFaU1BMEdDU3FHU0liM0RRRUJBUVVBQTRJQkR3QXdnZ0VLCkFvSUJBUURhUURkaWdPeVdpbTZXLzQ4bjNQSG9WZVZCU2lkNldjbmRFV3VVcTVnQldYZGx0OTk2aCtWbkl0bHQKOHpDaGwvb1I1V2ZSYVJDODA1WitvTW4vWThJR1ZRM3QxaG55SW1ZbjR3M3Z6UlhvdUdlQmVpdTJTU1ZqZ0J3agpYanliYk1DbXJBZEljYkllWm1INjZldjV6KzVZS21aUlVZYzNoRGFIcFhkMEVFblp5SlY1d2FaczBYTVFVSE03CmVxT1pBWko5L21PM05VQnBsdnJQbnBPTUs3a1NFUFBnNzVjVTdXSG9KSEZrZVlXNTkzZ3NnQ3MyQnRVdTY0Y3EKYlZYOWJpZ3JZZGRwWmtvRUtLeFU4SEl3SHNJNVY4Um9uM21LRkdsckUxN2IybC84Q3FtQXVPdnl6TEllaVFHWAplZ0lhUi9uUkhISUQ5QVRpNnRYOEVhRERwZXYvQWdNQkFBR2pXVEJYTUE0R0ExVWREd0VCL3dRRUF3SUNwREFQCkJnTlZIUk1CQWY4RUJUQURBUUgvTUIwR0ExVWREZ1FXQkJRWWFDRGU2eXVWcVNhV1Y3M3pMaldtR2hpYVR6QVYKQmdOVkhSRUVEakFNZ2dwcmRXSmxjbTVsZEdWek1BMEdDU3FHU0liM0RRRUJDd1VBQTRJQkFRQ2NlTW5uaVBhcQpHUkVqR3A2WFJTN1FFWW1RcmJFZCtUVjVKUTE4byttVzZvR3BaOENBM0pBSFFETk5QRW1QYzB5dVhEeE85QkZYCmJnMlhSSCtLTkozVzJKZlExVEgzVFhKRWF4Zkh1WDRtQjU5UkNsQzExNGtsV2RIeDFqN0FtRWt1eTZ0ZGpuYWkKZmh0U0dueEEwM2JwN2I4Z28zSWpXNE5wV1JOMVdHNTl2YTBKOEJIRmg3Q0RpZUxuK0RNdUk2M0Jna1kveTJzMApML2RtOVBmcWdVSzFBMy8wZGhDVjZiRUNqekEzSkJld21kSC8rVUJPeVkybUMwNVlQMzNkMHA5eXlrYmtkWE5xCkRONXlBc3ZNUC9PV0NuQjFlQlFUb2pNODJMU3F3dHZtbU1SNHRXYXVoOXVkVktHY2s0eEJaV3Vkcm5LRFVVWEkKUURNUFJnSkMvTng0Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";

export function fakeNode(name: string): Node {
  // v1.36's fake Node carries no annotations; as a typed v1.Node it always prints its
  // (empty) spec and the non-omitempty status fields.
  const nodeInfo = Object.fromEntries(
    ["architecture", "bootID", "containerRuntimeVersion", "kernelVersion", "kubeProxyVersion", "kubeletVersion", "machineID", "operatingSystem", "osImage", "systemUUID"].map((k) => [k, ""]),
  );
  return {
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    spec: {},
    status: { daemonEndpoints: { kubeletEndpoint: { Port: 0 } }, nodeInfo: nodeInfo as never },
  };
}

/**
 * Upstream passes (name, namespace) to a function taking (namespace, name), so its fake Job
 * carries the namespace as its name and the name as its namespace. Kept for identical output.
 */
export function fakeHealthCheckJob(name: string, namespace: string): Job {
  // upstream's typed Job prints its zero values; its reactor swaps name and namespace
  return {
    metadata: { name: namespace, namespace: name },
    spec: { template: { metadata: {}, spec: { containers: null as never } } },
    status: { conditions: [{ lastProbeTime: null, lastTransitionTime: null, status: "", type: "Complete" } as never] },
  };
}

function configMap(namespace: string, name: string, data: Record<string, string>): ConfigMap {
  return { metadata: { name, namespace }, data };
}

export function fakeClusterInfoConfigMap(): ConfigMap {
  const kubeconfig = [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${FAKE_CA_DATA}`,
    "    server: https://192.168.0.101:6443",
    '  name: ""',
    "contexts: null",
    'current-context: ""',
    "kind: Config",
    "users: null",
    "",
  ].join("\n");
  return configMap(NS_KUBE_PUBLIC, CLUSTER_INFO_CONFIGMAP, {
    "jws-kubeconfig-abcdef": "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..rh3cVKiU2mdt3CqHzC81sNE-4WQLRHMtXduHWfSbrIM",
    kubeconfig,
  });
}

export function fakeKubeadmConfigMap(): ConfigMap {
  const cc = [
    "apiServer: {}",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "caCertificateValidityPeriod: 87600h0m0s",
    "certificateValidityPeriod: 100h0m0s",
    "certificatesDir: /etc/kubernetes/pki",
    "clusterName: kubernetes",
    "controllerManager:",
    "  extraArgs:",
    "  - name: cluster-signing-duration",
    "    value: 24h",
    "controlPlaneEndpoint: 192.168.0.101:6443",
    "dns: {}",
    "encryptionAlgorithm: RSA-2048",
    "etcd:",
    "  local:",
    "    dataDir: /var/lib/etcd",
    "imageRepository: registry.k8s.io",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${MINIMUM_CONTROL_PLANE_VERSION}`,
    "networking:",
    "  dnsDomain: cluster.local",
    "  podSubnet: 192.168.0.0/16",
    "  serviceSubnet: 10.96.0.0/12",
    "proxy: {}",
    "scheduler: {}",
    "",
  ].join("\n");
  return configMap(NS_KUBE_SYSTEM, KUBEADM_CONFIG_CONFIGMAP, { [CLUSTER_CONFIGURATION_CONFIGMAP_KEY]: cc });
}

/** Empty values: the content does not matter for a dry run. */
export function fakeKubeadmCertsSecret(): Secret {
  const keys = ["ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub", "etcd-ca.crt", "etcd-ca.key"];
  return { metadata: { name: KUBEADM_CERTS_SECRET, namespace: NS_KUBE_SYSTEM }, data: Object.fromEntries(keys.map((k) => [k, ""])) };
}

export function fakeKubeletConfigMap(): ConfigMap {
  const config = [
    "apiVersion: kubelet.config.k8s.io/v1beta1",
    "authentication:",
    "  anonymous:",
    "    enabled: false",
    "  webhook:",
    "    enabled: true",
    "  x509:",
    "    clientCAFile: /etc/kubernetes/pki/ca.crt",
    "authorization:",
    "  mode: Webhook",
    "cgroupDriver: systemd",
    "clusterDNS:",
    "- 10.96.0.10",
    "clusterDomain: cluster.local",
    "healthzBindAddress: 127.0.0.1",
    "healthzPort: 10248",
    "kind: KubeletConfiguration",
    "memorySwap: {}",
    "resolvConf: /run/systemd/resolve/resolv.conf",
    "rotateCertificates: true",
    "staticPodPath: /etc/kubernetes/manifests",
    "",
  ].join("\n");
  return configMap(NS_KUBE_SYSTEM, KUBELET_CONFIG_CONFIGMAP, { [KUBELET_CONFIG_CONFIGMAP_KEY]: config });
}

export function fakeKubeProxyConfigMap(): ConfigMap {
  const config = [
    "apiVersion: kubeproxy.config.k8s.io/v1alpha1",
    "bindAddress: 0.0.0.0",
    "bindAddressHardFail: false",
    "clientConnection:",
    "  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf",
    "clusterCIDR: 192.168.0.0/16",
    "kind: KubeProxyConfiguration",
    "",
  ].join("\n");
  const kubeconfig = `${kubeProxyKubeconfig("https://192.168.0.101:6443")}\n`;
  return configMap(NS_KUBE_SYSTEM, KUBE_PROXY_CONFIGMAP, { "config.conf": config, "kubeconfig.conf": kubeconfig });
}

export function fakeCoreDNSConfigMap(): ConfigMap {
  return configMap(NS_KUBE_SYSTEM, COREDNS_CONFIGMAP, { Corefile: "" });
}

function fakePod(component: string, nodeName: string): Pod {
  return {
    metadata: {
      name: `${component}-${nodeName}`,
      namespace: NS_KUBE_SYSTEM,
      labels: { component, tier: CONTROL_PLANE_TIER },
      annotations: { [ANNOTATION_APISERVER_ADVERTISE_ADDRESS]: "127.0.0.1:6443" },
    },
    spec: { nodeName, containers: [{ name: component, image: `registry.k8s.io/${component}:v1.1.1` }] },
    status: { phase: "Running" },
  };
}

export function fakeControlPlanePodList(nodeName: string): { items: Pod[] } {
  return { items: [KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER, ETCD].map((c) => fakePod(c, nodeName)) };
}

export function fakeCoreDNSDeploymentList(): { items: Deployment[] } {
  return {
    items: [
      {
        metadata: { namespace: NS_KUBE_SYSTEM, labels: { "k8s-app": "kube-dns" } },
        spec: { selector: null as never, template: { spec: { containers: [{ name: "", image: `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}` }] } } },
      },
    ],
  };
}
