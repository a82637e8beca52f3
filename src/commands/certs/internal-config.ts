// What `certs renew` and `certs check-expiration` renew or check: upstream's getInternalCfg
// (src/cluster/certs-config.ts) fed with the command's --config, --cert-dir and --kubeconfig.
import { commandLogger, flagString, type CommandContext } from "../../cli/context.js";
import type { RenewalInput } from "../../pki/renewal.js";

/** The renewal input of the configuration the command works with; progress lines go to `printf`. */
export async function certsRenewalInput(ctx: CommandContext, logPrefix: string, printf: (text: string) => void): Promise<RenewalInput> {
  const { certsCommandConfig, renewalInputOf } = await import("../../cluster/certs-config.js");
  const cfg = await certsCommandConfig({
    configPath: flagString(ctx, "config"),
    certDir: flagString(ctx, "cert-dir"),
    kubeconfigPath: flagString(ctx, "kubeconfig"),
    logPrefix,
    printf,
    log: commandLogger(ctx),
  });
  return renewalInputOf(cfg);
}
