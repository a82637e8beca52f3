// `kubeadm certs renew <name>` and `kubeadm certs renew all`: renewal with the local CAs, one
// handler for every subcommand (the certificate is the last word of the command path).
import type { CommandContext } from "../cli/context.js";
import { KUBERNETES_DIR } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { certsCommandConfig, renewalInputOf } from "./certs-config.js";

export async function run(ctx: CommandContext): Promise<void> {
  const name = ctx.commandPath.split(" ").pop()!;
  const cfg = await certsCommandConfig(ctx, { logPrefix: "renew", printf: (s) => void ctx.stdout.write(s) });
  const pki = await import("../pki/index.js");
  // kubeconfig files are always looked for in /etc/kubernetes, as upstream's renew does
  const input = { ...renewalInputOf(cfg), kubernetesDir: KUBERNETES_DIR };
  const out = { print: (l: string) => void ctx.stdout.write(`${l}\n`), warn: (w: string) => void ctx.stderr.write(`${w}\n`) };
  if (name === "all") {
    await pki.renewAll(input, out);
    return;
  }
  const handler = pki.renewHandlers(input).find((h) => h.name === name);
  if (!handler) throw new KubeadmError(`unknown certificate ${JSON.stringify(name)}`);
  await pki.renewCertificate(input, handler, out);
}
