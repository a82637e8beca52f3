// `kubeadm certs renew <name>` and `kubeadm certs renew all`: renewal with the local CAs; every
// sub-command runs the same body (the certificate is the last word of the command path).
import { handler, type CommandSpec } from "../../cli/command.js";
import { certDirRenew, cfgPath, kubeconfig } from "../../cli/options.js";
import { KUBERNETES_DIR } from "../../constants.js";
import { KubeadmError } from "../../util/errors.js";
import { certsRenewalInput } from "./internal-config.js";

const renewRun = handler(async (ctx) => {
  const name = ctx.commandPath.split(" ").pop()!;
  const renewal = await certsRenewalInput(ctx, "renew", (s) => void ctx.stdout.write(s));
  const pki = await import("../../pki/index.js");
  // kubeconfig files are always looked for in /etc/kubernetes, as upstream's renew does
  const input = { ...renewal, kubernetesDir: KUBERNETES_DIR };
  const out = { print: (l: string) => void ctx.stdout.write(`${l}\n`), warn: (w: string) => void ctx.stderr.write(`${w}\n`) };
  if (name === "all") {
    await pki.renewAll(input, out);
    return;
  }
  const renewer = pki.renewHandlers(input).find((h) => h.name === name);
  if (!renewer) throw new KubeadmError(`unknown certificate ${JSON.stringify(name)}`);
  await pki.renewCertificate(input, renewer, out);
});

/** `certs renew <name>`: upstream builds every leaf from one template around its short text. */
function renewLeaf(use: string, short: string): CommandSpec {
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
    run: renewRun,
  };
}

export const renewCommand: CommandSpec = {
  use: "renew",
  short: "Renew certificates for a Kubernetes cluster",
  run: { kind: "requireSubcommand" },
  commands: [
    renewLeaf("admin.conf", "Renew the certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself"),
    {
      use: "all",
      short: "Renew all available certificates",
      long: "Renew all known certificates necessary to run the control plane. Renewals are run unconditionally, regardless of expiration date. Renewals can also be run individually for more control.",
      flags: [certDirRenew, cfgPath, kubeconfig],
      args: { kind: "none" },
      run: renewRun,
    },
    renewLeaf("apiserver", "Renew the certificate for serving the Kubernetes API"),
    renewLeaf("apiserver-etcd-client", "Renew the certificate the apiserver uses to access etcd"),
    renewLeaf("apiserver-kubelet-client", "Renew the certificate for the API server to connect to kubelet"),
    renewLeaf("controller-manager.conf", "Renew the certificate embedded in the kubeconfig file for the controller manager to use"),
    renewLeaf("etcd-healthcheck-client", "Renew the certificate for liveness probes to healthcheck etcd"),
    renewLeaf("etcd-peer", "Renew the certificate for etcd nodes to communicate with each other"),
    renewLeaf("etcd-server", "Renew the certificate for serving etcd"),
    renewLeaf("front-proxy-client", "Renew the certificate for the front proxy client"),
    renewLeaf("scheduler.conf", "Renew the certificate embedded in the kubeconfig file for the scheduler manager to use"),
    renewLeaf("super-admin.conf", "Renew the certificate embedded in the kubeconfig file for the super-admin"),
  ],
};
