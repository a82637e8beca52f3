/**
 * Every upstream kubeadm constant kubeadm-ts uses: paths, file names, modes,
 * ports, names, labels, images and versions. Import from here; never retype.
 * Values are upstream kubeadm v1.37's (see shared/spec/constants.md).
 * Add new constants to the section they belong to.
 */

// ── The version kubeadm-ts implements ──────────────────────────────────────
/** The upstream Kubernetes release this build of kubeadm-ts mirrors (pinned for the lab too). */
export const KUBERNETES_VERSION = "v1.37.2";
export const KUBERNETES_MAJOR = 1;
export const KUBERNETES_MINOR = 37;
/** vX.Y.0 of the implemented release. */
export const CURRENT_KUBERNETES_VERSION = "v1.37.0";
export const MINIMUM_CONTROL_PLANE_VERSION = "v1.36.0";
export const MINIMUM_KUBELET_VERSION = "v1.34.0";
export const DEFAULT_KUBERNETES_VERSION_LABEL = "stable-1";

// ── Directories and files on the node ──────────────────────────────────────
export const KUBERNETES_DIR = "/etc/kubernetes";
export const MANIFESTS_SUBDIR = "manifests";
export const TEMP_SUBDIR = "tmp";
export const DEFAULT_CERTIFICATES_DIR = "/etc/kubernetes/pki";
export const KUBELET_RUN_DIR = "/var/lib/kubelet";
export const DEFAULT_ETCD_DATA_DIR = "/var/lib/etcd";
export const KUBE_PROXY_CONTAINER_DIR = "/var/lib/kube-proxy";
export const FLEX_VOLUME_DIR = "/usr/libexec/kubernetes/kubelet-plugins/volume/exec";
/** Host CA bundle directory mounted read-only into kube-apiserver and kube-controller-manager. */
export const CA_CERTS_VOLUME_PATH = "/etc/ssl/certs";
/** Further CA directories mounted (same components) only when they exist on the host, in this order. */
export const CA_CERTS_EXTRA_VOLUME_PATHS = [
  "/etc/pki/ca-trust",
  "/etc/pki/tls/certs",
  "/etc/ca-certificates",
  "/usr/share/ca-certificates",
  "/usr/local/share/ca-certificates",
] as const;
export const SYSTEMD_RESOLVED_RESOLV_CONF = "/run/systemd/resolve/resolv.conf";
export const DEFAULT_MANIFESTS_DIR = "/etc/kubernetes/manifests";
export const DEFAULT_CA_CERT_PATH = "/etc/kubernetes/pki/ca.crt";
export const KUBE_PROXY_KUBECONFIG_FILE = "/var/lib/kube-proxy/kubeconfig.conf";

export const ADMIN_KUBECONFIG = "admin.conf";
export const SUPER_ADMIN_KUBECONFIG = "super-admin.conf";
export const KUBELET_KUBECONFIG = "kubelet.conf";
export const KUBELET_BOOTSTRAP_KUBECONFIG = "bootstrap-kubelet.conf";
export const CONTROLLER_MANAGER_KUBECONFIG = "controller-manager.conf";
export const SCHEDULER_KUBECONFIG = "scheduler.conf";

export const KUBELET_CONFIG_FILE = "config.yaml";
export const KUBELET_INSTANCE_CONFIG_FILE = "instance-config.yaml";
export const KUBELET_ENV_FILE = "kubeadm-flags.env";
export const KUBELET_ENV_VARIABLE = "KUBELET_KUBEADM_ARGS";
export const KUBELET_CLIENT_CURRENT_PEM = "/var/lib/kubelet/pki/kubelet-client-current.pem";

export const DRYRUN_ENV = {
  init: "KUBEADM_INIT_DRYRUN_DIR",
  join: "KUBEADM_JOIN_DRYRUN_DIR",
  upgrade: "KUBEADM_UPGRADE_DRYRUN_DIR",
} as const;
export const DRYRUN_DIR_PREFIX = {
  init: "kubeadm-init-dryrun",
  join: "kubeadm-join-dryrun",
  upgrade: "kubeadm-upgrade-dryrun",
} as const;

// ── File modes ─────────────────────────────────────────────────────────────
export const MODE_CERT = 0o644;
export const MODE_PRIVATE_KEY = 0o600;
export const MODE_PUBLIC_KEY = 0o600; // sa.pub is written 0600 by upstream
export const MODE_KUBECONFIG = 0o600;
export const MODE_MANIFEST = 0o600;
export const MODE_KUBELET_FILE = 0o644;
export const MODE_DIR = 0o755;
export const MODE_PRIVATE_DIR = 0o700;

// ── PKI ────────────────────────────────────────────────────────────────────
export const CA_BASENAME = "ca";
export const APISERVER_BASENAME = "apiserver";
export const APISERVER_KUBELET_CLIENT_BASENAME = "apiserver-kubelet-client";
export const APISERVER_ETCD_CLIENT_BASENAME = "apiserver-etcd-client";
export const FRONT_PROXY_CA_BASENAME = "front-proxy-ca";
export const FRONT_PROXY_CLIENT_BASENAME = "front-proxy-client";
export const ETCD_CA_BASENAME = "etcd/ca";
export const ETCD_SERVER_BASENAME = "etcd/server";
export const ETCD_PEER_BASENAME = "etcd/peer";
export const ETCD_HEALTHCHECK_CLIENT_BASENAME = "etcd/healthcheck-client";
export const SA_KEY = "sa.key";
export const SA_PUB = "sa.pub";

export const CA_COMMON_NAME = "kubernetes";
export const APISERVER_COMMON_NAME = "kube-apiserver";
export const APISERVER_KUBELET_CLIENT_COMMON_NAME = "kube-apiserver-kubelet-client";
export const APISERVER_ETCD_CLIENT_COMMON_NAME = "kube-apiserver-etcd-client";
export const FRONT_PROXY_CA_COMMON_NAME = "front-proxy-ca";
export const FRONT_PROXY_CLIENT_COMMON_NAME = "front-proxy-client";
export const ETCD_CA_COMMON_NAME = "etcd-ca";
export const ETCD_HEALTHCHECK_CLIENT_COMMON_NAME = "kube-etcd-healthcheck-client";

/** 365 days, in milliseconds. */
export const CERTIFICATE_VALIDITY_MS = 365 * 24 * 3600 * 1000;
/** 10 × 365 days, in milliseconds. */
export const CA_CERTIFICATE_VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;
/** Subtracted from NotBefore of kubeadm-generated certificates. */
export const CERTIFICATE_BACKDATE_MS = 5 * 60 * 1000;
/** Lifetime of the kubeadm-certs Secret and its owning token. */
export const DEFAULT_CERT_TOKEN_DURATION_MS = 2 * 3600 * 1000;
/** Bytes in a --certificate-key (AES-256). */
export const CERTIFICATE_KEY_SIZE = 32;

// ── Identities ─────────────────────────────────────────────────────────────
export const SYSTEM_PRIVILEGED_GROUP = "system:masters";
export const NODES_GROUP = "system:nodes";
export const NODES_USER_PREFIX = "system:node:";
export const NODE_BOOTSTRAP_TOKEN_AUTH_GROUP = "system:bootstrappers:kubeadm:default-node-token";
export const CLUSTER_ADMINS_GROUP = "kubeadm:cluster-admins";
export const ADMIN_USER = "kubernetes-admin";
export const SUPER_ADMIN_USER = "kubernetes-super-admin";
export const CONTROLLER_MANAGER_USER = "system:kube-controller-manager";
export const SCHEDULER_USER = "system:kube-scheduler";
export const ANONYMOUS_USER = "system:anonymous";
export const DEFAULT_CLUSTER_NAME = "kubernetes";

// ── Ports ──────────────────────────────────────────────────────────────────
export const KUBE_APISERVER_PORT = 6443;
export const ETCD_LISTEN_CLIENT_PORT = 2379;
export const ETCD_LISTEN_PEER_PORT = 2380;
export const ETCD_METRICS_PORT = 2381;
export const KUBELET_PORT = 10250;
export const KUBELET_HEALTHZ_PORT = 10248;
export const KUBE_CONTROLLER_MANAGER_PORT = 10257;
export const KUBE_SCHEDULER_PORT = 10259;
export const PROBE_PORT_NAME = "probe-port";

// ── Labels, taints, annotations ────────────────────────────────────────────
export const LABEL_NODE_ROLE_CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
export const LABEL_EXCLUDE_FROM_EXTERNAL_LB = "node.kubernetes.io/exclude-from-external-load-balancers";
export const CONTROL_PLANE_TIER = "control-plane";
export const ANNOTATION_ETCD_ADVERTISE_CLIENT_URLS = "kubeadm.kubernetes.io/etcd.advertise-client-urls";
export const ANNOTATION_APISERVER_ADVERTISE_ADDRESS = "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint";
export const ANNOTATION_COMPONENT_CONFIG_HASH = "kubeadm.kubernetes.io/component-config.hash";
export const ANNOTATION_CONFIG_HASH = "kubernetes.io/config.hash";
/** Taint kubeadm puts on control-plane nodes when nodeRegistration.taints is unset. */
export const CONTROL_PLANE_TAINT = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" } as const;

// ── Namespaces, ConfigMaps, Secrets ────────────────────────────────────────
export const NS_KUBE_SYSTEM = "kube-system";
export const NS_KUBE_PUBLIC = "kube-public";
export const KUBEADM_CONFIG_CONFIGMAP = "kubeadm-config";
export const CLUSTER_CONFIGURATION_CONFIGMAP_KEY = "ClusterConfiguration";
export const KUBELET_CONFIG_CONFIGMAP = "kubelet-config";
export const KUBELET_CONFIG_CONFIGMAP_KEY = "kubelet";
export const KUBE_PROXY_CONFIGMAP = "kube-proxy";
export const COREDNS_CONFIGMAP = "coredns";
export const CLUSTER_INFO_CONFIGMAP = "cluster-info";
export const KUBEADM_CERTS_SECRET = "kubeadm-certs";
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = "bootstrap-token-";
export const BOOTSTRAP_TOKEN_SECRET_TYPE = "bootstrap.kubernetes.io/token";

// ── Bootstrap tokens ───────────────────────────────────────────────────────
export const BOOTSTRAP_TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
export const BOOTSTRAP_TOKEN_ID_PATTERN = /^[a-z0-9]{6}$/;
export const BOOTSTRAP_TOKEN_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export const BOOTSTRAP_TOKEN_EXTRA_GROUP_PATTERN = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;
export const DEFAULT_TOKEN_USAGES = ["signing", "authentication"] as const;
export const DEFAULT_TOKEN_GROUPS = [NODE_BOOTSTRAP_TOKEN_AUTH_GROUP] as const;
export const DEFAULT_TOKEN_TTL_MS = 24 * 3600 * 1000;
export const PLACEHOLDER_TOKEN = "abcdef.0123456789abcdef";

// ── RBAC and addon object names ────────────────────────────────────────────
export const NODES_KUBEADM_CONFIG_ROLE = "kubeadm:nodes-kubeadm-config";
export const KUBELET_CONFIG_ROLE = "kubeadm:kubelet-config";
export const KUBEADM_CERTS_ROLE = "kubeadm:kubeadm-certs";
export const BOOTSTRAP_SIGNER_CLUSTER_INFO_ROLE = "kubeadm:bootstrap-signer-clusterinfo";
export const GET_NODES_CLUSTER_ROLE = "kubeadm:get-nodes";
export const NODE_KUBELET_BOOTSTRAP_BINDING = "kubeadm:kubelet-bootstrap";
export const NODE_BOOTSTRAPPER_CLUSTER_ROLE = "system:node-bootstrapper";
export const NODE_AUTO_APPROVE_BOOTSTRAP_BINDING = "kubeadm:node-autoapprove-bootstrap";
export const CSR_AUTO_APPROVAL_CLUSTER_ROLE = "system:certificates.k8s.io:certificatesigningrequests:nodeclient";
export const NODE_AUTO_APPROVE_CERT_ROTATION_BINDING = "kubeadm:node-autoapprove-certificate-rotation";
export const NODE_SELF_CSR_AUTO_APPROVAL_CLUSTER_ROLE = "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient";
/** v1.36.1+: lets the apiserver's kubelet client certificate use the kubelet API. */
export const KUBELET_API_ADMIN_BINDING = "kubeadm:apiserver-kubelet-client";
export const KUBELET_API_ADMIN_CLUSTER_ROLE = "system:kubelet-api-admin";
export const CLUSTER_ADMIN_CLUSTER_ROLE = "cluster-admin";
export const KUBE_PROXY_CLUSTER_ROLE_BINDING = "kubeadm:node-proxier";
export const KUBE_PROXY_CLUSTER_ROLE = "system:node-proxier";
export const KUBE_PROXY_SERVICE_ACCOUNT = "kube-proxy";
export const KUBE_PROXY_CONFIGMAP_ROLE = "kube-proxy";
export const KUBE_PROXY_CONFIGMAP_KEY = "config.conf";
export const KUBE_PROXY_KUBECONFIG_KEY = "kubeconfig.conf";
export const COREDNS_CLUSTER_ROLE = "system:coredns";
export const COREDNS_SERVICE_ACCOUNT = "coredns";
export const COREDNS_DEPLOYMENT = "coredns";
export const COREDNS_CONFIGMAP_KEY = "Corefile";
export const KUBE_DNS_SERVICE = "kube-dns";
export const KUBE_DNS_LABEL_SELECTOR = "k8s-app=kube-dns";
export const COREDNS_IMAGE_NAME = "coredns";
export const CLUSTER_INFO_KUBECONFIG_KEY = "kubeconfig";
/** Prefix of the cluster-info keys the bootstrap signer writes ("jws-kubeconfig-<token-id>"). */
export const JWS_SIGNATURE_KEY_PREFIX = "jws-kubeconfig-";
export const DEFAULT_INIT_TOKEN_DESCRIPTION = "The default bootstrap token generated by 'kubeadm init'.";
export const CERTS_TOKEN_DESCRIPTION = "Proxy for managing TTL for the kubeadm-certs secret";
/** Patch target of the CoreDNS Deployment (--patches). */
export const COREDNS_DEPLOYMENT_PATCH_TARGET = "corednsdeployment";

// ── Components ─────────────────────────────────────────────────────────────
export const ETCD = "etcd";
export const KUBE_APISERVER = "kube-apiserver";
export const KUBE_CONTROLLER_MANAGER = "kube-controller-manager";
export const KUBE_SCHEDULER = "kube-scheduler";
export const KUBE_PROXY = "kube-proxy";
export const COREDNS = "coredns";
export const PAUSE = "pause";
export const CONTROL_PLANE_COMPONENTS = [KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER] as const;

// ── Timeouts (milliseconds) ────────────────────────────────────────────────
export const KUBERNETES_API_CALL_TIMEOUT_MS = 60_000;
export const KUBERNETES_API_CALL_RETRY_INTERVAL_MS = 500;
export const DISCOVERY_TIMEOUT_MS = 5 * 60_000;
export const DISCOVERY_RETRY_INTERVAL_MS = 5_000;
export const TLS_BOOTSTRAP_TIMEOUT_MS = 5 * 60_000;
export const TLS_BOOTSTRAP_RETRY_INTERVAL_MS = 1_000;
export const ETCD_API_CALL_TIMEOUT_MS = 2 * 60_000;
export const ETCD_API_CALL_RETRY_INTERVAL_MS = 500;
export const CONTROL_PLANE_COMPONENT_HEALTH_CHECK_TIMEOUT_MS = 4 * 60_000;
export const KUBELET_HEALTH_CHECK_TIMEOUT_MS = 4 * 60_000;
export const UPGRADE_MANIFESTS_TIMEOUT_MS = 5 * 60_000;
export const PULL_IMAGE_RETRY = 5;
export const REMOVE_CONTAINER_RETRY = 5;
export const CONTROL_PLANE_NUM_CPU = 2;
export const CONTROL_PLANE_MEM_MB = 1700;

// ── Networking ─────────────────────────────────────────────────────────────
export const DEFAULT_SERVICE_SUBNET = "10.96.0.0/12";
export const DEFAULT_DNS_DOMAIN = "cluster.local";
export const MINIMUM_ADDRESSES_IN_SERVICE_SUBNET = 10;
export const MAXIMUM_BITS_FOR_SERVICE_SUBNET = 20;
export const MINIMUM_ADDRESSES_IN_POD_SUBNET = 14;
export const POD_SUBNET_NODE_MASK_MAX_DIFF = 16;
export const DEFAULT_NODE_CIDR_MASK_IPV4 = 24;
export const DEFAULT_NODE_CIDR_MASK_IPV6 = 64;
export const DEFAULT_APISERVER_BIND_ADDRESS = "0.0.0.0";
/** Cluster DNS IP used when the service subnet cannot give one. */
export const DEFAULT_CLUSTER_DNS_IP = "10.96.0.10";
export const DEFAULT_PROXY_BIND_ADDRESS_V4 = "0.0.0.0";
export const DEFAULT_PROXY_BIND_ADDRESS_V6 = "::";
/** CRI endpoints kubeadm probes, in order; the first is the default. */
export const DEFAULT_CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";
export const KNOWN_CRI_SOCKETS = [
  "unix:///var/run/containerd/containerd.sock",
  "unix:///var/run/crio/crio.sock",
  "unix:///var/run/cri-dockerd.sock",
] as const;
export const CONTAINER_RUNTIME_URL_SCHEME = "unix";

// ── Images and bundled versions ────────────────────────────────────────────
export const DEFAULT_IMAGE_REPOSITORY = "registry.k8s.io";
export const DEFAULT_CI_IMAGE_REPOSITORY = "gcr.io/k8s-staging-ci-images";
export const CI_KUBERNETES_VERSION_PREFIX = "ci/";
export const COREDNS_VERSION = "v1.14.6";
export const PAUSE_VERSION = "3.10.2";
export const DEFAULT_ETCD_VERSION = "3.7.0-0";
export const MIN_EXTERNAL_ETCD_VERSION = "3.5.24-0";
/** Kubernetes minor → etcd image tag deployed for it. */
export const SUPPORTED_ETCD_VERSION: Readonly<Record<number, string>> = { 34: "3.7.0-0", 35: "3.7.0-0", 36: "3.7.0-0" };

// ── Config API groups ──────────────────────────────────────────────────────
export const KUBEADM_GROUP = "kubeadm.k8s.io";
export const KUBEADM_V1BETA4 = "kubeadm.k8s.io/v1beta4";
export const KUBEADM_V1BETA3 = "kubeadm.k8s.io/v1beta3";
/** Experimental in v1.37: v1beta4 plus extraArgs[].mergeMethod, behind --allow-experimental-api. */
export const KUBEADM_V1 = "kubeadm.k8s.io/v1";
export const OUTPUT_API_VERSION = "output.kubeadm.k8s.io/v1alpha3";
export const KUBELET_CONFIG_API_VERSION = "kubelet.config.k8s.io/v1beta1";
export const KUBE_PROXY_CONFIG_API_VERSION = "kubeproxy.config.k8s.io/v1alpha1";
export const BOOTSTRAP_TOKEN_API_VERSION = "bootstraptoken/v1";
