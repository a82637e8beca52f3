// `kubeadm certs certificate-key`: prints a new key for the kubeadm-certs Secret (32 random bytes, hex).
import { randomBytes } from "node:crypto";
import type { CommandHandler } from "../cli/context.js";

/** 64 lowercase hex characters from 32 CSPRNG bytes, as upstream's CreateCertificateKey. */
export function createCertificateKey(): string {
  return randomBytes(32).toString("hex");
}

export const run: CommandHandler = async (ctx) => {
  ctx.stdout.write(createCertificateKey() + "\n");
};
