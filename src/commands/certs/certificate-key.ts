// `kubeadm certs certificate-key`: prints a new key for the kubeadm-certs Secret (32 random bytes, hex).
import { handler, type CommandSpec } from "../../cli/command.js";

export const certificateKeyCommand: CommandSpec = {
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
  run: handler(async (ctx) => {
    const { createCertificateKey } = await import("../../cluster/certs-crypto.js");
    ctx.stdout.write(createCertificateKey() + "\n");
  }),
};
