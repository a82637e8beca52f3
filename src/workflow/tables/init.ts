// The kubeadm init phase workflow: phases in execution order with upstream's names, texts and flags.
import type { WorkflowSpec } from "../types.js";
import { printManifest } from "../../cli/options.js";
import { apiServerExtraArgs, controllerManagerExtraArgs, kubeconfig, kubeconfigDir, schedulerExtraArgs } from "../../cli/options.js";

/** Flags of the certificate phases (upstream's getCertPhaseFlags). */
const CERT_PHASE_FLAGS = ["cert-dir","config","dry-run","kubernetes-version"];
/** Flags of the kubeconfig phases; "all" and "kubelet" add node-name (upstream's getKubeConfigPhaseFlags). */
const KUBECONFIG_PHASE_FLAGS = ["apiserver-advertise-address","apiserver-bind-port","cert-dir","config","control-plane-endpoint","dry-run","kubeconfig-dir","kubernetes-version"];

/** A certificate phase's long text (upstream's genericLongDesc, with the SANs line where there is one). */
function certLong(what: string, baseName: string, sans?: string): string {
  return [
    `Generate ${what}, and save them into ${baseName}.crt and ${baseName}.key files.`,
    "",
    ...(sans ? [sans, ""] : []),
    "If both files already exist, kubeadm skips the generation step and existing files will be used.",
  ].join("\n");
}

export const initWorkflow: WorkflowSpec = {
  id: "init",
  additionalFlags: [kubeconfig, kubeconfigDir, apiServerExtraArgs, controllerManagerExtraArgs, schedulerExtraArgs],
  phases: [
    {
      name: "preflight",
      short: "Run pre-flight checks",
      long: "Run pre-flight checks for kubeadm init.",
      example: [
        "  # Run pre-flight checks for kubeadm init using a config file.",
        "  kubeadm init phase preflight --config kubeadm-config.yaml",
      ].join("\n"),
      inheritFlags: ["config","cri-socket","dry-run","ignore-preflight-errors","image-repository"],
      run: true,
    },
    {
      name: "certs",
      short: "Certificate generation",
      run: true,
      phases: [
        {
          name: "all",
          short: "Generate all certificates",
          runAllSiblings: true,
          inheritFlags: ["apiserver-advertise-address","apiserver-cert-extra-sans","cert-dir","config","control-plane-endpoint","dry-run","kubernetes-version","service-cidr","service-dns-domain"],
        },
        {
          name: "ca",
          short: "Generate the self-signed Kubernetes CA to provision identities for other Kubernetes components",
          long: certLong("the self-signed Kubernetes CA to provision identities for other Kubernetes components", "ca"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "apiserver",
          short: "Generate the certificate for serving the Kubernetes API",
          long: certLong("the certificate for serving the Kubernetes API", "apiserver"),
          inheritFlags: ["apiserver-advertise-address","apiserver-cert-extra-sans","cert-dir","config","control-plane-endpoint","dry-run","kubernetes-version","service-cidr","service-dns-domain"],
          run: true,
          newKeys: 1,
        },
        {
          name: "apiserver-kubelet-client",
          short: "Generate the certificate for the API server to connect to kubelet",
          long: certLong("the certificate for the API server to connect to kubelet", "apiserver-kubelet-client"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "front-proxy-ca",
          short: "Generate the self-signed CA to provision identities for front proxy",
          long: certLong("the self-signed CA to provision identities for front proxy", "front-proxy-ca"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "front-proxy-client",
          short: "Generate the certificate for the front proxy client",
          long: certLong("the certificate for the front proxy client", "front-proxy-client"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "etcd-ca",
          short: "Generate the self-signed CA to provision identities for etcd",
          long: certLong("the self-signed CA to provision identities for etcd", "etcd/ca"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "etcd-server",
          short: "Generate the certificate for serving etcd",
          long: certLong("the certificate for serving etcd", "etcd/server", "Default SANs are localhost, 127.0.0.1, 127.0.0.1, ::1"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "etcd-peer",
          short: "Generate the certificate for etcd nodes to communicate with each other",
          long: certLong("the certificate for etcd nodes to communicate with each other", "etcd/peer", "Default SANs are localhost, 127.0.0.1, 127.0.0.1, ::1"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "etcd-healthcheck-client",
          short: "Generate the certificate for liveness probes to healthcheck etcd",
          long: certLong("the certificate for liveness probes to healthcheck etcd", "etcd/healthcheck-client"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "apiserver-etcd-client",
          short: "Generate the certificate the apiserver uses to access etcd",
          long: certLong("the certificate the apiserver uses to access etcd", "apiserver-etcd-client"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "sa",
          short: "Generate a private key for signing service account tokens along with its public key",
          long: [
            "Generate the private key for signing service account tokens along with its public key, and save them into sa.key and sa.pub files.",
            "",
            "If both files already exist, kubeadm skips the generation step and existing files will be used.",
          ].join("\n"),
          inheritFlags: CERT_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
      ],
    },
    {
      name: "kubeconfig",
      short: "Generate all kubeconfig files necessary to establish the control plane and the admin kubeconfig file",
      run: true,
      phases: [
        {
          name: "all",
          short: "Generate all kubeconfig files",
          runAllSiblings: true,
          inheritFlags: [...KUBECONFIG_PHASE_FLAGS, "node-name"],
        },
        {
          name: "admin",
          short: "Generate a kubeconfig file for the admin to use and for kubeadm itself",
          long: "Generate the kubeconfig file for the admin and for kubeadm itself, and save it to admin.conf file.",
          inheritFlags: KUBECONFIG_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "super-admin",
          short: "Generate a kubeconfig file for the super-admin",
          long: "Generate a kubeconfig file for the super-admin, and save it to super-admin.conf file.",
          inheritFlags: KUBECONFIG_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "kubelet",
          short: "Generate a kubeconfig file for the kubelet to use *only* for cluster bootstrapping purposes",
          long: [
            "Generate the kubeconfig file for the kubelet to use and save it to kubelet.conf file.",
            "",
            "Please note that this should *only* be used for cluster bootstrapping purposes. After your control plane is up, you should request all kubelet credentials from the CSR API.",
          ].join("\n"),
          inheritFlags: [...KUBECONFIG_PHASE_FLAGS, "node-name"],
          run: true,
          newKeys: 1,
        },
        {
          name: "controller-manager",
          short: "Generate a kubeconfig file for the controller manager to use",
          long: "Generate the kubeconfig file for the controller manager to use and save it to controller-manager.conf file",
          inheritFlags: KUBECONFIG_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
        {
          name: "scheduler",
          short: "Generate a kubeconfig file for the scheduler to use",
          long: "Generate the kubeconfig file for the scheduler to use and save it to scheduler.conf file.",
          inheritFlags: KUBECONFIG_PHASE_FLAGS,
          run: true,
          newKeys: 1,
        },
      ],
    },
    {
      name: "etcd",
      short: "Generate static Pod manifest file for local etcd",
      phases: [
        {
          name: "local",
          short: "Generate the static Pod manifest file for a local, single-node local etcd instance",
          example: [
            "  # Generates the static Pod manifest file for etcd, functionally",
            "  # equivalent to what is generated by kubeadm init.",
            "  kubeadm init phase etcd local",
            "  ",
            "  # Generates the static Pod manifest file for etcd using options",
            "  # read from a configuration file.",
            "  kubeadm init phase etcd local --config config.yaml",
          ].join("\n"),
          inheritFlags: ["cert-dir","config","dry-run","image-repository","patches"],
          run: true,
        },
      ],
    },
    {
      name: "control-plane",
      short: "Generate all static Pod manifest files necessary to establish the control plane",
      run: true,
      phases: [
        {
          name: "all",
          short: "Generate all static Pod manifest files",
          example: [
            "  # Generates all static Pod manifest files for control plane components,",
            "  # functionally equivalent to what is generated by kubeadm init.",
            "  kubeadm init phase control-plane all",
            "  ",
            "  # Generates all static Pod manifest files using options read from a configuration file.",
            "  kubeadm init phase control-plane all --config config.yaml",
          ].join("\n"),
          runAllSiblings: true,
          inheritFlags: ["apiserver-advertise-address","apiserver-bind-port","apiserver-extra-args","cert-dir","config","control-plane-endpoint","controller-manager-extra-args","dry-run","feature-gates","image-repository","kubernetes-version","patches","pod-network-cidr","scheduler-extra-args","service-cidr"],
        },
        {
          name: "apiserver",
          short: "Generates the kube-apiserver static Pod manifest",
          inheritFlags: ["apiserver-advertise-address","apiserver-bind-port","apiserver-extra-args","cert-dir","config","control-plane-endpoint","dry-run","feature-gates","image-repository","kubernetes-version","patches","service-cidr"],
          run: true,
        },
        {
          name: "controller-manager",
          short: "Generates the kube-controller-manager static Pod manifest",
          inheritFlags: ["cert-dir","config","controller-manager-extra-args","dry-run","image-repository","kubernetes-version","patches","pod-network-cidr"],
          run: true,
        },
        {
          name: "scheduler",
          short: "Generates the kube-scheduler static Pod manifest",
          inheritFlags: ["cert-dir","config","dry-run","image-repository","kubernetes-version","patches","scheduler-extra-args"],
          run: true,
        },
      ],
    },
    {
      name: "kubelet-start",
      short: "Write kubelet settings and (re)start the kubelet",
      long: "Write a file with KubeletConfiguration and an environment file with node specific kubelet settings, and then (re)start kubelet.",
      example: [
        "  # Writes a dynamic environment file with kubelet flags from a InitConfiguration file.",
        "  kubeadm init phase kubelet-start --config config.yaml",
      ].join("\n"),
      inheritFlags: ["config","cri-socket","dry-run","image-repository","node-name","patches"],
      run: true,
    },
    {
      name: "wait-control-plane",
      short: "Wait for the control plane to start",
      run: true,
    },
    {
      name: "upload-config",
      aliases: ["uploadconfig"],
      short: "Upload the kubeadm and kubelet configuration to a ConfigMap",
      phases: [
        {
          name: "all",
          short: "Upload all configuration to a config map",
          runAllSiblings: true,
          inheritFlags: ["config","cri-socket","dry-run","kubeconfig"],
        },
        {
          name: "kubeadm",
          short: "Upload the kubeadm ClusterConfiguration to a ConfigMap",
          long: [
            "Upload the kubeadm ClusterConfiguration to a ConfigMap called kubeadm-config in the kube-system namespace. This enables correct configuration of system components and a seamless user experience when upgrading.",
            "",
            "Alternatively, you can use kubeadm config.",
          ].join("\n"),
          example: [
            "  # upload the configuration of your cluster",
            "  kubeadm init phase upload-config kubeadm --config=myConfig.yaml",
          ].join("\n"),
          inheritFlags: ["config","cri-socket","dry-run","kubeconfig"],
          run: true,
        },
        {
          name: "kubelet",
          short: "Upload the kubelet component config to a ConfigMap",
          long: "Upload the kubelet configuration extracted from the kubeadm InitConfiguration object to a kubelet-config ConfigMap in the cluster",
          example: [
            "  # Upload the kubelet configuration from the kubeadm Config file to a ConfigMap in the cluster.",
            "  kubeadm init phase upload-config kubelet --config kubeadm.yaml",
          ].join("\n"),
          inheritFlags: ["config","cri-socket","dry-run","kubeconfig"],
          run: true,
        },
      ],
    },
    {
      name: "upload-certs",
      short: "Upload certificates to kubeadm-certs",
      long: "Upload control plane certificates to the kubeadm-certs Secret",
      inheritFlags: ["certificate-key","config","dry-run","kubeconfig","skip-certificate-key-print","upload-certs"],
      run: true,
    },
    {
      name: "mark-control-plane",
      short: "Mark a node as a control-plane",
      example: [
        "  # Applies control-plane label and taint to the current node, functionally equivalent to what executed by kubeadm init.",
        "  kubeadm init phase mark-control-plane --config config.yaml",
        "  ",
        "  # Applies control-plane label and taint to a specific node",
        "  kubeadm init phase mark-control-plane --node-name myNode",
      ].join("\n"),
      inheritFlags: ["config","dry-run","node-name"],
      run: true,
    },
    {
      name: "bootstrap-token",
      aliases: ["bootstraptoken"],
      short: "Generates bootstrap tokens used to join a node to a cluster",
      long: [
        "Bootstrap tokens are used for establishing bidirectional trust between a node joining the cluster and a control-plane node.",
        "",
        "This command makes all the configurations required to make bootstrap tokens works and then creates an initial token.",
      ].join("\n"),
      example: [
        "  # Make all the bootstrap token configurations and create an initial token, functionally",
        "  # equivalent to what generated by kubeadm init.",
        "  kubeadm init phase bootstrap-token",
      ].join("\n"),
      inheritFlags: ["config","dry-run","kubeconfig","skip-token-print"],
      run: true,
    },
    {
      name: "kubelet-finalize",
      short: "Updates settings relevant to the kubelet after TLS bootstrap",
      example: [
        "  # Updates settings relevant to the kubelet after TLS bootstrap",
        "  kubeadm init phase kubelet-finalize all --config",
      ].join("\n"),
      phases: [
        {
          name: "all",
          short: "Run all kubelet-finalize phases",
          example: [
            "  # Updates settings relevant to the kubelet after TLS bootstrap",
            "  kubeadm init phase kubelet-finalize all --config",
          ].join("\n"),
          runAllSiblings: true,
          inheritFlags: ["cert-dir","config","dry-run"],
        },
        {
          name: "enable-client-cert-rotation",
          short: "Enable kubelet client certificate rotation",
          inheritFlags: ["cert-dir","config","dry-run"],
          run: true,
        },
      ],
    },
    {
      name: "addon",
      short: "Install required addons for passing conformance tests",
      phases: [
        {
          name: "all",
          short: "Install all the addons",
          runAllSiblings: true,
          inheritFlags: ["apiserver-advertise-address","apiserver-bind-port","config","control-plane-endpoint","dry-run","feature-gates","image-repository","kubeconfig","kubernetes-version","pod-network-cidr","service-cidr","service-dns-domain"],
        },
        {
          name: "coredns",
          short: "Install the CoreDNS addon to a Kubernetes cluster",
          long: "Install the CoreDNS addon components via the API server. Please note that although the DNS server is deployed, it will not be scheduled until CNI is installed.",
          inheritFlags: ["config","dry-run","feature-gates","image-repository","kubeconfig","kubernetes-version","service-cidr","service-dns-domain"],
          localFlags: [printManifest],
          run: true,
        },
        {
          name: "kube-proxy",
          short: "Install the kube-proxy addon to a Kubernetes cluster",
          long: "Install the kube-proxy addon components via the API server.",
          inheritFlags: ["apiserver-advertise-address","apiserver-bind-port","config","control-plane-endpoint","dry-run","image-repository","kubeconfig","kubernetes-version","pod-network-cidr"],
          localFlags: [printManifest],
          run: true,
        },
      ],
    },
    {
      name: "show-join-command",
      short: "Show the join command for control-plane and worker node",
      dependencies: ["bootstrap-token","upload-certs"],
      run: true,
    },
  ],
};
