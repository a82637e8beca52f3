// `kubeadm certs certificate-key`: prints a new key for the kubeadm-certs Secret (32 random bytes, hex).
import type { CommandHandler } from "../cli/context.js";
import { createCertificateKey } from "../cluster/certs-crypto.js";

export const run: CommandHandler = async (ctx) => {
  ctx.stdout.write(createCertificateKey() + "\n");
};
