// `kubeadm token create [token]`: creates a bootstrap token Secret and prints the token or a join command.
import type { CommandHandler } from "../cli/context.js";
import { createNewTokens } from "../cluster/bootstrap-token.js";
import { joinCommandOneLine } from "../cluster/join-command.js";
import { joinTargetFromKubeconfig } from "../cluster/join-command-kubeconfig.js";
import { validateMixedArguments } from "../config/flags.js";
import { loadInitConfiguration } from "../config/load.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { formatBootstrapToken, parseBootstrapToken } from "../util/token.js";
import { CURRENT_KUBERNETES_VERSION, DEFAULT_TOKEN_TTL_MS } from "../constants.js";
import { flagString, flagStrings, tokenClient, tokenKubeconfigPath } from "./token-client.js";

export const run: CommandHandler = async (ctx) => {
  const tokenArg = ctx.args[0] ?? "";
  const parsed = tokenArg ? parseBootstrapToken(tokenArg) : undefined;
  validateMixedArguments(ctx.changedFlags());
  // The flags-only loader takes decoded values: the token split, the TTL in milliseconds.
  const token: Record<string, unknown> = {
    ttl: typeof ctx.flags.ttl === "number" ? ctx.flags.ttl : DEFAULT_TOKEN_TTL_MS,
    usages: flagStrings(ctx, "usages"),
    groups: flagStrings(ctx, "groups"),
  };
  if (parsed) token.token = parsed;
  const description = flagString(ctx, "description");
  if (description) token.description = description;

  const kubeconfigPath = tokenKubeconfigPath(ctx);
  const client = await tokenClient(ctx, kubeconfigPath);
  try {
    const cfg = await loadInitConfiguration({
      configPath: flagString(ctx, "config"),
      fromFlags: { init: { bootstrapTokens: [token] }, cluster: { kubernetesVersion: CURRENT_KUBERNETES_VERSION } },
      skipCRIDetect: true,
    });
    await createNewTokens(client, cfg.bootstrapTokens);
    const first = formatBootstrapToken(cfg.bootstrapTokens[0]?.token);
    const certificateKey = flagString(ctx, "certificate-key");
    if (ctx.flags["print-join-command"] !== true) {
      if (certificateKey) throw new KubeadmError("cannot use --certificate-key without --print-join-command");
      ctx.stdout.write(`${first}\n`);
      return;
    }
    let line: string;
    try {
      const target = await joinTargetFromKubeconfig(kubeconfigPath);
      line = joinCommandOneLine({ ...target, token: first, controlPlane: certificateKey !== "", certificateKey });
    } catch (err) {
      throw wrapError(err, "failed to get join command");
    }
    ctx.stdout.write(line);
  } finally {
    client.close();
  }
};
