// `kubeadm token create [token]`: creates a bootstrap token Secret and prints the token or a join command.
import { handler, type CommandSpec } from "../../cli/command.js";
import { commandLogger, flagBool, flagString, flagStrings } from "../../cli/context.js";
import { certificateKeyTokenCreate, cfgPath, description, groups, printJoinCommand, ttl, usages } from "../../cli/options.js";
import { CURRENT_KUBERNETES_VERSION, DEFAULT_TOKEN_TTL_MS } from "../../constants.js";
import { KubeadmError, wrapError } from "../../util/errors.js";

export const createCommand: CommandSpec = {
  use: "create [token]",
  short: "Create bootstrap tokens on the server",
  long: [
    "",
    "This command will create a bootstrap token for you.",
    "You can specify the usages for this token, the \"time to live\" and an optional human friendly description.",
    "",
    "The [token] is the actual token to write.",
    "This should be a securely generated random token of the form \"[a-z0-9]{6}.[a-z0-9]{16}\".",
    "If no [token] is given, kubeadm will generate a random token instead.",
  ].join("\n"),
  disableFlagsInUseLine: true,
  flags: [certificateKeyTokenCreate, cfgPath, description, groups, printJoinCommand, ttl, usages],
  run: handler(async (ctx) => {
    const tokenArg = ctx.args[0] ?? "";
    const { formatBootstrapToken, parseBootstrapToken } = await import("../../util/token.js");
    const parsed = tokenArg ? parseBootstrapToken(tokenArg) : undefined;
    const { validateMixedArguments } = await import("../../config/flags.js");
    validateMixedArguments(ctx.changedFlags());
    // The flags-only loader takes decoded values: the token split, the TTL in milliseconds.
    const token: Record<string, unknown> = {
      ttl: typeof ctx.flags.ttl === "number" ? ctx.flags.ttl : DEFAULT_TOKEN_TTL_MS,
      usages: flagStrings(ctx, "usages"),
      groups: flagStrings(ctx, "groups"),
    };
    if (parsed) token.token = parsed;
    const desc = flagString(ctx, "description");
    if (desc) token.description = desc;

    const { tokenClient, tokenKubeconfigPath } = await import("../../client/token-client.js");
    const kubeconfigPath = tokenKubeconfigPath(flagString(ctx, "kubeconfig"), ctx.env);
    const client = await tokenClient(kubeconfigPath, { dryRun: flagBool(ctx, "dry-run"), writer: ctx.stdout });
    try {
      const { loadInitConfiguration } = await import("../../config/load.js");
      const cfg = await loadInitConfiguration({
        configPath: flagString(ctx, "config"),
        fromFlags: { init: { bootstrapTokens: [token] }, cluster: { kubernetesVersion: CURRENT_KUBERNETES_VERSION } },
        // the loader's warnings (e.g. the version lookup of a --config without kubernetesVersion) go to stderr as klog lines
        log: commandLogger(ctx),
        skipCRIDetect: true,
      });
      const { createNewTokens } = await import("../../cluster/bootstrap-token.js");
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
        const { joinTargetFromKubeconfig } = await import("../../cluster/join-command-kubeconfig.js");
        const { joinCommandOneLine } = await import("../../cluster/join-command.js");
        const target = await joinTargetFromKubeconfig(kubeconfigPath);
        line = joinCommandOneLine({ ...target, token: first, controlPlane: certificateKey !== "", certificateKey });
      } catch (err) {
        throw wrapError(err, "failed to get join command");
      }
      ctx.stdout.write(line);
    } finally {
      client.close();
    }
  }),
};
