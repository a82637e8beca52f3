// `kubeadm token delete [token-value] ...`: deletes bootstrap token Secrets by ID or full token.
import { handler, type CommandSpec } from "../../cli/command.js";
import { flagBool, flagString } from "../../cli/context.js";
import { NS_KUBE_SYSTEM } from "../../constants.js";
import { KubeadmError, wrapError } from "../../util/errors.js";

const q = (s: string): string => JSON.stringify(s);

export const deleteCommand: CommandSpec = {
  use: "delete [token-value] ...",
  short: "Delete bootstrap tokens on the server",
  long: [
    "",
    "This command will delete a list of bootstrap tokens for you.",
    "",
    "The [token-value] is the full Token of the form \"[a-z0-9]{6}.[a-z0-9]{16}\" or the",
    "Token ID of the form \"[a-z0-9]{6}\" to delete.",
  ].join("\n"),
  disableFlagsInUseLine: true,
  run: handler(async (ctx) => {
    const { BOOTSTRAP_TOKEN_ID_PATTERN_TEXT, BOOTSTRAP_TOKEN_PATTERN_TEXT, bootstrapTokenSecretName, isValidBootstrapTokenID, parseBootstrapToken } = await import("../../util/token.js");
    if (ctx.args.length < 1) {
      throw new KubeadmError(`missing argument; 'token delete' is missing token of form ${q(BOOTSTRAP_TOKEN_PATTERN_TEXT)} or ${q(BOOTSTRAP_TOKEN_ID_PATTERN_TEXT)}`);
    }
    const { tokenClient, tokenKubeconfigPath } = await import("../../client/token-client.js");
    const client = await tokenClient(tokenKubeconfigPath(flagString(ctx, "kubeconfig"), ctx.env), { dryRun: flagBool(ctx, "dry-run"), writer: ctx.stdout, forDelete: true });
    try {
      for (const arg of ctx.args) {
        let id = arg;
        if (!isValidBootstrapTokenID(arg)) {
          try {
            id = parseBootstrapToken(arg).id;
          } catch {
            throw new KubeadmError(`given token didn't match pattern ${q(BOOTSTRAP_TOKEN_PATTERN_TEXT)} or ${q(BOOTSTRAP_TOKEN_ID_PATTERN_TEXT)}`);
          }
        }
        try {
          await client.delete("secrets", bootstrapTokenSecretName(id), NS_KUBE_SYSTEM);
        } catch (err) {
          throw wrapError(err, `failed to delete bootstrap token ${q(id)}`);
        }
        ctx.stdout.write(`bootstrap token ${q(id)} deleted\n`);
      }
    } finally {
      client.close();
    }
  }),
};
