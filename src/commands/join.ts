// `kubeadm join`: joins this machine to a cluster by running the join workflow's phases (src/phases/join/).
import type { CommandSpec } from "../cli/command.js";
import { apiServerAdvertiseAddressJoin, apiServerBindPortJoin, certificateKeyJoin, cfgPath, controlPlane, criSocket, discoveryFile, discoveryToken, discoveryTokenCaCertHash, discoveryTokenUnsafeSkipCaVerification, dryRun, ignorePreflightErrors, nodeName, patches, tlsBootstrapToken, tokenJoin } from "../cli/options.js";
import { workflowCommand } from "../workflow/bind.js";
import type { WorkflowContext } from "../workflow/types.js";
import { joinWorkflow } from "../phases/join/index.js";
import type { JoinData } from "../phases/join/data.js";
import type { JoinLeftovers } from "../host/join-node.js";
import { ADMIN_KUBECONFIG, KUBERNETES_DIR } from "../constants.js";

/** What a worker's `kubeadm join` prints when all its phases ran. */
export const JOIN_WORKER_DONE = [
  "",
  "This node has joined the cluster:",
  "* Certificate signing request was sent to apiserver and a response was received.",
  "* The Kubelet was informed of the new secure connection details.",
  "",
  "Run 'kubectl get nodes' on the control-plane to see this node join the cluster.",
  "",
  "",
].join("\n");

/** What a control-plane `kubeadm join` prints when all its phases ran (the etcd line only with stacked etcd). */
export function joinControlPlaneDone(stackedEtcd: boolean, adminKubeconfigPath = `${KUBERNETES_DIR}/${ADMIN_KUBECONFIG}`): string {
  return [
    "",
    "This node has joined the cluster and a new control plane instance was created:",
    "",
    "* Certificate signing request was sent to apiserver and approval was received.",
    "* The Kubelet was informed of the new secure connection details.",
    "* Control plane label and taint were applied to the new node.",
    "* The Kubernetes control plane instances scaled up.",
    stackedEtcd ? "* A new etcd member was added to the local/stacked etcd cluster." : "",
    "",
    "To start administering your cluster from this node, you need to run the following as a regular user:",
    "",
    "\tmkdir -p $HOME/.kube",
    `\tsudo cp -i ${adminKubeconfigPath} $HOME/.kube/config`,
    "\tsudo chown $(id -u):$(id -g) $HOME/.kube/config",
    "",
    "Run 'kubectl get nodes' to see this node join the cluster.",
    "",
    "",
  ].join("\n");
}

/**
 * Beyond upstream (which says nothing): what a join that failed after it changed the node left
 * there, one path a line (a folder stands for its contents), for `kubeadm reset` to remove; ""
 * when it left nothing. Printed on stderr before upstream's error line.
 */
export function joinLeftoversText(left: JoinLeftovers): string {
  if (left.paths.length === 0 && !left.kubeletStarted) return "";
  return [
    '[join] The join failed after changing this node. "kubeadm reset" removes what it left:',
    ...left.paths.map((p) => `\t${p}`),
    ...(left.kubeletStarted ? ["\tthe kubelet service, which this join started, and the containers of its Pods"] : []),
    "",
  ].join("\n");
}

/**
 * The join command's run (exported for tests): the data, the phases, then upstream's closing
 * text; when a phase fails, what the join left on the node (beyond upstream), then the error.
 */
export async function runJoin(ctx: WorkflowContext): Promise<void> {
  const data = (await ctx.workflow.initData()) as JoinData;
  await data.node.recordBefore();
  try {
    await ctx.workflow.run();
  } catch (err) {
    const left = await data.node.leftovers().catch(() => undefined);
    if (left) ctx.stderr.write(joinLeftoversText(left));
    throw err;
  }
  if (data.cfg.controlPlane) {
    const init = await data.initCfg();
    ctx.stdout.write(joinControlPlaneDone(!init.clusterConfiguration.etcd.external));
  } else {
    ctx.stdout.write(JOIN_WORKER_DONE);
  }
}

export const joinCommand: CommandSpec = workflowCommand(
  {
    use: "join [api-server-endpoint]",
    short: "Run this on any machine you wish to join an existing cluster",
    long: [
      "",
      "When joining a kubeadm initialized cluster, we need to establish",
      "bidirectional trust. This is split into discovery (having the Node",
      "trust the Kubernetes Control Plane) and TLS bootstrap (having the",
      "Kubernetes Control Plane trust the Node).",
      "",
      "There are 2 main schemes for discovery. The first is to use a shared",
      "token along with the IP address of the API server. The second is to",
      "provide a file - a subset of the standard kubeconfig file. The",
      "discovery/kubeconfig file supports token, client-go authentication",
      "plugins (\"exec\"), \"tokenFile\", and \"authProvider\". This file can be a",
      "local file or downloaded via an HTTPS URL. The forms are",
      "kubeadm join --discovery-token abcdef.1234567890abcdef 1.2.3.4:6443,",
      "kubeadm join --discovery-file path/to/file.conf, or kubeadm join",
      "--discovery-file https://url/file.conf. Only one form can be used. If",
      "the discovery information is loaded from a URL, HTTPS must be used.",
      "Also, in that case the host installed CA bundle is used to verify",
      "the connection.",
      "",
      "If you use a shared token for discovery, you should also pass the",
      "--discovery-token-ca-cert-hash flag to validate the public key of the",
      "root certificate authority (CA) presented by the Kubernetes Control Plane.",
      "The value of this flag is specified as \"<hash-type>:<hex-encoded-value>\",",
      "where the supported hash type is \"sha256\". The hash is calculated over",
      "the bytes of the Subject Public Key Info (SPKI) object (as in RFC7469).",
      "This value is available in the output of \"kubeadm init\" or can be",
      "calculated using standard tools. The --discovery-token-ca-cert-hash flag",
      "may be repeated multiple times to allow more than one public key.",
      "",
      "If you cannot know the CA public key hash ahead of time, you can pass",
      "the --discovery-token-unsafe-skip-ca-verification flag to disable this",
      "verification. This weakens the kubeadm security model since other nodes",
      "can potentially impersonate the Kubernetes Control Plane.",
      "",
      "The TLS bootstrap mechanism is also driven via a shared token. This is",
      "used to temporarily authenticate with the Kubernetes Control Plane to submit a",
      "certificate signing request (CSR) for a locally created key pair. By",
      "default, kubeadm will set up the Kubernetes Control Plane to automatically",
      "approve these signing requests. This token is passed in with the",
      "--tls-bootstrap-token abcdef.1234567890abcdef flag.",
      "",
      "Often times the same token is used for both parts. In this case, the",
      "--token flag can be used instead of specifying each token individually.",
      "",
    ].join("\n"),
    flags: [apiServerAdvertiseAddressJoin, apiServerBindPortJoin, certificateKeyJoin, cfgPath, controlPlane, criSocket, discoveryFile, discoveryToken, discoveryTokenCaCertHash, discoveryTokenUnsafeSkipCaVerification, dryRun, ignorePreflightErrors, nodeName, patches, tlsBootstrapToken, tokenJoin],
    args: { kind: "max", n: 1 },
  },
  joinWorkflow,
  runJoin,
);
