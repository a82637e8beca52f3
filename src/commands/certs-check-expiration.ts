// `kubeadm certs check-expiration`: the expiry of every certificate and CA kubeadm manages, as
// upstream's text tables or the output API's CertificateExpirationInfo (-o json|yaml|kyaml).
import type { CommandContext } from "../cli/context.js";
import { outputPrinter } from "../config/output.js";
import { KubeadmError } from "../util/errors.js";
import { certsCommandConfig, renewalInputOf } from "./certs-config.js";
import { flagString } from "./config-context.js";

export async function run(ctx: CommandContext): Promise<void> {
  const format = flagString(ctx, "output") || "text";
  // upstream builds its printer before anything else: a bad -o fails first
  const print = outputPrinter(format, { allowMissingTemplateKeys: ctx.flags["allow-missing-template-keys"] !== false });
  const text = format === "text";
  const cfg = await certsCommandConfig(ctx, { logPrefix: "check-expiration", printf: (s) => (text ? ctx.stdout.write(s) : undefined) });
  const pki = await import("../pki/index.js");
  const report = await pki.checkExpiration(renewalInputOf(cfg));
  const obj = pki.expirationInfoObject(report);
  try {
    ctx.stdout.write(print(obj, () => pki.formatExpirationText(report)));
  } catch (err) {
    throw err instanceof KubeadmError ? err : new KubeadmError((err as Error).message);
  }
}
