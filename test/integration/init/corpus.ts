// The configurations of the init parity corpus (node-local-parity.test.ts): one kubeadm config
// each, plus optional input files (patches) visible to kubeadm under /run/kubeadm-oracle.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KUBERNETES_VERSION, PREVIOUS_KUBERNETES_VERSION } from "../../golden/versions.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const PATCHES_DIR = resolve(here, "../../golden/manifests/patches/patches");

export interface CorpusCase {
  name: string;
  config: string;
  inputs?: Record<string, string>;
}

const init = (extra = "", advertise = "192.0.2.10", version = KUBERNETES_VERSION): string => `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: "${advertise}"
  bindPort: 6443
nodeRegistration:
  name: parity-node
  criSocket: unix:///var/run/containerd/containerd.sock
${extra}---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${version}
`;

/** Every file of a directory tree, by path relative to it. */
function treeFiles(dir: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[join(prefix, relative(dir, p))] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

export const corpus: CorpusCase[] = [
  { name: "defaults", config: init() },
  {
    name: "networking",
    config: init() + "networking:\n  serviceSubnet: 10.200.0.0/16\n  podSubnet: 10.244.0.0/16\n  dnsDomain: corp.internal\n",
  },
  {
    name: "ipv6",
    config: init("", "fd00::10") + "networking:\n  serviceSubnet: fd00:10:96::/112\n  podSubnet: fd00:10:244::/56\n",
  },
  {
    name: "dual-stack",
    config: init() + "networking:\n  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112\n  podSubnet: 10.244.0.0/16,fd00:10:244::/56\n",
  },
  { name: "ecdsa-p256", config: init() + "encryptionAlgorithm: ECDSA-P256\n" },
  { name: "ecdsa-p384", config: init() + "encryptionAlgorithm: ECDSA-P384\n" },
  { name: "rsa-4096", config: init() + "encryptionAlgorithm: RSA-4096\n" },
  {
    name: "extras",
    config:
      init("  kubeletExtraArgs:\n  - name: node-labels\n    value: zone=a\n  - name: v\n    value: \"2\"\n") +
      `apiServer:
  extraArgs:
  - name: enable-admission-plugins
    value: NodeRestriction,PodSecurity
  - name: audit-log-path
    value: /var/log/kubernetes/audit.log
  extraVolumes:
  - name: audit
    hostPath: /var/log/kubernetes
    mountPath: /var/log/kubernetes
    pathType: DirectoryOrCreate
  extraEnvs:
  - name: GOMAXPROCS
    value: "2"
controllerManager:
  extraArgs:
  - name: cluster-name
    value: zeta
  extraVolumes:
  - name: flex
    hostPath: /opt/flex
    mountPath: /opt/flex
    readOnly: true
  extraEnvs:
  - name: POD_IP
    valueFrom:
      fieldRef:
        fieldPath: status.podIP
scheduler:
  extraArgs:
  - name: v
    value: "4"
  extraEnvs:
  - name: TZ
    value: UTC
etcd:
  local:
    extraArgs:
    - name: quota-backend-bytes
      value: "8589934592"
    extraEnvs:
    - name: ETCD_LOG_LEVEL
      value: debug
`,
  },
  {
    name: "external-etcd",
    config:
      init() +
      `etcd:
  external:
    endpoints:
    - https://10.0.0.5:2379
    - https://10.0.0.6:2379
    caFile: /etc/kubernetes/pki/etcd-external/ca.crt
    certFile: /etc/kubernetes/pki/etcd-external/client.crt
    keyFile: /etc/kubernetes/pki/etcd-external/client.key
`,
  },
  { name: "certificates-dir", config: init() + "certificatesDir: /etc/kubernetes/custom-pki\n" },
  {
    name: "cert-sans",
    config:
      init() +
      `controlPlaneEndpoint: cp.example.com:6443
apiServer:
  certSANs:
  - cp.example.com
  - 203.0.113.5
  - fd00::99
etcd:
  local:
    serverCertSANs:
    - etcd.example.com
    - 198.51.100.7
    peerCertSANs:
    - peer.example.com
`,
  },
  {
    name: "patches",
    config: init("patches:\n  directory: /run/kubeadm-oracle/patches\n") + "networking:\n  podSubnet: 10.244.0.0/16\n",
    inputs: treeFiles(PATCHES_DIR, "patches"),
  },
  // an N-1 control plane (--kubernetes-version of the previous minor), as kubeadm of the pin deploys it
  { name: "previous-minor", config: init("", "192.0.2.10", PREVIOUS_KUBERNETES_VERSION) + "networking:\n  podSubnet: 10.244.0.0/16\n" },
];

/** The phases every case runs, in order (each as its own kubeadm invocation on the same node). */
export const PHASES: string[][] = [
  ["init", "phase", "preflight", "--ignore-preflight-errors=all"],
  ["init", "phase", "certs", "all"],
  ["init", "phase", "kubeconfig", "all"],
  ["init", "phase", "control-plane", "all"],
  ["init", "phase", "etcd", "local"],
  ["init", "phase", "kubelet-start"],
];
