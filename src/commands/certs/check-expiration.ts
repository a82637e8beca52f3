// `kubeadm certs check-expiration`: the expiry of every certificate and CA kubeadm manages, as
// upstream's text tables or the output API's CertificateExpirationInfo (-o json|yaml|kyaml).
import { handler, type CommandSpec } from "../../cli/command.js";
import { flagString } from "../../cli/context.js";
import { allowMissingTemplateKeys, certDirRenew, cfgPath, kubeconfig, output, showManagedFields } from "../../cli/options.js";
import { KubeadmError } from "../../util/errors.js";
import { certsRenewalInput } from "./internal-config.js";

export const checkExpirationCommand: CommandSpec = {
  use: "check-expiration",
  short: "Check certificates expiration for a Kubernetes cluster",
  long: "Checks expiration for the certificates in the local PKI managed by kubeadm.",
  flags: [allowMissingTemplateKeys, certDirRenew, cfgPath, kubeconfig, output, showManagedFields],
  args: { kind: "none" },
  run: handler(async (ctx) => {
    const format = flagString(ctx, "output") || "text";
    const { outputPrinter } = await import("../../config/output.js");
    // upstream builds its printer before anything else: a bad -o fails first
    const print = outputPrinter(format, { allowMissingTemplateKeys: ctx.flags["allow-missing-template-keys"] !== false });
    const text = format === "text";
    const renewal = await certsRenewalInput(ctx, "check-expiration", (s) => (text ? ctx.stdout.write(s) : undefined));
    const pki = await import("../../pki/index.js");
    const report = await pki.checkExpiration(renewal);
    const obj = pki.expirationInfoObject(report);
    try {
      ctx.stdout.write(print(obj, () => pki.formatExpirationText(report)));
    } catch (err) {
      throw err instanceof KubeadmError ? err : new KubeadmError((err as Error).message);
    }
  }),
};
