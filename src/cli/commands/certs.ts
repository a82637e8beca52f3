// The `kubeadm certs` command tree: names, texts and flags as upstream kubeadm v1.36 shows them.
import type { CommandSpec } from "../command.js";
import { allowMissingTemplateKeys, certDirCsr, certDirRenew, cfgPath, kubeconfig, kubeconfigDir, output, showManagedFields } from "../options.js";

/** `certs renew <name>`: upstream builds every leaf from one template around its short text. */
function renewCommand(use: string, short: string): CommandSpec {
  return {
    use,
    short,
    long: [
      `${short}.`,
      "",
      "Renewals run unconditionally, regardless of certificate expiration date; extra attributes such as SANs will be based on the existing file/certificates, there is no need to resupply them.",
      "",
      "Renewal by default tries to use the certificate authority in the local PKI managed by kubeadm; as alternative it is possible to use K8s certificate API for certificate renewal, or as a last option, to generate a CSR request.",
      "",
      "After renewal, in order to make changes effective, is required to restart control-plane components and eventually re-distribute the renewed certificate in case the file is used elsewhere.",
    ].join("\n"),
    flags: [certDirRenew, cfgPath, kubeconfig],
    run: { kind: "handler" },
  };
}

export const certsCommand: CommandSpec = {
  use: "certs",
  aliases: ["certificates"],
  short: "Commands related to handling Kubernetes certificates",
  run: { kind: "requireSubcommand" },
  commands: [
    {
      use: "certificate-key",
      short: "Generate certificate keys",
      long: [
        "",
        "This command will print out a secure randomly-generated certificate key that can be used with",
        "the \"init\" command.",
        "",
        "You can also use \"kubeadm init --upload-certs\" without specifying a certificate key and it will",
        "generate and print one for you.",
      ].join("\n"),
      args: { kind: "none" },
      run: { kind: "handler" },
    },
    {
      use: "check-expiration",
      short: "Check certificates expiration for a Kubernetes cluster",
      long: "Checks expiration for the certificates in the local PKI managed by kubeadm.",
      flags: [allowMissingTemplateKeys, certDirRenew, cfgPath, kubeconfig, output, showManagedFields],
      args: { kind: "none" },
      run: { kind: "handler" },
    },
    {
      use: "generate-csr",
      short: "Generate keys and certificate signing requests",
      long: [
        "Generates keys and certificate signing requests (CSRs) for all the certificates required to run the control plane. This command also generates partial kubeconfig files with private key data in the  \"users > user > client-key-data\" field, and for each kubeconfig file an accompanying \".csr\" file is created.",
        "",
        "This command is designed for use in [Kubeadm External CA Mode](https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/#external-ca-mode). It generates CSRs which you can then submit to your external certificate authority for signing.",
        "",
        "The PEM encoded signed certificates should then be saved alongside the key files, using \".crt\" as the file extension, or in the case of kubeconfig files, the PEM encoded signed certificate should be base64 encoded and added to the kubeconfig file in the \"users > user > client-certificate-data\" field.",
      ].join("\n"),
      example: [
        "  # The following command will generate keys and CSRs for all control-plane certificates and kubeconfig files:",
        "  kubeadm certs generate-csr --kubeconfig-dir /tmp/etc-k8s --cert-dir /tmp/etc-k8s/pki",
      ].join("\n"),
      flags: [certDirCsr, cfgPath, kubeconfigDir],
      args: { kind: "none" },
      run: { kind: "handler" },
    },
    {
      use: "renew",
      short: "Renew certificates for a Kubernetes cluster",
      run: { kind: "requireSubcommand" },
      commands: [
        renewCommand("admin.conf", "Renew the certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself"),
        {
          use: "all",
          short: "Renew all available certificates",
          long: "Renew all known certificates necessary to run the control plane. Renewals are run unconditionally, regardless of expiration date. Renewals can also be run individually for more control.",
          flags: [certDirRenew, cfgPath, kubeconfig],
          args: { kind: "none" },
          run: { kind: "handler" },
        },
        renewCommand("apiserver", "Renew the certificate for serving the Kubernetes API"),
        renewCommand("apiserver-etcd-client", "Renew the certificate the apiserver uses to access etcd"),
        renewCommand("apiserver-kubelet-client", "Renew the certificate for the API server to connect to kubelet"),
        renewCommand("controller-manager.conf", "Renew the certificate embedded in the kubeconfig file for the controller manager to use"),
        renewCommand("etcd-healthcheck-client", "Renew the certificate for liveness probes to healthcheck etcd"),
        renewCommand("etcd-peer", "Renew the certificate for etcd nodes to communicate with each other"),
        renewCommand("etcd-server", "Renew the certificate for serving etcd"),
        renewCommand("front-proxy-client", "Renew the certificate for the front proxy client"),
        renewCommand("scheduler.conf", "Renew the certificate embedded in the kubeconfig file for the scheduler manager to use"),
        renewCommand("super-admin.conf", "Renew the certificate embedded in the kubeconfig file for the super-admin"),
      ],
    },
  ],
};
