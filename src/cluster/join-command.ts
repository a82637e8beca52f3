/**
 * The `kubeadm join` command lines and init's success message
 * (cmd/util/join.go and the init success template), as pure functions.
 */
import { ADMIN_KUBECONFIG, KUBERNETES_DIR } from "../constants.js";

export const VALUE_WITHHELD = "<value withheld>";

export interface JoinCommandInput {
  /** The cluster's server URL; every "https://" is removed. */
  server: string;
  token: string;
  /** "sha256:<hex>" pins of the CA certificates, in bundle order. */
  caCertHashes: readonly string[];
  controlPlane?: boolean;
  certificateKey?: string;
  skipTokenPrint?: boolean;
  skipCertificateKeyPrint?: boolean;
}

/** The multi-line form printed by `kubeadm init` (backslash-newline-tab continuations). */
export function joinCommand(i: JoinCommandInput): string {
  const hostport = i.server.replaceAll("https://", "");
  const token = i.skipTokenPrint ? VALUE_WITHHELD : i.token;
  let s = `kubeadm join ${hostport} --token ${token} \\\n\t`;
  for (const h of i.caCertHashes) s += `--discovery-token-ca-cert-hash ${h} `;
  if (i.controlPlane) {
    s += "\\\n\t--control-plane ";
    if (i.certificateKey) s += `--certificate-key ${i.skipCertificateKeyPrint ? VALUE_WITHHELD : i.certificateKey}`;
  }
  return s;
}

/** `token create --print-join-command`: continuations and tabs removed, one line. */
export function joinCommandOneLine(i: JoinCommandInput): string {
  return `${joinCommand(i).replaceAll("\\\n", "").replaceAll("\t", "")}\n`;
}

export interface SuccessMessageInput {
  /** Where admin.conf was written (the dry-run dir's file in dry-run). */
  kubeConfigPath: string;
  controlPlaneEndpoint: string;
  uploadCerts: boolean;
  joinWorkerCommand: string;
  joinControlPlaneCommand: string;
}

/** Init's final text block for one token. */
export function initSuccessMessage(i: SuccessMessageInput): string {
  let s = `
Your Kubernetes control-plane has initialized successfully!

To start using your cluster, you need to run the following as a regular user:

  mkdir -p $HOME/.kube
  sudo cp -i ${i.kubeConfigPath} $HOME/.kube/config
  sudo chown $(id -u):$(id -g) $HOME/.kube/config

Alternatively, if you are the root user, you can run:

  export KUBECONFIG=${KUBERNETES_DIR}/${ADMIN_KUBECONFIG}

You should now deploy a pod network to the cluster.
Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:
  https://kubernetes.io/docs/concepts/cluster-administration/addons/

`;
  if (i.controlPlaneEndpoint) {
    if (i.uploadCerts) {
      s += `You can now join any number of control-plane nodes running the following command on each as root:

  ${i.joinControlPlaneCommand}

Please note that the certificate-key gives access to cluster sensitive data, keep it secret!
As a safeguard, uploaded-certs will be deleted in two hours; If necessary, you can use
"kubeadm init phase upload-certs --upload-certs" to reload certs afterward.

`;
    } else {
      s += `You can now join any number of control-plane nodes by copying certificate authorities
and service account keys on each node and then running the following as root:

  ${i.joinControlPlaneCommand}

`;
    }
  }
  s += `Then you can join any number of worker nodes by running the following on each as root:

${i.joinWorkerCommand}
`;
  return s;
}
