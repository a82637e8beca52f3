// `kubeadm token delete [token-value] ...`: deletes bootstrap token Secrets by ID or full token.
import type { CommandHandler } from "../cli/context.js";
import { NS_KUBE_SYSTEM } from "../constants.js";
import { KubeadmError, wrapError } from "../util/errors.js";
import { BOOTSTRAP_TOKEN_ID_PATTERN_TEXT, BOOTSTRAP_TOKEN_PATTERN_TEXT, bootstrapTokenSecretName, isValidBootstrapTokenID, parseBootstrapToken } from "../util/token.js";
import { tokenClient, tokenKubeconfigPath } from "./token-client.js";

const q = (s: string): string => JSON.stringify(s);

export const run: CommandHandler = async (ctx) => {
  if (ctx.args.length < 1) {
    throw new KubeadmError(`missing argument; 'token delete' is missing token of form ${q(BOOTSTRAP_TOKEN_PATTERN_TEXT)} or ${q(BOOTSTRAP_TOKEN_ID_PATTERN_TEXT)}`);
  }
  const client = await tokenClient(ctx, tokenKubeconfigPath(ctx), true);
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
};
